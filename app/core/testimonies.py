"""Testimonies: storing, reading, listing, editing drafts, corrections and consent withdrawal.

Transaction rule (the same in every repository module): a function that changes data
takes the connection and the device's signer, runs in one transaction it opens itself
with ``storage.database.transaction`` (a savepoint when the caller already holds one),
keeps the search index in step and appends its custody event in that same transaction.
``require_draft`` and ``mark_sealed`` are the exceptions: they are steps of the sealing
code's own transaction, and sealing signs, not them.

A sealed testimony never changes (the database refuses it too); a correction is a new
draft version naming its parent, sharing its parent's media blobs. Consent withdrawal is
a separate append-only row, allowed on sealed testimonies, and governs every version.
Runs on the vault thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from app.core import custody, search
from app.core.attachment_kinds import IS_WORKING_COPY_SQL
from app.core.custody import Signer
from app.core.ids import Clock, new_id, resolve_id, utc_timestamp
from app.core.persons import insert_person
from app.core.records import (
    CONSENT_FLAGS,
    Consent,
    ConsentWithdrawal,
    Incident,
    Interview,
    InvalidRecordError,
    IstanbulProtocol,
    Testimony,
    TestimonyInput,
    TestimonySummary,
    testimony_to_json,
    timestamp,
)
from app.errors import EvidenceVaultError, ImmutableRecordError, NotFoundError
from app.formats.canonical import canonical_json
from app.storage.database import Connection, transaction

_IP_COLUMNS = ", ".join(f"ip_{name}" for name in IstanbulProtocol.__dataclass_fields__)
_CONTENT_COLUMNS = (
    "person_id, interview_started_at, interview_place, interviewer, interview_language,"
    " interpreter, "
    + ", ".join(f"consent_{flag}" for flag in CONSENT_FLAGS)
    + ", consent_given_at, consent_method, consent_note, consent_withdrawn_at, narrative, "
    + _IP_COLUMNS
)
_META_COLUMNS = "id, case_id, version, parent_id, status, created_at, updated_at, sealed_at"
_INCIDENT_COLUMNS = (
    "id, date_from, date_to, date_precision, place, latitude, longitude, violation_types_json,"
    " alleged_perpetrators_json, witnesses_json, description"
)
_SUMMARY_COLUMNS = (
    "id, case_id, person_id, version, parent_id, status, interview_started_at,"
    " interview_place, created_at, updated_at, sealed_at"
)
_MAX_PAGE = 10_000


def record_sha256(testimony: Testimony) -> str:
    """SHA-256 of the record's canonical JSON: what custody events cite instead of content."""
    return hashlib.sha256(canonical_json(testimony_to_json(testimony))).hexdigest()


def _content_values(t: Testimony) -> tuple[Any, ...]:
    i, c, ip = t.interview, t.consent, t.istanbul_protocol
    return (
        t.person_id,
        i.started_at,
        i.place,
        i.interviewer,
        i.language,
        i.interpreter,
        *(int(getattr(c, flag)) for flag in CONSENT_FLAGS),
        c.given_at,
        c.method,
        c.note,
        c.withdrawn_at,
        t.narrative,
        *(getattr(ip, name) for name in IstanbulProtocol.__dataclass_fields__),
    )


def _write_incidents(conn: Connection, testimony: Testimony) -> None:
    conn.execute("DELETE FROM incidents WHERE testimony_id = ?", (testimony.id,))
    for position, incident in enumerate(testimony.incidents):
        conn.execute(
            f"INSERT INTO incidents (testimony_id, position, {_INCIDENT_COLUMNS})"  # noqa: S608 - fixed column list
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                testimony.id,
                position,
                incident.id,
                incident.date_from,
                incident.date_to,
                incident.date_precision,
                incident.place,
                incident.latitude,
                incident.longitude,
                json.dumps(list(incident.violation_types)),
                json.dumps(list(incident.alleged_perpetrators), ensure_ascii=False),
                json.dumps(list(incident.witnesses), ensure_ascii=False),
                incident.description,
            ),
        )


