"""Testimonies on a real SQLCipher vault: add, get, list, update drafts, sealing refuses
change, corrections chain to their parent, consent withdrawal, id prefixes, atomicity."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from core_support import ACTOR, add_case, new_identity, open_vault_db, sample_input

from app.core import custody, persons
from app.core import testimonies as repo
from app.core.ids import AmbiguousIdError, resolve_id
from app.core.records import PersonInput
from app.crypto.signing import DeviceIdentity
from app.errors import EvidenceVaultError, ImmutableRecordError, NotFoundError
from app.storage.database import Connection, transaction


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    connection = open_vault_db(tmp_path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def device() -> DeviceIdentity:
    return new_identity()


def _seal(conn: Connection, testimony_id: str) -> None:
    with transaction(conn):
        repo.mark_sealed(conn, testimony_id, "2024-03-02T09:00:00Z")


def _attach(
    conn: Connection, testimony_id: str, name: str, derived_from: str | None,
    metadata: str = "{}",
) -> str:
    attachment_id = f"{name:0<8}-0000-4000-8000-000000000000"
    conn.execute(
        "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size, sha256,"
        " media_type, imported_at, metadata_json, has_location, metadata_note, derived_from)"
        " VALUES (?, ?, ?, ?, 3, ?, 'image/jpeg', '2024-03-01T00:00:00Z', ?, 0, NULL, ?)",
        (attachment_id, testimony_id, f"blob-{name}", f"{name}.jpg", "ab" * 32, metadata,
         derived_from),
    )
    return attachment_id


def test_add_get_and_list(conn: Connection, device: DeviceIdentity) -> None:
    case = add_case(conn, device)
    added = repo.add_testimony(conn, device, case.id[:8], sample_input(), ACTOR)
    assert added.status == "draft" and added.version == 1 and added.parent_id is None
    assert added.case_id == case.id
    assert added.incidents[0].id  # a fresh incident id was assigned
    fetched = repo.get_testimony(conn, added.id[:6])
    assert fetched == added
    person = persons.get_person(conn, added.person_id)
    assert person.code == "W-017" and person.full_name == "Test Person"

    other_case = add_case(conn, device, "Second case")
    second = repo.add_testimony(
        conn, device, other_case.id, sample_input(person=None, person_id=person.id[:8]), ACTOR
    )
    assert second.person_id == person.id
    assert [s.id for s in repo.list_testimonies(conn)] == [second.id, added.id]
    assert [s.id for s in repo.list_testimonies(conn, case_id=case.id)] == [added.id]
    assert [s.id for s in repo.list_testimonies(conn, limit=1, offset=1)] == [added.id]
    assert repo.list_testimonies(conn, status="sealed") == []
    summary = repo.list_testimonies(conn, case_id=other_case.id[:10])[0]
    assert summary.interview_place == "Vilnius" and summary.status == "draft"


def test_listing_filters_use_indexes(conn: Connection) -> None:
    for where in ("case_id = 'x'", "status = 'draft'"):
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT id FROM testimonies WHERE {where}"
                " ORDER BY created_at DESC, id DESC LIMIT 50"
            )
        )
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_update_changes_a_draft_and_logs_it(conn: Connection, device: DeviceIdentity) -> None:
    case = add_case(conn, device)
    added = repo.add_testimony(conn, device, case.id, sample_input(), ACTOR)
    changed_input = dataclasses.replace(
        sample_input(person=None, person_id=added.person_id),
        narrative="Updated narrative.",
        incidents=(dataclasses.replace(added.incidents[0], place="Жодино"),),
    )
    updated = repo.update_testimony(conn, device, added.id, changed_input, ACTOR)
    assert updated.narrative == "Updated narrative."
    assert updated.incidents[0].id == added.incidents[0].id  # the incident kept its id
    assert repo.get_testimony(conn, added.id) == updated
    assert [e.action for e in custody.events(conn, added.id)] == ["creation", "change"]
    # Saving the same content again (the editor does on leaving a field) logs nothing.
    again = repo.update_testimony(conn, device, added.id, changed_input, ACTOR)
    assert again == updated
    assert [e.action for e in custody.events(conn, added.id)] == ["creation", "change"]


def test_change_of_consent_names_the_answers_that_changed(
    conn: Connection, device: DeviceIdentity
) -> None:
    case = add_case(conn, device)
    added = repo.add_testimony(conn, device, case.id, sample_input(), ACTOR)
    base = sample_input(person=None, person_id=added.person_id)
    consent = dataclasses.replace(
        base.consent, be_named=not base.consent.be_named, recontact=not base.consent.recontact
    )
    repo.update_testimony(conn, device, added.id, dataclasses.replace(base, consent=consent), ACTOR)
    repo.update_testimony(
        conn, device, added.id,
        dataclasses.replace(base, consent=consent, narrative="Only the narrative."), ACTOR,
    )  # fmt: skip
    changes = [e.details for e in custody.events(conn, added.id) if e.action == "change"]
    # The names of the answers only, in the record's order; never values of the narrative.
    assert changes[0]["consent_changed"] == ["be_named", "recontact"]
    assert "consent_changed" not in changes[1]
    assert "Only the narrative." not in str(changes)


def test_sealed_testimony_refuses_update(conn: Connection, device: DeviceIdentity) -> None:
    case = add_case(conn, device)
    added = repo.add_testimony(conn, device, case.id, sample_input(), ACTOR)
    _seal(conn, added.id)
    assert repo.get_testimony(conn, added.id).status == "sealed"
    change = sample_input(person=None, person_id=added.person_id, narrative="changed")
    with pytest.raises(ImmutableRecordError, match="sealed; start a correction"):
        repo.update_testimony(conn, device, added.id, change, ACTOR)
    with pytest.raises(ImmutableRecordError):
        repo.require_draft(conn, added.id)
    with pytest.raises(ImmutableRecordError), transaction(conn):
        repo.mark_sealed(conn, added.id, "2024-03-03T00:00:00Z")
    # The database refuses it too, whatever code path tries.
    with pytest.raises(sqlcipher3.IntegrityError, match="sealed"):
        conn.execute("UPDATE testimonies SET narrative = 'x' WHERE id = ?", (added.id,))
    with pytest.raises(sqlcipher3.IntegrityError, match="sealed"):
        conn.execute("UPDATE incidents SET place = 'x' WHERE testimony_id = ?", (added.id,))
    assert repo.get_testimony(conn, added.id).narrative == added.narrative


def test_correction_chains_to_its_parent(conn: Connection, device: DeviceIdentity) -> None:
    case = add_case(conn, device)
    parent = repo.add_testimony(conn, device, case.id, sample_input(), ACTOR)
    with pytest.raises(EvidenceVaultError, match="draft"):
        repo.start_correction(conn, device, parent.id, ACTOR)
    original = _attach(conn, parent.id, "aaaaaaaa", None)
    _attach(conn, parent.id, "bbbbbbbb", original, '{"working_copy": true}')  # its copy
    # A phone bundle's item points at the bundle it came in: evidence, not a copy.
    _attach(conn, parent.id, "cccccccc", original, '{"phone_role": "phone-item"}')
    _seal(conn, parent.id)

    child = repo.start_correction(conn, device, parent.id[:8], ACTOR)
    assert (child.version, child.parent_id, child.status) == (2, parent.id, "draft")
    assert child.narrative == parent.narrative and child.incidents == parent.incidents
    assert child.case_id == parent.case_id and child.person_id == parent.person_id

    rows = conn.execute(
        "SELECT id, blob_id, derived_from FROM attachments WHERE testimony_id = ? ORDER BY blob_id",
        (child.id,),
    ).fetchall()
    # The same blobs; a working copy stays with the sealed version it was made of (its
    # custody event is in that version's chain), so the correction carries originals only,
    # the phone item among them, pointing at the correction's own row of its bundle.
    assert [row[1] for row in rows] == ["blob-aaaaaaaa", "blob-cccccccc"]
    assert rows[0][2] is None
    assert rows[1][2] == rows[0][0]

    parent_chain = custody.events(conn, parent.id)
    child_chain = custody.events(conn, child.id)
    assert parent_chain[-1].action == "corrected"
    assert parent_chain[-1].details["correction_id"] == child.id
    first = child_chain[0]
    assert first.action == "correction_started"
    assert first.details["parent_id"] == parent.id
    assert first.details["parent_last_hash"] == parent_chain[-1].event_hash
    assert first.details["attachments_copied"] == 2

    # The child is an ordinary draft; the parent stays sealed and cannot fork.
    repo.update_testimony(
        conn, device, child.id, sample_input(person=None, person_id=child.person_id), ACTOR
    )
    with pytest.raises(EvidenceVaultError, match="already has a correction"):
        repo.start_correction(conn, device, parent.id, ACTOR)
    assert repo.get_testimony(conn, parent.id).status == "sealed"


def test_consent_withdrawal_is_recorded_even_when_sealed(
    conn: Connection, device: DeviceIdentity
) -> None:
    case = add_case(conn, device)
    first = repo.add_testimony(conn, device, case.id, sample_input(), ACTOR)
    _seal(conn, first.id)
    second = repo.start_correction(conn, device, first.id, ACTOR)
    assert not repo.consent_withdrawn(conn, first.id)

    withdrawal = repo.withdraw_consent(
        conn, device, first.id, "2024-04-01", "phoned the documenter", ACTOR
    )
    assert repo.get_testimony(conn, first.id).status == "sealed"  # the record is unchanged
    assert repo.consent_withdrawals(conn, first.id) == [withdrawal]
    # Consent is the person's: the withdrawal governs every version.
    assert repo.consent_withdrawals(conn, second.id) == [withdrawal]
    assert repo.consent_withdrawn(conn, second.id)
    event = custody.events(conn, first.id)[-1]
    assert event.action == "consent_withdrawn"
    assert event.details == {"withdrawal_id": withdrawal.id, "withdrawn_at": "2024-04-01"}
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM consent_withdrawals")
    with pytest.raises(EvidenceVaultError, match="withdrawn_at"):
        repo.withdraw_consent(conn, device, first.id, "next week", "", ACTOR)


def test_consent_withdrawn_in_the_record_itself_counts(
    conn: Connection, device: DeviceIdentity
) -> None:
    case = add_case(conn, device)
    data = sample_input()
    data = dataclasses.replace(
        data, consent=dataclasses.replace(data.consent, withdrawn_at="2024-03-05")
    )
    added = repo.add_testimony(conn, device, case.id, data, ACTOR)
    assert repo.consent_withdrawn(conn, added.id)


def test_a_failed_add_leaves_nothing_behind(conn: Connection, device: DeviceIdentity) -> None:
    with pytest.raises(NotFoundError):
        repo.add_testimony(conn, device, "0123456789", sample_input(), ACTOR)
    case = add_case(conn, device)
    unknown_person = sample_input(person=None, person_id="fedcba98-0000")
    with pytest.raises(NotFoundError):
        repo.add_testimony(conn, device, case.id, unknown_person, ACTOR)
    for table in ("testimonies", "persons", "incidents", "search_docs"):
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert count == (1 if table == "search_docs" else 0), table  # only the case's doc
    assert len(custody.events(conn, custody.VAULT_CHAIN)) == 1  # the case creation only


def test_ids_resolve_by_unique_prefix(conn: Connection, device: DeviceIdentity) -> None:
    person = persons.add_person(conn, device, PersonInput("P-1", "witness"), ACTOR)
    assert resolve_id(conn, "persons", person.id) == person.id
    assert resolve_id(conn, "persons", person.id[:6].upper()) == person.id
    with pytest.raises(NotFoundError, match="at least 6"):
        resolve_id(conn, "persons", person.id[:5])
    with pytest.raises(NotFoundError):
        resolve_id(conn, "persons", "'; DROP TABLE persons; --")
    with pytest.raises(ValueError, match="table"):
        resolve_id(conn, "custody_events", person.id)
    for suffix in ("1", "2"):
        conn.execute(
            "INSERT INTO persons (id, code, role, created_at) VALUES (?, 'x', 'other', 'now')",
            (f"abcdef0{suffix}-0000-4000-8000-000000000000",),
        )
    with pytest.raises(AmbiguousIdError, match="more digits"):
        resolve_id(conn, "persons", "abcdef")
    assert resolve_id(conn, "persons", "abcdef02").startswith("abcdef02")
    assert person.id in {p.id for p in persons.list_persons(conn)}
