"""Use cases on the records: cases, people interviewed, testimonies and their versions,
consent withdrawals, deleting a draft, search and the custody log.

Input arrives in the documented JSON shape and passes through core's parsers, the same
validation for both front ends. Runs on the thread that owns the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core import cases, custody, ingest, listing, persons, search, testimonies
from app.core.ids import resolve_id
from app.core.records import (
    Case,
    ConsentWithdrawal,
    Person,
    Testimony,
    parse_case_input,
    parse_person_input,
    parse_testimony_input,
    timestamp,
)
from app.core.search import SearchHit
from app.core.testimonies import DeletedDraft
from app.services.session import Session


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- cases and people ----------------------------------------------------------------------


def add_case(session: Session, values: dict[str, Any]) -> Case:
    data = parse_case_input(values)
    return cases.add_case(session.connection, session.device, data, session.actor)


def list_cases(session: Session) -> list[Case]:
    return cases.list_cases(session.connection)


def add_person(session: Session, values: object) -> Person:
    data = parse_person_input(values)
    return persons.add_person(session.connection, session.device, data, session.actor)


def list_persons(session: Session) -> list[Person]:
    return persons.list_persons(session.connection)


def update_person(session: Session, person_id: str, values: object) -> Person:
    """Change a person's code, role and identifying details (before any seal names them)."""
    data = parse_person_input(values)
    return persons.update_person(
        session.connection, session.device, person_id, data, session.actor
    )


# -- testimonies ---------------------------------------------------------------------------


def add_testimony(session: Session, case_id: str, values: object) -> Testimony:
    data = parse_testimony_input(values)
    return testimonies.add_testimony(
        session.connection, session.device, case_id, data, session.actor
    )


def new_draft(session: Session, case_id: str, person_code: str, role: str) -> Testimony:
    """A draft with the person interviewed and no consent given yet (its time is set
    when consent is recorded, not now)."""
    values = {
        "person": {"code": person_code, "role": role},
        "consent": {
            "interview": False,
            "audio_recording": False,
            "share_with_platform": False,
            "share_onward": False,
            "be_named": False,
            "recontact": False,
            "given_at": now_iso(),
            "method": "oral",
        },
        "narrative": "",
    }
    return add_testimony(session, case_id, values)


def save_draft(session: Session, testimony_id: str, values: object) -> Testimony:
    """Replace a draft's content with ``values`` (the testimony JSON shape)."""
    data = parse_testimony_input(values)
    return testimonies.update_testimony(
        session.connection, session.device, testimony_id, data, session.actor
    )


@dataclass(frozen=True)
class TestimonyDetails:
    """One testimony version with everything a person reading it sees."""

    testimony: Testimony
    person: Person
    case_title: str
    status: str  # one of app.core.listing.STATUSES
    is_latest: bool  # no correction of this version exists
    attachments: tuple[ingest.Attachment, ...]
    withdrawals: tuple[ConsentWithdrawal, ...]

    @property
    def consent_withdrawn(self) -> bool:
        return self.testimony.consent.withdrawn_at is not None or bool(self.withdrawals)


def open_testimony(session: Session, testimony_id: str) -> TestimonyDetails:
    conn = session.connection
    testimony = testimonies.get_testimony(conn, testimony_id)
    return TestimonyDetails(
        testimony=testimony,
        person=persons.get_person(conn, testimony.person_id),
        case_title=cases.get_case(conn, testimony.case_id).title,
        status=listing.testimony_status(conn, testimony.id),
        is_latest=not listing.has_newer_version(conn, testimony.id),
        attachments=tuple(ingest.list_attachments(conn, testimony.id)),
        withdrawals=tuple(testimonies.consent_withdrawals(conn, testimony.id)),
    )


def start_correction(session: Session, testimony_id: str) -> Testimony:
    return testimonies.start_correction(
        session.connection, session.device, testimony_id, session.actor
    )


def withdraw_consent(
    session: Session, testimony_id: str, *, withdrawn_at: str | None = None, note: str = ""
) -> ConsentWithdrawal:
    """Record that the survivor withdrew consent (append-only; the sealed record stays as
    it was). From then on no version moves: export and sync refuse it, and only the signed
    withdrawal notice may go to those who received a package of it."""
    when = now_iso() if withdrawn_at is None else timestamp(withdrawn_at, "withdrawn_at")
    return testimonies.withdraw_consent(
        session.connection, session.device, testimony_id, when, note, session.actor
    )


def delete_draft(session: Session, testimony_id: str) -> DeletedDraft:
    """Delete a draft that was never sealed, with its attachments and its words in the
    search index; the vault's custody chain records the id and content hash."""
    deleted = testimonies.delete_draft(
        session.connection, session.device, testimony_id, session.actor
    )
    ingest.delete_unused_blobs(session.connection, session.blobs, list(deleted.blob_ids))
    return deleted


# -- search and custody ----------------------------------------------------------------------


def search_records(session: Session, text: str, *, limit: int = 50) -> list[SearchHit]:
    # One query, not a keystroke: worth bm25's cost even while the last word is a prefix.
    return search.search(session.connection, text, limit=max(1, limit), ranked=True)


@dataclass(frozen=True)
class CustodyReport:
    chain_id: str
    events: tuple[custody.CustodyEvent, ...]
    problem: str | None  # None when the chain verifies against this device's key


def custody_log(session: Session, testimony_id: str) -> CustodyReport:
    """The custody chain of a testimony version (or ``"vault"``), verified."""
    conn = session.connection
    chain_id = (
        custody.VAULT_CHAIN
        if testimony_id == custody.VAULT_CHAIN
        else resolve_id(conn, "testimonies", testimony_id)
    )
    chain = custody.events(conn, chain_id)
    problem: str | None = None
    try:
        custody.verify_chain(chain, [session.device.public_key])
    except custody.CustodyChainError as error:
        problem = str(error)
    return CustodyReport(chain_id, tuple(chain), problem)


def resolve_case(session: Session, case_id: str) -> str:
    """The full id of the case this id or unique prefix names."""
    return resolve_id(session.connection, "cases", case_id)
