"""Timestamp supplements: delivering trusted timestamps of versions already sent.

A version's package may leave before its token arrives (the authority was unreachable,
or the token was asked for later). The supplement is a small package of its own kind
(``timestamp-supplement``): the version's custody log and ``timestamps.txt``, no record
and no media, signed and encrypted to the platform like every package, so the token
reaches the platform by the same road and the same checks (docs/package-format.md,
"Trusted timestamps"). It is written with the export's own machinery (one pass, read
back, a package row and an ``exported`` custody event). Runs on the vault thread.
"""

from __future__ import annotations

from pathlib import Path

from app.core.export import (
    ExportResult,
    PreparedPackage,
    keep_in_vault,
    new_package_id,
    resolve_recipients,
    write_to_folder,
)
from app.core.ids import Clock, utc_timestamp
from app.core.sealing import require_sealed
from app.core.testimonies import consent_withdrawn
from app.core.timestamps import SUPPLEMENT_KIND, supplement_content
from app.crypto.signing import DeviceIdentity
from app.errors import ConsentError, EvidenceVaultError
from app.storage.blobs import BlobStore
from app.storage.database import Connection


def _prepare(conn: Connection, testimony_id: str, clock: Clock | None) -> PreparedPackage:
    testimony = require_sealed(conn, testimony_id)
    if consent_withdrawn(conn, testimony.id):
        raise ConsentError(
            "Consent was withdrawn; only the withdrawal notice may leave.",
            code="consent.withdrawn_after_sealing",
        )
    platform, _others = resolve_recipients(conn, [])
    if platform is None:
        raise EvidenceVaultError("No platform key is set; a supplement goes to the platform.")
    package_id = new_package_id()
    created_at = utc_timestamp(clock)
    content = supplement_content(conn, testimony.id, package_id=package_id, created_at=created_at)
    return PreparedPackage(testimony.id, SUPPLEMENT_KIND, content, [platform], created_at)


def keep_supplement(
    conn: Connection,
    blobs: BlobStore,
    device: DeviceIdentity,
    testimony_id: str,
    actor: str,
    *,
    clock: Clock | None = None,
) -> ExportResult:
    """A supplement sealed into the vault for the sync outbox."""
    prepared = _prepare(conn, testimony_id, clock)
    return keep_in_vault(conn, blobs, device, prepared, actor, clock=clock)


def export_supplement(
    conn: Connection,
    device: DeviceIdentity,
    testimony_id: str,
    destination: Path,
    actor: str,
    *,
    clock: Clock | None = None,
) -> ExportResult:
    """A supplement written to a folder (a stick), read back, and logged."""
    prepared = _prepare(conn, testimony_id, clock)
    return write_to_folder(conn, device, prepared, destination, actor, clock=clock)
