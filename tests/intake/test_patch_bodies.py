"""PATCH bodies on the intake server: the limit it announces and holds, and bodies that
go to disk as they arrive (so memory does not grow with the limit, and a kill never
leaves an offset that claims bytes the disk lacks).

Each test runs the real server (``evidence-vault-intake serve``) over HTTPS, except the
two at the end, which drive the storage class directly to make a disk fail.
"""

from __future__ import annotations

import asyncio
import datetime
import errno
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import HTTPException

from app.intake import upload_store
from app.intake.config import DEFAULT_MAX_PATCH_BODY
from app.intake.upload_store import ConsistentFileStorage
from tests.intake.conftest import IntakeServer, make_server, raw_patch_start, upload_id_of
from tests.system_probes import live_peak_memory

pytestmark = pytest.mark.interop

MIB = 1024 * 1024
SMALL_LIMIT = 256 * 1024


def _data_size(server: IntakeServer, upload_url: str) -> int:
    return (server.data / "uploads" / upload_id_of(upload_url)).stat().st_size


def _peak_rss_kib(server: IntakeServer) -> int:
    assert server.process is not None
    return live_peak_memory(server.process) // 1024


def _accepted(server: IntakeServer, payload: bytes) -> bytes:
    return (server.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp").read_bytes()


@pytest.fixture
def small_limit_intake(tmp_path: Path) -> Iterator[IntakeServer]:
    """A server set up with ``init --max-patch-body 262144``."""
    server = make_server(tmp_path, **{"max-patch-body": str(SMALL_LIMIT)})
    server.start()
    yield server
    if server.process is not None:
        server.kill()


def test_the_server_announces_its_patch_body_limit_on_options(
    shared_intake: IntakeServer, small_limit_intake: IntakeServer
) -> None:
    with shared_intake.client() as client:
        answer = client.options(shared_intake.url)
    assert answer.status_code == 204
    assert int(answer.headers["max-patch-body"]) == DEFAULT_MAX_PATCH_BODY == 64 * MIB
    with small_limit_intake.client() as client:
        answer = client.options(small_limit_intake.url)
    assert int(answer.headers["max-patch-body"]) == SMALL_LIMIT


def test_a_body_at_the_limit_is_taken_and_one_byte_more_refused_unread(
    small_limit_intake: IntakeServer,
) -> None:
    server = small_limit_intake
    payload = os.urandom(3 * SMALL_LIMIT)
    upload_url = server.create(payload)
    assert server.patch(upload_url, 0, payload[:SMALL_LIMIT]).status_code == 204
    # One byte over: refused on its headers, with the limit, before a byte is stored.
    tls = raw_patch_start(
        server, upload_url, SMALL_LIMIT, SMALL_LIMIT + 1, payload[SMALL_LIMIT : SMALL_LIMIT + 65536]
    )
    try:
        answer = tls.recv(4096).decode("latin-1")
    finally:
        tls.close()
    assert answer.startswith("HTTP/1.1 413"), answer[:80]
    assert f"max-patch-body: {SMALL_LIMIT}" in answer.lower()
    assert server.offset(upload_url) == SMALL_LIMIT
    assert _data_size(server, upload_url) == SMALL_LIMIT
    for offset in (SMALL_LIMIT, 2 * SMALL_LIMIT):
        response = server.patch(upload_url, offset, payload[offset : offset + SMALL_LIMIT])
        assert response.status_code == 204
    assert server.receipt(upload_url).status_code == 200
    assert _accepted(server, payload) == payload


def test_concurrent_patches_of_64_mib_leave_the_servers_memory_flat(
    intake: IntakeServer,
) -> None:
    """Four PATCHes of 64 MiB at once (256 MiB in flight): the server's peak memory grows
    by far less than one body, because each body goes to disk as it arrives."""
    size = 64 * MIB
    bodies = [os.urandom(MIB) * 64 for _ in range(4)]  # distinct packages, cheap to make
    urls = [intake.create(body) for body in bodies]
    before = _peak_rss_kib(intake)
    answers: list[int] = []
    start = threading.Barrier(len(bodies))

    def send(url: str, body: bytes) -> None:
        start.wait()
        answers.append(intake.patch(url, 0, body).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(urls, bodies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    after = _peak_rss_kib(intake)
    print(f"peak RSS before {before} KiB, after {after} KiB, {len(bodies)} x 64 MiB")
    assert answers == [204] * len(bodies)
    assert after - before < 32 * 1024, (before, after)
    for url, body in zip(urls, bodies, strict=True):
        assert intake.offset(url) == size
        assert intake.receipt(url, wait=60).status_code == 200
        assert _accepted(intake, body) == body


def test_a_server_killed_with_part_of_a_body_on_disk_claims_none_of_it(
    intake: IntakeServer,
) -> None:
    """Several MiB of an unfinished PATCH reached the data file (written as they
    arrived, no offset recorded yet) when the server is killed: after the restart the
    offset is the last confirmed one, the stray bytes are gone, and the upload goes on."""
    payload = os.urandom(6 * MIB)
    upload_url = intake.create(payload)
    assert intake.patch(upload_url, 0, payload[:MIB]).status_code == 204
    hanging = raw_patch_start(intake, upload_url, MIB, 5 * MIB, payload[MIB : MIB + 3 * MIB + 99])
    deadline = time.monotonic() + 10
    while _data_size(intake, upload_url) < 3 * MIB:  # the body streams into the file
        assert time.monotonic() < deadline, _data_size(intake, upload_url)
        time.sleep(0.05)
    assert intake.offset(upload_url) == MIB  # never what is not confirmed
    intake.kill()
    hanging.close()

    intake.start()
    assert intake.offset(upload_url) == MIB
    assert _data_size(intake, upload_url) == MIB
    assert intake.patch(upload_url, MIB, payload[MIB:]).status_code == 204
    assert intake.receipt(upload_url).status_code == 200
    assert _accepted(intake, payload) == payload


def test_a_patch_cut_part_way_keeps_what_arrived_and_the_upload_goes_on(
    intake: IntakeServer,
) -> None:
    """A link cut inside a PATCH (the client's connection closes mid-body): the server
    keeps the bytes that arrived, synced, and says so at HEAD, so a long PATCH on a
    link that drops loses only what was still on the wire; those bytes are exactly the
    body's first bytes, and sending on from the offset HEAD gives completes an intact
    package."""
    payload = os.urandom(6 * MIB)
    upload_url = intake.create(payload)
    sent = 2 * MIB + 12345
    cut = raw_patch_start(intake, upload_url, 0, len(payload), payload[:sent])
    deadline = time.monotonic() + 10
    # The body reaches the file in batches as it arrives; the last batch waits in memory.
    while _data_size(intake, upload_url) < sent - upload_store.WRITE_BATCH:
        assert time.monotonic() < deadline, _data_size(intake, upload_url)
        time.sleep(0.05)
    cut.close()  # the link drops
    deadline = time.monotonic() + 10
    while (kept := intake.offset(upload_url)) == 0:
        assert time.monotonic() < deadline, "the bytes that arrived were not kept"
        time.sleep(0.05)
    assert kept == sent
    assert (intake.data / "uploads" / upload_id_of(upload_url)).read_bytes() == payload[:sent]
    assert intake.patch(upload_url, kept, payload[kept:]).status_code == 204
    assert intake.receipt(upload_url).status_code == 200
    assert _accepted(intake, payload) == payload


# --- a disk that fails while a body is written -------------------------------------


def _storage(tmp_path: Path) -> tuple[ConsistentFileStorage, Path, str]:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    storage = ConsistentFileStorage(uploads, lambda uid: False, keep_for=datetime.timedelta(days=7))
    return storage, uploads, "b" * 32


@pytest.mark.parametrize(("error", "status"), [(errno.ENOSPC, 507), (errno.EIO, 500)])
def test_a_failed_write_refuses_the_patch_instead_of_recording_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, status: int
) -> None:
    """tuspyserver records the bytes it received as stored when the storage raises
    anything but an HTTP error; a full or failing disk must answer an error instead,
    and the next lock cuts what reached the file."""
    storage, uploads, uid = _storage(tmp_path)

    def failing_fsync(_fd: int) -> None:
        raise OSError(error, os.strerror(error))

    async def scenario() -> int:
        await storage.create(uid)
        await storage.write_info(uid, {"size": 4 * MIB, "offset": 0, "metadata": {}})
        async with storage.lock(uid):
            await storage.append(uid, b"x" * (upload_store.WRITE_BATCH + 5))
            monkeypatch.setattr(upload_store.files, "fsync_file", failing_fsync)
            with pytest.raises(HTTPException) as refused:
                await storage.flush(uid)
            monkeypatch.undo()
        async with storage.lock(uid):  # what the next PATCH does first
            pass
        return refused.value.status_code

    assert asyncio.run(scenario()) == status
    assert (uploads / uid).stat().st_size == 0


def test_a_body_is_written_in_batches_and_synced_once_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage, uploads, uid = _storage(tmp_path)
    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        synced.append(os.fstat(fd).st_size)
        real_fsync(fd)

    monkeypatch.setattr(upload_store.files, "fsync_file", counting_fsync)
    piece = os.urandom(64 * 1024)

    async def scenario() -> list[int]:
        await storage.create(uid)
        sizes = []
        for _ in range(40):  # 2.5 MiB in the pieces uvicorn hands over
            await storage.append(uid, piece)
            sizes.append((uploads / uid).stat().st_size)
        await storage.flush(uid)
        return sizes

    sizes = asyncio.run(scenario())
    assert max(sizes) >= 2 * upload_store.WRITE_BATCH  # on disk before the end
    assert len(storage._pending.get(uid, b"")) == 0
    assert (uploads / uid).read_bytes() == piece * 40
    assert synced == [40 * len(piece)]  # one fsync, with every byte in the file
