"""People interviewed: a pseudonym or code, a role, and identifying details kept apart.

The identifying details (full name, contacts, date of birth) live in their own columns so
a package, an export or a log can leave them out; nothing identifying enters the custody
log (the event carries the person id and role). Changing functions open their own
transaction and log in it, like every repository module. Runs on the vault thread.
"""

from __future__ import annotations

from typing import Any

from app.core import custody
from app.core.custody import Signer
from app.core.ids import Clock, new_id, resolve_id, utc_timestamp
from app.core.records import Person, PersonInput
from app.errors import ImmutableRecordError, NotFoundError
from app.storage.database import Connection, transaction

_COLUMNS = "id, code, role, full_name, contacts, date_of_birth, created_at"


def _person(row: Any) -> Person:
    return Person(
        id=row[0],
        code=row[1],
        role=row[2],
        full_name=row[3],
        contacts=row[4],
        date_of_birth=row[5],
        created_at=row[6],
    )


def insert_person(
    conn: Connection, signer: Signer, data: PersonInput, actor: str, clock: Clock | None
) -> Person:
    """Store a person inside the caller's transaction (used by testimonies for inline people)."""
    person = Person(
        id=new_id(),
        code=data.code,
        role=data.role,
        full_name=data.full_name,
        contacts=data.contacts,
        date_of_birth=data.date_of_birth,
        created_at=utc_timestamp(clock),
    )
    conn.execute(
        f"INSERT INTO persons ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 - fixed column list
        (
            person.id,
            person.code,
            person.role,
            person.full_name,
            person.contacts,
            person.date_of_birth,
            person.created_at,
        ),
    )
    custody.append_event(
        conn,
        signer,
        chain_id=custody.VAULT_CHAIN,
        action="creation",
        actor=actor,
        details={"record": "person", "person_id": person.id, "role": person.role},
        clock=clock,
    )
    return person


def add_person(
    conn: Connection, signer: Signer, data: PersonInput, actor: str, *, clock: Clock | None = None
) -> Person:
    """Store a person interviewed (``data`` validated by ``records.parse_person_input``)."""
    with transaction(conn):
        return insert_person(conn, signer, data, actor, clock)


def get_person(conn: Connection, person_id: str) -> Person:
    """The person with this id or unique id prefix."""
    full_id = resolve_id(conn, "persons", person_id)
    row = conn.execute(f"SELECT {_COLUMNS} FROM persons WHERE id = ?", (full_id,)).fetchone()  # noqa: S608 - fixed column list
    if row is None:
        raise NotFoundError(f"No person has the id {full_id}.")
    return _person(row)


def list_persons(conn: Connection, *, limit: int = 1000, offset: int = 0) -> list[Person]:
    """People interviewed, newest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM persons ORDER BY created_at DESC, id LIMIT ? OFFSET ?",  # noqa: S608 - fixed column list
        (max(0, limit), max(0, offset)),
    ).fetchall()
    return [_person(row) for row in rows]


def update_person(
    conn: Connection,
    signer: Signer,
    person_id: str,
    data: PersonInput,
    actor: str,
    *,
    clock: Clock | None = None,
) -> Person:
    """Change a person's code, role and identifying details while no sealed testimony
    names them (a sealed record's signature covers who was interviewed: a correction
    then needs a new person). The custody event names the fields changed, not values."""
    with transaction(conn):
        before = get_person(conn, person_id)
        if conn.execute(
            "SELECT 1 FROM testimonies WHERE person_id = ? AND status = 'sealed' LIMIT 1",
            (before.id,),
        ).fetchone():
            raise ImmutableRecordError(
                "A sealed testimony names this person; their details can no longer change.",
                code="immutable.person_named",
            )
        after = Person(
            id=before.id,
            code=data.code,
            role=data.role,
            full_name=data.full_name,
            contacts=data.contacts,
            date_of_birth=data.date_of_birth,
            created_at=before.created_at,
        )
        changed = [
            name
            for name in ("code", "role", "full_name", "contacts", "date_of_birth")
            if getattr(before, name) != getattr(after, name)
        ]
        if not changed:
            return before
        conn.execute(
            "UPDATE persons SET code = ?, role = ?, full_name = ?, contacts = ?,"
            " date_of_birth = ? WHERE id = ?",
            (
                after.code,
                after.role,
                after.full_name,
                after.contacts,
                after.date_of_birth,
                after.id,
            ),
        )
        custody.append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="change",
            actor=actor,
            details={"record": "person", "person_id": after.id, "fields": changed},
            clock=clock,
        )
    return after
