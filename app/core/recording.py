"""Audio recording straight into the vault, crash-safe to within a few seconds.

The encoder's bytes (ADTS AAC here: self-delimiting frames, so byte series join cleanly)
arrive on an audio thread. :class:`SegmentWriter` gathers them and, every
``flush_seconds``, encrypts what it holds into a new blob (the blob store writes
``.partial``, fsyncs, renames): at no moment does plaintext audio touch the disk. Each
stored segment is then registered in ``recording_segments`` on the vault thread
(:func:`add_segment`). When recording stops, :func:`finish` joins the segments, in one
streaming pass, into a single blob and an attachment row with its custody event, and
removes the segments. After a crash, :func:`recover_interrupted` (called at unlock) does
the same for every recording that never finished, so the interview is kept up to the
last segment registered before the crash.

Threads: :class:`SegmentWriter` runs on the audio thread and touches only the blob store;
every other function needs the vault's connection and runs on the vault thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from app.core import custody
from app.core.ids import new_id, utc_timestamp
from app.errors import ConsentError, ImmutableRecordError, NotFoundError, StorageError
from app.storage.blobs import BlobStore, BlobWritten
from app.storage.database import Connection, transaction

DEFAULT_FLUSH_SECONDS = 2.0
# A segment never holds more than this much audio in memory, whatever the bitrate.
MAX_SEGMENT_BYTES = 4 << 20
READ_SIZE = 64 * 1024
MEDIA_TYPES = frozenset({"audio/aac", "audio/flac", "audio/wav", "audio/ogg"})
ACTOR = custody.DEFAULT_ACTOR


@dataclass(frozen=True)
class SegmentStored:
    recording_id: str
    position: int
    blob: BlobWritten


@dataclass(frozen=True)
class RecordingFinished:
    recording_id: str
    attachment_id: str
    testimony_id: str
    size: int
    sha256: str
    segments: int


class SegmentWriter:
    """Turns a byte stream into encrypted segments every ``flush_seconds``.

    ``on_segment`` is called on the writing thread after each segment's blob is on disk;
    it must register the segment (directly on the vault thread, or by handing it over).
    """

    def __init__(
        self,
        blobs: BlobStore,
        recording_id: str,
        on_segment: Callable[[SegmentStored], None],
        *,
        flush_seconds: float = DEFAULT_FLUSH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        first_position: int = 0,
    ) -> None:
        self._blobs = blobs
        self._recording_id = recording_id
        self._on_segment = on_segment
        self._flush_seconds = flush_seconds
        self._clock = clock
        self._buffer = bytearray()
        self._since = clock()
        self._position = first_position
        self._lock = threading.Lock()
        self.bytes_received = 0
        self.bytes_stored = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._buffer += data
            self.bytes_received += len(data)
            due = self._clock() - self._since >= self._flush_seconds
            if due or len(self._buffer) >= MAX_SEGMENT_BYTES:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        self._since = self._clock()
        if not self._buffer:
            return
        data = bytes(self._buffer)
        self._buffer.clear()
        blob = self._blobs.write(io.BytesIO(data))
        stored = SegmentStored(self._recording_id, self._position, blob)
        self._position += 1
        self.bytes_stored += blob.size
        self._on_segment(stored)

    @property
    def segments(self) -> int:
        return self._position


def pump(source: BinaryIO, writer: SegmentWriter, *, read_size: int = READ_SIZE) -> int:
    """Copy ``source`` (the read end of the encoder's pipe) into ``writer`` until EOF.

    Returns the bytes copied; the last partial segment is flushed at EOF.
    """
    total = 0
    while True:
        chunk = source.read(read_size)
        if not chunk:
            break
        writer.write(chunk)
        total += len(chunk)
    writer.flush()
    return total


# -- vault thread ------------------------------------------------------------------------


def _has_tables(conn: Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'recording_segments'"
    ).fetchone()
    return bool(row[0])


def begin(
    conn: Connection, testimony_id: str, *, media_type: str = "audio/aac", name: str = ""
) -> str:
    """Start a recording for a draft testimony whose consent allows audio recording."""
    if media_type not in MEDIA_TYPES:
        raise ValueError(f"not a recording media type: {media_type}")
    row = conn.execute(
        "SELECT status, consent_audio_recording, consent_withdrawn_at FROM testimonies "
        "WHERE id = ?",
        (testimony_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("The testimony to record for does not exist.")
    status, audio_consent, withdrawn = row
    if status != "draft":
        raise ImmutableRecordError(
            "A sealed testimony cannot get a new recording.", code="immutable.sealed_recording"
        )
    if not audio_consent or withdrawn is not None:
        raise ConsentError(
            "The person interviewed has not agreed to audio recording.", code="consent.no_audio"
        )
    recording_id = new_id()
    started = utc_timestamp()
    extension = {"audio/aac": "aac", "audio/flac": "flac", "audio/wav": "wav"}.get(
        media_type, "ogg"
    )
    with transaction(conn):
        conn.execute(
            "INSERT INTO recordings (id, testimony_id, media_type, original_name, started_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                recording_id,
                testimony_id,
                media_type,
                name or f"interview-{started[:19].replace(':', '-')}.{extension}",
                started,
            ),
        )
    return recording_id


def add_segment(conn: Connection, blobs: BlobStore, segment: SegmentStored) -> None:
    """Register a stored segment; from this commit on, a crash keeps it."""
    blob = segment.blob
    with transaction(conn):
        conn.execute(
            "INSERT INTO recording_segments (recording_id, position, blob_id, size, sha256) "
            "VALUES (?, ?, ?, ?, ?)",
            (segment.recording_id, segment.position, blob.blob_id, blob.size, blob.sha256),
        )
    blobs.release(blob.blob_id)


class _JoinedReader(io.RawIOBase):
    """Reads the segments one after another as one stream (for a single blob write)."""

    def __init__(self, blobs: BlobStore, blob_ids: Iterable[str]) -> None:
        super().__init__()
        self._blobs = blobs
        self._pending = list(blob_ids)
        self._current: Any = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            if self._current is None:
                if not self._pending:
                    return 0
                self._current = self._blobs.open(self._pending.pop(0))
            count = int(self._current.readinto(view))
            if count:
                return count
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        super().close()


def _segments(conn: Connection, recording_id: str) -> list[tuple[str, int, str]]:
    rows = conn.execute(
        "SELECT blob_id, size, sha256 FROM recording_segments WHERE recording_id = ? "
        "ORDER BY position",
        (recording_id,),
    ).fetchall()
    return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]


def _drop(conn: Connection, blobs: BlobStore, recording_id: str, segments: list[str]) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM recording_segments WHERE recording_id = ?", (recording_id,))
        conn.execute("DELETE FROM recordings WHERE id = ?", (recording_id,))
    for blob_id in segments:
        with contextlib.suppress(StorageError):
            blobs.delete(blob_id)


def finish(
    conn: Connection,
    blobs: BlobStore,
    signer: custody.Signer,
    recording_id: str,
    *,
    actor: str = ACTOR,
) -> RecordingFinished | None:
    """Join the segments into one attachment; None when nothing was recorded."""
    row = conn.execute(
        "SELECT testimony_id, media_type, original_name FROM recordings WHERE id = ?",
        (recording_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("No such recording in progress.")
    testimony_id, media_type, name = str(row[0]), str(row[1]), str(row[2])
    segments = _segments(conn, recording_id)
    if not segments:
        _drop(conn, blobs, recording_id, [])
        return None
    reader = io.BufferedReader(
        _JoinedReader(blobs, [blob_id for blob_id, _size, _sha in segments]), READ_SIZE
    )
    with reader:
        joined = blobs.write(reader)
    attachment_id = new_id()
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size, "
                "sha256, media_type, imported_at, metadata_json, has_location, metadata_note, "
                "derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL)",
                (
                    attachment_id,
                    testimony_id,
                    joined.blob_id,
                    name,
                    joined.size,
                    joined.sha256,
                    media_type,
                    utc_timestamp(),
                    json.dumps({"source": "recording", "segments": len(segments)}),
                ),
            )
            custody.append_event(
                conn,
                signer,
                chain_id=testimony_id,
                # The same event an imported file gets, so the custody log reads alike.
                action="attachment_imported",
                actor=actor,
                details={
                    "attachment_id": attachment_id,
                    "sha256": joined.sha256,
                    "size": joined.size,
                    "media_type": media_type,
                    "name": name,
                    "source": "recording",
                },
            )
    finally:
        blobs.release(joined.blob_id)
    _drop(conn, blobs, recording_id, [blob_id for blob_id, _size, _sha in segments])
    return RecordingFinished(
        recording_id, attachment_id, testimony_id, joined.size, joined.sha256, len(segments)
    )


def recover_interrupted(
    conn: Connection, blobs: BlobStore, signer: custody.Signer, *, actor: str = ACTOR
) -> list[RecordingFinished]:
    """Finish every recording a crash interrupted (call once, right after unlocking)."""
    if not _has_tables(conn):
        return []
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM recordings ORDER BY started_at")]
    finished = []
    for recording_id in ids:
        result = finish(conn, blobs, signer, recording_id, actor=actor)
        if result is not None:
            finished.append(result)
    return finished


def joined_sha256(chunks: Iterable[bytes]) -> str:
    """SHA-256 of the concatenation (what a finished recording's attachment must hash to)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
