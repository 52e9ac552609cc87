"""Fixtures for the intake server tests: a real server process on a loopback port.

Every test talks HTTPS to ``evidence-vault-intake serve`` started as a subprocess, with
a client that trusts only the CA that ``init`` generated.
"""

from __future__ import annotations

import base64
import hashlib
import json
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.campaigns.per_system import hard_kill

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_intake(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.intake", "--data", str(data), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


def metadata_header(sha256: str, filename: str = "pkg-test.age") -> str:
    return (
        f"filename {b64(filename)},filetype {b64('application/octet-stream')},sha256 {b64(sha256)}"
    )


def upload_id_of(upload_url: str) -> str:
    return upload_url.rstrip("/").rsplit("/", 1)[1]


def raw_patch_start(
    server: IntakeServer, upload_url: str, offset: int, declared_length: int, body: bytes
) -> ssl.SSLSocket:
    """Send a PATCH's headers and the first part of its body, and leave it hanging."""
    parts = urlsplit(upload_url)
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    tls = server.ssl_context().wrap_socket(raw, server_hostname=parts.hostname)
    head = (
        f"PATCH {parts.path} HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        f"Authorization: Bearer {server.token}\r\n"
        "Tus-Resumable: 1.0.0\r\n"
        f"Upload-Offset: {offset}\r\n"
        "Content-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {declared_length}\r\n\r\n"
    )
    tls.sendall(head.encode("ascii") + body)
    return tls


@dataclass
class IntakeServer:
    """A data folder made by ``init`` and, while started, the serving process."""

    data: Path
    port: int
    profile: dict[str, object]
    process: subprocess.Popen[bytes] | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.data.parent / f"{self.data.name}-server.log"

    @property
    def url(self) -> str:
        return str(self.profile["url"])

    @property
    def token(self) -> str:
        return str(self.profile["device_token"])

    @property
    def ca_file(self) -> Path:
        return self.data / "tls" / "ca.pem"

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        return context

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        base = {"Tus-Resumable": "1.0.0"}
        if token is None:
            token = self.token
        if token:
            base["Authorization"] = f"Bearer {token}"
        base.update(headers)
        return httpx.Client(verify=self.ssl_context(), headers=base, timeout=30.0)

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.intake", "--data", str(self.data), "serve"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        with self.client() as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log_path.read_text()}")
                try:
                    client.options(self.url)
                    return
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.process = None
        return code

    def kill(self) -> None:
        assert self.process is not None
        hard_kill(self.process)  # SIGKILL; TerminateProcess on Windows
        self.process.wait(timeout=30)
        self.process = None

    # --- tus helpers --------------------------------------------------------------

    def create(self, payload: bytes, *, sha256: str | None = None) -> str:
        digest = sha256 or hashlib.sha256(payload).hexdigest()
        with self.client() as client:
            response = client.post(
                self.url,
                headers={
                    "Upload-Length": str(len(payload)),
                    "Upload-Metadata": metadata_header(digest),
                },
            )
        assert response.status_code == 201, response.text
        return str(httpx.URL(self.url).join(response.headers["location"]))

    def offset(self, upload_url: str) -> int:
        with self.client() as client:
            response = client.head(upload_url)
        assert response.status_code == 200, response.status_code
        return int(response.headers["upload-offset"])

    def patch(self, upload_url: str, offset: int, body: bytes) -> httpx.Response:
        with self.client() as client:
            return client.patch(
                upload_url,
                content=body,
                headers={
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                },
            )

    def upload(self, payload: bytes, *, chunk: int = 1024 * 1024, sha256: str | None = None) -> str:
        upload_url = self.create(payload, sha256=sha256)
        offset = 0
        while offset < len(payload):
            response = self.patch(upload_url, offset, payload[offset : offset + chunk])
            assert response.status_code == 204, response.text
            offset = int(response.headers["upload-offset"])
        return upload_url

    def receipt(self, upload_url: str, *, wait: float = 20.0) -> httpx.Response:
        """The receipt response once the server stops answering 202."""
        deadline = time.monotonic() + wait
        with self.client() as client:
            while True:
                response = client.get(upload_url.rstrip("/") + "/receipt")
                if response.status_code != 202 or time.monotonic() > deadline:
                    return response
                time.sleep(0.05)

    def stored_upload_names(self) -> set[str]:
        return {p.name for p in (self.data / "uploads").iterdir() if not p.name.startswith(".")}

    def accepted(self) -> list[Path]:
        return sorted((self.data / "accepted").glob("*.evp"))


def make_server(folder: Path, *, holds_identity: bool = False, **init_args: str) -> IntakeServer:
    """An initialised data folder on a free port (not yet started).

    Without ``holds_identity`` the platform identity file is removed, as on a platform
    that keeps it offline: the server then checks size and SHA-256 only, which lets
    tests send random bytes. With it, every package gets the full verification.
    """
    port = free_port()
    data = folder / "intake"
    extra = [item for key, value in init_args.items() for item in (f"--{key}", value)]
    result = run_intake(data, "init", "--port", str(port), *extra)
    assert result.returncode == 0, result.stderr
    profile_path = Path(result.stdout.strip())
    profile = json.loads(profile_path.read_text())
    if not holds_identity:
        (data / "keys" / "platform.agekey").unlink()
    return IntakeServer(data=data, port=port, profile=profile)


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[IntakeServer]:
    """A fresh, running server of its own (for tests that kill or inspect it)."""
    server = make_server(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.kill()


@pytest.fixture(scope="module")
def shared_intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    """One running server shared by a module's tests (each uses its own packages)."""
    server = make_server(tmp_path_factory.mktemp("shared"))
    server.start()
    yield server
    if server.process is not None:
        server.kill()
