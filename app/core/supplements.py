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
    PACKAGE_EXTENSION,
    ExportResult,
    _Prepared,
    _record_export,
    _write,
    new_package_id,
    read_back,
    resolve_recipients,
)
from app.core.ids import Clock, utc_timestamp
from app.core.sealing import require_sealed
from app.core.testimonies import consent_withdrawn
from app.core.timestamps import SUPPLEMENT_KIND, supplement_content
from app.crypto.signing import DeviceIdentity
from app.errors import ConsentError, EvidenceVaultError, StorageError
from app.formats.package.pipe import run_through_pipe
from app.fsutil import PARTIAL_SUFFIX, atomic_writer
from app.storage.blobs import BlobStore, BlobWritten
from app.storage.database import Connection


def _prepare(conn: Connection, testimony_id: str, clock: Clock | None) -> _Prepared:
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
    content = supplement_content(conn, testimony.id, package_id=package_id,
                                 created_at=created_at)
    return _Prepared(testimony.id, SUPPLEMENT_KIND, content, [platform], created_at)


def keep_supplement(
    conn: Connection, blobs: BlobStore, device: DeviceIdentity, testimony_id: str,
    actor: str, *, clock: Clock | None = None,
) -> ExportResult:
    """A supplement sealed into the vault for the sync outbox."""
    prepared = _prepare(conn, testimony_id, clock)
    stored: list[BlobWritten] = []
    written = run_through_pipe(
        lambda pipe: _write(pipe, prepared, device, None, None),
        lambda pipe: stored.append(blobs.write(pipe)),  # type: ignore[arg-type]  # the pipe is a binary reader
    )
    blob = stored[0]
    try:
        if (blob.size, blob.sha256) != (written.size, written.sha256):
            raise StorageError("The package stored in the vault differs from what was written.")
        _record_export(
            conn, device, prepared.testimony_id, prepared.kind, written, prepared.recipients,
            actor, clock, blob_id=blob.blob_id, destination="vault",
        )  # fmt: skip
    except BaseException:
        blobs.delete(blob.blob_id)
        raise
    finally:
        blobs.release(blob.blob_id)
    return ExportResult(
        written.package_id, prepared.testimony_id, prepared.kind, blobs.path_of(blob.blob_id),
        written.size, written.sha256, tuple(prepared.recipients),
    )  # fmt: skip


def export_supplement(
    conn: Connection, device: DeviceIdentity, testimony_id: str, destination: Path,
    actor: str, *, clock: Clock | None = None,
) -> ExportResult:
    """A supplement written to a folder (a stick), read back, and logged."""
    if not destination.is_dir():
        raise StorageError("The export folder does not exist (is the stick mounted?).")
    prepared = _prepare(conn, testimony_id, clock)
    path = destination / (prepared.content.package_id + PACKAGE_EXTENSION)
    if path.exists() or path.with_name(path.name + PARTIAL_SUFFIX).exists():
        raise StorageError("A file of that name already exists in the export folder.")
    with atomic_writer(path) as handle:
        written = _write(handle, prepared, device, None, None)
    try:
        read_back(path, written, len(prepared.recipients))
        _record_export(
            conn, device, prepared.testimony_id, prepared.kind, written, prepared.recipients,
            actor, clock, blob_id=None, destination="folder",
        )  # fmt: skip
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportResult(
        written.package_id, prepared.testimony_id, prepared.kind, path, written.size,
        written.sha256, tuple(prepared.recipients),
    )  # fmt: skip
