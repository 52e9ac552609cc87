"""The coordinator's side: importing packages from a documenter's stick, keeping them in
the vault as opaque sealed items, forwarding the very same bytes, and verifying them when
this vault holds a recipient identity.

An imported package is stored as a blob (the age file, encrypted once more under this
vault's media key) with its SHA-256 and size; a second import of the same bytes is
recognised by the SHA-256 and not stored twice. Forwarding copies the stored bytes to a
folder (``.partial``, fsync, rename, read back and compare the SHA-256) or leaves them to
the sync outbox, which reads them through :func:`open_package`. A coordinator who is not
a recipient can do all of this without ever seeing the content. When this vault holds
recipient identities (``keys new-recipient --keep``) or the caller gives some, each
import is verified and the report stored with the row. Imports and forwards are events
in the vault's custody chain. Runs on the vault thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core import custody
from app.core.consent_policy import check_package_may_leave
from app.core.custody import Signer
from app.core.export import PACKAGE_EXTENSION, new_package_id
from app.core.ids import utc_timestamp
from app.core.settings import read_value, write_value
from app.crypto.age import X25519Identity, parse_identities
from app.crypto.age.header import parse_header
from app.crypto.signing import SigningPublicKey
from app.errors import EvidenceVaultError, FormatError, NotFoundError, StorageError
from app.formats.package.verify import VerificationReport, verify_package
from app.fsutil import PARTIAL_SUFFIX, atomic_writer
from app.platform import private
from app.platform.files import binary_flags
from app.storage.blobs import BlobStore
from app.storage.database import Connection, transaction

# Kept in the settings table under a name the settings command does not know, so it is
# never listed or printed; the database is encrypted like everything else in the vault.
_IDENTITIES_KEY = "recipient-identities"
_READ = 1024 * 1024
MAX_IMPORT_FILES = 10_000


@dataclass(frozen=True)
class PackageRow:
    id: str
    testimony_id: str | None
    origin: str
    kind: str
    blob_id: str | None
    size: int
    sha256: str
    recipients: tuple[str, ...]
    signer_fingerprint: str | None
    created_at: str
    verification: dict[str, Any] | None

    @property
    def package_id(self) -> str:
        """The id the package itself carries (its bag and the documenter's export name it);
        for a package sealed here it is the row's id. Unknown (the row's id) until a
        verification could open it."""
        carried = (self.verification or {}).get("package_id")
        return carried if isinstance(carried, str) and carried else self.id

    @property
    def known_testimony_id(self) -> str | None:
        """The testimony the package holds: this vault's, or what its verification read."""
        if self.testimony_id is not None:
            return self.testimony_id
        carried = (self.verification or {}).get("testimony_id")
        return carried if isinstance(carried, str) and carried else None


@dataclass(frozen=True)
class ImportResult:
    row_id: str
    source_name: str
    sha256: str
    size: int
    duplicate: bool
    verification: dict[str, Any] | None


_COLUMNS = (
    "id, testimony_id, origin, kind, blob_id, size, sha256, recipients_json,"
    " signer_fingerprint, created_at, verification_json"
)


def _row(row: Sequence[Any]) -> PackageRow:
    return PackageRow(
        id=row[0],
        testimony_id=row[1],
        origin=row[2],
        kind=row[3],
        blob_id=row[4],
        size=int(row[5]),
        sha256=row[6],
        recipients=tuple(json.loads(row[7])),
        signer_fingerprint=row[8],
        created_at=row[9],
        verification=None if row[10] is None else json.loads(row[10]),
    )


def list_packages(conn: Connection) -> list[PackageRow]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM packages ORDER BY created_at, id").fetchall()  # noqa: S608 - fixed column list
    return [_row(row) for row in rows]


def get_package(conn: Connection, prefix: str) -> PackageRow:
    """The package whose local id, or whose own id (the one its bag carries and its
    documenter's export printed), starts with ``prefix``."""
    wanted = prefix.strip().lower()
    if len(wanted) < 6 or not all(c in "0123456789abcdef-" for c in wanted):
        raise NotFoundError("A package id needs at least six hexadecimal digits.")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM packages WHERE (id >= ? AND id < ?)"  # noqa: S608 - fixed column list
        " OR (verification_json IS NOT NULL"
        " AND json_extract(verification_json, '$.package_id') >= ?"
        " AND json_extract(verification_json, '$.package_id') < ?) ORDER BY id LIMIT 2",
        (wanted, wanted + "~", wanted, wanted + "~"),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"No package has an id starting with {wanted}.")
    if len(rows) > 1:
        raise NotFoundError(f"Several packages start with {wanted}; type more digits.")
    return _row(rows[0])


# --- recipient identities kept in the vault ----------------------------------------------


def recipient_identities(conn: Connection) -> list[X25519Identity]:
    text = read_value(conn, _IDENTITIES_KEY)
    return [] if text is None else parse_identities(text)


