"""Records: validation of untrusted testimony JSON, the record JSON round trip, and the
schema step that stores them."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from core_support import CONSENT, sample_testimony
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import records
from app.core.records import (
    MAX_INCIDENTS,
    MAX_NARRATIVE_BYTES,
    Case,
    InvalidRecordError,
    Person,
    load_json,
    parse_case_input,
    parse_testimony_input,
    person_to_json,
)
from app.storage.database import open_database
from app.storage.migrations import latest_version, migrate, schema_version

UUID = "0b0c6a52-4a1e-4c8f-9d0e-2f1a3b4c5d6e"


def _error(data: Any) -> InvalidRecordError:
    with pytest.raises(InvalidRecordError) as caught:
        parse_testimony_input(data)
    return caught.value


def test_sample_testimony_parses_with_all_parts() -> None:
    parsed = parse_testimony_input(sample_testimony())
    assert parsed.person is not None and parsed.person.code == "W-017"
    assert parsed.consent.share_with_platform is True
    assert parsed.consent.share_onward is False
    assert parsed.incidents[0].violation_types == ("arbitrary_detention", "torture")
    assert parsed.incidents[0].date_precision == "day"  # inferred from a full date
    assert parsed.istanbul_protocol.methods == "Beating with batons."
    assert parsed.istanbul_protocol.circumstances is None


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(narative="typo"), "narative"),
        (lambda d: d["consent"].update(intervew=True), "consent.intervew"),
        (lambda d: d["incidents"][0].update(plase="Minsk"), "incidents[0].plase"),
        (lambda d: d["interview"].update(started="2024"), "interview.started"),
        (lambda d: d["person"].update(name="X"), "person.name"),
        (lambda d: d["istanbul_protocol"].update(torture="x"), "istanbul_protocol.torture"),
    ],
)
def test_unknown_keys_are_refused_by_name(mutate: Any, field: str) -> None:
    data = sample_testimony()
    mutate(data)
    error = _error(data)
    assert error.field == field
    assert "unknown key" in str(error)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["consent"].update(given_at="yesterday"), "consent.given_at"),
        (lambda d: d["consent"].update(given_at="2024-02-30"), "consent.given_at"),
        (lambda d: d["interview"].update(started_at="2024-03-01T25:00"), "interview.started_at"),
        (lambda d: d["incidents"][0].update(date_from="2020-13"), "incidents[0].date_from"),
        (lambda d: d["incidents"][0].update(date_from="09.08.2020"), "incidents[0].date_from"),
        (lambda d: d["incidents"][0].update(date_to="2020-08-01"), "incidents[0].date_to"),
        (lambda d: d["person"].update(date_of_birth="1990-02-29"), "person.date_of_birth"),
        (lambda d: d["consent"].update(withdrawn_at="soon"), "consent.withdrawn_at"),
    ],
)
def test_bad_dates_are_refused(mutate: Any, field: str) -> None:
    data = sample_testimony()
    mutate(data)
    assert _error(data).field == field


def test_reduced_precision_dates_are_accepted_and_checked_against_precision() -> None:
    data = sample_testimony()
    data["incidents"][0].update(date_from="2020-08", date_to="2020-09", date_precision="month")
    assert parse_testimony_input(data).incidents[0].date_precision == "month"
    data["incidents"][0].update(date_precision="day")
    assert _error(data).field == "incidents[0].date_precision"
    data["incidents"][0].update(date_from="2020", date_to=None, date_precision="approximate")
    assert parse_testimony_input(data).incidents[0].date_from == "2020"


def test_bad_vocabulary_id_is_refused() -> None:
    data = sample_testimony()
    data["incidents"][0]["violation_types"] = ["torture", "tortue"]
    error = _error(data)
    assert error.field == "incidents[0].violation_types[1]"
    assert "vocabulary" in error.problem
    data["incidents"][0]["violation_types"] = ["torture", "torture"]
    assert _error(data).field == "incidents[0].violation_types"


def test_oversize_texts_and_lists_are_refused() -> None:
    # 2 MiB of UTF-8: Cyrillic letters are two bytes, so fewer characters hit the cap.
    fits = "ж" * (MAX_NARRATIVE_BYTES // 2)
    assert parse_testimony_input(sample_testimony(narrative=fits)).narrative == fits
    assert _error(sample_testimony(narrative=fits + "ж")).field == "narrative"
    many = [copy.deepcopy(sample_testimony()["incidents"][0]) for _ in range(MAX_INCIDENTS + 1)]
    assert _error(sample_testimony(incidents=many)).field == "incidents"
    long_place = sample_testimony()
    long_place["interview"]["place"] = "x" * 501
    assert _error(long_place).field == "interview.place"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["consent"].update(interview="yes"), "consent.interview"),
        (lambda d: d["consent"].pop("recontact"), "consent.recontact"),
        (lambda d: d["consent"].update(method="  "), "consent.method"),
        (lambda d: d.pop("narrative"), "narrative"),
        (lambda d: d.update(narrative=42), "narrative"),
        (lambda d: d.update(person_id=UUID), "person"),
        (lambda d: d.pop("person"), "person"),
        (lambda d: d["person"].update(role="victim"), "person.role"),
        (lambda d: d["incidents"][0].pop("longitude"), "incidents[0].longitude"),
        (lambda d: d["incidents"][0].update(latitude=91), "incidents[0].latitude"),
        (lambda d: d["incidents"][0].update(latitude=True), "incidents[0].latitude"),
        (lambda d: d["incidents"][0].update(id="not-a-uuid"), "incidents[0].id"),
        (lambda d: d.update(narrative="a\x00b"), "narrative"),
        (lambda d: d.update(incidents={}), "incidents"),
    ],
)
def test_types_and_required_fields_are_checked(mutate: Any, field: str) -> None:
    data = sample_testimony()
    mutate(data)
    assert _error(data).field == field


def test_error_messages_name_the_field_not_the_content() -> None:
    data = sample_testimony()
    data["consent"]["given_at"] = "SECRET-CANARY"
    assert "SECRET-CANARY" not in str(_error(data))


def test_load_json_refuses_duplicates_bad_encoding_and_oversize() -> None:
    with pytest.raises(InvalidRecordError, match="twice"):
        load_json(b'{"narrative": "a", "narrative": "b"}')
    with pytest.raises(InvalidRecordError, match="UTF-8"):
        load_json(b'{"narrative": "\xff"}')
    with pytest.raises(InvalidRecordError, match="line 1"):
        load_json(b'{"narrative": ')
    with pytest.raises(InvalidRecordError, match="larger"):
        load_json(b" " * (16 * 1024 * 1024 + 1))
    with pytest.raises(InvalidRecordError, match="deeply"):
        load_json(b"[" * 100_000 + b"]" * 100_000)
    assert load_json(json.dumps(sample_testimony()).encode()) == sample_testimony()


def _record(**overrides: Any) -> records.Testimony:
    parsed = parse_testimony_input(sample_testimony())
    base = records.Testimony(
        id=UUID,
        case_id="1b0c6a52-4a1e-4c8f-9d0e-2f1a3b4c5d6e",
        person_id="2b0c6a52-4a1e-4c8f-9d0e-2f1a3b4c5d6e",
        version=2,
        parent_id="3b0c6a52-4a1e-4c8f-9d0e-2f1a3b4c5d6e",
        status="sealed",
        interview=parsed.interview,
        consent=parsed.consent,
        incidents=tuple(
            type(i)(**{**i.__dict__, "id": "4b0c6a52-4a1e-4c8f-9d0e-2f1a3b4c5d6e"})
            for i in parsed.incidents
        ),
        narrative=parsed.narrative,
        istanbul_protocol=parsed.istanbul_protocol,
        created_at="2024-03-01T10:00:00.000000Z",
        updated_at="2024-03-01T11:00:00.000000Z",
        sealed_at="2024-03-01T12:00:00.000000Z",
    )
    return type(base)(**{**base.__dict__, **overrides})


def test_testimony_record_json_round_trip() -> None:
    record = _record()
    encoded = json.dumps(records.testimony_to_json(record), ensure_ascii=False).encode()
    assert records.testimony_from_json(load_json(encoded)) == record


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(max_examples=60, deadline=None)
@given(narrative=_TEXT, place=_TEXT.map(lambda s: s[:500]), note=_TEXT.map(lambda s: s[:1000]))
def test_round_trip_holds_for_any_text(narrative: str, place: str, note: str) -> None:
    record = _record(narrative=narrative)
    record = _record(
        narrative=narrative,
        interview=type(record.interview)(place=place),
        consent=type(record.consent)(**{**record.consent.__dict__, "note": note}),
    )
    encoded = json.dumps(records.testimony_to_json(record)).encode()
    assert records.testimony_from_json(load_json(encoded)) == record


def test_record_json_is_strict_too() -> None:
    data = records.testimony_to_json(_record())
    data["extra"] = 1
    with pytest.raises(InvalidRecordError, match="extra"):
        records.testimony_from_json(data)
    data = records.testimony_to_json(_record())
    data["format_version"] = 99
    with pytest.raises(InvalidRecordError, match="format_version"):
        records.testimony_from_json(data)


def test_person_json_can_leave_identifying_details_out() -> None:
    person = Person(UUID, "W-1", "witness", "Full Name", "+375 00", "1990-01-01", "2024")
    shared = person_to_json(person, include_identifying=False)
    assert set(shared) == {"id", "code", "role", "created_at"}
    assert person_to_json(person, include_identifying=True)["full_name"] == "Full Name"


def test_case_input_validation() -> None:
    parsed = parse_case_input({"title": "Minsk", "tags": ["2020", "Akrestsina"]})
    assert parsed.tags == ("2020", "Akrestsina")
    with pytest.raises(InvalidRecordError, match="title"):
        parse_case_input({"title": ""})
    with pytest.raises(InvalidRecordError, match="titel"):
        parse_case_input({"title": "x", "titel": "y"})
    assert Case  # the dataclass is part of the public surface


def test_consent_sample_has_the_documented_fields() -> None:
    required = {"interview", "audio_recording", "share_with_platform", "share_onward"}
    assert required | {"be_named", "recontact", "given_at", "method"} <= set(CONSENT)


def test_schema_step_two_applies_after_step_one_through_the_runner(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "vault.db", os.urandom(32), create=True)
    assert migrate(conn) == latest_version()
    assert schema_version(conn) == latest_version() >= 3
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    for table in (
        "cases",
        "persons",
        "testimonies",
        "incidents",
        "custody_events",
        "consent_withdrawals",
        "search_index",
        "search_docs",
        "attachments",
    ):
        assert table in names
    assert "custody_events_append_only_update" in names
    assert "testimonies_sealed_immutable" in names
    assert migrate(conn) == 0  # a second run is a no-op
    conn.close()
