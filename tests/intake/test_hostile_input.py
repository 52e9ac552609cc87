"""Hostile input, round two: the intake server against idle, slow, oversized and nosy clients.

Every test talks to the real ``evidence-vault-intake serve`` process over HTTPS on
loopback: slow and idle clients are real sockets, memory is the server process's own
(its peak resident set: ``VmHWM`` on Linux), and a second enrolled device is a real
``device add``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import select
import socket
import ssl
import time
from pathlib import Path

import httpx
import pytest

from app.intake.config import IntakeLayout
from app.intake.server import sweep_expired
from app.sync.receipts import verify_receipt
from tests.intake.conftest import IntakeServer, b64, metadata_header, run_intake, upload_id_of
from tests.system_probes import live_peak_memory

pytestmark = pytest.mark.interop

MIB = 1024 * 1024
# The server cuts a connection whose request headers are not complete 15 s after it was
# accepted (or after its last response); the brief allows 20 s, plus slack for a busy
# machine.
HEADER_DEADLINE_BOUND = 22.0


def _second_device(server: IntakeServer, name: str = "second-device") -> str:
    result = run_intake(server.data, "device", "add", name)
    assert result.returncode == 0, result.stderr
    return str(json.loads(Path(result.stdout.strip()).read_text())["device_token"])


def _tls(server: IntakeServer) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return server.ssl_context().wrap_socket(raw, server_hostname="127.0.0.1")


def _closed_by_server(sock: socket.socket) -> bool:
    """True once the peer closed (FIN, close_notify or reset); never blocks."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return False
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    sock.setblocking(False)
    try:
        return sock.recv(4096) == b""
    except (ssl.SSLWantReadError, BlockingIOError):
        return False
    except (OSError, ssl.SSLError):
        return True
    finally:
        sock.setblocking(True)


def _peak_rss_kib(server: IntakeServer) -> int:
    """The server's peak memory so far, in KiB, asked the way its system keeps it
    (tests/system_probes.py: ``VmHWM`` on Linux, the lifetime maximum footprint on macOS,
    the peak working set on Windows)."""
    assert server.process is not None
    return live_peak_memory(server.process) // 1024


# --- pre-authentication exhaustion ---------------------------------------------------


def test_idle_and_slow_clients_neither_block_a_device_nor_stay_connected(
    intake: IntakeServer,
) -> None:
    started = time.monotonic()
    no_handshake = [
        socket.create_connection(("127.0.0.1", intake.port), timeout=10) for _ in range(20)
    ]
    idle = [_tls(intake) for _ in range(70)]
    slow = [_tls(intake) for _ in range(10)]
    for sock in slow:
        sock.sendall(b"P")
    time.sleep(0.5)

    # An enrolled device is served, in full, while all of them stay open.
    payload = os.urandom(300_000)
    with intake.client() as client:
        assert client.options(intake.url).status_code == 204
    upload_url = intake.upload(payload, chunk=100_000)
    assert intake.receipt(upload_url).status_code == 200

    # The slow ones keep sending a byte every second; every one is cut all the same.
    pending: dict[int, socket.socket] = {
        index: sock for index, sock in enumerate([*no_handshake, *idle, *slow])
    }
    closed_after: dict[int, float] = {}
    while pending and time.monotonic() - started < HEADER_DEADLINE_BOUND + 8:
        for index, sock in list(pending.items()):
            if _closed_by_server(sock):
                closed_after[index] = time.monotonic() - started
                del pending[index]
                sock.close()
            elif isinstance(sock, ssl.SSLSocket) and index >= 90:
                with contextlib.suppress(OSError):
                    sock.sendall(b"A")
        time.sleep(1.0)
    for sock in pending.values():
        sock.close()
    assert not pending, f"{len(pending)} connections still open"
    assert max(closed_after.values()) <= HEADER_DEADLINE_BOUND, sorted(closed_after.values())


