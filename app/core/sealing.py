"""Sealing: turning a draft testimony version into an immutable, signed version.

``seal_testimony`` checks the consent (``consent_policy``), re-reads every attachment
from the vault and refuses to seal when a blob no longer matches the SHA-256 recorded
at import (damaged evidence is never sealed), then in one transaction marks the version
sealed and appends the signed custody event "sealed" whose details carry
``content_sha256`` (``package.content``): the digest of the record and of its media.
That event closes the version: the database refuses later edits (ImmutableRecordError)
and a correction (``testimonies.start_correction``) is a new draft version, sealed again
in its turn. Runs on the vault thread; the media re-read takes progress and cancel
callbacks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core import custody
from app.core.attachment_kinds import IS_WORKING_COPY_SQL
from app.core.consent_policy import check_can_seal
from app.core.custody import Signer
from app.core.ids import Clock, resolve_id, utc_timestamp
from app.core.records import Testimony, testimony_to_json
from app.core.testimonies import get_testimony, mark_sealed, record_sha256, require_draft
from app.errors import CancelledError, EvidenceVaultError
from app.formats.package.content import content_digest
from app.storage.blobs import BlobStore
from app.storage.database import Connection, transaction

Progress = Callable[[int], None]
Cancel = Callable[[], bool]
_READ = 1024 * 1024


class DamagedMediaError(EvidenceVaultError):
    """A stored attachment does not match the checksum recorded when it was imported."""


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    blob_id: str
    original_name: str
    size: int
    sha256: str
    media_type: str
    imported_at: str
    metadata: dict[str, Any]
    has_location: bool
    metadata_note: str | None
    derived_from: str | None


@dataclass(frozen=True)
class SealResult:
    testimony_id: str
    version: int
    sealed_at: str
    content_sha256: str
    attachments: int
    event_hash: str


def attachments_of(
    conn: Connection, testimony_id: str, *, working_copies: bool = False
) -> list[AttachmentRow]:
    """The original attachments of one version (what the seal covers), in import order;
    with ``working_copies`` only the copies made of them instead."""
    # Working copies are made after sealing and are not part of the sealed content.
    rows = conn.execute(
        "SELECT id, blob_id, original_name, size, sha256, media_type, imported_at,"  # noqa: S608 - a fixed predicate
        " metadata_json, has_location, metadata_note, derived_from"
        f" FROM attachments WHERE testimony_id = ? AND ({IS_WORKING_COPY_SQL}) = ?"
        " ORDER BY imported_at, rowid",
        (testimony_id, int(working_copies)),
    ).fetchall()
    result = []
    for row in rows:
        try:
            metadata = json.loads(row[7])
        except json.JSONDecodeError:
            metadata = {}
        result.append(
            AttachmentRow(
                id=row[0],
                blob_id=row[1],
                original_name=row[2],
                size=int(row[3]),
                sha256=row[4],
                media_type=row[5],
                imported_at=row[6],
                metadata=metadata if isinstance(metadata, dict) else {},
                has_location=bool(row[8]),
                metadata_note=row[9],
                derived_from=row[10],
            )
        )
    return result


def sealed_content_sha256(testimony: Testimony, attachments: list[AttachmentRow]) -> str:
    return content_digest(testimony_to_json(testimony), [a.sha256 for a in attachments])


def check_media(
    blobs: BlobStore,
    attachments: list[AttachmentRow],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Re-hash every attachment from its blob; DamagedMediaError at the first mismatch."""
    done = 0
    for attachment in attachments:
        digest = hashlib.sha256()
        size = 0
        with blobs.open(attachment.blob_id) as reader:
            while chunk := reader.read(_READ):
                if cancel is not None and cancel():
                    raise CancelledError("Sealing was cancelled; nothing was changed.")
                digest.update(chunk)
                size += len(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done)
        if size != attachment.size or digest.hexdigest() != attachment.sha256:
            raise DamagedMediaError(
                f"Attachment {attachment.id} no longer matches the checksum recorded at import; "
                "the testimony was not sealed. Run 'evidence-vault check'."
            )


def seal_testimony(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    testimony_id: str,
    actor: str,
    *,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SealResult:
    """Seal the draft ``testimony_id`` (id or unique prefix); see the module docstring."""
    full_id = resolve_id(conn, "testimonies", testimony_id)
    draft = require_draft(conn, full_id)
    check_can_seal(conn, draft)
    # The media re-read is long; it runs before the transaction, which then re-checks
    # that the version is still a draft with the same attachments.
    attachments = attachments_of(conn, full_id)
    check_media(blobs, attachments, progress=progress, cancel=cancel)
    with transaction(conn):
        current = require_draft(conn, full_id)
        if current != draft or attachments_of(conn, full_id) != attachments:
            raise EvidenceVaultError(
                "The testimony changed while it was being sealed; try again.",
                code="seal.changed_meanwhile",
            )
        sealed_at = utc_timestamp(clock)
        sealed = mark_sealed(conn, full_id, sealed_at)
        digest = sealed_content_sha256(sealed, attachments)
        event = custody.append_event(
            conn,
            signer,
            chain_id=full_id,
            action="sealed",
            actor=actor,
            details={
                "content_sha256": digest,
                "record_sha256": record_sha256(sealed),
                "version": sealed.version,
                "parent_id": sealed.parent_id,
                "attachments": len(attachments),
                "seal_format": "evidence-vault-seal/1",
            },
            clock=clock,
        )
    return SealResult(
        testimony_id=full_id,
        version=sealed.version,
        sealed_at=sealed_at,
        content_sha256=digest,
        attachments=len(attachments),
        event_hash=event.event_hash,
    )


def require_sealed(conn: Connection, testimony_id: str) -> Testimony:
    testimony = get_testimony(conn, testimony_id)
    if testimony.status != "sealed":
        raise EvidenceVaultError(
            f"Testimony {testimony.id} is a draft; seal it before exporting it.",
            code="export.not_sealed",
        )
    return testimony
