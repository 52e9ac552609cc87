"""Regression tests for the four tuspyserver 4.4.3 findings and their mitigations.

(1) a PATCH refused for its token stores nothing; (2) a server killed mid-PATCH resumes
byte-identical; (3) an over-size Upload-Length is refused at creation; (4) a chunked
PATCH is refused before anything is written, no upload can complete inside its POST,
HEAD always has the metadata it needs, and expired uploads are swept.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tusclient import client as tus_client

from app.intake.config import IntakeLayout
from app.intake.server import sweep_expired
from app.intake.upload_store import ConsistentFileStorage
from tests.intake.conftest import (
    IntakeServer,
    b64,
    metadata_header,
    raw_patch_start,
    upload_id_of,
)

MIB = 1024 * 1024


def _data_size(server: IntakeServer, upload_url: str) -> int:
    return (server.data / "uploads" / upload_id_of(upload_url)).stat().st_size


def _finish_with_tuspy(
    server: IntakeServer, upload_url: str, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
    client = tus_client.TusClient(server.url, headers={"Authorization": f"Bearer {server.token}"})
    # Given the upload URL, tuspy asks HEAD for the offset and sends only the rest.
    uploader = client.uploader(str(package), url=upload_url, chunk_size=MIB)
    uploader.upload()


def _assert_accepted_identical(server: IntakeServer, upload_url: str, payload: bytes) -> None:
    response = server.receipt(upload_url)
    assert response.status_code == 200, response.text
    assert response.json()["receipt"]["package_sha256"] == hashlib.sha256(payload).hexdigest()
    accepted = server.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp"
    assert accepted.read_bytes() == payload


# --- (1) authentication before storage -------------------------------------------


def test_1_patch_with_a_wrong_token_stores_nothing_and_keeps_the_offset(
    shared_intake: IntakeServer,
) -> None:
    payload = os.urandom(3 * 256 * 1024)
    upload_url = shared_intake.create(payload)
    assert shared_intake.patch(upload_url, 0, payload[: 256 * 1024]).status_code == 204
    with shared_intake.client(token="wrong-token-0123456789") as stranger:
        refused = stranger.patch(
            upload_url,
            content=b"\xff" * (256 * 1024),
            headers={
                "Upload-Offset": str(256 * 1024),
                "Content-Type": "application/offset+octet-stream",
            },
        )
    assert refused.status_code == 401
    assert shared_intake.offset(upload_url) == 256 * 1024
    assert _data_size(shared_intake, upload_url) == 256 * 1024
    # The rightful device continues from there and the package arrives intact.
    offset = 256 * 1024
    while offset < len(payload):
        response = shared_intake.patch(upload_url, offset, payload[offset : offset + 256 * 1024])
        assert response.status_code == 204
        offset = int(response.headers["upload-offset"])
    _assert_accepted_identical(shared_intake, upload_url, payload)


# --- (2) a killed server keeps file and offset consistent ------------------------


def test_2_server_killed_mid_patch_then_resumed_is_byte_identical(
    intake: IntakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = os.urandom(3 * MIB + 4321)
    package = tmp_path / "pkg.age"
    package.write_bytes(payload)
    upload_url = intake.create(payload)
    assert intake.patch(upload_url, 0, payload[:MIB]).status_code == 204

    hanging = raw_patch_start(intake, upload_url, MIB, MIB, payload[MIB : MIB + 600 * 1024])
    time.sleep(0.5)  # let the server read the part that was sent
    intake.kill()
    hanging.close()

    intake.start()
    assert intake.offset(upload_url) == MIB
    assert _data_size(intake, upload_url) == MIB
    _finish_with_tuspy(intake, upload_url, package, monkeypatch)
    _assert_accepted_identical(intake, upload_url, payload)


def test_2_restart_cuts_stray_bytes_and_finishes_a_complete_upload(
    intake: IntakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = os.urandom(2 * MIB + 99)
    package = tmp_path / "pkg.age"
    package.write_bytes(payload)
    upload_url = intake.create(payload)
    assert intake.patch(upload_url, 0, payload[:MIB]).status_code == 204
    complete = os.urandom(400_000)
    complete_url = intake.create(complete)
    assert intake.patch(complete_url, 0, complete[:1000]).status_code == 204
    intake.kill()

    # What a crash between the append and the offset update leaves: bytes on disk
    # the offset does not count (here deliberately wrong ones).
    with (intake.data / "uploads" / upload_id_of(upload_url)).open("ab") as data:
        data.write(b"\x00" * 777)
    # And as if the server died right after recording a final offset, before the check.
    complete_id = upload_id_of(complete_url)
    with (intake.data / "uploads" / complete_id).open("ab") as data:
        data.write(complete[1000:])
    sidecar = intake.data / "uploads" / f"{complete_id}.info"
    info = json.loads(sidecar.read_text())
    info["offset"] = len(complete)
    sidecar.write_text(json.dumps(info))

    intake.start()
    assert intake.offset(upload_url) == MIB
    assert _data_size(intake, upload_url) == MIB
    _finish_with_tuspy(intake, upload_url, package, monkeypatch)
    _assert_accepted_identical(intake, upload_url, payload)
    _assert_accepted_identical(intake, complete_url, complete)


def test_2_a_patch_refused_midway_leaves_no_buffered_bytes_behind(
    shared_intake: IntakeServer,
) -> None:
    payload = os.urandom(MIB)
    upload_url = shared_intake.create(payload)
    half = len(payload) // 2
    assert shared_intake.patch(upload_url, 0, payload[:half]).status_code == 204
    # A body longer than what is left: tuspyserver buffers its first chunks, then
    # refuses. Those chunks must not reach the file with the next PATCH.
    too_long = shared_intake.patch(upload_url, half, os.urandom(half + 300 * 1024))
    assert too_long.status_code == 400
    assert "longer than what is left" in too_long.json()["detail"]  # refused unread
    assert shared_intake.offset(upload_url) == half
    assert shared_intake.patch(upload_url, half, payload[half:]).status_code == 204
    _assert_accepted_identical(shared_intake, upload_url, payload)


# --- (3) size limits at creation --------------------------------------------------


def test_3_an_over_size_upload_length_is_refused_at_creation(
    shared_intake: IntakeServer,
) -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    before = shared_intake.stored_upload_names()
    with shared_intake.client() as client:
        limit = int(client.options(shared_intake.url).headers["tus-max-size"])
        refused = client.post(
            shared_intake.url,
            headers={"Upload-Length": str(limit + 1), "Upload-Metadata": metadata_header(digest)},
        )
        assert refused.status_code == 413
        assert shared_intake.stored_upload_names() == before
        allowed = client.post(
            shared_intake.url,
            headers={"Upload-Length": str(limit), "Upload-Metadata": metadata_header(digest)},
        )
        assert allowed.status_code == 201


def test_3_a_patch_body_over_the_cap_is_refused_before_it_is_read(
    shared_intake: IntakeServer,
) -> None:
    payload = os.urandom(16 * MIB)
    upload_url = shared_intake.create(payload)
    with shared_intake.client() as client:
        limit = int(client.options(shared_intake.url).headers["max-patch-body"])
    tls = raw_patch_start(shared_intake, upload_url, 0, limit + 1, payload[:65536])
    try:
        answer = tls.recv(4096).decode("latin-1")
    finally:
        tls.close()
    assert answer.startswith("HTTP/1.1 413")
    assert shared_intake.offset(upload_url) == 0
    assert _data_size(shared_intake, upload_url) == 0


# --- (4) chunked PATCH, creation with upload, metadata, expiry --------------------


def test_4_a_chunked_patch_is_refused_and_nothing_is_written(shared_intake: IntakeServer) -> None:
    payload = os.urandom(300_000)
    upload_url = shared_intake.create(payload)

    def body() -> Iterator[bytes]:
        yield payload[:100_000]
        yield payload[100_000:200_000]

    with shared_intake.client() as client:
        response = client.patch(
            upload_url,
            content=body(),
            headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 411
    # Nor can a POST pass for a PATCH (tuspyserver honours this override header).
    with shared_intake.client() as client:
        overridden = client.post(
            upload_url,
            content=payload[:1000],
            headers={
                "X-HTTP-Method-Override": "PATCH",
                "Upload-Offset": "0",
                "Content-Type": "application/offset+octet-stream",
            },
        )
    assert overridden.status_code == 400
    assert shared_intake.offset(upload_url) == 0
    assert _data_size(shared_intake, upload_url) == 0


def test_4_no_upload_can_complete_inside_its_creating_post(shared_intake: IntakeServer) -> None:
    payload = os.urandom(1000)
    digest = hashlib.sha256(payload).hexdigest()
    before = shared_intake.stored_upload_names()
    with shared_intake.client() as client:
        with_body = client.post(
            shared_intake.url,
            content=payload,
            headers={
                "Upload-Length": str(len(payload)),
                "Upload-Metadata": metadata_header(digest),
                "Content-Type": "application/offset+octet-stream",
            },
        )
        empty = client.post(
            shared_intake.url,
            headers={
                "Upload-Length": "0",
                "Upload-Metadata": metadata_header(hashlib.sha256(b"").hexdigest()),
            },
        )
        deferred = client.post(
            shared_intake.url,
            headers={"Upload-Defer-Length": "1", "Upload-Metadata": metadata_header(digest)},
        )
        concatenated = client.post(
            shared_intake.url,
            headers={
                "Upload-Concat": "partial",
                "Upload-Length": "10",
                "Upload-Metadata": metadata_header(digest),
            },
        )
    assert with_body.status_code == 400
    assert empty.status_code == 400
    assert deferred.status_code == 400
    assert concatenated.status_code == 400
    assert shared_intake.stored_upload_names() == before


@pytest.mark.parametrize(
    "metadata",
    [
        f"filetype {b64('application/octet-stream')},sha256 {b64('a' * 64)}",
        f"filename {b64('pkg.age')},sha256 {b64('a' * 64)}",
        f"filename {b64('pkg.age')},filetype {b64('application/octet-stream')}",
        f"filename {b64('pkg.age')},filetype {b64('x')},sha256 {b64('not-hex')}",
    ],
)
def test_4_creation_needs_the_metadata_head_relies_on(
    shared_intake: IntakeServer, metadata: str
) -> None:
    before = shared_intake.stored_upload_names()
    with shared_intake.client() as client:
        response = client.post(
            shared_intake.url,
            headers={"Upload-Length": "100", "Upload-Metadata": metadata},
        )
    assert response.status_code == 422
    assert shared_intake.stored_upload_names() == before


def test_4_expired_uploads_are_swept(shared_intake: IntakeServer) -> None:
    old = shared_intake.create(os.urandom(5000))
    fresh = shared_intake.create(os.urandom(5000))
    sidecar = shared_intake.data / "uploads" / f"{upload_id_of(old)}.info"
    info = json.loads(sidecar.read_text())
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    info["expires"] = email.utils.format_datetime(past, usegmt=True)
    sidecar.write_text(json.dumps(info))

    removed = sweep_expired(IntakeLayout(shared_intake.data))
    assert removed == [upload_id_of(old)]
    with shared_intake.client() as client:
        assert client.head(old).status_code == 404
        assert client.head(fresh).status_code == 200
    assert not isinstance(shared_intake.offset(fresh), httpx.Response)


def test_4_expiry_slides_with_each_patch(shared_intake: IntakeServer) -> None:
    payload = os.urandom(5000)
    upload_url = shared_intake.create(payload)
    sidecar = shared_intake.data / "uploads" / f"{upload_id_of(upload_url)}.info"
    info = json.loads(sidecar.read_text())
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    info["expires"] = email.utils.format_datetime(soon, usegmt=True)
    sidecar.write_text(json.dumps(info))
    assert shared_intake.patch(upload_url, 0, payload[:1000]).status_code == 204
    expires = email.utils.parsedate_to_datetime(json.loads(sidecar.read_text())["expires"])
    assert expires - datetime.datetime.now(datetime.UTC) > datetime.timedelta(days=6)


def test_2_locking_an_upload_drops_chunks_a_refused_patch_left_buffered(tmp_path: Path) -> None:
    """The backstop behind the early refusal above: a PATCH that tuspyserver refuses
    part-way (its own length check, e.g. after a concurrent PATCH) leaves chunks in
    ``LocalFileStorage``'s buffer; the next lock must drop them and cut stray bytes."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    storage = ConsistentFileStorage(uploads, lambda uid: False, keep_for=datetime.timedelta(days=7))
    uid = "a" * 32

    async def scenario() -> bytes:
        await storage.create(uid)
        await storage.write_info(uid, {"size": 10, "offset": 0, "metadata": {}})
        await storage.append(uid, b"stale")  # left behind by the refused PATCH
        (uploads / uid).write_bytes(b"xyz")  # and stray bytes a crash left
        async with storage.lock(uid):
            await storage.append(uid, b"fresh")
            await storage.flush(uid)
        return (uploads / uid).read_bytes()

    assert asyncio.run(scenario()) == b"fresh"
