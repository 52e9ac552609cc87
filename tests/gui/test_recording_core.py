"""Recording into the vault (app/core/recording.py), without Qt: segments, joining,
consent, and a recording cut by SIGKILL that unlocking turns into an attachment."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import cases, custody, ingest, recording, records, testimonies
from app.core.custody import DEFAULT_ACTOR
from app.crypto.kdf import FLOOR
from app.errors import ConsentError
from app.storage.vault import Vault
from tests.campaigns.per_system import hard_kill

from .recording_child import CHUNK, chunk

PASSPHRASE = "quiet river under seven bridges"
ROOT = Path(__file__).resolve().parents[2]


def _testimony(vault: Vault, *, audio: bool) -> str:
    conn = vault.connection
    case = cases.add_case(
        conn, vault.device, records.parse_case_input({"title": "c"}), DEFAULT_ACTOR
    )
    data = records.parse_testimony_input(
        {
            "person": {"code": "P-1", "role": "witness"},
            "consent": {
                "interview": True,
                "audio_recording": audio,
                "share_with_platform": True,
                "share_onward": False,
                "be_named": False,
                "recontact": False,
                "given_at": "2024-03-01T10:15:00Z",
                "method": "oral",
            },
            "narrative": "",
        }
    )
    return testimonies.add_testimony(conn, vault.device, case.id, data, DEFAULT_ACTOR).id


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    created, _key = Vault.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    yield created
    created.lock()


def _read_all(vault: Vault, blob_id: str) -> bytes:
    reader = vault.blobs.open(blob_id)
    try:
        return reader.read()
    finally:
        reader.close()


def test_segments_join_into_one_attachment(vault: Vault) -> None:
    testimony_id = _testimony(vault, audio=True)
    conn = vault.connection
    recording_id = recording.begin(conn, testimony_id, media_type="audio/aac")
    ticks = iter(range(1000))
    writer = recording.SegmentWriter(
        vault.blobs,
        recording_id,
        lambda segment: recording.add_segment(conn, vault.blobs, segment),
        flush_seconds=2.0,
        clock=lambda: float(next(ticks)),
    )
    pieces = [os.urandom(size) for size in (1, 5000, 0, 70_000, 123)]
    source = io.BytesIO(b"".join(pieces))
    assert recording.pump(source, writer, read_size=3000) == sum(map(len, pieces))
    assert writer.segments >= 2  # flushed along the way, not only at the end
    finished = recording.finish(conn, vault.blobs, vault.device, recording_id)
    assert finished is not None
    expected = b"".join(pieces)
    assert finished.sha256 == hashlib.sha256(expected).hexdigest()
    [attachment] = ingest.list_attachments(conn, testimony_id)
    assert attachment.sha256 == finished.sha256 and attachment.media_type == "audio/aac"
    assert _read_all(vault, attachment.blob_id) == expected
    # The segments are gone: only the joined blob remains referenced and on disk.
    assert conn.execute("SELECT count(*) FROM recording_segments").fetchone()[0] == 0
    assert set(vault.blobs.iter_blob_ids()) == {attachment.blob_id}
    actions = [event.action for event in custody.events(conn, testimony_id)]
    assert actions[-1] == "attachment_imported"


def test_recording_needs_audio_consent(vault: Vault) -> None:
    testimony_id = _testimony(vault, audio=False)
    with pytest.raises(ConsentError):
        recording.begin(vault.connection, testimony_id)


def test_empty_recording_leaves_nothing(vault: Vault) -> None:
    testimony_id = _testimony(vault, audio=True)
    recording_id = recording.begin(vault.connection, testimony_id)
    assert recording.finish(vault.connection, vault.blobs, vault.device, recording_id) is None
    assert ingest.list_attachments(vault.connection, testimony_id) == []


def test_killed_recording_is_recovered_up_to_the_last_segment(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    created, _key = Vault.create(folder, PASSPHRASE, params=FLOOR)
    testimony_id = _testimony(created, audio=True)
    created.lock()

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.recording_child"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{folder}\n{PASSPHRASE}\n{testimony_id}\n")
    child.stdin.close()
    announced = 0
    while announced < 6:
        line = child.stdout.readline()
        assert line, "the recording child ended early"
        announced = int(line.split()[1])
    hard_kill(child)  # SIGKILL; TerminateProcess on Windows
    child.wait()

    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        [finished] = recording.recover_interrupted(vault.connection, vault.blobs, vault.device)
        assert finished.testimony_id == testimony_id
        assert finished.segments >= announced
        [attachment] = ingest.list_attachments(vault.connection, testimony_id)
        audio = _read_all(vault, attachment.blob_id)
        # Everything registered before the kill is there, in order, and nothing else.
        assert len(audio) == finished.segments * CHUNK
        assert audio == b"".join(chunk(i) for i in range(finished.segments))
        assert recording.recover_interrupted(vault.connection, vault.blobs, vault.device) == []
    finally:
        vault.lock()
