"""A whole sync run from a real vault to the independent tus server: outbox, custody,
receipt, delete policy, refusals, and a client killed at random moments."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.core.custody import VAULT_CHAIN, events
from app.storage.vault import Vault
from app.sync import outbox
from app.sync.errors import CertificateRejectedError
from app.sync.outbox import OutboxState
from app.sync.policy import DeletePolicy, set_delete_policy
from app.sync.profile import import_profile, require_profile, require_token
from app.sync.service import SyncOptions, sync_all
from app.sync.tus_client import RetryPolicy
from tests.campaigns.per_system import ended_by_hard_kill, hard_kill

from .netfaults import RecordingTlsServer, Socks5Proxy
from .pki import ServerPki
from .tus_node import TusNodeServer
from .vaults import PASSPHRASE, add_package, make_vault, platform_recipient, profile_bytes

CHUNK = 64 * 1024
OPTIONS = SyncOptions(chunk_size=CHUNK, timeout=10.0, receipt_wait=20.0,
                      retry=RetryPolicy(base_delay=0.01, max_delay=0.2, max_attempts=12))

pytestmark = pytest.mark.interop


def _setup(tmp_path: Path, url: str, pki: ServerPki, receipt_key: Path, token: str,
           *, proxy: str | None = None, packages: int = 1,
           size: int = 5 * CHUNK + 17) -> tuple[Vault, dict[str, bytes]]:
    vault = make_vault(tmp_path / "vault")
    recipient = platform_recipient()
    import_profile(
        vault.connection,
        profile_bytes(url=url, ca_pem=pki.ca_pem, recipient=recipient,
                      receipt_key=receipt_key, token=token, proxy=proxy),
        keyring_backend=None, signer=vault.device,
    )
    datas = {}
    for _ in range(packages):
        data = os.urandom(size)
        datas[add_package(vault, data, [recipient])] = data
    return vault, datas


def _sync(vault: Vault, **kwargs: object) -> object:
    conn = vault.connection
    return sync_all(vault, require_profile(conn), token=require_token(conn, None),
                    options=OPTIONS, **kwargs)  # type: ignore[arg-type]


def _complete_uploads(server: TusNodeServer) -> list[bytes]:
    found = []
    for path in server.uploads():
        info = json.loads(path.with_name(path.name + ".json").read_text())
        if info.get("size") == path.stat().st_size:
            found.append(path.read_bytes())
    return found


def _actions(vault: Vault) -> list[str]:
    return [e.action for e in events(vault.connection, VAULT_CHAIN)]


def test_sync_delivers_each_package_once_with_verified_receipt_and_custody(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key, device_token,
                          packages=2)
    with vault:
        report = _sync(vault)
        assert sorted(report.queued_now) == sorted(datas)  # type: ignore[attr-defined]
        for package_id in datas:
            entry = outbox.require(vault.connection, package_id)
            assert entry.state == OutboxState.DELIVERED
            receipt = json.loads(entry.receipt_json or "")["receipt"]
            assert receipt["package_sha256"] == entry.sha256
        assert _actions(vault).count("synced") == 2
        assert _actions(vault).count("receipt_verified") == 2
        # A second run sends nothing more.
        again = _sync(vault)
        assert again.outcomes == []  # type: ignore[attr-defined]
    assert sorted(_complete_uploads(tus_server)) == sorted(datas.values())


def test_delete_policy_removes_local_copy_only_after_receipt(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key, device_token)
    (package_id,) = datas
    with vault:
        blob_id = vault.connection.execute(
            "SELECT blob_id FROM packages WHERE id = ?", (package_id,)).fetchone()[0]
        set_delete_policy(vault.connection, DeletePolicy.DELETE)
        report = _sync(vault)
        assert report.deleted == [package_id]  # type: ignore[attr-defined]
        assert not vault.blobs.path_of(blob_id).exists()
        entry = outbox.require(vault.connection, package_id)
        assert entry.local_copy == "deleted" and entry.receipt_json
        assert "local_copy_deleted" in _actions(vault)


def test_receipt_from_another_key_leaves_package_undelivered(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, other_receipt_key: Path,
    device_token: str,
) -> None:
    # The profile trusts other_receipt_key; the server signs with its own key.
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, other_receipt_key,
                          device_token)
    (package_id,) = datas
    with vault:
        set_delete_policy(vault.connection, DeletePolicy.DELETE)
        _sync(vault)
        entry = outbox.require(vault.connection, package_id)
        assert entry.state == OutboxState.FAILED
        assert entry.receipt_json is None and entry.local_copy == "kept"
        assert "receipt did not verify" in (entry.last_error or "")
        assert entry.last_error_code == "sync.receipt"  # the window says it by this code
        assert "receipt_verified" not in _actions(vault)


def test_wrong_token_stops_the_package_with_a_clear_reason(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
) -> None:
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key,
                          "revoked-token-0123456789")
    (package_id,) = datas
    with vault:
        # @tus/server answers OPTIONS (CORS preflight) without the token check, so the
        # refusal comes at creation: that package stops, and so does the run.
        report = _sync(vault)
        entry = outbox.require(vault.connection, package_id)
        assert entry.state == OutboxState.FAILED
        assert "401" in (entry.last_error or "") and "token" in (entry.last_error or "")
        assert "revoked-token" not in (entry.last_error or "")
        assert entry.last_error_code == "sync.token_refused"
        assert report.stopped and "token" in report.stopped  # type: ignore[attr-defined]
    assert tus_server.uploads() == []


def test_impostor_is_refused_at_the_probe_and_nothing_is_queued(
    tmp_path: Path, impostor_pki: ServerPki, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    impostor = RecordingTlsServer(impostor_pki.cert_file, impostor_pki.key_file)
    try:
        vault, _datas = _setup(tmp_path, f"https://localhost:{impostor.port}/files/",
                              platform_pki, receipt_key, device_token)
        with vault:
            with pytest.raises(CertificateRejectedError):
                _sync(vault)
            assert outbox.entries(vault.connection) == []
        assert impostor.handshakes == 0 and bytes(impostor.received) == b""
    finally:
        impostor.close()


def test_dry_run_sends_nothing_but_the_probe(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key, device_token)
    with vault:
        report = _sync(vault, dry_run=True)
        assert [(o.package_id, o.state) for o in report.outcomes] == [  # type: ignore[attr-defined]
            (package_id, "new") for package_id in datas]
        assert outbox.entries(vault.connection) == []
    assert [r.get("method") for r in tus_server.requests()] == ["OPTIONS"]


def test_sync_through_socks5_proxy_never_resolves_the_platform_name(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    proxy = Socks5Proxy(names={"platform.test": "127.0.0.1"})
    try:
        vault, datas = _setup(tmp_path, f"https://platform.test:{tus_server.port}/files/",
                              platform_pki, receipt_key, device_token,
                              proxy=f"socks5h://127.0.0.1:{proxy.port}")
        with vault:
            _sync(vault)
            (package_id,) = datas
            assert outbox.require(vault.connection, package_id).state == OutboxState.DELIVERED
    finally:
        proxy.close()
    assert proxy.targets
    assert {t for t in proxy.targets} == {("name", "platform.test", tus_server.port)}


def test_receipt_still_pending_is_fetched_on_a_later_run(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    tus_server.kill()
    tus_server.receipt_delay = 3
    tus_server.start()
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key, device_token)
    (package_id,) = datas
    with vault:
        conn = vault.connection
        sync_all(vault, require_profile(conn), token=require_token(conn, None),
                 options=SyncOptions(chunk_size=CHUNK, receipt_wait=0.0,
                                     retry=RetryPolicy(base_delay=0.01)))
        assert outbox.require(conn, package_id).state == OutboxState.AWAITING_RECEIPT
        report = _sync(vault)
        assert outbox.require(conn, package_id).state == OutboxState.DELIVERED
        assert report.outcomes[0].bytes_sent == 0  # type: ignore[attr-defined]
    assert len([r for r in tus_server.requests() if r.get("method") == "POST"]) == 1


CHILD = """
import sys, time
from pathlib import Path
from app.storage.vault import Vault
from app.sync.profile import require_profile, require_token
from app.sync.service import SyncOptions, sync_all
from app.sync.tus_client import RetryPolicy
passphrase = sys.stdin.readline().rstrip("\\n")
vault = Vault.unlock(Path(sys.argv[1]), passphrase)
print("READY", flush=True)
options = SyncOptions(chunk_size=int(sys.argv[2]), timeout=10.0, receipt_wait=20.0,
                      retry=RetryPolicy(base_delay=0.01, max_delay=0.2, max_attempts=12))