def keep_recipient_identity(
    conn: Connection, signer: Signer, identity: X25519Identity, actor: str
) -> None:
    """Keep ``identity`` in the vault so imports can be verified here."""
    kept = recipient_identities(conn)
    if any(str(k.recipient) == str(identity.recipient) for k in kept):
        return
    text = "\n".join(str(k) for k in [*kept, identity]) + "\n"
    with transaction(conn):
        write_value(conn, _IDENTITIES_KEY, text)
        custody.append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="key_changed",
            actor=actor,
            details={"recipient_identity_kept": str(identity.recipient)},
        )


# --- import ------------------------------------------------------------------------------


def package_files(paths: Sequence[Path]) -> list[Path]:
    """The package files named, or found directly inside the folders named.

    ``.partial`` files (an interrupted copy) are skipped; so are hidden files.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if p.is_file() and not p.is_symlink())
            found += [
                p
                for p in children
                if p.name.endswith(PACKAGE_EXTENSION) and not p.name.startswith(".")
            ]
        elif path.name.endswith(PARTIAL_SUFFIX):
            raise EvidenceVaultError("That file is an unfinished copy (.partial); not imported.")
        else:
            found.append(path)
        if len(found) > MAX_IMPORT_FILES:
            raise EvidenceVaultError("Too many files to import at once.")
    return found


def awaiting_trust(report: dict[str, Any] | None) -> bool:
    """Every check but trust passed, and trust failed only because no trusted signers
    were given: kept, but neither forwarded nor synced until verified with them."""
    return (
        report is not None
        and report.get("failed_check") == "trust"
        and "seal" in report.get("passed", ())
        and not report.get("signer_trusted")
    )


def may_leave(row: PackageRow) -> bool:
    """Whether an imported package may be forwarded or synced: opaque (this vault cannot
    look into it; the platform's intake decides) or verified with every check passed."""
    if row.origin != "imported" or row.verification is None:
        return True
    return row.verification.get("ok") is True


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading only when it is a regular file (a FIFO or device given
    as a package would block or never end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | binary_flags())
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FormatError(f"{path.name[:80]} is not a regular file; not imported.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def open_package(blobs: BlobStore, row: PackageRow) -> Callable[[], BinaryIO]:
    """An opener of the package's age bytes as stored in the vault (for verify and sync)."""
    if row.blob_id is None:
        raise NotFoundError(
            "This package was written only to a folder and is not kept in the vault; "
            "export the testimony again."
        )
    blob_id = row.blob_id

    def opener() -> BinaryIO:
        return blobs.open(blob_id)  # type: ignore[return-value]  # PayloadReader is a binary reader

    return opener


def import_package(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    path: Path,
    actor: str,
    *,
    identities: Sequence[X25519Identity] = (),
    trusted: Sequence[SigningPublicKey] | None = None,
) -> ImportResult:
    """Store one package file in the vault; verify it when an identity is available.

    A package that an identity here opens and that fails verification is refused (not
    stored; ``FormatError`` names the check). One no identity here opens is kept opaque
    (``verification`` None). One whose only failure is that no trusted signers were
    given is kept with its report, and may leave only once verified with them."""
    try:
        opened = _open_regular(path)
    except OSError as error:
        raise StorageError(f"Cannot read {path.name[:80]}: {error.strerror}") from None
    try:
        with opened as handle:
            parse_header(handle)  # an age file at least; the content stays opaque
            handle.seek(0)
            written = blobs.write(handle)
    except FormatError:
        raise FormatError(f"{path.name[:80]} is not an age-encrypted package.") from None
    except OSError as error:
        raise StorageError(f"Cannot read {path.name[:80]}: {error.strerror}") from None
    try:
        existing = conn.execute(
            "SELECT id, verification_json FROM packages WHERE sha256 = ?", (written.sha256,)
        ).fetchone()
        if existing is not None:
            blobs.delete(written.blob_id)
            report = None if existing[1] is None else json.loads(existing[1])
            return ImportResult(existing[0], path.name, written.sha256, written.size, True, report)
        all_identities = [*identities, *recipient_identities(conn)]
        verification: VerificationReport | None = None
        if all_identities:
            verification = verify_package(
                lambda: blobs.open(written.blob_id),  # type: ignore[arg-type,return-value]  # PayloadReader is a binary reader
                all_identities,
                trusted,
            )
            pending = trusted is None and awaiting_trust(verification.to_json())
            if not verification.opened:
                verification = None  # not for any identity here: opaque, as without one
            elif not verification.ok and not pending:
                raise FormatError(
                    f"{path.name[:80]} failed verification ({verification.failed_check}): "
                    f"{verification.message[:200]} Not imported."
                )
        row_id = new_package_id()
        report_json = None if verification is None else verification.to_json()
        with transaction(conn):
            conn.execute(
                "INSERT INTO packages (id, testimony_id, origin, kind, blob_id, size, sha256,"
                " recipients_json, signer_fingerprint, created_at, verification_json)"
                " VALUES (?, NULL, 'imported', ?, ?, ?, ?, '[]', ?, ?, ?)",
                (
                    row_id,
                    (verification.kind if verification and verification.kind else "unknown"),
                    written.blob_id,
                    written.size,
                    written.sha256,
                    None if verification is None else verification.signer_fingerprint,
                    utc_timestamp(),
                    None if report_json is None else json.dumps(report_json, sort_keys=True),
                ),
            )
            custody.append_event(
                conn,
                signer,
                chain_id=custody.VAULT_CHAIN,
                action="package_imported",
                actor=actor,
                details={
                    "package_row": row_id,
                    "package_sha256": written.sha256,
                    "size": written.size,
                    "verified": (
                        "not-a-recipient"
                        if verification is None
                        else ("passed" if verification.ok else verification.failed_check)
                    ),
                },
            )
    except BaseException:
        if (
            conn.execute("SELECT 1 FROM packages WHERE blob_id = ?", (written.blob_id,)).fetchone()
            is None
        ):
            blobs.delete(written.blob_id)
        raise
    finally:
        blobs.release(written.blob_id)
    return ImportResult(row_id, path.name, written.sha256, written.size, False, report_json)


def verify_stored_package(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    row_id: str,
    actor: str,
    *,
    identities: Sequence[X25519Identity] = (),
    trusted: Sequence[SigningPublicKey] | None = None,
) -> PackageRow:
    """Verify a package kept in the vault again (the trusted signers may be known now, or
    a recipient identity kept since) and record the new report and its result."""
    row = get_package(conn, row_id)
    all_identities = [*identities, *recipient_identities(conn)]
    if not all_identities:
        raise EvidenceVaultError(
            "No recipient identity to open the package with: give --identity, or keep one "
            "in the vault when importing."
        )
    report = verify_package(open_package(blobs, row), all_identities, trusted)
    if not report.opened:
        raise EvidenceVaultError(
            "None of the identities given opens this package; nothing was recorded."
        )
    report_json = report.to_json()
    with transaction(conn):
        conn.execute(
            "UPDATE packages SET verification_json = ?, signer_fingerprint = ?,"
            " kind = CASE WHEN origin = 'imported' THEN ? ELSE kind END WHERE id = ?",
            (
                json.dumps(report_json, sort_keys=True),
                report.signer_fingerprint or row.signer_fingerprint,
                report.kind or row.kind,
                row.id,
            ),
        )
        custody.append_event(
            conn,
            signer,
            chain_id=row.testimony_id or custody.VAULT_CHAIN,
            action="package_verified",
            actor=actor,
            details={
                "package_row": row.id,
                "package_sha256": row.sha256,
                "verified": "passed" if report.ok else report.failed_check,
                "signer_trusted": report.signer_trusted,
            },
        )
    return get_package(conn, row.id)


# --- forwarding --------------------------------------------------------------------------


def forward_package(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    row_id: str,
    destination: Path,
    actor: str,
) -> Path:
    """Copy the stored package bytes unchanged into ``destination`` (a folder)."""
    row = get_package(conn, row_id)
    check_package_may_leave(conn, row.id)
    if not may_leave(row):
        if awaiting_trust(row.verification):
            raise EvidenceVaultError(
                "This package was not yet verified against trusted signers; run 'package "
                "verify ID --trusted-signers FILE' first."
            )
        raise EvidenceVaultError(
            "This package failed verification "
            f"({(row.verification or {}).get('failed_check')}); it is not forwarded."
        )
    if not destination.is_dir():
        raise StorageError("The export folder does not exist (is the stick mounted?).")
    target = destination / (row.package_id + PACKAGE_EXTENSION)
    if target.exists():
        raise StorageError("A file of that name already exists in the export folder.")
    private.check_fits(destination, row.size)  # FAT32 holds no file over 4 GiB
    opener = open_package(blobs, row)
    digest = hashlib.sha256()
    with atomic_writer(target) as handle, opener() as source:
        while chunk := source.read(_READ):
            digest.update(chunk)
            handle.write(chunk)
        if digest.hexdigest() != row.sha256:
            raise StorageError("The stored package no longer matches its checksum.")
    check = hashlib.sha256()
    with target.open("rb") as handle:
        while chunk := handle.read(_READ):
            check.update(chunk)
    if check.hexdigest() != row.sha256:
        target.unlink(missing_ok=True)
        raise StorageError("The forwarded copy does not read back as written.")
    with transaction(conn):
        custody.append_event(
            conn,
            signer,
            chain_id=row.testimony_id or custody.VAULT_CHAIN,
            action="exported",
            actor=actor,
            details={
                "package_row": row.id,
                "package_sha256": row.sha256,
                "size": row.size,
                "destination": "folder",
                "forwarded": True,
            },
        )
    return target
