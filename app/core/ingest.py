"""Importing a media file into a draft testimony, crash-safe.

The order makes every crash harmless: (1) the file is read once, hashed and encrypted
into a blob that is fsynced and renamed into place; (2) only then, in ONE transaction,
the attachment row and its "attachment_imported" custody event are written and
committed. A crash before (2) leaves at most an unreferenced blob or a ``.partial``
file, which unlocking and the integrity check remove and report; a row without its
blob cannot happen. The original file name is stored exactly as given, because it is
evidence, and is shown only through ``for_display``.

Runs on the vault worker thread (it uses the vault's connection); the blob writing
inside it is the long part and reports progress and honours cancel.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.attachment_kinds import is_working_copy
from app.core.custody import DEFAULT_ACTOR, Signer, append_event
from app.core.ids import Clock, new_id, resolve_id, utc_timestamp
from app.core.metadata import read_metadata
from app.core.testimonies import require_draft
from app.errors import EvidenceVaultError, NotFoundError, StorageError
from app.platform import links
from app.platform.files import binary_flags
from app.sanitize import for_display
from app.storage.blobs import BlobStore
from app.storage.database import Connection, transaction

# done, total bytes; total is the size the file had when it was opened.
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

_COLUMNS = (
    "id, testimony_id, blob_id, original_name, size, sha256, media_type, imported_at,"
    " metadata_json, has_location, metadata_note, derived_from"
)


@dataclass(frozen=True)
class Attachment:
    id: str
    testimony_id: str
    blob_id: str
    original_name: str  # untrusted: display through for_display only
    size: int
    sha256: str
    media_type: str
    imported_at: str  # UTC ISO 8601
    metadata: Mapping[str, Any] = field(hash=False)
    has_location: bool
    metadata_note: str | None
    derived_from: str | None = None

    @property
    def display_name(self) -> str:
        return for_display(self.original_name, limit=200)

    @property
    def is_working_copy(self) -> bool:
        return is_working_copy(self.metadata)


def _from_row(row: Any) -> Attachment:
    return Attachment(
        id=row[0],
        testimony_id=row[1],
        blob_id=row[2],
        original_name=row[3],
        size=int(row[4]),
        sha256=row[5],
        media_type=row[6],
        imported_at=row[7],
        metadata=json.loads(row[8]),
        has_location=bool(row[9]),
        metadata_note=row[10],
        derived_from=row[11],
    )


def get_attachment(conn: Connection, attachment_id: str) -> Attachment:
    """The attachment with this id or unique id prefix."""
    full = resolve_id(conn, "attachments", attachment_id)
    row = conn.execute(f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", (full,)).fetchone()  # noqa: S608 - fixed column list
    return _from_row(row)


def list_attachments(conn: Connection, testimony_id: str) -> list[Attachment]:
    """The attachments of one testimony version, in import order."""
    full = resolve_id(conn, "testimonies", testimony_id)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM attachments WHERE testimony_id = ? ORDER BY rowid",  # noqa: S608 - fixed column list
        (full,),
    ).fetchall()
    return [_from_row(row) for row in rows]


def stored_name(path: Path) -> str:
    """The file name as given. Names that are not valid UTF-8 (possible on Linux) keep
    their raw bytes visible as ``\\xNN`` escapes instead of failing the import."""
    raw = os.fsencode(path.name)
    return raw.decode("utf-8", "backslashreplace")


def _open_source(path: Path) -> tuple[Any, int]:
    """The file opened for reading, and its size. Refuses symbolic links (the name the
    user picked must be the file stored) and anything that is not a regular file (a FIFO
    or a device would never end)."""
    kind = links.link_kind(path)  # on Windows also junctions and .lnk shortcuts
    if kind is not None:
        raise EvidenceVaultError(links.link_refusal(kind, "The file to import"))
    flags = os.O_RDONLY | binary_flags() | getattr(os, "O_NOFOLLOW", 0)
    # Non-blocking open: opening a FIFO for reading would otherwise wait for a writer.
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFoundError("The file to import does not exist.") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise EvidenceVaultError(
                "The file to import is a symbolic link; choose the file it points to."
            ) from None
        raise StorageError(f"Cannot open the file to import: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise EvidenceVaultError("Only regular files can be imported.")
        # Reads of a regular file never block; clearing O_NONBLOCK is for POSIX, where it
        # was set (Windows has no O_NONBLOCK, and its set_blocking works on pipes only).
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=0), info.st_size
    except BaseException:
        os.close(fd)
        raise


def import_attachment(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    testimony_id: str,
    source_path: Path,
    *,
    actor: str = DEFAULT_ACTOR,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    clock: Clock | None = None,
) -> Attachment:
    """Store ``source_path`` byte for byte as a new attachment of a draft testimony.

    Raises ImmutableRecordError (sealed testimony), NotFoundError, CancelledError (the
    user cancelled: nothing recorded, no file left), StorageError (disk full or gone:
    nothing recorded). The SHA-256 is of the bytes as read, in the same pass that
    encrypts them.
    """
    testimony = require_draft(conn, resolve_id(conn, "testimonies", testimony_id))
    source_path = Path(source_path)
    name = stored_name(source_path)
    source, total = _open_source(source_path)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, max(total, done))

    with source:
        before = os.fstat(source.fileno())
        written = blobs.write(source, progress=report, cancel=cancel)
        after = os.fstat(source.fileno())
    try:
        # Growth (a recording still being written) is stored as read, a prefix of the
        # file. Anything else that changed the file during the read (it shrank, or its
        # modification time moved at the same size) means the bytes stored may be a mix
        # of two versions: refused, and the blob removed below.
        if (
            written.size < before.st_size
            or after.st_size < before.st_size
            or (after.st_size == before.st_size and after.st_mtime_ns != before.st_mtime_ns)
        ):
            raise EvidenceVaultError(
                "The file changed while it was being imported (it shrank or was"
                " rewritten), so nothing was stored. Please import it again once"
                " nothing is writing to it."
            )
        # The reader may need metadata beyond the head (an Exif item at the end of a
        # HEIC, a moov atom after the video): it reads those ranges from the stored blob.
        with blobs.open(written.blob_id) as stored:
            info = read_metadata(
                written.head,
                complete=written.size == len(written.head),
                source=stored,
                size=written.size,
            )
        attachment = Attachment(
            id=new_id(),
            testimony_id=testimony.id,
            blob_id=written.blob_id,
            original_name=name,
            size=written.size,
            sha256=written.sha256,
            media_type=info.media_type,
            imported_at=utc_timestamp(clock),
            metadata=info.fields,
            has_location=info.has_location,
            metadata_note=info.note,
        )
        with transaction(conn):
            # Checked again inside the transaction: sealing may have happened meanwhile.
            require_draft(conn, testimony.id)
            conn.execute(
                f"INSERT INTO attachments ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 - fixed column list
                (
                    attachment.id,
                    attachment.testimony_id,
                    attachment.blob_id,
                    attachment.original_name,
                    attachment.size,
                    attachment.sha256,
                    attachment.media_type,
                    attachment.imported_at,
                    json.dumps(dict(attachment.metadata), sort_keys=True, ensure_ascii=False),
                    int(attachment.has_location),
                    attachment.metadata_note,
                    None,
                ),
            )
            append_event(
                conn,
                signer,
                chain_id=testimony.id,
                action="attachment_imported",
                actor=actor,
                details={
                    "attachment_id": attachment.id,
                    "sha256": attachment.sha256,
                    "size": attachment.size,
                    "media_type": attachment.media_type,
                    "name": for_display(name, limit=200),
                },
                clock=clock,
            )
    except BaseException:
        # Remove the blob only when the database surely has no row for it: a commit that
        # reported a disk error may still have reached the disk. When in doubt it stays,
        # and the orphan sweep (which reads the database) decides later.
        with contextlib.suppress(Exception):
            recorded = conn.execute(
                "SELECT 1 FROM attachments WHERE blob_id = ? LIMIT 1", (written.blob_id,)
            ).fetchone()
            if recorded is None:
                blobs.delete(written.blob_id)
        raise
    finally:
        blobs.release(written.blob_id)
    return attachment


def remove_attachment(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    attachment_id: str,
    actor: str,
    *,
    clock: Clock | None = None,
) -> Attachment:
    """Remove an attachment from a draft testimony; a sealed one keeps all of its media.

    The custody event names the file's SHA-256 and name, so the log still says what was
    there. The encrypted file is deleted once no other record (a sealed version the draft
    corrects, say) uses it. Raises ImmutableRecordError for a sealed testimony.
    """
    attachment = get_attachment(conn, attachment_id)
    with transaction(conn):
        require_draft(conn, attachment.testimony_id)
        conn.execute("DELETE FROM attachments WHERE id = ?", (attachment.id,))
        append_event(
            conn,
            signer,
            chain_id=attachment.testimony_id,
            action="attachment_removed",
            actor=actor,
            details={
                "attachment_id": attachment.id,
                "sha256": attachment.sha256,
                "name": for_display(attachment.original_name, limit=200),
            },
            clock=clock,
        )
    delete_unused_blobs(conn, blobs, [attachment.blob_id])
    return attachment


def delete_unused_blobs(conn: Connection, blobs: BlobStore, blob_ids: list[str]) -> None:
    """Delete those of ``blob_ids`` that no attachment or package refers to any more.

    Called after the commit that dropped the references: a crash before it leaves an
    orphan, which the integrity check's sweep removes later; never a record without media.
    """
    for blob_id in dict.fromkeys(blob_ids):
        used = conn.execute(
            "SELECT 1 FROM attachments WHERE blob_id = ?"
            " UNION ALL SELECT 1 FROM packages WHERE blob_id = ? LIMIT 1",
            (blob_id, blob_id),
        ).fetchone()
        if used is None:
            # The records are already gone; a file that cannot be removed now is an
            # orphan the integrity check's sweep removes later.
            with contextlib.suppress(StorageError):
                blobs.delete(blob_id)
