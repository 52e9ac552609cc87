"""Attachment use cases: import files into a draft, remove one, read one back, make a
working copy of a sealed one.

Runs on the thread that owns the session; imports report progress through a plain
callback and stop when ``cancel`` says so.
"""

from __future__ import annotations

from pathlib import Path

from app.core import ingest, working_copies
from app.core.ingest import Attachment, Cancel, Progress
from app.core.strip import StripOptions
from app.core.working_copies import WorkingCopy
from app.errors import CancelledError
from app.fsutil import atomic_writer
from app.platform import private
from app.services.session import Session
from app.storage.blobs import MediaReader


def attach(
    session: Session,
    testimony_id: str,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Attachment:
    """Store one file byte for byte as an attachment of a draft (its SHA-256 as read)."""
    return ingest.import_attachment(
        session.connection,
        session.blobs,
        session.device,
        testimony_id,
        path,
        actor=session.actor,
        progress=progress,
        cancel=cancel,
    )


def remove(session: Session, attachment_id: str) -> Attachment:
    """Remove an attachment from a draft (refused for a sealed testimony)."""
    return ingest.remove_attachment(
        session.connection, session.blobs, session.device, attachment_id, session.actor
    )


def list_of(session: Session, testimony_id: str) -> list[Attachment]:
    return ingest.list_attachments(session.connection, testimony_id)


def open_media(session: Session, blob_id: str) -> MediaReader:
    """A stream of an attachment's plaintext, decrypted as it is read."""
    return session.blobs.open(blob_id)


READ_SIZE = 1024 * 1024


def read_small(session: Session, blob_id: str, limit: int) -> bytes | None:
    """An attachment's plaintext in memory for display, or None when larger than ``limit``."""
    with open_media(session, blob_id) as reader:
        data = bytearray()
        while len(data) <= limit:
            chunk = reader.read(READ_SIZE)
            if not chunk:
                return bytes(data)
            data += chunk
        return None


def export_decrypted_copy(
    session: Session, blob_id: str, destination: Path, *, cancel: Cancel | None = None
) -> int:
    """Write an attachment's plaintext to ``destination``, a place the person chose after
    being warned that it leaves the vault unencrypted. Returns the bytes written.

    A file the drive cannot hold (over 4 GiB on FAT32: a long phone video) is refused
    before a byte of it is written."""
    written = 0
    with open_media(session, blob_id) as reader:
        if reader.size is not None:
            private.check_fits(destination.parent, reader.size)
        with atomic_writer(destination) as handle:
            while chunk := reader.read(READ_SIZE):
                if cancel is not None and cancel():
                    raise CancelledError("Cancelled.")
                handle.write(chunk)
                written += len(chunk)
    return written


def derive(
    session: Session,
    attachment_id: str,
    *,
    strip_location: bool,
    strip_device: bool,
    blur_faces: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> WorkingCopy:
    """A working copy of a sealed original without its location and/or device metadata,
    linked to it and recorded in the custody log (the original is never changed)."""
    return working_copies.make_working_copy(
        session.connection,
        session.blobs,
        session.device,
        attachment_id,
        StripOptions(strip_location=strip_location, strip_device=strip_device),
        actor=session.actor,
        progress=progress,
        cancel=cancel,
        blur_faces=blur_faces,
    )
