"""Exporting sealed testimony versions as packages into a folder (a USB stick).

For each version: the consent policy decides whether it may go to these recipients and
whether the person's identifying details travel; the package is streamed from the vault
into ``<folder>/<package id>.age.partial``, fsynced, renamed to ``<package id>.age`` and
the folder fsynced, so a stick pulled at any moment holds either a whole package or a
file whose name says it is unfinished. Then the file is read back from the device
(the page cache dropped where the OS allows) and its SHA-256 compared with what was
written, and its age header parsed: the documenter normally holds no recipient identity,
so this is the strongest check possible on their side. Last, one transaction records
the package row and the signed custody event "exported" (package id, SHA-256, size,
recipient fingerprints, destination kind; never the path).

File names are a random package id and ``.age``: the extension says only what the
first bytes say anyway (``age-encryption.org/v1``), is shared with every other age user,
and lets the platform's tools recognise the file; it names neither this program nor
evidence. Runs on the vault thread (the database work) and may take minutes for large
media; progress and cancel are plain callbacks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.core import custody
from app.core.consent_policy import check_can_export
from app.core.export_content import ORIGINALS, testimony_content, withdrawal_content
from app.core.ids import Clock, utc_timestamp
from app.core.sealing import require_sealed
from app.core.settings import PLATFORM_RECIPIENT, get_setting
from app.crypto.age import X25519Recipient
from app.crypto.age.header import parse_header
from app.crypto.signing import NAMESPACE_PACKAGE, DeviceIdentity
from app.errors import EvidenceVaultError, FormatError, StorageError
from app.formats.package.pipe import run_through_pipe
from app.formats.package.tarstream import Writable
from app.formats.package.writer import (
    PackageContent,
    PackageWritten,
    write_package,
)
from app.fsutil import PARTIAL_SUFFIX, atomic_writer
from app.platform import private
from app.storage.blobs import BlobStore, BlobWritten
from app.storage.database import Connection, transaction

PACKAGE_EXTENSION = ".age"
Progress = Callable[[int], None]
Cancel = Callable[[], bool]
_READ = 4 * 1024 * 1024


@dataclass(frozen=True)
class ExportResult:
    package_id: str
    testimony_id: str
    kind: str
    path: Path
    size: int
    sha256: str
    recipients: tuple[str, ...]
    media: str = ORIGINALS  # originals or working-copies


def recipient_fingerprint(recipient: str) -> str:
    """A short, stable name for a recipient key in custody details and listings."""
    return "age:" + hashlib.sha256(recipient.encode("ascii")).hexdigest()[:16]


def new_package_id() -> str:
    return secrets.token_hex(16)


def _epoch(timestamp: str) -> int:
    moment = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return int(moment.timestamp())


def _drop_cache(handle: BinaryIO) -> None:
    # So the read-back comes from the device, not from memory, where the OS allows it.
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def read_back(path: Path, written: PackageWritten, recipients: int) -> None:
    """Re-read the file: same size and SHA-256 as written, and an age header that parses."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle, ThreadPoolExecutor(1) as reader:
            _drop_cache(handle)
            header = parse_header(handle)
            handle.seek(0)
            # The next block is read while this one is hashed (both release the GIL).
            future = reader.submit(handle.read, _READ)
            while chunk := future.result():
                future = reader.submit(handle.read, _READ)
                digest.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise StorageError(f"Cannot read back the exported package: {error.strerror}") from None
    except FormatError:
        raise StorageError("The exported package does not read back as an age file.") from None
    if size != written.size or digest.hexdigest() != written.sha256:
        raise StorageError(
            "The exported package does not read back as written; the medium may be failing."
        )
    if len(header.stanzas) != recipients:
        raise StorageError("The exported package's header does not list every recipient.")


def resolve_recipients(conn: Connection, extra: Sequence[str]) -> tuple[str | None, list[str]]:
    """(platform recipient or None, other recipients), validated and without repeats."""
    platform = get_setting(conn, PLATFORM_RECIPIENT)
    others: list[str] = []
    for text in extra:
        value = str(X25519Recipient.parse(text.strip()))
        if value != platform and value not in others:
            others.append(value)
    if platform is None and not others:
        raise EvidenceVaultError(
            "No recipient: set the platform's key once ('settings set platform-recipient "
            "age1...') or give --recipient.",
            code="export.no_recipient",
        )
    return platform, others