def _insert(conn: Connection, testimony: Testimony, root_id: str) -> None:
    columns = f"{_META_COLUMNS}, root_id, {_CONTENT_COLUMNS}"
    values = (
        testimony.id,
        testimony.case_id,
        testimony.version,
        testimony.parent_id,
        testimony.status,
        testimony.created_at,
        testimony.updated_at,
        testimony.sealed_at,
        root_id,
        *_content_values(testimony),
    )
    marks = ", ".join("?" * len(values))
    conn.execute(f"INSERT INTO testimonies ({columns}) VALUES ({marks})", values)  # noqa: S608 - fixed column list
    _write_incidents(conn, testimony)


def _incident(row: Any) -> Incident:
    return Incident(
        id=row[0],
        date_from=row[1],
        date_to=row[2],
        date_precision=row[3],
        place=row[4],
        latitude=row[5],
        longitude=row[6],
        violation_types=tuple(json.loads(row[7])),
        alleged_perpetrators=tuple(json.loads(row[8])),
        witnesses=tuple(json.loads(row[9])),
        description=row[10],
    )


def _load(conn: Connection, testimony_id: str) -> Testimony:
    row = conn.execute(
        f"SELECT {_META_COLUMNS}, {_CONTENT_COLUMNS} FROM testimonies WHERE id = ?",  # noqa: S608 - fixed column list
        (testimony_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"No testimony has the id {testimony_id}.")
    content = row[8:]
    flags = dict(zip(CONSENT_FLAGS, (bool(v) for v in content[6:12]), strict=True))
    incidents = conn.execute(
        f"SELECT {_INCIDENT_COLUMNS} FROM incidents WHERE testimony_id = ? ORDER BY position",  # noqa: S608 - fixed column list
        (testimony_id,),
    ).fetchall()
    return Testimony(
        id=row[0],
        case_id=row[1],
        version=row[2],
        parent_id=row[3],
        status=row[4],
        created_at=row[5],
        updated_at=row[6],
        sealed_at=row[7],
        person_id=content[0],
        interview=Interview(*content[1:6]),
        consent=Consent(
            **flags,
            given_at=content[12],
            method=content[13],
            note=content[14],
            withdrawn_at=content[15],
        ),
        narrative=content[16],
        istanbul_protocol=IstanbulProtocol(*content[17:22]),
        incidents=tuple(_incident(r) for r in incidents),
    )


def _with_incident_ids(incidents: tuple[Incident, ...]) -> tuple[Incident, ...]:
    result = tuple(
        incident if incident.id else dataclasses.replace(incident, id=new_id())
        for incident in incidents
    )
    if len({incident.id for incident in result}) != len(result):
        raise InvalidRecordError("incidents", "record.incident_id_twice")
    return result


def _person_for(
    conn: Connection, signer: Signer, data: TestimonyInput, actor: str, clock: Clock | None
) -> str:
    if data.person is not None:
        return insert_person(conn, signer, data.person, actor, clock).id
    if data.person_id is None:
        raise InvalidRecordError("person", "record.person_one_of")
    return resolve_id(conn, "persons", data.person_id)


def add_testimony(
    conn: Connection,
    signer: Signer,
    case_id: str,
    data: TestimonyInput,
    actor: str,
    *,
    clock: Clock | None = None,
) -> Testimony:
    """Store a new draft testimony (version 1) in ``case_id`` (id or unique prefix)."""
    with transaction(conn):
        full_case_id = resolve_id(conn, "cases", case_id)
        now = utc_timestamp(clock)
        testimony = Testimony(
            id=new_id(),
            case_id=full_case_id,
            person_id=_person_for(conn, signer, data, actor, clock),
            version=1,
            parent_id=None,
            status="draft",
            interview=data.interview,
            consent=data.consent,
            incidents=_with_incident_ids(data.incidents),
            narrative=data.narrative,
            istanbul_protocol=data.istanbul_protocol,
            created_at=now,
            updated_at=now,
            sealed_at=None,
        )
        _insert(conn, testimony, root_id=testimony.id)
        search.index_testimony(conn, testimony)
        custody.append_event(
            conn,
            signer,
            chain_id=testimony.id,
            action="creation",
            actor=actor,
            details={
                "record": "testimony",
                "case_id": testimony.case_id,
                "person_id": testimony.person_id,
                "version": 1,
                "incidents": len(testimony.incidents),
                "record_sha256": record_sha256(testimony),
            },
            clock=clock,
        )
    return testimony


def get_testimony(conn: Connection, testimony_id: str) -> Testimony:
    """The testimony version with this id or unique id prefix."""
    return _load(conn, resolve_id(conn, "testimonies", testimony_id))


def list_testimonies(
    conn: Connection,
    case_id: str | None = None,
    status: str | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
) -> list[TestimonySummary]:
    """Testimony versions, newest first; each filter uses its own index."""
    where: list[str] = []
    params: list[Any] = []
    if case_id is not None:
        where.append("case_id = ?")
        params.append(resolve_id(conn, "cases", case_id))
    if status is not None:
        if status not in ("draft", "sealed"):
            raise ValueError(f"unknown testimony status: {status!r}")
        where.append("status = ?")
        params.append(status)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM testimonies {clause}"  # noqa: S608 - fixed fragments, values bound
        " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (*params, max(0, min(limit, _MAX_PAGE)), max(0, offset)),
    ).fetchall()
    return [TestimonySummary(*row) for row in rows]


