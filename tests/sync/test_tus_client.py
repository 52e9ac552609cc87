"""The tus client against the independent @tus/server, and under network faults."""

from __future__ import annotations

import hashlib
import io
import os
import random
import socket
import threading
from pathlib import Path

import pytest

from app.sync.errors import (
    CertificateRejectedError,
    ConnectionBlockedError,
    NetworkDownError,
    ReceiptError,
    SyncCancelledError,
    TokenRefusedError,
)
from app.sync.receipts import upload_id_of, verify_receipt
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import RetryPolicy, TusClient, UploadStats

from .netfaults import CuttingProxy, RecordingTlsServer, Socks5Proxy
from .pki import ServerPki
from .tus_node import TusNodeServer

CHUNK = 64 * 1024
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05, max_attempts=12)

pytestmark = pytest.mark.interop


def _metadata(data: bytes) -> dict[str, str]:
    return {
        "filename": "pkg-" + os.urandom(16).hex() + ".age",
        "filetype": "application/octet-stream",
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _client(url: str, pki: ServerPki, token: str, **kwargs: object) -> TusClient:
    options: dict[str, object] = {"chunk_size": CHUNK, "retry": FAST_RETRY, "timeout": 10.0}
    options.update(kwargs)
    return TusClient(url, token=token, ssl_context=platform_ssl_context(pki.ca_pem), **options)  # type: ignore[arg-type]


def _receipt(client: TusClient, url: str, data: bytes, key: Path) -> None:
    answer = client.fetch_receipt(url)
    assert answer.status == 200, answer
    receipt = verify_receipt(
        answer.body,
        signing_key_openssh=(key.with_suffix(".pub")).read_text(),
        expected_sha256=hashlib.sha256(data).hexdigest(),
        expected_size=len(data),
        expected_upload_id=upload_id_of(url),
    )
    assert receipt.size == len(data)


def test_upload_reaches_tus_server_byte_identical_with_verified_receipt(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str, receipt_key: Path
) -> None:
    data = os.urandom(5 * CHUNK + 123)
    progress: list[int] = []
    with _client(tus_server.url, platform_pki, device_token) as client:
        client.probe()
        url = client.upload(
            io.BytesIO(data), len(data), metadata=_metadata(data),
            on_progress=lambda sent, total: progress.append(sent),
        )
        _receipt(client, url, data, receipt_key)
    assert tus_server.stored(url) == data
    assert progress[-1] == len(data) and progress == sorted(progress)
    patches = [r for r in tus_server.requests() if r.get("method") == "PATCH"]
    assert len(patches) == 6 and all(int(r["length"]) <= CHUNK for r in patches)
    assert all(r["auth"] for r in tus_server.requests() if "method" in r)


def test_empty_package_completes_with_creation_only(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str
) -> None:
    with _client(tus_server.url, platform_pki, device_token) as client:
        url = client.upload(io.BytesIO(b""), 0, metadata=_metadata(b""))
    assert tus_server.stored(url) == b""


def test_resumes_after_connection_cuts_at_random_offsets(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str, receipt_key: Path,
    full_run: bool,
) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    size = (64 if full_run else 24) * CHUNK + rng.randrange(CHUNK)
    data = os.urandom(size)
    # Each of the first connections dies after a random number of client bytes (TLS
    # records and HTTP headers included), mostly in the middle of a PATCH body.
    cuts = [rng.randrange(2_000, 4 * CHUNK) for _ in range(12 if full_run else 6)]
    proxy = CuttingProxy(tus_server.port, cuts=list(cuts))
    stats = UploadStats()
    retries: list[tuple[int, int]] = []
    try:
        url_base = f"https://localhost:{proxy.port}/files/"
        with _client(url_base, platform_pki, device_token) as client:
            url = client.upload(io.BytesIO(data), size, metadata=_metadata(data), stats=stats,
                                on_retry=lambda attempt, limit: retries.append((attempt, limit)))
            _receipt(client, url, data, receipt_key)
    finally:
        proxy.close()
    assert tus_server.stored(url) == data
    assert proxy.cuts_done == len(cuts)
    # Every failure was announced before its wait, counted from 1 since the last progress.
    assert len(retries) == stats.failures >= proxy.cuts_done
    assert all(1 <= attempt <= limit == FAST_RETRY.max_attempts for attempt, limit in retries)
    assert retries[0] == (1, FAST_RETRY.max_attempts)
    # What the server saw: the declared PATCH bodies. Everything beyond the package
    # size was sent again; at most one chunk per interruption.
    declared = sum(int(r["length"]) for r in tus_server.requests() if r.get("method") == "PATCH")
    assert declared >= size
    assert declared - size <= proxy.cuts_done * CHUNK
    assert stats.bytes_sent - size <= proxy.cuts_done * CHUNK
    assert stats.creations == 1


def test_resumes_after_the_server_is_killed_and_restarted(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str, receipt_key: Path
) -> None:
    data = os.urandom(40 * CHUNK + 7)
    restarts = 0
    restarted = threading.Event()

    def on_progress(sent: int, total: int) -> None:
        nonlocal restarts
        # Kill the platform twice mid-upload; it comes back on the same port and folder.
        if restarts < 2 and sent >= (restarts + 1) * 12 * CHUNK:
            restarts += 1
            tus_server.kill()
            threading.Timer(0.3, lambda: (tus_server.start(), restarted.set())).start()

    stats = UploadStats()
    with _client(tus_server.url, platform_pki, device_token,
                 retry=RetryPolicy(base_delay=0.1, max_delay=0.5, max_attempts=20)) as client:
        url = client.upload(io.BytesIO(data), len(data), metadata=_metadata(data),
                            on_progress=on_progress, stats=stats)
        _receipt(client, url, data, receipt_key)
    assert restarts == 2 and restarted.is_set()
    assert tus_server.stored(url) == data
    assert stats.creations == 1 and stats.failures >= 2
    assert stats.bytes_sent - len(data) <= 2 * CHUNK


def test_wrong_token_stops_with_a_clear_reason_and_stores_nothing(
    tus_server: TusNodeServer, platform_pki: ServerPki
) -> None:
    data = os.urandom(3 * CHUNK)
    with _client(tus_server.url, platform_pki, "not-the-device-token-at-all") as client, \
            pytest.raises(TokenRefusedError) as refused:
        client.upload(io.BytesIO(data), len(data), metadata=_metadata(data))
    assert refused.value.status == 401
    assert "token" in str(refused.value)
    assert "not-the-device-token" not in str(refused.value)
    assert tus_server.uploads() == []
    # A permanent refusal is not retried.
    assert len([r for r in tus_server.requests() if r.get("method") == "POST"]) == 1


def test_impostor_certificate_is_refused_before_any_request(
    impostor_pki: ServerPki, platform_pki: ServerPki, device_token: str
) -> None:
    impostor = RecordingTlsServer(impostor_pki.cert_file, impostor_pki.key_file)
    control = RecordingTlsServer(platform_pki.cert_file, platform_pki.key_file)
    try:
        url = f"https://localhost:{impostor.port}/files/"
        data = os.urandom(CHUNK)
        with _client(url, platform_pki, device_token) as client:
            with pytest.raises(CertificateRejectedError) as refused:
                client.probe()
            with pytest.raises(CertificateRejectedError):
                client.upload(io.BytesIO(data), len(data), metadata=_metadata(data))
        assert "certificate" in str(refused.value)
        assert impostor.connections >= 1  # it was reached ...
        assert impostor.handshakes == 0  # ... but no TLS session came up
        assert bytes(impostor.received) == b""  # so no request and no token
        # The same recorder with the platform's certificate does see the token: the
        # recorder can tell the difference.
        with _client(f"https://localhost:{control.port}/files/", platform_pki,
                     device_token) as client:
            client.probe()
        assert control.handshakes == 1
        assert device_token.encode() in bytes(control.received)
    finally:
        impostor.close()
        control.close()


def test_receipt_signed_by_another_key_is_rejected(
    tus_install: Path, tmp_path: Path, platform_pki: ServerPki, other_receipt_key: Path,
    receipt_key: Path, device_token: str,
) -> None:
    from app.crypto.signing import NAMESPACE_RECEIPT

    server = TusNodeServer(
        install_dir=tus_install, data_dir=tmp_path / "data", cert_file=platform_pki.cert_file,
        key_file=platform_pki.key_file, token=device_token, receipt_key=other_receipt_key,
        namespace=NAMESPACE_RECEIPT,
    ).start()
    try:
        data = os.urandom(CHUNK)
        with _client(server.url, platform_pki, device_token) as client:
            url = client.upload(io.BytesIO(data), len(data), metadata=_metadata(data))
            with pytest.raises(ReceiptError, match="signature"):
                _receipt(client, url, data, receipt_key)
    finally:
        server.kill()


def test_upload_through_socks5_proxy_sends_the_host_name(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str, receipt_key: Path
) -> None:
    # "platform.test" does not resolve on this machine; only the proxy knows it.
    proxy = Socks5Proxy(names={"platform.test": "127.0.0.1"})
    try:
        url = f"https://platform.test:{tus_server.port}/files/"
        data = os.urandom(3 * CHUNK + 5)
        with _client(url, platform_pki, device_token,
                     proxy=f"socks5h://127.0.0.1:{proxy.port}") as client:
            client.probe()
            upload_url = client.upload(io.BytesIO(data), len(data), metadata=_metadata(data))
            _receipt(client, upload_url, data, receipt_key)
    finally:
        proxy.close()
    assert tus_server.stored(upload_url) == data
    assert proxy.targets and all(t == ("name", "platform.test", tus_server.port)
                                 for t in proxy.targets)


def test_dead_proxy_is_explained(platform_pki: ServerPki, device_token: str) -> None:
    with _client("https://platform.test:9/files/", platform_pki, device_token,
                 proxy="socks5h://127.0.0.1:9") as client, pytest.raises(Exception) as failed:
        client.probe()
    assert "proxy" in str(failed.value)


def test_refused_connection_is_explained(platform_pki: ServerPki, device_token: str) -> None:
    with _client("https://localhost:9/files/", platform_pki, device_token) as client, \
            pytest.raises(ConnectionBlockedError):
        client.probe()


def test_cancel_stops_between_chunks_and_a_new_client_resumes(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str
) -> None:
    data = os.urandom(10 * CHUNK)
    cancel = threading.Event()
    created: list[str] = []

    def on_progress(sent: int, total: int) -> None:
        if sent >= 3 * CHUNK:
            cancel.set()

    with _client(tus_server.url, platform_pki, device_token, cancel=cancel) as client, \
            pytest.raises(SyncCancelledError):
        client.upload(io.BytesIO(data), len(data), metadata=_metadata(data),
                      on_created=created.append, on_progress=on_progress)
    assert len(tus_server.stored(created[0])) == 3 * CHUNK
    stats = UploadStats()
    with _client(tus_server.url, platform_pki, device_token) as client:
        url = client.upload(io.BytesIO(data), len(data), metadata=_metadata(data),
                            upload_url=created[0], stats=stats)
    assert url == created[0] and tus_server.stored(url) == data
    assert stats.resumed_at == [3 * CHUNK] and stats.bytes_sent == 7 * CHUNK


def test_unresolvable_name_is_explained_as_offline_or_blocked_names(
    platform_pki: ServerPki, device_token: str
) -> None:
    with _client("https://platform.invalid/files/", platform_pki, device_token) as client, \
            pytest.raises(NetworkDownError, match="looked up"):
        client.probe()


def test_silent_server_is_explained_as_blocked_or_timed_out(
    platform_pki: ServerPki, device_token: str
) -> None:
    # A port that accepts TCP and then says nothing: what a filtering middlebox looks like.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        url = f"https://localhost:{silent.getsockname()[1]}/files/"
        with _client(url, platform_pki, device_token, timeout=0.5) as client, \
                pytest.raises(ConnectionBlockedError, match="in time"):
            client.probe()
    finally:
        silent.close()
