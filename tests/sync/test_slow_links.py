"""Delivery over emulated slow, far links that are cut, to the real intake server.

Every test runs ``sync_all`` (or the tus client) through ``linkemu.LinkEmulator``, a
SOCKS5 proxy on loopback that limits the rate each way, adds the round trip and cuts
connections, in front of ``evidence-vault-intake serve`` over real HTTPS. The named
profiles keep their round trips; their time constants are scaled down so a test runs
in seconds: cuts every few seconds instead of minutes, and the two slowest links four
(tor-bad: two) times faster, with packages of one to two MiB.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.vault import Vault
from app.sync import outbox
from app.sync.outbox import OutboxState
from app.sync.profile import import_profile, require_profile, require_token
from app.sync.receipts import upload_id_of, verify_receipt
from app.sync.service import SyncOptions, SyncReport, sync_all
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import RetryPolicy, TusClient, UploadStats
from tests.intake.conftest import IntakeServer, make_server

from .linkemu import KIB, MIB, PROFILES, LinkEmulator, LinkProfile
from .vaults import add_package, make_vault

pytestmark = pytest.mark.interop

OPTIONS = SyncOptions(timeout=15.0, receipt_wait=30.0,
                      retry=RetryPolicy(base_delay=0.05, max_delay=0.5, max_attempts=40))

# (profile as scaled for the tests, package size)
SCALED = {
    "tor-good": (PROFILES["tor-good"].scaled(cut_every=2.5), 3 * MIB),
    "tor-bad": (PROFILES["tor-bad"].scaled(rate_factor=2, cut_every=6.0), 2 * MIB),
    "mobile-throttled": (PROFILES["mobile-throttled"].scaled(rate_factor=4, cut_every=4.0),
                         1 * MIB),
    "flaky": (PROFILES["flaky"].scaled(cut_every=2.0, random_cuts=True), 1 * MIB),
}


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[IntakeServer]:
    server = make_server(tmp_path, host="localhost")
    server.start()
    yield server
    if server.process is not None:
        server.kill()


def _vault(tmp_path: Path, server: IntakeServer, proxy: str) -> Vault:
    vault = make_vault(tmp_path / "vault")
    document = dict(server.profile)
    document["proxy"] = proxy
    import_profile(vault.connection, json.dumps(document).encode("utf-8"),
                   keyring_backend=None, signer=vault.device)
    return vault


def _sync(vault: Vault, **kwargs: object) -> SyncReport:
    conn = vault.connection
    return sync_all(vault, require_profile(conn), token=require_token(conn, None),
                    options=OPTIONS, **kwargs)  # type: ignore[arg-type]


def _accepted(server: IntakeServer) -> list[bytes]:
    return [path.read_bytes() for path in server.accepted()]


@pytest.mark.parametrize("name", list(SCALED))
def test_each_profile_delivers_the_package_once_with_a_verified_receipt(
    name: str, tmp_path: Path, intake: IntakeServer
) -> None:
    profile, size = SCALED[name]
    data = os.urandom(size)
    with LinkEmulator(profile, seed=7) as link:
        vault = _vault(tmp_path, intake, link.proxy_url)
        with vault:
            package_id = add_package(vault, data, [str(intake.profile["platform_recipient"])])
            started = time.monotonic()
            report = _sync(vault)
            elapsed = time.monotonic() - started
            entry = outbox.require(vault.connection, package_id)
        cuts = link.cuts
    (outcome,) = report.outcomes
    print(f"{name}: {elapsed:.1f} s for {size // KIB} KiB (ideal {size / profile.rate:.1f} s),"
          f" {cuts} cuts, {outcome.bytes_written - size} bytes written again")
    assert report.stopped is None, report.stopped
    assert entry.state == OutboxState.DELIVERED and outcome.state == "delivered"
    receipt = json.loads(entry.receipt_json or "")["receipt"]
    assert receipt["package_sha256"] == hashlib.sha256(data).hexdigest()
    assert _accepted(intake) == [data]  # exactly once
    assert cuts >= 1, "the link never cut: the test proved nothing"


def _client(server: IntakeServer, link: LinkEmulator, retry: RetryPolicy) -> TusClient:
    return TusClient(server.url, token=server.token,
                     ssl_context=platform_ssl_context(server.ca_file.read_text()),
                     proxy=link.proxy_url, timeout=15.0, retry=retry)


def test_a_cut_inside_every_long_patch_still_makes_progress_at_once(
    intake: IntakeServer,
) -> None:
    """Every connection dies after 300 KiB of the client's bytes: a PATCH as long as the
    client first chooses never arrives. The client shrinks its PATCHes after a cut,
    reconnects without waiting (a back-off of 30 s would show), resumes the TLS session,
    and the platform gets the package whole."""
    data = os.urandom(3 * MIB // 2)
    sha256 = hashlib.sha256(data).hexdigest()
    profile = LinkProfile("short-lived", 1 * MIB, 0.05, None)
    stats = UploadStats()
    patience = RetryPolicy(base_delay=30.0, max_delay=30.0, max_attempts=8)
    with LinkEmulator(profile, cut_after_bytes=300 * KIB) as link, \
            _client(intake, link, patience) as client:
        started = time.monotonic()
        url = client.upload(io.BytesIO(data), len(data), stats=stats, metadata={
            "filename": "pkg-" + os.urandom(16).hex() + ".age",
            "filetype": "application/octet-stream", "sha256": sha256})
        elapsed = time.monotonic() - started
        receipt = intake.receipt(url)
        cuts, sessions = link.cuts, client.tls_sessions
    print(f"{cuts} cuts, {stats.patches} PATCHes {stats.chunk_sizes}, {elapsed:.1f} s, "
          f"{sessions.resumed}/{sessions.handshakes} handshakes resumed")
    assert cuts >= 3 and stats.failures >= 3
    assert elapsed < 20.0, "a cut was followed by a back-off wait"
    assert sessions.resumed >= 1
    assert receipt.status_code == 200
    verify_receipt(receipt.content,
                   signing_key_openssh=str(intake.profile["receipt_signing_key"]),
                   expected_sha256=sha256, expected_size=len(data),
                   expected_upload_id=upload_id_of(url))
    assert _accepted(intake) == [data]


def _recorded_offset(server: IntakeServer, upload_url: str) -> int:
    uploads = server.data / "uploads"
    upload_id = upload_id_of(upload_url)
    info = json.loads((uploads / f"{upload_id}.info").read_text())
    return min(int(info["offset"]), (uploads / upload_id).stat().st_size)


def test_a_server_killed_mid_patch_never_has_reported_bytes_it_lacks(
    tmp_path: Path, intake: IntakeServer
) -> None:
    data = os.urandom(2 * MIB)
    profile = LinkProfile("steady", 512 * KIB, 0.1, None)
    reported: list[int] = []
    kills: list[tuple[int, int]] = []  # (reported before the kill, what the disk holds)

    def kill_and_restart(url: str) -> None:
        time.sleep(0.6)  # inside the next PATCH
        before = max(reported)
        intake.kill()
        kills.append((before, _recorded_offset(intake, url)))
        time.sleep(0.5)
        intake.start()

    with LinkEmulator(profile) as link:
        vault = _vault(tmp_path, intake, link.proxy_url)
        with vault:
            package_id = add_package(vault, data, [str(intake.profile["platform_recipient"])])

            killers: list[threading.Thread] = []

            def progress(_package: str, confirmed: int, _size: int) -> None:
                reported.append(confirmed)
                if confirmed > 0 and not killers:
                    url = outbox.require(vault.connection, package_id).upload_url
                    killers.append(threading.Thread(target=kill_and_restart, args=(url,)))
                    killers[0].start()

            report = _sync(vault, progress=progress)
            killers[0].join(30)
            entry = outbox.require(vault.connection, package_id)
    assert kills, "the server was never killed"
    ((before, held),) = kills
    assert before <= held, f"{before} bytes were reported, the platform held {held}"
    assert report.stopped is None and entry.state == OutboxState.DELIVERED
    assert _accepted(intake) == [data]


def test_cancel_on_a_stalled_slow_link_frees_the_thread_within_half_a_second(
    tmp_path: Path, intake: IntakeServer
) -> None:
    data = os.urandom(1 * MIB)
    cancel = threading.Event()
    reports: list[SyncReport] = []
    with LinkEmulator(PROFILES["mobile-throttled"].scaled(cut_every=None)) as link:

        def run() -> None:  # the vault lives on this thread, as on the vault worker
            with _vault(tmp_path, intake, link.proxy_url) as vault:
                add_package(vault, data, [str(intake.profile["platform_recipient"])])
                reports.append(_sync(vault, cancel=cancel))

        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 60
        while link.up_bytes < 100 * KIB:  # inside the first PATCH
            assert time.monotonic() < deadline
            time.sleep(0.05)
        link.stall()
        time.sleep(0.5)
        assert worker.is_alive()
        started = time.monotonic()
        cancel.set()
        worker.join(10)
        latency = time.monotonic() - started
    print(f"cancel latency on a stalled link: {latency:.3f} s")
    assert not worker.is_alive()
    assert latency < 0.5
    assert reports and reports[0].stopped is not None and "Cancelled" in reports[0].stopped


def test_a_small_package_queued_after_a_large_one_is_delivered_first(
    tmp_path: Path, intake: IntakeServer
) -> None:
    large, small = os.urandom(3 * MIB), os.urandom(40 * KIB)
    profile = LinkProfile("steady", 1 * MIB, 0.1, None)
    seen: list[str] = []
    cancel = threading.Event()
    with LinkEmulator(profile) as link:
        vault = _vault(tmp_path, intake, link.proxy_url)
        recipient = str(intake.profile["platform_recipient"])
        with vault:
            large_id = add_package(vault, large, [recipient])

            def stop_after_first_patch(package_id: str, confirmed: int, _size: int) -> None:
                if confirmed > 0:
                    cancel.set()

            # The video is on its way (part of it confirmed) when the testimony is sealed.
            _sync(vault, progress=stop_after_first_patch, cancel=cancel)
            assert outbox.require(vault.connection, large_id).state == OutboxState.UPLOADING
            small_id = add_package(vault, small, [recipient])
            report = _sync(vault, progress=lambda package_id, *_: seen.append(package_id))
    assert [o.package_id for o in report.outcomes] == [small_id, large_id]
    assert seen[0] == small_id and seen[-1] == large_id
    assert all(o.state == "delivered" for o in report.outcomes)
    assert sorted(_accepted(intake)) == sorted([large, small])


def test_a_receipt_fetch_cut_by_the_link_is_fetched_again_without_uploading_again(
    tmp_path: Path, intake: IntakeServer
) -> None:
    data = os.urandom(256 * KIB)
    retries: list[int] = []
    with LinkEmulator(LinkProfile("steady", 1 * MIB, 0.1, None)) as link:
        vault = _vault(tmp_path, intake, link.proxy_url)
        with vault:
            package_id = add_package(vault, data, [str(intake.profile["platform_recipient"])])

            def outage_when_complete(_package: str, confirmed: int, size: int) -> None:
                if confirmed == size:
                    link.outage(1.0)  # the receipt is asked for while the link is down

            report = _sync(vault, progress=outage_when_complete,
                           retrying=lambda _package, attempt, _limit: retries.append(attempt))
            entry = outbox.require(vault.connection, package_id)
    (outcome,) = report.outcomes
    assert retries, "the receipt request never met the outage"
    assert outcome.state == "delivered" and entry.state == OutboxState.DELIVERED
    assert outcome.bytes_sent == len(data)  # nothing sent again
    assert _accepted(intake) == [data]