def test_a_device_is_served_while_the_header_deadline_is_refilled(
    intake: IntakeServer,
) -> None:
    """Idle connections that keep being replaced never starve an enrolled device."""
    crowd = [_tls(intake) for _ in range(120)]
    try:
        for _ in range(5):
            with intake.client() as client:
                assert client.options(intake.url).status_code == 204
            crowd.append(_tls(intake))
    finally:
        for sock in crowd:
            sock.close()


# --- header size ----------------------------------------------------------------------


def test_a_header_over_64_kib_is_refused_with_431(shared_intake: IntakeServer) -> None:
    sock = _tls(shared_intake)
    try:
        padding = "a" * (100 * 1024)
        sock.sendall(
            f"OPTIONS /files/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {padding}\r\n\r\n".encode()
        )
        answer = sock.recv(4096)
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:80]
    # Just under the limit is still an ordinary request.
    with shared_intake.client(**{"X-Padding": "a" * (60 * 1024)}) as client:
        assert client.options(shared_intake.url).status_code == 204


def test_a_256_mib_header_leaves_the_servers_memory_flat(intake: IntakeServer) -> None:
    before = _peak_rss_kib(intake)
    sock = _tls(intake)
    block = b"a" * MIB
    sent = 0
    try:
        sock.sendall(b"GET /files/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ")
        while sent < 256 * MIB:
            sock.sendall(block)
            sent += len(block)
        sock.sendall(b"\r\n\r\n")
        sock.recv(4096)
    except OSError:
        pass  # the server hung up on us, as it should
    finally:
        sock.close()
    after = _peak_rss_kib(intake)
    print(f"peak RSS before {before} KiB, after {after} KiB, sent {sent // MIB} MiB")
    assert after - before < 32 * 1024, (before, after)
    with intake.client() as client:
        assert client.options(intake.url).status_code == 204


# --- uploads belong to the device that created them -----------------------------------


def test_another_device_cannot_touch_an_upload_it_did_not_create(
    shared_intake: IntakeServer,
) -> None:
    server = shared_intake
    other = _second_device(server)
    payload = os.urandom(200_000)
    upload_url = server.create(payload)
    assert server.patch(upload_url, 0, payload[:100_000]).status_code == 204
    with server.client(token=other) as stranger:
        assert stranger.head(upload_url).status_code == 404
        patched = stranger.patch(
            upload_url,
            content=b"\0" * 1000,
            headers={
                "Upload-Offset": "100000",
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert patched.status_code == 404
        assert stranger.delete(upload_url).status_code == 404
        assert stranger.get(upload_url + "/receipt").status_code == 404
    assert server.offset(upload_url) == 100_000
    assert server.patch(upload_url, 100_000, payload[100_000:]).status_code == 204
    assert server.receipt(upload_url).status_code == 200
    with server.client(token=other) as stranger:
        assert stranger.get(upload_url + "/receipt").status_code == 404
        assert stranger.head(upload_url).status_code == 404


# --- upload ids ----------------------------------------------------------------------


def test_only_the_servers_own_upload_ids_are_accepted(shared_intake: IntakeServer) -> None:
    server = shared_intake
    payload = os.urandom(5000)
    upload_url = server.create(payload)
    upload_id = upload_id_of(upload_url)
    with server.client() as client:
        for suffix in (".info", ".lock", "%2e%2e", ".info.tmp"):
            assert client.delete(upload_url + suffix).status_code in (404, 405)
        assert client.head(upload_url + ".info").status_code == 404
        assert client.patch(
            upload_url + ".info",
            content=b"x",
            headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        ).status_code == 404
    assert f"{upload_id}.info" in server.stored_upload_names()
    assert server.offset(upload_url) == 0


def test_the_sweep_removes_orphaned_data_and_old_rejections(tmp_path: Path) -> None:
    layout = IntakeLayout(tmp_path / "intake")
    layout.make_store_dirs()
    orphan = layout.uploads_dir / ("a" * 32)
    orphan.write_bytes(b"left behind")
    fresh_orphan = layout.uploads_dir / ("b" * 32)
    fresh_orphan.write_bytes(b"being created right now")
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    rejected_id = "c" * 32
    for suffix in (".evp", ".json"):
        path = layout.rejected_dir / f"{rejected_id}{suffix}"
        path.write_bytes(b"{}")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=8)
    removed = sweep_expired(layout, later - datetime.timedelta(days=8))
    assert "a" * 32 in removed and not orphan.exists()
    assert fresh_orphan.exists()
    assert (layout.rejected_dir / f"{rejected_id}.json").exists()
    sweep_expired(layout, later)
    assert list(layout.rejected_dir.iterdir()) == []


# --- refused PATCH stores nothing ----------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": None}, 415),
        ({"Tus-Resumable": "0.2.2"}, 412),
        ({"Tus-Resumable": None}, 412),
        ({"Upload-Offset": None}, 400),
        ({"Upload-Offset": "zero"}, 400),
    ],
)
def test_a_refused_patch_stores_no_byte(
    shared_intake: IntakeServer, headers: dict[str, str | None], status: int
) -> None:
    server = shared_intake
    payload = os.urandom(50_000)
    upload_url = server.create(payload)
    sent = {
        "Authorization": f"Bearer {server.token}",
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": "0",
        "Content-Type": "application/offset+octet-stream",
        **headers,
    }
    with httpx.Client(verify=server.ssl_context(), timeout=30.0) as client:
        response = client.patch(
            upload_url,
            content=payload[:20_000],
            headers={key: value for key, value in sent.items() if value is not None},
        )
    assert response.status_code == status, response.text
    assert server.offset(upload_url) == 0
    assert (server.data / "uploads" / upload_id_of(upload_url)).stat().st_size == 0