def require_draft(conn: Connection, testimony_id: str) -> Testimony:
    """The testimony if it is a draft; ``ImmutableRecordError`` if it is sealed."""
    testimony = _load(conn, testimony_id)
    if testimony.status != "draft":
        raise ImmutableRecordError(
            f"Testimony {testimony.id} is sealed; start a correction to change it.",
            code="immutable.sealed",
        )
    return testimony


def update_testimony(
    conn: Connection,
    signer: Signer,
    testimony_id: str,
    data: TestimonyInput,
    actor: str,
    *,
    clock: Clock | None = None,
) -> Testimony:
    """Replace the content of a draft (``ImmutableRecordError`` once it is sealed); a save
    that changes nothing is not written or logged."""
    with transaction(conn):
        before = require_draft(conn, resolve_id(conn, "testimonies", testimony_id))
        after = dataclasses.replace(
            before,
            person_id=_person_for(conn, signer, data, actor, clock),
            interview=data.interview,
            consent=data.consent,
            incidents=_with_incident_ids(data.incidents),
            narrative=data.narrative,
            istanbul_protocol=data.istanbul_protocol,
            updated_at=utc_timestamp(clock),
        )
        if dataclasses.replace(after, updated_at=before.updated_at) == before:
            # Nothing changed (the editor saves on leaving a field, before recording...):
            # no write, no custody event that would cite the same content twice.
            return before
        sets = ", ".join(f"{column.strip()} = ?" for column in _CONTENT_COLUMNS.split(","))
        conn.execute(
            f"UPDATE testimonies SET {sets}, updated_at = ? WHERE id = ?",  # noqa: S608 - fixed column list
            (*_content_values(after), after.updated_at, after.id),
        )
        _write_incidents(conn, after)
        search.index_testimony(conn, after)
        details: dict[str, Any] = {
            "previous_sha256": record_sha256(before),
            "record_sha256": record_sha256(after),
            "incidents": len(after.incidents),
        }
        # Which consent answers changed, by name only: a change of consent must be
        # traceable in the log without reading two versions of the record.
        consent_changed = [
            flag
            for flag in CONSENT_FLAGS
            if getattr(before.consent, flag) != getattr(after.consent, flag)
        ]
        if consent_changed:
            details["consent_changed"] = consent_changed
        custody.append_event(
            conn, signer, chain_id=after.id, action="change", actor=actor,
            details=details, clock=clock,
        )  # fmt: skip
    return after


def mark_sealed(conn: Connection, testimony_id: str, sealed_at: str) -> Testimony:
    """Set a draft's status to sealed, inside the sealing code's transaction (no signing)."""
    timestamp(sealed_at, "sealed_at")
    draft = require_draft(conn, testimony_id)
    conn.execute(
        "UPDATE testimonies SET status = 'sealed', sealed_at = ? WHERE id = ? AND status = 'draft'",
        (sealed_at, draft.id),
    )
    return dataclasses.replace(draft, status="sealed", sealed_at=sealed_at)


