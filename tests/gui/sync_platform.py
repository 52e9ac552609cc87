"""The platform side of the GUI sync tests: the project's intake server on loopback with a
certificate from ``tests/sync/pki.py``, its profile file, and a relay that can hold a
PATCH half-way so the server can be stopped mid-upload at a known point.

The server is the real ``evidence-vault-intake serve`` process (tuspyserver under
uvicorn, full package verification, signed receipts) started as the intake tests start
it; only its TLS files are replaced by the test PKI, so the profile pins the test CA.
"""

from __future__ import annotations

import contextlib
import json
import select
import shutil
import socket
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.intake.conftest import IntakeServer, free_port, make_server, run_intake
from tests.sync.pki import ServerPki


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        # Linger 0: close() sends RST, as a peer that died would.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class StallingRelay:
    """A TCP relay on ``listen_port`` to ``upstream_port`` that counts the client's bytes.

    With ``stall_after`` set, it stops passing the client's bytes on once that many have
    gone through (the server then waits in the middle of a request), while still
    watching the server: when the server goes away, the client's connection is reset,
    as a dead server's would be; when the client closes its end, the server's is reset.
    """

    def __init__(self, listen_port: int, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.stall_after: int | None = None
        self.client_bytes = 0
        self.stalled = threading.Event()
        self.resets_after_stall = 0
        self.open_connections = 0
        self._lock = threading.Lock()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", listen_port))
        self._server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def reset_count(self) -> None:
        with self._lock:
            self.client_bytes = 0

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            _reset(client)  # the server is down: the client sees a refused connection
            return
        try:
            self._pump(client, upstream)
        except OSError:
            pass
        finally:
            _reset(client)
            _reset(upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        with self._lock:
            self.open_connections += 1
        try:
            self._pump_until_closed(client, upstream)
        finally:
            with self._lock:
                self.open_connections -= 1

    def _pump_until_closed(self, client: socket.socket, upstream: socket.socket) -> None:
        hangup = select.poll()
        hangup.register(client, select.POLLRDHUP | select.POLLHUP | select.POLLERR)
        while True:
            holding = self.stalled.is_set()
            if holding and hangup.poll(0):
                # The client closed or reset the connection while its bytes are held: a
                # real link would carry that to the server at once, so end it here too.
                return
            watched = [upstream] if holding else [client, upstream]
            readable, _, _ = select.select(watched, [], [], 0.05)
            for sock in readable:
                if sock is upstream:
                    try:
                        data = upstream.recv(256 * 1024)
                    except OSError:
                        data = b""  # reset by a server that died
                    if not data:
                        if holding:
                            self.resets_after_stall += 1
                        return
                    client.sendall(data)
                    continue
                with self._lock:
                    room = None if self.stall_after is None else (
                        self.stall_after - self.client_bytes)
                data = client.recv(256 * 1024 if room is None else max(1, min(room, 256 * 1024)))
                if not data:
                    return
                upstream.sendall(data)
                with self._lock:
                    self.client_bytes += len(data)
                    if self.stall_after is not None and self.client_bytes >= self.stall_after:
                        self.stalled.set()

    def release(self) -> None:
        """Pass bytes through again (and count from zero)."""
        with self._lock:
            self.stall_after = None
            self.client_bytes = 0
        self.stalled.clear()

    def close(self) -> None:
        self._server.close()


@dataclass
class Platform:
    """The intake server's data folder, its profile file for the documenter, and the
    process while it runs (``server``)."""

    server: IntakeServer
    profile_file: Path
    relay: StallingRelay | None = None

    @property
    def data(self) -> Path:
        return self.server.data

    @property
    def receipt_public_key(self) -> str:
        return str(self.server.profile["receipt_signing_key"])

    def present_certificate(self, pki: ServerPki) -> None:
        """The certificate the server shows from its next start on."""
        tls = self.data / "tls"
        shutil.copyfile(pki.cert_file, tls / "server.pem")
        shutil.copyfile(pki.key_file, tls / "server.key")
        # Only the test's readiness check reads ca.pem: it trusts what the server shows.
        (tls / "ca.pem").write_text(pki.ca_pem)

    def trust_signer(self, openssh_line: str) -> None:
        added = run_intake(self.data, "trust", "add", openssh_line, "--name", "documenter")
        assert added.returncode == 0, added.stderr

    def revoke_device(self, name: str) -> None:
        revoked = run_intake(self.data, "device", "revoke", name)
        assert revoked.returncode == 0, revoked.stderr

    def new_device_profile(self, name: str, pki: ServerPki, folder: Path) -> Path:
        """A new device's profile file (new token), pinning ``pki``'s CA."""
        added = run_intake(self.data, "device", "add", name)
        assert added.returncode == 0, added.stderr
        profile = json.loads(Path(added.stdout.strip()).read_text())
        profile["ca_certificate_pem"] = pki.ca_pem
        path = folder / f"{name}-profile.json"
        path.write_text(json.dumps(profile), encoding="utf-8")
        return path

    def start(self) -> None:
        self.server.start()

    def kill(self) -> None:
        if self.server.process is not None:
            self.server.kill()

    def accepted(self) -> list[Path]:
        return self.server.accepted()

    def uploads_in_progress(self) -> list[Path]:
        folder = self.data / "uploads"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))

    def receipts(self) -> list[Path]:
        folder = self.data / "receipts"
        return sorted(folder.glob("*.json")) if folder.is_dir() else []


def make_platform(folder: Path, pki: ServerPki, *, with_relay: bool = False,
                  max_patch_body: int | None = None) -> Platform:
    """An initialised intake (full verification: it keeps its age identity) showing
    ``pki``'s certificate, and the profile a coordinator hands over, pinning ``pki``'s CA.

    With ``with_relay`` the profile's port is the relay's and the server listens behind
    it (``init --listen-port``), as behind a reverse proxy. ``max_patch_body``: the PATCH
    body limit the server announces (``init --max-patch-body``).
    """
    extra: dict[str, str] = {"host": "localhost"}
    if max_patch_body is not None:
        extra["max-patch-body"] = str(max_patch_body)
    listen_port = 0
    if with_relay:
        listen_port = free_port()
        extra["listen-port"] = str(listen_port)
    server = make_server(folder, holds_identity=True, **extra)
    relay = StallingRelay(server.port, listen_port) if with_relay else None
    profile = dict(server.profile)
    profile["ca_certificate_pem"] = pki.ca_pem
    profile_file = folder / "platform-profile.json"
    profile_file.write_text(json.dumps(profile), encoding="utf-8")
    platform = Platform(server=server, profile_file=profile_file, relay=relay)
    platform.present_certificate(pki)
    return platform
