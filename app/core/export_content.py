"""What a package carries, built from the vault: documents in memory, media as streams.

``testimony_content`` gathers the record, the person (identifying details only when the
consent allows), consent and withdrawals, attachment metadata and the custody chain, and
points each attachment at its vault blob so the writer streams it; ``withdrawal_content``
builds the notice that may still be sent after consent was withdrawn. The consent
decision itself is made by the caller (``consent_policy``). Vault thread.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, BinaryIO

from app.core import custody, timestamps
from app.core.consent_policy import ExportPermission
from app.core.custody import CustodyEvent
from app.core.persons import get_person
from app.core.records import person_to_json, testimony_to_json
from app.core.sealing import AttachmentRow, attachments_of
from app.core.testimonies import consent_withdrawals, get_testimony
from app.errors import EvidenceVaultError
from app.formats.package import bag
from app.formats.package.content import ATTACHMENTS_FORMAT, WORKING_COPY_ACTION
from app.formats.package.writer import AttachmentSource, PackageContent
from app.formats.timestamps import tag_file as timestamp_tag_file
from app.sanitize import for_display
from app.storage.blobs import BlobStore
from app.storage.database import Connection


def _json_bytes(value: Any) -> bytes:
    # Readable for a person opening the file in court; sorted for stable bytes.
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


ORIGINALS = "originals"
WORKING_COPIES = "working-copies"
# Originals of these types may carry a location or name the device; in a package of
# working copies they travel only as copies (the others, text or audio, as they are).
_NEEDS_A_COPY = frozenset({
    "image/jpeg", "image/png", "image/webp", "image/tiff", "image/heic", "image/heif",
    "image/avif", "video/mp4", "video/quicktime", "application/pdf",
})  # fmt: skip


def _choose_media(
    conn: Connection, testimony_id: str, chain: Sequence[CustodyEvent]
) -> tuple[list[AttachmentRow], dict[str, dict[str, Any]]]:
    """For a package of working copies: each original replaced by its latest working
    copy, and the lineage of each copy (keyed by the copy's id)."""
    originals = attachments_of(conn, testimony_id)
    copies = attachments_of(conn, testimony_id, working_copies=True)
    latest = {row.derived_from: row for row in copies}  # in creation order: the last wins
    made = {
        event.details.get("copy_attachment_id"): event
        for event in chain
        if event.action == WORKING_COPY_ACTION
    }
    chosen: list[AttachmentRow] = []
    lineage: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for original in originals:
        copy = latest.get(original.id)
        if copy is None:
            if original.has_location or original.media_type in _NEEDS_A_COPY:
                missing.append(original.original_name)
            chosen.append(original)
            continue
        event = made.get(copy.id)
        if event is None:
            raise EvidenceVaultError(
                f"The working copy {copy.id} has no custody event; run 'evidence-vault check'.",
                code="export.copy_without_event",
            )
        chosen.append(copy)
        lineage[copy.id] = {
            "original_id": original.id,
            "original_sha256": original.sha256,
            "custody_event_hash": event.event_hash,
            "transformation": event.details.get("transformation"),
        }
    if missing:
        names = ", ".join(for_display(name, limit=60) for name in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise EvidenceVaultError(
            f"No working copy yet of {names}{more}: make one ('attachment derive ID"
            " --strip-location --strip-device', or 'Make a working copy…' in the window),"
            " or choose to send the originals.",
            code="export.no_working_copy",
            params={"names": names + more},
        )
    return chosen, lineage


def _attachment_sources(
    blobs: BlobStore,
    attachments: Sequence[AttachmentRow],
    lineage: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[AttachmentSource], list[dict[str, Any]]]:
    sources: list[AttachmentSource] = []
    entries: list[dict[str, Any]] = []
    for index, row in enumerate(attachments, start=1):
        path = "data/attachments/" + bag.safe_file_name(row.original_name, index)
        blob_id = row.blob_id

        def opener(blob_id: str = blob_id) -> BinaryIO:
            return blobs.open(blob_id)  # type: ignore[return-value]  # PayloadReader is a binary reader

        sources.append(AttachmentSource(path, row.size, row.sha256, opener))
        entries.append(
            {
                "id": row.id,
                "path": path,
                "original_name": row.original_name,
                "size": row.size,
                "sha256": row.sha256,
                "media_type": row.media_type,
                "imported_at": row.imported_at,
                "metadata": row.metadata,
                "has_location": row.has_location,
                "metadata_note": row.metadata_note,
                "derived_from": row.derived_from,
            }
        )
        if lineage is not None and row.id in lineage:
            entries[-1]["working_copy"] = lineage[row.id]
    return sources, entries


def testimony_content(
    conn: Connection,
    blobs: BlobStore,
    testimony_id: str,
    permission: ExportPermission,
    *,
    package_id: str,
    created_at: str,
    media: str = ORIGINALS,
) -> PackageContent:
    """Everything a testimony package carries, built from the vault (media as streams).

    ``media`` is ``originals`` (the sealed files) or ``working-copies``: each original's
    latest working copy with its lineage, refused while an original that may carry a
    location or the device has no copy yet."""
    testimony = get_testimony(conn, testimony_id)
    record = testimony_to_json(testimony)
    person = person_to_json(
        get_person(conn, testimony.person_id), include_identifying=permission.include_identity
    )
    chain = custody.events(conn, testimony.id)
    if media == WORKING_COPIES:
        attachments, lineage = _choose_media(conn, testimony.id, chain)
    elif media == ORIGINALS:
        attachments, lineage = attachments_of(conn, testimony.id), {}
    else:
        raise ValueError(f"unknown media choice {media!r}")
    sources, entries = _attachment_sources(blobs, attachments, lineage)
    withdrawals = [w.__dict__ for w in consent_withdrawals(conn, testimony.id)]
    documents = {
        "data/testimony.json": _json_bytes(record),
        "data/person.json": _json_bytes(person),
        "data/consent.json": _json_bytes(
            {"consent": record["consent"], "withdrawals": withdrawals}
        ),
        "data/attachments.json": _json_bytes(
            {"format": ATTACHMENTS_FORMAT, "attachments": entries}
        ),
        "data/custody.jsonl": custody.to_jsonl(chain),
    }
    info = [
        ("Package-Kind", "testimony"),
        ("Testimony-Id", testimony.id),
        ("Testimony-Version", str(testimony.version)),
        ("Testimony-Parent", testimony.parent_id or "none"),
        ("Person-Identified", "yes" if permission.include_identity else "no"),
        ("Custody-Last-Hash", chain[-1].event_hash if chain else "none"),
    ]
    if lineage:
        info.append(("Working-Copies", str(len(lineage))))
    proofs = timestamps.proofs_for(conn, testimony.id)
    extra = [(bag.TIMESTAMPS, timestamp_tag_file(proofs))] if proofs else []
    return PackageContent(package_id, created_at, documents, sources, info, extra)


def withdrawal_content(
    conn: Connection, testimony_id: str, *, package_id: str, created_at: str
) -> PackageContent:
    """A withdrawal notice: which testimony, when consent was withdrawn, its custody log.

    It carries no testimony content and no media, so it may be sent after a withdrawal.
    """
    testimony = get_testimony(conn, testimony_id)
    withdrawals = [w.__dict__ for w in consent_withdrawals(conn, testimony.id)]
    if not withdrawals and testimony.consent.withdrawn_at is None:
        raise EvidenceVaultError("Consent was not withdrawn; there is no notice to send.")
    chain = custody.events(conn, testimony.id)
    documents = {
        "data/withdrawal.json": _json_bytes(
            {
                "format": "evidence-vault-withdrawal/1",
                "testimony_id": testimony.id,
                "version": testimony.version,
                "parent_id": testimony.parent_id,
                "withdrawn_at_in_record": testimony.consent.withdrawn_at,
                "withdrawals": withdrawals,
            }
        ),
        "data/custody.jsonl": custody.to_jsonl(chain),
    }
    info = [
        ("Package-Kind", "withdrawal-notice"),
        ("Testimony-Id", testimony.id),
        ("Testimony-Version", str(testimony.version)),
        ("Custody-Last-Hash", chain[-1].event_hash if chain else "none"),
    ]
    return PackageContent(package_id, created_at, documents, [], info)