conn = vault.connection
# Pace the upload so the parent's kills land while bytes are moving.
sync_all(vault, require_profile(conn), token=require_token(conn, None), options=options,
         progress=lambda package, sent, total: time.sleep(0.004))
print("DONE", flush=True)
vault.lock()
"""


def test_client_killed_at_random_moments_delivers_every_package_exactly_once(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str, full_run: bool,
) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    vault, datas = _setup(tmp_path, tus_server.url, platform_pki, receipt_key, device_token,
                          packages=3 if full_run else 2, size=48 * CHUNK + 5)
    vault.lock()
    kills, runs = 0, 0
    root = Path(__file__).resolve().parents[2]
    while runs < 40:
        runs += 1
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path / "vault"), str(CHUNK)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=root,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSPHRASE + "\n")
        child.stdin.close()
        assert child.stdout.readline().strip() == "READY"
        if kills < (8 if full_run else 3):
            timer = threading.Timer(rng.uniform(0.05, 0.5),
                                    lambda c=child: hard_kill(c))
            timer.start()
            child.wait(60)
            timer.cancel()
            if ended_by_hard_kill(child.returncode):
                kills += 1
                continue
        else:
            child.wait(60)
        if child.returncode == 0:
            break
        pytest.fail(f"sync child failed: {child.stderr.read() if child.stderr else ''}")
    assert kills >= 1
    with Vault.unlock(tmp_path / "vault", PASSPHRASE) as vault:
        for package_id in datas:
            entry = outbox.require(vault.connection, package_id)
            assert entry.state == OutboxState.DELIVERED, entry
        actions = _actions(vault)
        assert actions.count("receipt_verified") == len(datas)
        assert actions.count("synced") == len(datas)
    assert sorted(_complete_uploads(tus_server)) == sorted(datas.values())
    total = sum(len(d) for d in datas.values())
    declared = sum(int(r["length"]) for r in tus_server.requests() if r.get("method") == "PATCH")
    assert declared - total <= kills * CHUNK
