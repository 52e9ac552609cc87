"""The PATCH body limit a server announces, as the tus client meets it on the real intake
server over HTTPS: larger PATCHes where the server takes them, smaller ones where it asks,
and a 413 that names a smaller limit turned into smaller PATCHes at once. (The 8 MiB
default with a server that announces nothing, and a proxy's bare 413, are in
test_tus_protocol.py.)"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync.tls import platform_ssl_context
from app.sync.tus_client import (
    DEFAULT_PATCH_LIMIT,
    FIRST_CHUNK_SIZE,
    RetryPolicy,
    TusClient,
    UploadStats,
)
from tests.intake.conftest import IntakeServer, make_server

pytestmark = pytest.mark.interop

MIB = 1024 * 1024
SMALL_LIMIT = 256 * 1024


def _metadata(data: bytes) -> dict[str, str]:
    return {
        "filename": "pkg-" + os.urandom(16).hex() + ".age",
        "filetype": "application/octet-stream",
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _client(server: IntakeServer) -> TusClient:
    # A slow back-off: a wait after the refusal would show in the elapsed time.
    return TusClient(
        server.url,
        token=server.token,
        ssl_context=platform_ssl_context(server.ca_file.read_text()),
        timeout=30.0,
        retry=RetryPolicy(base_delay=10.0, max_delay=10.0),
    )


def _start(folder: Path, **init_args: str) -> IntakeServer:
    server = make_server(folder, host="localhost", **init_args)
    server.start()
    return server


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[IntakeServer]:
    server = _start(tmp_path)
    yield server
    if server.process is not None:
        server.kill()


@pytest.fixture
def small_limit(tmp_path: Path) -> Iterator[IntakeServer]:
    server = _start(tmp_path, **{"max-patch-body": str(SMALL_LIMIT)})
    yield server
    if server.process is not None:
        server.kill()


def _deliver(server: IntakeServer, data: bytes, *, probe: bool) -> UploadStats:
    stats = UploadStats()
    with _client(server) as client:
        if probe:
            client.probe()
        url = client.upload(io.BytesIO(data), len(data), metadata=_metadata(data), stats=stats)
    assert server.receipt(url).status_code == 200
    (accepted,) = server.accepted()
    assert accepted.read_bytes() == data
    return stats


def test_the_reference_server_takes_patches_larger_than_8_mib(reference: IntakeServer) -> None:
    """On loopback the measured rate asks for the ceiling: after the small first PATCH,
    the rest of 24 MiB goes in one (it took three PATCHes of 8 MiB before)."""
    data = os.urandom(24 * MIB)
    stats = _deliver(reference, data, probe=True)
    assert stats.chunk_sizes == [FIRST_CHUNK_SIZE, len(data) - FIRST_CHUNK_SIZE]
    assert stats.failures == 0


def test_the_client_keeps_to_a_smaller_announced_limit(small_limit: IntakeServer) -> None:
    data = os.urandom(2 * MIB + 1234)
    stats = _deliver(small_limit, data, probe=True)
    assert max(stats.chunk_sizes) == SMALL_LIMIT
    assert stats.failures == 0 and stats.heads == 0


def test_a_413_naming_the_limit_brings_the_next_patch_within_it_at_once(
    small_limit: IntakeServer,
) -> None:
    """Without the probe the client starts from the 8 MiB default; the server refuses the
    first PATCH over its limit unread and names the limit: the next PATCH keeps to it,
    from the same offset, without HEAD or a back-off wait."""
    data = os.urandom(3 * MIB)
    started = time.monotonic()
    stats = _deliver(small_limit, data, probe=False)
    elapsed = time.monotonic() - started
    refused = [size for size in stats.chunk_sizes if size > SMALL_LIMIT]
    assert len(refused) == 1 and SMALL_LIMIT < refused[0] <= DEFAULT_PATCH_LIMIT
    assert stats.failures == 1 and stats.heads == 0
    assert elapsed < 8.0, "the refusal was followed by a back-off wait"
