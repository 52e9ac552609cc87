"""The integrity check: is everything in the vault still what was saved?

It checks, in order: the database file page by page (SQLCipher's HMAC on every page,
then SQLite's own structure check), every attachment's blob (present, authentic,
decrypting to the recorded size and SHA-256; a working copy stored as an overlay is read
through its original, which must be there, be the blob its original's row names and
still hash as recorded), and every custody chain (links, hashes, signatures). Damage
is reported by what it hits (an attachment id and its name, a database page, a custody
chain), never repaired silently.

Leftovers of interrupted imports (``.partial`` files, blobs no row refers to) are not
damage: the caller removes them and lists them as cleaned, but only when
:attr:`CheckReport.orphans_decidable` (the database and the attachment records read
cleanly), so a damaged database can never make evidence look like an orphan.
Runs on the vault worker thread; it reads every blob, so it reports progress.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlcipher3

from app.core.custody import events, verify_all
from app.crypto.signing import SigningPublicKey
from app.errors import EvidenceVaultError
from app.sanitize import for_display
from app.storage.blobs import BlobStore
from app.storage.database import EXPECTED_PRAGMAS, Connection, read_pragmas

READ_SIZE = 1024 * 1024
# Problems of one kind beyond this many are summarised: a wrecked disk should give a
# readable report, not a million lines.
MAX_LINES_PER_KIND = 200

Progress = Callable[[int, int], None]  # blobs checked, blobs in total

_PAGE = re.compile(r"page (\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    # Whether media files without a record may be judged orphans and removed: only when
    # the database and the attachment records were read without damage.
    orphans_decidable: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def check_vault(
    conn: Connection,
    blobs: BlobStore,
    device_key: SigningPublicKey,
    *,
    progress: Progress | None = None,
) -> CheckReport:
    """Check the whole vault; see the module docstring for what is checked."""
    problems: list[str] = []
    database_ok = _check_database(conn, problems)
    attachments_ok = _check_attachments(conn, blobs, problems, progress)
    if attachments_ok:
        _check_overlay_bases(conn, blobs, problems)
    try:
        problems.extend(verify_all(conn, [device_key])[:MAX_LINES_PER_KIND])
    except (sqlcipher3.DatabaseError, EvidenceVaultError) as error:
        problems.append(f"The custody log could not be read: {_reason(error)}")
    _check_triggers(conn, problems)
    _check_sealed_versions(conn, problems)
    decidable = database_ok and attachments_ok
    if not decidable:
        problems.append(
            "Media files without a record were kept, not removed, because the database "
            "is damaged; they may belong to records that can no longer be read."
        )
    return CheckReport(problems, [], decidable)


# The database's own guards of what is final: without them a sealed record or the
# custody log could be changed by any statement.
REQUIRED_TRIGGERS = (
    "custody_events_append_only_update",
    "custody_events_append_only_delete",
    "consent_withdrawals_append_only_update",
    "consent_withdrawals_append_only_delete",
    "testimonies_sealed_immutable",
    "incidents_sealed_no_insert",
    "incidents_sealed_no_update",
)


def _check_triggers(conn: Connection, problems: list[str]) -> None:
    try:
        present = {
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The database's guards could not be read: {_reason(error)}")
        return
    for name in REQUIRED_TRIGGERS:
        if name not in present:
            problems.append(
                f"The database guard {name} is missing: sealed records or the custody log "
                "are no longer protected against change."
            )


def _check_sealed_versions(conn: Connection, problems: list[str]) -> None:
    """Every sealed version has its "sealed" custody event, and its content still hashes
    to the digest that event recorded (an edit made with the key is seen here)."""
    from app.core.sealing import attachments_of, sealed_content_sha256
    from app.core.testimonies import get_testimony

    try:
        ids = [
            str(row[0])
            for row in conn.execute(
                "SELECT id FROM testimonies WHERE status = 'sealed' ORDER BY rowid"
            )
        ]
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The sealed records could not be read: {_reason(error)}")
        return
    reported = 0
    for testimony_id in ids:
        problem = None
        try:
            recorded = [
                event.details.get("content_sha256")
                for event in events(conn, testimony_id)
                if event.action == "sealed"
            ]
            if not recorded:
                problem = (
                    f"Sealed testimony {testimony_id} has no \"sealed\" custody event: its "
                    "custody chain was cut short or the record was marked sealed by hand."
                )
            else:
                testimony = get_testimony(conn, testimony_id)
                digest = sealed_content_sha256(testimony, attachments_of(conn, testimony_id))
                if digest != recorded[-1]:
                    problem = (
                        f"Sealed testimony {testimony_id} was changed after sealing: its "
                        "content no longer matches the digest its \"sealed\" event recorded."
                    )
        except (sqlcipher3.DatabaseError, EvidenceVaultError, ValueError) as error:
            problem = f"Sealed testimony {testimony_id} could not be checked: {_reason(error)}"
        if problem is not None:
            reported += 1
            if reported <= MAX_LINES_PER_KIND:
                problems.append(problem)
    if reported > MAX_LINES_PER_KIND:
        problems.append(f"… and {reported - MAX_LINES_PER_KIND} more sealed testimonies.")


def _reason(error: BaseException | str) -> str:
    return for_display(str(error), limit=200)


def _check_database(conn: Connection, problems: list[str]) -> bool:
    before = len(problems)
    try:
        rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        for (message,) in rows[:MAX_LINES_PER_KIND]:
            page = _PAGE.search(str(message))
            if page:
                problems.append(
                    f"Database page {page.group(1)} is damaged or was altered "
                    f"(authentication failed): {_reason(str(message))}"
                )
            else:
                problems.append(f"Database: {_reason(str(message))}")
        if len(rows) > MAX_LINES_PER_KIND:
            problems.append(f"… and {len(rows) - MAX_LINES_PER_KIND} more damaged pages.")
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The database file could not be checked: {_reason(error)}")
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_LINES_PER_KIND})").fetchall()
        messages = [str(row[0]) for row in rows]
        if messages != ["ok"]:
            problems.extend(f"Database structure: {_reason(m)}" for m in messages)
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The database structure could not be checked: {_reason(error)}")
    try:
        pragmas = read_pragmas(conn)
        for name, expected in EXPECTED_PRAGMAS.items():
            if pragmas.get(name) != expected:
                problems.append(f"Database setting {name} is {pragmas.get(name)}, not {expected}.")
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The database settings could not be read: {_reason(error)}")
    return len(problems) == before


def _check_attachments(
    conn: Connection, blobs: BlobStore, problems: list[str], progress: Progress | None
) -> bool:
    """Every attachment's blob decrypts to its recorded size and hash. False when the
    attachment records themselves could not be read."""
    try:
        rows = conn.execute(
            "SELECT id, original_name, blob_id, size, sha256 FROM attachments ORDER BY rowid"
        ).fetchall()
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The attachment records could not be read: {_reason(error)}")
        return False
    by_blob: dict[str, list[tuple[str, str, int, str]]] = {}
    for attachment_id, name, blob_id, size, sha256 in rows:
        by_blob.setdefault(str(blob_id), []).append((attachment_id, name, int(size), sha256))
    reported = 0
    for done, (blob_id, users) in enumerate(by_blob.items(), start=1):
        found = _blob_content(blobs, blob_id)
        for attachment_id, name, size, sha256 in users:
            label = f"Attachment {attachment_id} ({for_display(name, limit=120)})"
            problem = None
            if isinstance(found, str):
                problem = f"{label}: {found}"
            elif found != (size, sha256):
                problem = f"{label}: its stored file does not match the recorded size and SHA-256."
            if problem is not None:
                reported += 1
                if reported <= MAX_LINES_PER_KIND:
                    problems.append(problem)
        if progress is not None:
            progress(done, len(by_blob))
    if reported > MAX_LINES_PER_KIND:
        problems.append(f"… and {reported - MAX_LINES_PER_KIND} more damaged attachments.")
    return True


def _check_overlay_bases(conn: Connection, blobs: BlobStore, problems: list[str]) -> None:
    """A working copy stored as an overlay is built on its own original's blob, as that
    original's row records it (its content was checked above, through the overlay)."""
    try:
        rows = conn.execute(
            "SELECT c.id, c.original_name, c.blob_id, o.blob_id, o.sha256 FROM attachments c"
            " JOIN attachments o ON o.id = c.derived_from ORDER BY c.rowid"
        ).fetchall()
    except sqlcipher3.DatabaseError as error:
        problems.append(f"The working copies' records could not be read: {_reason(error)}")
        return
    for copy_id, name, blob_id, original_blob, original_sha256 in rows:
        try:
            overlay = blobs.overlay_of(str(blob_id))
        except EvidenceVaultError:
            continue  # an unusable file: reported with the attachment above
        if overlay is not None and (
            overlay.base_id != original_blob or overlay.base_sha256 != original_sha256
        ):
            problems.append(
                f"Attachment {copy_id} ({for_display(name, limit=120)}): this working copy "
                "is stored over a media file that is not its original's."
            )


def _blob_content(blobs: BlobStore, blob_id: str) -> tuple[int, str] | str:
    """(size, sha256) of the blob's plaintext, or why it could not be read."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(READ_SIZE)
    try:
        with blobs.open(blob_id) as reader:
            while count := reader.readinto(buffer):
                digest.update(memoryview(buffer)[:count])
                size += count
    except EvidenceVaultError as error:
        # NotFoundError, FormatError, AuthenticationError, StorageError: each says which.
        return f"its stored file is unusable: {_reason(error)}"
    return size, digest.hexdigest()
