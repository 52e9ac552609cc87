"""Working copies: an attachment's metadata removed, the original kept as the evidence.

A documenter passes a photo or video on (to the UN, a journalist, a lawyer) without the
place it was taken or the device that took it. ``make_working_copy`` plans a lossless
removal over the sealed original's blob (``strip``, ``pdf_strip``). A plan that keeps
every byte at its offset (videos, TIFF, HEIC) is stored as an overlay: a small blob
naming the original's blob and the replaced bytes, made in one decrypting pass that
hashes the original and the copy (``BlobStore.write_overlay``, blob format version 2);
any other plan is streamed into a new blob. The copy is read again with the same
metadata reader the import uses and refused when a location (or, when the device was to
go, a camera make or model) is still found. Then one transaction stores it as a new
attachment of the same sealed version, ``derived_from`` the original, with the signed
custody event ``working_copy_made`` naming both SHA-256s and exactly what was removed.
The original's row and blob are never written to; its bytes are hashed as they stream
and must match their record. (The original's row can never go while the copy's names
it: ``derived_from`` is a foreign key and sealed attachments are never removed; so an
overlay's base stays as long as the copy does.)

Copies are made of sealed originals only: the seal covers the originals, and a package
can then prove that a copy descends from one of them (``docs/package-format.md``). A
copy is not part of the seal and does not travel into a correction. Vault thread.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core import faces as face_blur
from app.core.attachment_kinds import IS_WORKING_COPY_SQL, WORKING_COPY_MARK
from app.core.custody import Signer, append_event
from app.core.ids import Clock, new_id, utc_timestamp
from app.core.ingest import Attachment, get_attachment
from app.core.metadata import read_metadata
from app.core.pdf_strip import strip_pdf
from app.core.strip import (
    STREAMED_TYPES,
    PlanReader,
    StripError,
    StripOptions,
    in_place_changes,
    plan_strip,
)
from app.core.testimonies import get_testimony
from app.errors import EvidenceVaultError
from app.storage.blobs import BlobStore, BlobWritten
from app.storage.database import Connection, transaction
from app.storage.overlays import overlay_fits

ACTION = "working_copy_made"  # the name packages check (content.WORKING_COPY_ACTION)
TRANSFORMATION_FORMAT = "evidence-vault-working-copy/1"
SUPPORTED_TYPES = STREAMED_TYPES | {"application/pdf"}
# Media types a working copy can be made of and whose originals may carry a location
# or the device: in a package of working copies such an original travels only as a copy.
STRIPPABLE_TYPES = SUPPORTED_TYPES | {"image/avif"}
ALL_METADATA = "all metadata (the photo was re-encoded)"

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class WorkingCopyError(EvidenceVaultError):
    """No working copy was made (the reason says why); the original is untouched."""


@dataclass(frozen=True)
class WorkingCopy:
    original: Attachment
    copy: Attachment
    transformation: dict[str, Any]
    event_hash: str


def transformation(
    options: StripOptions,
    removed: list[str],
    method: str,
    blurred: face_blur.Blurred | None = None,
) -> dict[str, Any]:
    """What the copy is, as the custody event and a package's lineage both state it."""
    change: dict[str, Any] = {
        "format": TRANSFORMATION_FORMAT,
        "requested": options.names() + (["faces"] if blurred is not None else []),
        "method": method,
        "pixels": "unchanged" if blurred is None else "faces-blurred",
        "removed": removed,
    }
    if blurred is not None:
        change["faces"] = {
            "blurred": blurred.faces,
            "regions": blurred.regions,
            "detector": blurred.detector,
        }
    return change


