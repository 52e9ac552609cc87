"""Small network actors for the sync tests, each on loopback in its own threads.

- ``CuttingProxy``: a TCP relay that cuts chosen connections (RST) after a chosen
  number of client bytes, to play a dropped mobile link mid-PATCH.
- ``Socks5Proxy``: a SOCKS5 server (no auth, CONNECT only) that records the target the
  client asked for and resolves names from its own table, so a test can prove the
  client sent the host NAME and never looked it up itself.
- ``RecordingTlsServer``: an HTTPS server with a certificate of our choosing that
  records every completed handshake and every byte of request it received.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import struct
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


def _listen() -> socket.socket:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        # Linger 0: close() sends RST, as a middlebox or a dead link would.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _relay(a: socket.socket, b: socket.socket, limit: int | None, counter: list[int]) -> bool:
    """Pump both ways; cut after ``limit`` bytes from ``a``. True if it cut."""
    sockets = [a, b]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return False
            for sock in readable:
                data = sock.recv(256 * 1024)
                if not data:
                    return False
                if sock is a:
                    if limit is not None and counter[0] + len(data) >= limit:
                        head = limit - counter[0]
                        if head > 0:
                            b.sendall(data[:head])
                        counter[0] = limit
                        return True
                    counter[0] += len(data)
                    b.sendall(data)
                else:
                    a.sendall(data)
    except OSError:
        return False
    finally:
        _reset(a)
        _reset(b)


@dataclass
class CuttingProxy:
    upstream_port: int
    cuts: list[int] = field(default_factory=list)  # byte thresholds, one per connection
    cuts_done: int = 0
    connections: int = 0

    def __post_init__(self) -> None:
        self._server = _listen()
        self.port = self._server.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                limit = self.cuts.pop(0) if self.cuts else None
            threading.Thread(target=self._serve, args=(client, limit), daemon=True).start()

    def _serve(self, client: socket.socket, limit: int | None) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            _reset(client)
            return
        if _relay(client, upstream, limit, [0]):
            with self._lock:
                self.cuts_done += 1

    def close(self) -> None:
        self._server.close()


@dataclass
class Socks5Proxy:
    names: dict[str, str]  # what the proxy resolves, like Tor's exit would
    targets: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, host, port)

    def __post_init__(self) -> None:
        self._server = _listen()
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _exact(sock: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            piece = sock.recv(size - len(data))
            if not piece:
                raise OSError("closed")
            data += piece
        return data

    def _serve(self, client: socket.socket) -> None:
        try:
            version, count = self._exact(client, 2)
            self._exact(client, count)
            client.sendall(b"\x05\x00")  # no authentication
            version, command, _, atyp = self._exact(client, 4)
            if atyp == 3:
                length = self._exact(client, 1)[0]
                host = self._exact(client, length).decode("ascii")
                kind = "name"
            elif atyp == 1:
                host, kind = socket.inet_ntoa(self._exact(client, 4)), "ipv4"
            else:
                host, kind = socket.inet_ntop(socket.AF_INET6, self._exact(client, 16)), "ipv6"
            port = struct.unpack(">H", self._exact(client, 2))[0]
            self.targets.append((kind, host, port))
            address = self.names.get(host, host if kind != "name" else "")
            if version != 5 or command != 1 or not address:
                client.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
                client.close()
                return
            upstream = socket.create_connection((address, port))
            client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + b"\x00\x00")
        except OSError:
            client.close()
            return
        _relay(client, upstream, None, [0])

    def close(self) -> None:
        self._server.close()


@dataclass
class RecordingTlsServer:
    """Answers any completed request with 204; records what it got."""

    cert_file: Path
    key_file: Path
    connections: int = 0
    handshakes: int = 0
    received: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(self.cert_file, self.key_file)
        self._server = _listen()
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            with self._context.wrap_socket(client, server_side=True) as tls:
                self.handshakes += 1
                tls.settimeout(5)
                while b"\r\n\r\n" not in self.received:
                    data = tls.recv(65536)
                    if not data:
                        return
                    self.received += data
                tls.sendall(b"HTTP/1.1 204 No Content\r\nTus-Resumable: 1.0.0\r\n\r\n")
        except (OSError, ssl.SSLError):
            return

    def close(self) -> None:
        self._server.close()


def close_all(actors: Iterable[CuttingProxy | Socks5Proxy | RecordingTlsServer]) -> None:
    for actor in actors:
        actor.close()