# --- receipts name the device; a replay gets the first receipt -----------------------


def test_receipts_name_the_device_and_a_replay_gets_the_first_receipt(
    shared_intake: IntakeServer,
) -> None:
    server = shared_intake
    other = _second_device(server, "replaying-device")
    payload = os.urandom(150_000)
    digest = hashlib.sha256(payload).hexdigest()
    first_url = server.upload(payload)
    first = server.receipt(first_url)
    assert first.status_code == 200
    receipt = first.json()["receipt"]
    assert receipt["device"] == "documenter"
    assert receipt["upload_id"] == upload_id_of(first_url)
    record = json.loads((server.data / "accepted" / f"{digest}.json").read_text())
    assert record["device"] == "documenter"
    assert record["first_upload_id"] == upload_id_of(first_url)

    # The same bytes again, from another device: no new statement, the first one.
    replay = IntakeServer(data=server.data, port=server.port, profile=server.profile)
    replay.profile = {**server.profile, "device_token": other}
    replay_url = replay.upload(payload)
    answered = replay.receipt(replay_url)
    assert answered.status_code == 200
    assert answered.json() == first.json()
    record = json.loads((server.data / "accepted" / f"{digest}.json").read_text())
    assert record["device"] == "documenter"
    assert record["deliveries"][upload_id_of(replay_url)]["device"] == "replaying-device"

    # The documenter's client verifies the receipt, device included.
    verified = verify_receipt(
        first.content,
        signing_key_openssh=str(server.profile["receipt_signing_key"]),
        expected_sha256=digest,
        expected_size=len(payload),
        expected_upload_id=upload_id_of(first_url),
    )
    assert verified.package_sha256 == digest
    assert verified.device == "documenter"
    # Another device may not name itself in it: the only device name is the first one.
    owner = json.loads((server.data / "uploads" / f"{upload_id_of(replay_url)}.info").read_text())
    assert owner["metadata"]["device"] == "replaying-device"


def test_a_client_may_not_claim_to_be_the_owner(shared_intake: IntakeServer) -> None:
    server = shared_intake
    with server.client() as client:
        response = client.post(
            server.url,
            headers={
                "Upload-Length": "10",
                "Upload-Metadata": metadata_header("0" * 64) + ",device " + b64("someone"),
            },
        )
    assert response.status_code == 422
