"""The tus client against a scripted HTTPS server: refusals, retries and a server that
misbehaves. Here the point is the client's reaction to each answer, so the server is a
small one of our own that answers what each test tells it to."""

from __future__ import annotations

import io
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.sync.errors import SyncError, TransientSyncError, UploadRefusedError
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import RetryPolicy, TusClient

from .pki import ServerPki

MIB = 1024 * 1024
Answer = tuple[int, dict[str, str]]
Script = Callable[[str, dict[str, str], bytes], Answer]


class _Server(ThreadingHTTPServer):
    script: Script
    seen: list[tuple[str, dict[str, str], int]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.seen.append((self.command, headers, len(body)))
        status, extra = self.server.script(self.command, headers, body)
        self.send_response(status)
        for key, value in {"Tus-Resumable": "1.0.0", "Content-Length": "0", **extra}.items():
            self.send_header(key, value)
        self.end_headers()

    # http.server dispatches on these names.
    do_POST = do_PATCH = do_HEAD = do_OPTIONS = do_GET = do_DELETE = _answer  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass


Starter = Callable[[Script], tuple[str, _Server]]


@pytest.fixture
def scripted(platform_pki: ServerPki) -> Iterator[Starter]:
    servers: list[_Server] = []

    def start(script: Script) -> tuple[str, _Server]:
        server = _Server(("127.0.0.1", 0), _Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(platform_pki.cert_file, platform_pki.key_file)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.script, server.seen = script, []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"https://localhost:{server.server_address[1]}/files/", server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _client(url: str, pki: ServerPki, attempts: int = 3) -> TusClient:
    return TusClient(url, token="t" * 20, ssl_context=platform_ssl_context(pki.ca_pem),
                     chunk_size=4, timeout=5.0,
                     retry=RetryPolicy(base_delay=0.001, max_delay=0.01, max_attempts=attempts))


META = {"filename": "pkg-x.age", "filetype": "application/octet-stream", "sha256": "0" * 64}


def test_too_large_is_permanent_and_not_retried(scripted: Starter, platform_pki: ServerPki) -> None:
    url, server = scripted(lambda method, headers, body: (413, {}))
    with _client(url, platform_pki) as client, pytest.raises(UploadRefusedError) as refused:
        client.upload(io.BytesIO(b"12345678"), 8, metadata=META)
    assert refused.value.status == 413 and "too large" in str(refused.value)
    assert [s[0] for s in server.seen] == ["POST"]
    assert server.seen[0][1]["upload-length"] == "8"
    assert server.seen[0][1]["authorization"] == "Bearer " + "t" * 20


def test_location_on_another_host_is_refused(scripted: Starter, platform_pki: ServerPki) -> None:
    url, server = scripted(
        lambda method, headers, body: (201, {"Location": "https://elsewhere.example/files/x"}))
    with _client(url, platform_pki) as client, pytest.raises(SyncError, match="another server"):
        client.upload(io.BytesIO(b"12345678"), 8, metadata=META)
    assert [s[0] for s in server.seen] == ["POST"]


def test_busy_server_is_retried_then_given_up(scripted: Starter, platform_pki: ServerPki) -> None:
    url, server = scripted(lambda method, headers, body: (503, {}))
    with _client(url, platform_pki, attempts=3) as client, pytest.raises(TransientSyncError):
        client.upload(io.BytesIO(b"12345678"), 8, metadata=META)
    assert len(server.seen) == 4  # the first try and three retries


def test_server_claiming_more_than_sent_is_asked_again(
    scripted: Starter, platform_pki: ServerPki
) -> None:
    state = {"offset": 0, "lied": False}

    def script(method: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "POST":
            return 201, {"Location": "/files/abc"}
        if method == "HEAD":
            return 200, {"Upload-Offset": str(state["offset"]), "Upload-Length": "8"}
        assert int(headers["upload-offset"]) == state["offset"]
        if not state["lied"]:
            state["lied"] = True
            return 204, {"Upload-Offset": "999"}  # impossible: ignored, HEAD decides
        state["offset"] += len(body)
        return 204, {"Upload-Offset": str(state["offset"])}

    url, server = scripted(script)
    with _client(url, platform_pki) as client:
        upload_url = client.upload(io.BytesIO(b"12345678"), 8, metadata=META)
    assert upload_url.endswith("/files/abc") and upload_url.startswith("https://localhost:")
    assert state["offset"] == 8
    assert [s[0] for s in server.seen] == ["POST", "PATCH", "HEAD", "PATCH", "PATCH"]
    assert all(s[2] <= 4 for s in server.seen)  # never more than one chunk per PATCH


def test_gone_upload_starts_over(scripted: Starter, platform_pki: ServerPki) -> None:
    created: list[str] = []

    def script(method: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "POST":
            created.append("new")
            return 201, {"Location": "/files/fresh"}
        if method == "HEAD":
            return 404, {}
        return 204, {"Upload-Offset": str(int(headers["upload-offset"]) + len(body))}

    url, _server = scripted(script)
    with _client(url, platform_pki) as client:
        upload_url = client.upload(io.BytesIO(b"1234"), 4, metadata=META,
                                   upload_url=url + "old")
    assert created == ["new"] and upload_url.endswith("/files/fresh")


def test_upload_of_another_length_is_terminated_and_started_over(
    scripted: Starter, platform_pki: ServerPki
) -> None:
    def script(method: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "POST":
            return 201, {"Location": "/files/fresh"}
        if method == "HEAD":
            return 200, {"Upload-Offset": "2", "Upload-Length": "99"}
        if method == "DELETE":
            return 204, {}
        return 204, {"Upload-Offset": str(int(headers["upload-offset"]) + len(body))}

    url, server = scripted(script)
    with _client(url, platform_pki) as client:
        upload_url = client.upload(io.BytesIO(b"1234"), 4, metadata=META,
                                   upload_url=url + "stale")
    assert upload_url.endswith("/files/fresh")
    assert [s[0] for s in server.seen] == ["HEAD", "DELETE", "POST", "PATCH"]


def _tus_script(limit_header: str | None, refuse_over: int | None) -> Script:
    """A tus server announcing ``limit_header`` on OPTIONS (when given); PATCH bodies
    over ``refuse_over`` answered 413 with no limit named, as a reverse proxy in front
    of the server answers."""
    state = {"offset": 0}

    def script(method: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "OPTIONS":
            return 204, ({} if limit_header is None else {"Max-Patch-Body": limit_header})
        if method == "POST":
            return 201, {"Location": "/files/abc"}
        if refuse_over is not None and len(body) > refuse_over:
            return 413, {}
        assert int(headers["upload-offset"]) == state["offset"]
        state["offset"] += len(body)
        return 204, {"Upload-Offset": str(state["offset"])}

    return script


def _big_client(url: str, pki: ServerPki) -> TusClient:
    return TusClient(url, token="t" * 20, ssl_context=platform_ssl_context(pki.ca_pem),
                     timeout=10.0, retry=RetryPolicy(base_delay=5.0, max_delay=5.0))


@pytest.mark.parametrize("announced", [None, "", "-5", "0", "12e6", "1" * 25, "0x100000"])
def test_without_a_valid_announced_limit_patches_stay_at_8_mib(
    scripted: Starter, platform_pki: ServerPki, announced: str | None
) -> None:
    url, server = scripted(_tus_script(announced, refuse_over=None))
    data = bytes(20 * MIB)
    with _big_client(url, platform_pki) as client:
        client.probe()
        client.upload(io.BytesIO(data), len(data), metadata=META)
    sizes = [s[2] for s in server.seen if s[0] == "PATCH"]
    assert sum(sizes) == len(data) and max(sizes) == 8 * MIB


def test_a_413_from_a_proxy_taking_less_than_announced_brings_patches_to_8_mib(
    scripted: Starter, platform_pki: ServerPki
) -> None:
    """The server announced 64 MiB, a proxy in front takes 10 MiB and answers 413 without
    naming a limit: the client goes on at once with 8 MiB bodies from the same offset
    (no HEAD, no wait), and the package arrives whole."""
    url, server = scripted(_tus_script(str(64 * MIB), refuse_over=10 * MIB))
    data = bytes(40 * MIB)
    with _big_client(url, platform_pki) as client:
        client.probe()
        started = time.monotonic()
        client.upload(io.BytesIO(data), len(data), metadata=META)
        elapsed = time.monotonic() - started
    patches = [(s[2], s[1]["upload-offset"]) for s in server.seen if s[0] == "PATCH"]
    refused = [index for index, (size, _) in enumerate(patches) if size > 10 * MIB]
    assert len(refused) == 1, patches
    after = patches[refused[0] + 1:]
    assert after[0][1] == patches[refused[0]][1]  # the same offset again
    assert max(size for size, _ in after) == 8 * MIB
    assert "HEAD" not in [s[0] for s in server.seen]
    assert elapsed < 5.0, "the refusal was followed by a back-off wait"


def test_a_413_that_cannot_be_helped_by_smaller_patches_stays_a_refusal(
    scripted: Starter, platform_pki: ServerPki
) -> None:
    url, _server = scripted(_tus_script(None, refuse_over=100))
    data = bytes(MIB)
    with _big_client(url, platform_pki) as client, pytest.raises(UploadRefusedError) as refused:
        client.probe()
        client.upload(io.BytesIO(data), len(data), metadata=META)
    assert refused.value.status == 413
