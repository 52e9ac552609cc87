"""Recording an interview into the vault: begin, store each segment as it arrives, finish.

Segments are complete encrypted blobs written every few seconds, so a crash loses at
most the last one; unlocking finishes an interrupted recording (see the session). The
blob store is handed to the audio thread on purpose: it is made for writes from any
thread and never touches the database.
"""

from __future__ import annotations

from app.core import recording
from app.core.recording import RecordingFinished, SegmentStored
from app.services.session import Session
from app.storage.blobs import BlobStore


def begin(session: Session, testimony_id: str, media_type: str) -> tuple[str, BlobStore]:
    """A new recording of a draft (refused without consent to audio recording)."""
    recording_id = recording.begin(session.connection, testimony_id, media_type=media_type)
    return recording_id, session.blobs


def add_segment(session: Session, segment: SegmentStored) -> None:
    recording.add_segment(session.connection, session.blobs, segment)


def finish(session: Session, recording_id: str) -> RecordingFinished | None:
    """Join the segments into one attachment; None when nothing was recorded."""
    return recording.finish(
        session.connection, session.blobs, session.device, recording_id, actor=session.actor
    )