def earlier_recipients(conn: Connection, testimony_id: str) -> list[str]:
    """The recipients of every testimony package made of any version of this testimony."""
    rows = conn.execute(
        "SELECT p.recipients_json FROM packages p JOIN testimonies t ON t.id = p.testimony_id"
        " WHERE p.kind = 'testimony' AND t.root_id ="
        " (SELECT root_id FROM testimonies WHERE id = ?) ORDER BY p.created_at, p.id",
        (testimony_id,),
    ).fetchall()
    found: list[str] = []
    for (recipients_json,) in rows:
        for recipient in json.loads(recipients_json):
            if isinstance(recipient, str) and recipient not in found:
                found.append(recipient)
    return found


@dataclass(frozen=True)
class PreparedPackage:
    """What one package will hold and for whom, checked and ready to be written."""

    testimony_id: str
    kind: str
    content: PackageContent
    recipients: list[str]
    created_at: str
    media: str = ORIGINALS  # originals or working-copies

    @property
    def media_bytes(self) -> int:
        """The attachment bytes the package streams (what its progress counts)."""
        return sum(attachment.size for attachment in self.content.attachments)


def prepare_package(
    conn: Connection,
    blobs: BlobStore,
    testimony_id: str,
    extra_recipients: Sequence[str],
    *,
    withdrawal_notice: bool,
    clock: Clock | None,
    media: str = ORIGINALS,
    include_platform: bool = True,
) -> PreparedPackage:
    """Checks (sealed, recipients, consent) and the content of one package."""
    testimony = require_sealed(conn, testimony_id)
    platform, others = resolve_recipients(conn, extra_recipients)
    if not include_platform:
        # A package for onward recipients only (say, their working copies while the
        # platform receives the originals in a package of its own).
        platform = None
        if not others:
            raise EvidenceVaultError(
                "No recipient: a package without the platform needs --recipient.",
                code="export.no_other_recipient",
            )
    package_id = new_package_id()
    created_at = utc_timestamp(clock)
    if withdrawal_notice:
        content = withdrawal_content(
            conn, testimony.id, package_id=package_id, created_at=created_at
        )
        kind = "withdrawal-notice"
        # Everyone who received a package of any version must learn of the withdrawal.
        for recipient in earlier_recipients(conn, testimony.id):
            if recipient != platform and recipient not in others:
                others.append(recipient)
    else:
        permission = check_can_export(
            conn, testimony, to_platform=platform is not None, other_recipients=len(others)
        )
        content = testimony_content(
            conn, blobs, testimony.id, permission,
            package_id=package_id, created_at=created_at, media=media,
        )  # fmt: skip
        kind = "testimony"
    recipients = ([platform] if platform else []) + others
    return PreparedPackage(testimony.id, kind, content, recipients, created_at, media)


def _write(
    destination: Writable,
    prepared: PreparedPackage,
    device: DeviceIdentity,
    progress: Progress | None,
    cancel: Cancel | None,
) -> PackageWritten:
    return write_package(
        destination,
        prepared.content,
        [X25519Recipient.parse(r) for r in prepared.recipients],
        signer=device,
        signer_public_line=device.public_key.openssh(),
        namespace=NAMESPACE_PACKAGE,
        mtime=_epoch(prepared.created_at),
        progress=progress,
        cancel=cancel,
    )


def _size_from_above(prepared: PreparedPackage) -> int:
    """The package's size, estimated from above before it is written: its content plus
    tar headers (512 bytes a member, 1 KiB at the end), age's 16 bytes per 64 KiB chunk
    and 64 KiB to spare, so a volume too small refuses before gigabytes are copied."""
    content = prepared.content
    size = sum(a.size for a in content.attachments) + sum(
        len(data) for data in content.documents.values()
    )
    size += size // 4096 + 512 * (len(content.attachments) + len(content.documents) + 16)
    return size + 64 * 1024


