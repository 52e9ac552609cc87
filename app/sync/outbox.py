"""The outbox: each package's way to the platform, kept in the vault across crashes.

States: ``queued`` → ``uploading`` (upload URL known, offset confirmed so far) →
``awaiting_receipt`` (the server holds every byte) → ``delivered`` (a verified receipt
is stored). ``failed`` is a permanent refusal with its reason; the user may queue the
package again. Every change is its own committed transaction (or a savepoint of the
caller's), so a killed program finds the last confirmed step. Runs on the vault worker
thread (it uses the connection).

``attempts`` counts the sync runs that ended for a package: one for each transient
failure, for a permanent refusal, for a receipt still pending, and one for the run that
delivered it. A package delivered by its first run shows 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.core.ids import Clock, utc_timestamp
from app.errors import NotFoundError
from app.sanitize import for_display
from app.storage.database import Connection, transaction

MAX_ERROR_CHARS = 500


class OutboxState(StrEnum):
    QUEUED = "queued"
    UPLOADING = "uploading"
    AWAITING_RECEIPT = "awaiting_receipt"
    DELIVERED = "delivered"
    FAILED = "failed"


PENDING = (OutboxState.QUEUED, OutboxState.UPLOADING, OutboxState.AWAITING_RECEIPT)

_COLUMNS = (
    "package_id, upload_url, upload_offset, size, sha256, state, attempts, last_error,"
    " receipt_json, local_copy, created_at, updated_at, last_error_code"
)


@dataclass(frozen=True)
class OutboxEntry:
    package_id: str
    upload_url: str | None
    upload_offset: int
    size: int
    sha256: str
    state: OutboxState
    attempts: int
    last_error: str | None
    receipt_json: str | None
    local_copy: str
    created_at: str
    updated_at: str
    # The stable code of the last failure (app/errors.py), "" when none or unknown: the
    # window says the reason in its language from it.
    last_error_code: str = ""

    def to_json(self) -> dict[str, object]:
        """For ``sync status --json``: no upload URL (it is a capability on some servers)."""
        return {
            "package_id": self.package_id,
            "state": self.state.value,
            "offset": self.upload_offset,
            "size": self.size,
            "sha256": self.sha256,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "local_copy": self.local_copy,
            "updated_at": self.updated_at,
            "has_receipt": self.receipt_json is not None,
        }


def _entry(row: tuple[object, ...]) -> OutboxEntry:
    return OutboxEntry(
        package_id=str(row[0]),
        upload_url=None if row[1] is None else str(row[1]),
        upload_offset=int(row[2]),  # type: ignore[call-overload]  # INTEGER column
        size=int(row[3]),  # type: ignore[call-overload]  # INTEGER column
        sha256=str(row[4]),
        state=OutboxState(str(row[5])),
        attempts=int(row[6]),  # type: ignore[call-overload]  # INTEGER column
        last_error=None if row[7] is None else str(row[7]),
        receipt_json=None if row[8] is None else str(row[8]),
        local_copy=str(row[9]),
        created_at=str(row[10]),
        updated_at=str(row[11]),
        last_error_code=str(row[12] or ""),
    )


def get(conn: Connection, package_id: str) -> OutboxEntry | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE package_id = ?", (package_id,)  # noqa: S608 -- fixed column list
    ).fetchone()
    return None if row is None else _entry(tuple(row))


def require(conn: Connection, package_id: str) -> OutboxEntry:
    entry = get(conn, package_id)
    if entry is None:
        raise NotFoundError("This package is not in the outbox.")
    return entry


def entries(conn: Connection, states: Iterable[OutboxState] | None = None) -> list[OutboxEntry]:
    """Entries oldest first, optionally only in ``states``."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox ORDER BY created_at, package_id"  # noqa: S608 -- fixed column list
    ).fetchall()
    wanted = None if states is None else set(states)
    found = [_entry(tuple(row)) for row in rows]
    return [e for e in found if wanted is None or e.state in wanted]