def _copy_attachments(conn: Connection, parent_id: str, child_id: str) -> int:
    """Point the correction at the parent's media: new rows, the same blobs (no copying)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'"
    ).fetchone()
    if exists is None:
        return 0
    rows = conn.execute(
        "SELECT id, blob_id, original_name, size, sha256, media_type, imported_at,"  # noqa: S608 - a fixed predicate
        " metadata_json, has_location, metadata_note, derived_from"
        # Working copies stay with the sealed version they were made of (their custody
        # events are in its chain); a correction carries the originals only (a phone
        # bundle's items, which point at their bundle, are originals).
        f" FROM attachments WHERE testimony_id = ? AND NOT ({IS_WORKING_COPY_SQL})"
        " ORDER BY rowid",
        (parent_id,),
    ).fetchall()
    new_ids = {row[0]: new_id() for row in rows}
    pending = list(rows)
    while pending:
        # A derived copy (thumbnail, stripped copy) must follow the row it points to.
        ready = [r for r in pending if r[10] not in new_ids or r[10] not in {p[0] for p in pending}]
        if not ready:
            raise EvidenceVaultError(f"Attachments of testimony {parent_id} derive in a loop.")
        for row in ready:
            conn.execute(
                "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size, sha256,"
                " media_type, imported_at, metadata_json, has_location, metadata_note,"
                " derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_ids[row[0]], child_id, *row[1:10], new_ids.get(row[10], row[10])),
            )
        pending = [r for r in pending if r not in ready]
    return len(rows)


def start_correction(
    conn: Connection, signer: Signer, testimony_id: str, actor: str, *, clock: Clock | None = None
) -> Testimony:
    """A new draft version of a sealed testimony: same content, ``version + 1``, the parent
    named in ``parent_id`` and its custody chain's last hash cited in the first event."""
    with transaction(conn):
        parent = _load(conn, resolve_id(conn, "testimonies", testimony_id))
        if parent.status != "sealed":
            raise EvidenceVaultError(
                f"Testimony {parent.id} is still a draft; edit it instead of correcting it."
            )
        child_row = conn.execute(
            "SELECT id FROM testimonies WHERE parent_id = ?", (parent.id,)
        ).fetchone()
        if child_row is not None:
            raise EvidenceVaultError(
                f"Testimony {parent.id} already has a correction ({child_row[0]}); "
                "correct the latest version."
            )
        root_id = conn.execute(
            "SELECT root_id FROM testimonies WHERE id = ?", (parent.id,)
        ).fetchone()[0]
        now = utc_timestamp(clock)
        child = dataclasses.replace(
            parent,
            id=new_id(),
            version=parent.version + 1,
            parent_id=parent.id,
            status="draft",
            created_at=now,
            updated_at=now,
            sealed_at=None,
        )
        custody.append_event(
            conn,
            signer,
            chain_id=parent.id,
            action="corrected",
            actor=actor,
            details={"correction_id": child.id, "correction_version": child.version},
            clock=clock,
        )
        _insert(conn, child, root_id=root_id)
        copied = _copy_attachments(conn, parent.id, child.id)
        search.index_testimony(conn, child)
        custody.append_event(
            conn,
            signer,
            chain_id=child.id,
            action="correction_started",
            actor=actor,
            details={
                "record": "testimony",
                "parent_id": parent.id,
                "parent_version": parent.version,
                "parent_last_hash": custody.last_hash(conn, parent.id),
                "case_id": child.case_id,
                "person_id": child.person_id,
                "version": child.version,
                "attachments_copied": copied,
                "record_sha256": record_sha256(child),
            },
            clock=clock,
        )
    return child


def withdraw_consent(
    conn: Connection,
    signer: Signer,
    testimony_id: str,
    withdrawn_at: str,
    note: str,
    actor: str,
    *,
    clock: Clock | None = None,
) -> ConsentWithdrawal:
    """Record that consent was withdrawn (sealed or not); it governs every version."""
    timestamp(withdrawn_at, "withdrawn_at")
    if len(note) > 10_000 or "\x00" in note:
        raise InvalidRecordError("note", "record.note_invalid")
    with transaction(conn):
        full_id = resolve_id(conn, "testimonies", testimony_id)
        root_id = conn.execute(
            "SELECT root_id FROM testimonies WHERE id = ?", (full_id,)
        ).fetchone()[0]
        withdrawal = ConsentWithdrawal(
            id=new_id(),
            testimony_id=full_id,
            withdrawn_at=withdrawn_at,
            note=note,
            recorded_at=utc_timestamp(clock),
            actor=actor,
        )
        conn.execute(
            "INSERT INTO consent_withdrawals (id, testimony_id, root_id, withdrawn_at, note,"
            " recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (withdrawal.id, full_id, root_id, withdrawn_at, note, withdrawal.recorded_at, actor),
        )
        custody.append_event(
            conn,
            signer,
            chain_id=full_id,
            action="consent_withdrawn",
            actor=actor,
            details={"withdrawal_id": withdrawal.id, "withdrawn_at": withdrawn_at},
            clock=clock,
        )
    return withdrawal