def export_package(
    conn: Connection,
    blobs: BlobStore,
    device: DeviceIdentity,
    testimony_id: str,
    destination: Path,
    extra_recipients: Sequence[str],
    actor: str,
    *,
    withdrawal_notice: bool = False,
    media: str = ORIGINALS,
    include_platform: bool = True,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Write one package of ``testimony_id`` into the folder ``destination``."""
    prepared = prepare_package(
        conn, blobs, testimony_id, extra_recipients,
        withdrawal_notice=withdrawal_notice, clock=clock, media=media,
        include_platform=include_platform,
    )  # fmt: skip
    return write_to_folder(
        conn, device, prepared, destination, actor, clock=clock, progress=progress, cancel=cancel
    )


def write_to_folder(
    conn: Connection,
    device: DeviceIdentity,
    prepared: PreparedPackage,
    destination: Path,
    actor: str,
    *,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Write a prepared package into ``destination``, read it back, and log it.

    The one road out to a folder for every kind of package (testimony, withdrawal
    notice, timestamp supplement): the file exists only if its custody event does.
    """
    if not destination.is_dir():
        raise StorageError("The export folder does not exist (is the stick mounted?).")
    path = destination / (prepared.content.package_id + PACKAGE_EXTENSION)
    if path.exists() or path.with_name(path.name + PARTIAL_SUFFIX).exists():
        raise StorageError("A file of that name already exists in the export folder.")
    private.check_fits(destination, _size_from_above(prepared))
    with atomic_writer(path) as handle:
        written = _write(handle, prepared, device, progress, cancel)
    try:
        read_back(path, written, len(prepared.recipients))
        _record_export(
            conn, device, prepared.testimony_id, prepared.kind, written, prepared.recipients,
            actor, clock, blob_id=None, destination="folder",
        )  # fmt: skip
    except BaseException:
        # Without its custody event the file must not exist: an export is an event.
        path.unlink(missing_ok=True)
        raise
    return ExportResult(
        written.package_id, prepared.testimony_id, prepared.kind, path, written.size,
        written.sha256, tuple(prepared.recipients), prepared.media,
    )  # fmt: skip


def keep_package(
    conn: Connection,
    blobs: BlobStore,
    device: DeviceIdentity,
    testimony_id: str,
    extra_recipients: Sequence[str],
    actor: str,
    *,
    withdrawal_notice: bool = False,
    media: str = ORIGINALS,
    include_platform: bool = True,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Seal a package into the vault itself (a blob), for the sync outbox to upload.

    The same package as :func:`export_package` writes, streamed through a bounded pipe
    into the blob store: no file outside the vault. ``path`` of the result is the blob
    file inside the vault; the row's ``blob_id`` names it.
    """
    prepared = prepare_package(
        conn, blobs, testimony_id, extra_recipients,
        withdrawal_notice=withdrawal_notice, clock=clock, media=media,
        include_platform=include_platform,
    )  # fmt: skip
    return keep_in_vault(
        conn, blobs, device, prepared, actor, clock=clock, progress=progress, cancel=cancel
    )


def keep_in_vault(
    conn: Connection,
    blobs: BlobStore,
    device: DeviceIdentity,
    prepared: PreparedPackage,
    actor: str,
    *,
    clock: Clock | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Stream a prepared package into a blob, check what was stored, and log it.

    The one road into the sync outbox for every kind of package: the blob is kept only
    if it holds exactly what was written and its custody event was recorded.
    """
    stored: list[BlobWritten] = []
    written = run_through_pipe(
        lambda pipe: _write(pipe, prepared, device, progress, cancel),
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
        written.size, written.sha256, tuple(prepared.recipients), prepared.media,
    )  # fmt: skip


def _record_export(
    conn: Connection,
    device: DeviceIdentity,
    testimony_id: str,
    kind: str,
    written: PackageWritten,
    recipients: list[str],
    actor: str,
    clock: Clock | None,
    *,
    blob_id: str | None,
    destination: str,
) -> None:
    package_id = written.package_id
    with transaction(conn):
        conn.execute(
            "INSERT INTO packages (id, testimony_id, origin, kind, blob_id, size, sha256,"
            " recipients_json, signer_fingerprint, created_at, verification_json)"
            " VALUES (?, ?, 'local', ?, ?, ?, ?, ?, ?, ?, NULL)",
            (
                package_id,
                testimony_id,
                kind,
                blob_id,
                written.size,
                written.sha256,
                json.dumps(recipients),
                device.fingerprint,
                utc_timestamp(clock),
            ),
        )
        custody.append_event(
            conn,
            device,
            chain_id=testimony_id,
            action="exported",
            actor=actor,
            details={
                "package_id": package_id,
                "package_sha256": written.sha256,
                "size": written.size,
                "kind": kind,
                "recipients": [recipient_fingerprint(r) for r in recipients],
                "destination": destination,
            },
            clock=clock,
        )