def enqueue(
    conn: Connection, package_id: str, *, size: int, sha256: str, clock: Clock | None = None
) -> bool:
    """Queue a package; False when it is already in the outbox (in any state)."""
    now = utc_timestamp(clock)
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO outbox (package_id, size, sha256, state, created_at, updated_at)"
            " VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (package_id) DO NOTHING",
            (package_id, size, sha256.lower(), now, now),
        )
        return bool(cursor.rowcount == 1)


def _update(conn: Connection, package_id: str, clock: Clock | None, sql: str,
            params: tuple[object, ...]) -> None:
    with transaction(conn):
        cursor = conn.execute(
            f"UPDATE outbox SET {sql}, updated_at = ? WHERE package_id = ?",  # noqa: S608 -- sql is one of this module's literals
            (*params, utc_timestamp(clock), package_id),
        )
        if cursor.rowcount != 1:
            raise NotFoundError("This package is not in the outbox.")


def record_upload_url(conn: Connection, package_id: str, url: str,
                      clock: Clock | None = None) -> None:
    """The server created the upload: remember it before any byte is sent."""
    _update(conn, package_id, clock,
            "upload_url = ?, upload_offset = 0, state = 'uploading'", (url,))


def record_offset(conn: Connection, package_id: str, offset: int,
                  clock: Clock | None = None) -> None:
    _update(conn, package_id, clock, "upload_offset = ?, state = 'uploading'", (offset,))


def record_uploaded(conn: Connection, package_id: str, clock: Clock | None = None) -> None:
    """Every byte is on the server; only the receipt is missing."""
    _update(conn, package_id, clock,
            "upload_offset = size, state = 'awaiting_receipt'", ())


def record_attempt_failed(conn: Connection, package_id: str, reason: str,
                          clock: Clock | None = None, *, code: str = "") -> None:
    """A transient failure: counted and explained (``code``: its stable code), the state
    is unchanged."""
    _update(conn, package_id, clock,
            "attempts = attempts + 1, last_error = ?, last_error_code = ?",
            (for_display(reason, limit=MAX_ERROR_CHARS), code))


def record_failed(conn: Connection, package_id: str, reason: str,
                  clock: Clock | None = None, *, code: str = "") -> None:
    """A permanent refusal: the package stops here until the user queues it again."""
    _update(conn, package_id, clock,
            "state = 'failed', attempts = attempts + 1, last_error = ?, last_error_code = ?",
            (for_display(reason, limit=MAX_ERROR_CHARS), code))


def forget_upload(conn: Connection, package_id: str, clock: Clock | None = None) -> None:
    """The server lost the upload: start over with a new one."""
    _update(conn, package_id, clock,
            "upload_url = NULL, upload_offset = 0, state = 'queued'", ())


def requeue(conn: Connection, package_id: str, clock: Clock | None = None) -> None:
    """A failed package goes back in line (the old upload is reused if the server has it)."""
    entry = require(conn, package_id)
    if entry.state != OutboxState.FAILED:
        return
    state = "uploading" if entry.upload_url else "queued"
    _update(conn, package_id, clock, "state = ?, last_error = NULL, last_error_code = ''",
            (state,))


def record_delivered(conn: Connection, package_id: str, receipt_json: str,
                     clock: Clock | None = None) -> None:
    """Store the verified receipt; call inside the transaction of its custody event.
    The run that delivered counts as an attempt like every other."""
    _update(conn, package_id, clock,
            "state = 'delivered', receipt_json = ?, last_error = NULL, last_error_code = '',"
            " upload_offset = size,"
            " attempts = attempts + 1",
            (receipt_json,))


def record_local_copy_deleted(conn: Connection, package_id: str,
                              clock: Clock | None = None) -> None:
    _update(conn, package_id, clock, "local_copy = 'deleted'", ())