def make_working_copy(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    attachment_id: str,
    options: StripOptions,
    *,
    actor: str,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    blur_faces: bool = False,
) -> WorkingCopy:
    """A working copy of a sealed original (see the module docstring).

    ``blur_faces`` (photos only, with the optional detector installed, see
    ``app/core/faces.py``): the copy is the photo re-encoded with its faces blurred and
    no metadata at all; the event records how many areas were blurred and by what.

    Raises WorkingCopyError (nothing removed, a type without lossless removal, a file
    that does not follow its format, metadata still found in the copy),
    NotFoundError, CancelledError; in every case no copy and no event remain.
    """
    if not (options.strip_location or options.strip_device or blur_faces):
        raise WorkingCopyError(
            "Say what to remove: the location, the device, or both.",
            code="copy.nothing_to_remove",
        )
    original = get_attachment(conn, attachment_id)
    if original.is_working_copy:
        raise WorkingCopyError(
            "This attachment is itself a working copy; make the copy from its original.",
            code="copy.of_a_copy",
        )
    testimony = get_testimony(conn, original.testimony_id)
    if testimony.status != "sealed":
        raise WorkingCopyError(
            "Working copies are made of sealed evidence: seal the testimony first.",
            code="copy.not_sealed",
        )
    if blur_faces and original.media_type not in face_blur.FACE_TYPES:
        raise WorkingCopyError(
            f"Faces can be blurred in JPEG, PNG and WebP photos only, not in {original.media_type}"
            " files (video included); no copy was made.",
            code="copy.faces_unsupported_type",
            params={"type": original.media_type},
        )
    if blur_faces and not face_blur.available():
        raise WorkingCopyError(face_blur.INSTALL_HINT, code="copy.faces_unavailable")
    if original.media_type not in SUPPORTED_TYPES:
        raise WorkingCopyError(
            f"Working copies of {original.media_type} files are not supported: their "
            "metadata cannot be removed without re-encoding, so nothing was made.",
            code="copy.unsupported_type",
            params={"type": original.media_type},
        )
    blurred: face_blur.Blurred | None = None
    if blur_faces:
        written, blurred = _write_blurred(blobs, original, progress, cancel)
        removed, method, original_sha256 = [ALL_METADATA], "re-encoded", blurred.original_sha256
    else:
        written, removed, method, original_sha256 = _write_copy(
            blobs, original, options, progress, cancel
        )
    try:
        if original_sha256 != original.sha256:
            raise WorkingCopyError(
                "The original no longer matches the checksum recorded at import; no copy was "
                "made. Run 'evidence-vault check'.",
                code="copy.original_damaged",
            )
        # A re-encoded photo carries no metadata at all: it is checked for both.
        wanted = StripOptions(strip_location=True, strip_device=True) if blur_faces else options
        info = _check_copy(blobs, written, original, wanted)
        change = transformation(options, removed, method, blurred)
        copy = Attachment(
            id=new_id(),
            testimony_id=testimony.id,
            blob_id=written.blob_id,
            original_name=original.original_name,
            size=written.size,
            sha256=written.sha256,
            media_type=info.media_type,
            imported_at=utc_timestamp(clock),
            metadata={**info.fields, WORKING_COPY_MARK: True},
            has_location=info.has_location,
            metadata_note=info.note,
            derived_from=original.id,
        )
        with transaction(conn):
            conn.execute(
                "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size,"
                " sha256, media_type, imported_at, metadata_json, has_location,"
                " metadata_note, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    copy.id, copy.testimony_id, copy.blob_id, copy.original_name, copy.size,
                    copy.sha256, copy.media_type, copy.imported_at,
                    json.dumps(dict(copy.metadata), sort_keys=True, ensure_ascii=False),
                    int(copy.has_location), copy.metadata_note, copy.derived_from,
                ),
            )  # fmt: skip
            event = append_event(
                conn,
                signer,
                chain_id=testimony.id,
                action=ACTION,
                actor=actor,
                details={
                    "original_attachment_id": original.id,
                    "original_sha256": original.sha256,
                    "copy_attachment_id": copy.id,
                    "copy_sha256": copy.sha256,
                    "copy_size": copy.size,
                    "media_type": copy.media_type,
                    "transformation": change,
                },
                clock=clock,
            )
    except BaseException:
        with contextlib.suppress(Exception):
            recorded = conn.execute(
                "SELECT 1 FROM attachments WHERE blob_id = ? LIMIT 1", (written.blob_id,)
            ).fetchone()
            if recorded is None:
                blobs.delete(written.blob_id)
        raise
    finally:
        blobs.release(written.blob_id)
    return WorkingCopy(original, copy, change, event.event_hash)