def consent_withdrawals(conn: Connection, testimony_id: str) -> list[ConsentWithdrawal]:
    """Every withdrawal recorded on any version of this testimony, oldest first."""
    full_id = resolve_id(conn, "testimonies", testimony_id)
    rows = conn.execute(
        "SELECT w.id, w.testimony_id, w.withdrawn_at, w.note, w.recorded_at, w.actor"
        " FROM consent_withdrawals AS w JOIN testimonies AS t ON t.root_id = w.root_id"
        " WHERE t.id = ? ORDER BY w.recorded_at, w.id",
        (full_id,),
    ).fetchall()
    return [ConsentWithdrawal(*row) for row in rows]


def consent_withdrawn(conn: Connection, testimony_id: str) -> bool:
    """Whether consent was withdrawn, in the record itself or later: sealing, export and
    sync refuse to move such a testimony."""
    testimony = get_testimony(conn, testimony_id)
    return testimony.consent.withdrawn_at is not None or bool(
        consent_withdrawals(conn, testimony.id)
    )


@dataclasses.dataclass(frozen=True)
class DeletedDraft:
    testimony_id: str
    record_sha256: str
    blob_ids: tuple[str, ...]  # the caller deletes those no other record uses
    person_removed: bool


def delete_draft(
    conn: Connection,
    signer: Signer,
    testimony_id: str,
    actor: str,
    *,
    clock: Clock | None = None,
) -> DeletedDraft:
    """Delete a draft that was never sealed: the record, its incidents, its attachments'
    records and its words in the search index; the person interviewed too when no other
    testimony names them (their identifying details must not outlive the interview).

    The vault's custody chain records the deletion with the id and the content hash only.
    The draft's own custody events stay (the log is append-only); they hold ids, hashes
    and file names, never the narrative. Refused for a sealed version, for a draft with a
    recording still open, and for one on which a consent withdrawal was recorded (that
    record must survive).
    """
    with transaction(conn):
        testimony = require_draft(conn, resolve_id(conn, "testimonies", testimony_id))
        if conn.execute(
            "SELECT 1 FROM recordings WHERE testimony_id = ? LIMIT 1", (testimony.id,)
        ).fetchone():
            raise ImmutableRecordError(
                "A recording of this testimony is still open; stop it before deleting.",
                code="immutable.recording_open",
            )
        if conn.execute(
            "SELECT 1 FROM consent_withdrawals WHERE testimony_id = ? LIMIT 1", (testimony.id,)
        ).fetchone():
            raise ImmutableRecordError(
                "A consent withdrawal is recorded on this draft; it stays as that record.",
                code="immutable.withdrawal_recorded",
            )
        digest = record_sha256(testimony)
        blob_ids = tuple(
            str(row[0])
            for row in conn.execute(
                "SELECT blob_id FROM attachments WHERE testimony_id = ?", (testimony.id,)
            )
        )
        search.remove_document(conn, "testimony", testimony.id)
        conn.execute("DELETE FROM attachments WHERE testimony_id = ?", (testimony.id,))
        conn.execute("DELETE FROM incidents WHERE testimony_id = ?", (testimony.id,))
        conn.execute("DELETE FROM testimonies WHERE id = ?", (testimony.id,))
        person_removed = (
            conn.execute(
                "SELECT 1 FROM testimonies WHERE person_id = ? LIMIT 1", (testimony.person_id,)
            ).fetchone()
            is None
        )
        if person_removed:
            conn.execute("DELETE FROM persons WHERE id = ?", (testimony.person_id,))
        custody.append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="draft_deleted",
            actor=actor,
            details={
                "testimony_id": testimony.id,
                "version": testimony.version,
                "record_sha256": digest,
                "attachments": len(blob_ids),
            },
            clock=clock,
        )
    return DeletedDraft(testimony.id, digest, blob_ids, person_removed)
