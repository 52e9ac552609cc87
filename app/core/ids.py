"""Record ids and timestamps shared by the repository modules.

Ids are random UUID4 strings: they reveal neither order nor device. People type them at the
command line, so a unique prefix of at least six hex digits is accepted wherever an id is
looked up. Pure functions over a connection the caller owns; call from the vault thread.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from app.errors import EvidenceVaultError, NotFoundError
from app.storage.database import Connection

Clock = Callable[[], datetime]
MIN_PREFIX_HEX = 6
# Tables whose primary key is a UUID id; the set keeps a table name from ever being
# spliced into SQL from outside.
ID_TABLES = frozenset({"cases", "persons", "testimonies", "attachments"})
_PREFIX = re.compile(r"[0-9a-f-]{6,36}")


class AmbiguousIdError(EvidenceVaultError):
    """An id prefix matches more than one record; more digits are needed."""


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_timestamp(clock: Clock | None = None) -> str:
    """The time as UTC ISO 8601 with ``Z`` and microseconds (sorts as text)."""
    moment = (clock or utc_now)()
    if moment.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def resolve_id(conn: Connection, table: str, prefix: str) -> str:
    """The full id in ``table`` that starts with ``prefix`` (at least six hex digits).

    Raises ``NotFoundError`` when nothing matches and ``AmbiguousIdError`` when several do.
    The range query uses the primary key index, so it stays fast on large tables.
    """
    if table not in ID_TABLES:
        raise ValueError(f"not a table with uuid ids: {table}")
    wanted = prefix.strip().lower()
    if not _PREFIX.fullmatch(wanted) or sum(c != "-" for c in wanted) < MIN_PREFIX_HEX:
        raise NotFoundError(
            f"An id needs at least {MIN_PREFIX_HEX} hexadecimal digits; {table} has no such id."
        )
    # '~' sorts after every hex digit and '-', so [prefix, prefix + '~') is the prefix range.
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",  # noqa: S608 - table is checked against ID_TABLES
        (wanted, wanted + "~"),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"No record in {table} has an id starting with {wanted}.")
    if len(rows) > 1 and rows[0][0] != wanted:
        raise AmbiguousIdError(f"Several records in {table} start with {wanted}; type more digits.")
    return str(rows[0][0])
