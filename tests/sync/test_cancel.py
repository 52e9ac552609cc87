"""Cancelling an upload that the network holds: the caller's thread is free at once.

A relay in front of the independent @tus/server stalls the connection in the middle of
a PATCH, in the two ways a real link stalls: it stops reading (the client blocks in a
socket write with a full send buffer), or it swallows the rest of the request (the
client has sent everything and blocks reading an answer that never comes). Cancel is
then set from another thread, as the GUI's Cancel or lock does; the upload must end
with ``SyncCancelledError`` well within a second or two, not after the client's
timeout. A later upload resumes from whatever offset the server gives on HEAD and the
server ends up with the exact bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import select
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync.errors import SyncCancelledError
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import (
    DEFAULT_PATCH_LIMIT,
    FIRST_CHUNK_SIZE,
    RetryPolicy,
    TusClient,
    UploadStats,
)

from .pki import ServerPki
from .tus_node import TusNodeServer

MIB = 1024 * 1024
TIMEOUT = 30.0  # the client's own timeout: a cancel that waits for it is the defect
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05, max_attempts=3)

pytestmark = pytest.mark.interop


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class StallingRelay:
    """TCP relay to ``upstream_port``; after ``stall_after`` client bytes it either stops
    reading the client (``mode="stop"``) or reads and drops them (``mode="swallow"``)."""

    def __init__(self, upstream_port: int, mode: str) -> None:
        self.upstream_port = upstream_port
        self.mode = mode
        self.stall_after: int | None = None
        self.client_bytes = 0
        self.stalled = threading.Event()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # A small receive buffer (inherited by accepted sockets): a relay that stops
        # reading then fills up quickly, like a congested link.
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(8)
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            _reset(client)
            return
        with self._lock:
            self._open += [client, upstream]
        try:
            self._pump(client, upstream)
        except (OSError, ValueError):  # ValueError: select() on a socket release() closed
            pass
        finally:
            _reset(client)
            _reset(upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        while True:
            holding = self.stalled.is_set() and self.mode == "stop"
            watched = [upstream] if holding else [client, upstream]
            readable, _, _ = select.select(watched, [], [], 0.05)
            for sock in readable:
                other = client if sock is upstream else upstream
                data = sock.recv(256 * 1024)
                if not data:
                    return
                if sock is upstream:
                    other.sendall(data)
                    continue
                with self._lock:
                    if self.stalled.is_set():
                        continue  # swallowed
                    room = None if self.stall_after is None else (
                        self.stall_after - self.client_bytes)
                    if room is not None and len(data) >= room:
                        data = data[:max(room, 0)]
                        self.stalled.set()
                    self.client_bytes += len(data)
                other.sendall(data)

    def release(self) -> None:
        """Drop the stalled connections (as a dead link ends) and pass bytes again."""
        with self._lock:
            sockets, self._open = self._open, []
            self.stall_after = None
            self.client_bytes = 0
        for sock in sockets:
            _reset(sock)
        self.stalled.clear()

    def close(self) -> None:
        self._server.close()
        self.release()


def _metadata(data: bytes) -> dict[str, str]:
    return {"filename": "pkg-" + os.urandom(16).hex() + ".age",
            "filetype": "application/octet-stream",
            "sha256": hashlib.sha256(data).hexdigest()}


def _client(url: str, pki: ServerPki, token: str, cancel: threading.Event) -> TusClient:
    return TusClient(url, token=token, ssl_context=platform_ssl_context(pki.ca_pem),
                     chunk_size=DEFAULT_PATCH_LIMIT, timeout=TIMEOUT, retry=FAST_RETRY,
                     cancel=cancel)


@pytest.fixture(params=["stop", "swallow"])
def relay(request: pytest.FixtureRequest, tus_server: TusNodeServer) -> Iterator[StallingRelay]:
    relay = StallingRelay(tus_server.port, request.param)
    yield relay
    relay.close()


def test_cancel_frees_the_thread_at_once_and_a_later_upload_resumes(
    tus_server: TusNodeServer, relay: StallingRelay, platform_pki: ServerPki,
    device_token: str,
) -> None:
    data = os.urandom(2 * DEFAULT_PATCH_LIMIT + 3 * MIB)
    base = f"https://localhost:{relay.port}/files/"
    cancel = threading.Event()
    created: list[str] = []
    confirmed: list[int] = []
    failure: list[BaseException] = []
    # The third PATCH stalls under 2 MiB in: the first two chunks are confirmed.
    relay.stall_after = DEFAULT_PATCH_LIMIT + 2 * MIB

    def upload() -> None:
        with _client(base, platform_pki, device_token, cancel) as client:
            try:
                client.upload(io.BytesIO(data), len(data), metadata=_metadata(data),
                              on_created=created.append,
                              on_progress=lambda sent, _total: confirmed.append(sent))
            except BaseException as error:  # handed to the test thread
                failure.append(error)

    worker = threading.Thread(target=upload, daemon=True)
    worker.start()
    assert relay.stalled.wait(30), "the upload never reached the stall"
    # Let the client run into the stall: a full send buffer, or a wait for the answer.
    time.sleep(0.5)
    assert worker.is_alive()
    started = time.monotonic()
    cancel.set()
    worker.join(TIMEOUT + 10)
    latency = time.monotonic() - started
    print(f"cancel latency ({relay.mode}): {latency:.3f} s")
    assert not worker.is_alive()
    assert latency < 2.0, f"the thread stayed busy {latency:.1f} s after cancel"
    assert len(failure) == 1 and isinstance(failure[0], SyncCancelledError), failure
    # Nothing beyond what the server confirmed: the first (unmeasured) chunk, then a
    # full one (loopback is fast), and the third stalled.
    assert confirmed == [FIRST_CHUNK_SIZE, FIRST_CHUNK_SIZE + DEFAULT_PATCH_LIMIT]

    # Later, over a link that works: HEAD decides where to go on, nothing confirmed is
    # sent again, and the server holds exactly the package.
    relay.release()
    (url,) = created
    stats = UploadStats()
    with _client(base, platform_pki, device_token, threading.Event()) as client:
        server_offset, _length = client.offset(url)
        assert DEFAULT_PATCH_LIMIT <= server_offset < len(data)
        client.upload(io.BytesIO(data), len(data), metadata=_metadata(data),
                      upload_url=url, stats=stats)
    assert stats.resumed_at == [server_offset]
    assert stats.bytes_sent == len(data) - server_offset
    assert stats.creations == 0
    assert tus_server.stored(url) == data


def test_cancel_before_any_request_sends_nothing(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str, tmp_path: Path
) -> None:
    cancel = threading.Event()
    cancel.set()
    data = os.urandom(1024)
    with _client(tus_server.url, platform_pki, device_token, cancel) as client, \
            pytest.raises(SyncCancelledError):
        client.upload(io.BytesIO(data), len(data), metadata=_metadata(data))
    assert not [r for r in tus_server.requests() if r.get("method") in ("POST", "PATCH")]


def test_cancel_during_a_stalled_tls_handshake(
    tus_server: TusNodeServer, platform_pki: ServerPki, device_token: str
) -> None:
    """The link stalls inside the handshake (the ClientHello is cut short): the socket
    object is being taken over by TLS, and the cancel must still end it at once."""
    relay = StallingRelay(tus_server.port, "stop")
    relay.stall_after = 100
    cancel = threading.Event()
    failure: list[BaseException] = []

    def probe() -> None:
        with _client(f"https://localhost:{relay.port}/files/", platform_pki, device_token,
                     cancel) as client:
            try:
                client.probe()
            except BaseException as error:  # handed to the test thread
                failure.append(error)

    try:
        worker = threading.Thread(target=probe, daemon=True)
        worker.start()
        assert relay.stalled.wait(30)
        time.sleep(0.5)
        assert worker.is_alive()
        started = time.monotonic()
        cancel.set()
        worker.join(TIMEOUT + 10)
        latency = time.monotonic() - started
        print(f"cancel latency (handshake): {latency:.3f} s")
        assert not worker.is_alive()
        assert latency < 2.0, f"the thread stayed busy {latency:.1f} s after cancel"
        assert len(failure) == 1 and isinstance(failure[0], SyncCancelledError), failure
    finally:
        relay.close()