def _write_copy(
    blobs: BlobStore,
    original: Attachment,
    options: StripOptions,
    progress: Progress | None,
    cancel: Cancel | None,
) -> tuple[BlobWritten, list[str], str, str]:
    """The copy in a new blob, what was removed, how, and the original's SHA-256."""

    def report(done: int) -> None:
        if progress is not None:
            progress(done, max(original.size, done))

    try:
        with blobs.open(original.blob_id) as source:
            if original.media_type == "application/pdf":
                data, removed, original_sha256 = strip_pdf(source, original.size, options)
                written = blobs.write(io.BytesIO(data), progress=report, cancel=cancel)
                return written, removed, "rewritten-structure", original_sha256
            plan = plan_strip(original.media_type, source, original.size, options)
            changes = in_place_changes(plan.pieces, original.size)
            if changes is not None and overlay_fits(original.size, changes):
                written, original_sha256 = blobs.write_overlay(
                    original.blob_id, changes, progress=report, cancel=cancel
                )
                return written, plan.removed, plan.method, original_sha256
            stream = PlanReader(source, original.size, plan.pieces)  # type: ignore[arg-type]  # a seekable binary reader
            try:
                written = blobs.write(stream, progress=report, cancel=cancel)  # type: ignore[arg-type]  # a raw binary reader
            except BaseException:
                stream.close()  # stops its reading thread
                raise
            try:
                original_sha256 = stream.finish_original()
            except BaseException:
                blobs.delete(written.blob_id)
                blobs.release(written.blob_id)
                raise
            return written, plan.removed, plan.method, original_sha256
    except StripError as error:
        raise WorkingCopyError(str(error), code="copy.cannot_remove") from None


def _write_blurred(
    blobs: BlobStore, original: Attachment, progress: Progress | None, cancel: Cancel | None
) -> tuple[BlobWritten, face_blur.Blurred]:
    """The photo with its faces blurred, re-encoded without metadata, in a new blob."""

    def report(done: int) -> None:
        if progress is not None:
            progress(done, max(original.size, done))

    try:
        with blobs.open(original.blob_id) as source:
            blurred = face_blur.blur_faces(source, original.size, original.media_type)
    except face_blur.FaceBlurError as error:
        raise WorkingCopyError(str(error), code=error.code, params=error.params) from None
    written = blobs.write(io.BytesIO(blurred.data), progress=report, cancel=cancel)
    return written, blurred


def _check_copy(
    blobs: BlobStore, written: BlobWritten, original: Attachment, options: StripOptions
) -> Any:
    """The copy read again as an import reads it; refused when what was to go is there."""
    with blobs.open(written.blob_id) as stored:
        info = read_metadata(
            written.head,
            complete=written.size == len(written.head),
            source=stored,
            size=written.size,
        )
    if info.media_type != original.media_type:
        raise WorkingCopyError(
            "The copy is no longer a file of the original's type; refused.",
            code="copy.cannot_remove",
        )
    if options.strip_location and info.has_location:
        raise WorkingCopyError(
            "The copy still carries a location (or its location could not be ruled out:"
            f" {info.note or 'no reason given'}); it was refused and nothing was kept.",
            code="copy.location_remains",
        )
    if options.strip_device and ("camera_make" in info.fields or "camera_model" in info.fields):
        raise WorkingCopyError(
            "The copy still names the camera; it was refused.", code="copy.camera_remains"
        )
    return info


def working_copies_of(conn: Connection, testimony_id: str) -> dict[str, list[str]]:
    """Original attachment id -> ids of its working copies, oldest first."""
    rows = conn.execute(
        "SELECT derived_from, id FROM attachments WHERE testimony_id = ?"  # noqa: S608 - a fixed predicate
        f" AND {IS_WORKING_COPY_SQL} ORDER BY imported_at, rowid",
        (testimony_id,),
    ).fetchall()
    found: dict[str, list[str]] = {}
    for original, copy in rows:
        found.setdefault(str(original), []).append(str(copy))
    return found
