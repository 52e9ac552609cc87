"""Cases: the investigations testimonies belong to (title, description, region, tags).

Functions that change data take the connection and the device's signer, open their own
transaction (a savepoint when the caller already holds one) and append the custody event
in it. Case creation is logged on the vault chain with the case id only: a title can name
a person. Runs on the vault thread.
"""

from __future__ import annotations

import json
from typing import Any

from app.core import custody, search
from app.core.custody import Signer
from app.core.ids import Clock, new_id, resolve_id, utc_timestamp
from app.core.records import Case, CaseInput
from app.errors import NotFoundError
from app.storage.database import Connection, transaction

_COLUMNS = "id, title, description, region, tags_json, created_at"


def _case(row: Any) -> Case:
    return Case(
        id=row[0],
        title=row[1],
        description=row[2],
        region=row[3],
        tags=tuple(json.loads(row[4])),
        created_at=row[5],
    )


def add_case(
    conn: Connection, signer: Signer, data: CaseInput, actor: str, *, clock: Clock | None = None
) -> Case:
    """Store a new case (``data`` comes validated from ``records.parse_case_input``)."""
    case = Case(
        id=new_id(),
        title=data.title,
        description=data.description,
        region=data.region,
        tags=data.tags,
        created_at=utc_timestamp(clock),
    )
    with transaction(conn):
        conn.execute(
            f"INSERT INTO cases ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608 - fixed column list
            (
                case.id,
                case.title,
                case.description,
                case.region,
                json.dumps(list(case.tags), ensure_ascii=False),
                case.created_at,
            ),
        )
        search.index_case(conn, case.id, case.title, case.created_at)
        custody.append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="creation",
            actor=actor,
            details={"record": "case", "case_id": case.id},
            clock=clock,
        )
    return case


def get_case(conn: Connection, case_id: str) -> Case:
    """The case with this id or unique id prefix."""
    full_id = resolve_id(conn, "cases", case_id)
    row = conn.execute(f"SELECT {_COLUMNS} FROM cases WHERE id = ?", (full_id,)).fetchone()  # noqa: S608 - fixed column list
    if row is None:
        raise NotFoundError(f"No case has the id {full_id}.")
    return _case(row)


def list_cases(conn: Connection, *, limit: int = 1000, offset: int = 0) -> list[Case]:
    """Cases, newest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM cases ORDER BY created_at DESC, id LIMIT ? OFFSET ?",  # noqa: S608 - fixed column list
        (max(0, limit), max(0, offset)),
    ).fetchall()
    return [_case(row) for row in rows]
