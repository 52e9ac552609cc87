"""The field's records as frozen dataclasses, their validation, and their JSON form.

Case, person interviewed, testimony (interview, informed consent, incidents, narrative,
Istanbul Protocol sections). Everything that arrives from outside — the CLI's
``--from-json`` file, a form in the window, a package being read back — passes through the
parsers here: unknown keys are refused by name (a typo must never silently drop evidence),
types, dates (ISO 8601), vocabulary ids and sizes are checked before anything is stored.
Error messages name the field, never its content. Pure and thread-safe.

The JSON shapes are documented in ``docs/testimony-format.md``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, cast

from app.core.vocabulary import default_vocabulary
from app.errors import FormatError
from app.platform.text import TextEncodingError, decode_user_text

ROLES = ("survivor", "witness", "relative", "other")
STATUSES = ("draft", "sealed")
# The consent booleans, in the order forms and records show them.
CONSENT_FLAGS = (
    "interview",
    "audio_recording",
    "share_with_platform",
    "share_onward",
    "be_named",
    "recontact",
)
DATE_PRECISIONS = ("day", "month", "year", "approximate")
# How consent was given, by the names the window offers: ``method`` stays free text (a
# record may say more, "oral, at the start of the recording"), and these stored values
# are shown in the interface language (app/gui/messages.py).
CONSENT_METHODS = ("oral", "written", "recorded")
RECORD_FORMAT = "evidence-vault-testimony"
RECORD_FORMAT_VERSION = 1

Role = Literal["survivor", "witness", "relative", "other"]
Status = Literal["draft", "sealed"]
DatePrecision = Literal["day", "month", "year", "approximate"]

# Caps are checked before anything is stored; a testimony bigger than this is a mistake
# or an attack, and attachments carry the large material.
MAX_INPUT_BYTES = 16 << 20
MAX_NARRATIVE_BYTES = 2 << 20
MAX_SECTION_BYTES = 512 << 10
MAX_LONG_TEXT_BYTES = 256 << 10
MAX_SHORT_CHARS = 500
MAX_INCIDENTS = 1000
MAX_LIST_ITEMS = 200
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TIMESTAMP_START = re.compile(r"\d{4}-\d{2}-\d{2}")


# Every rule a record can break, by stable code, with core's English sentence (the CLI
# prints it after the field). The window shows its own translation of the code next to
# the field (app/gui/messages.py); a test checks each code here has one there.
PROBLEMS: dict[str, str] = {
    "record.not_object": "must be a JSON object",
    "record.unknown_key": "unknown key (allowed: {allowed})",
    "record.required": "is required",
    "record.not_string": "must be a string",
    "record.too_many_bytes": "is longer than {limit} bytes",
    "record.too_many_chars": "is longer than {limit} characters",
    "record.nul": "contains a NUL character",
    "record.not_unicode": "is not valid Unicode text",
    "record.empty": "must not be empty",
    "record.not_bool": "must be true or false",
    "record.not_text_list": "must be a list of strings",
    "record.too_many_items": "has more than {limit} items",
    "record.not_partial_date": "must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD",
    "record.not_real_date": "is not a real calendar date",
    "record.not_timestamp": "must be an ISO 8601 date or date-time, e.g. 2024-03-01T14:30:00Z",
    "record.invalid_timestamp": "is not a valid ISO 8601 date or date-time",
    "record.not_number": "must be a number",
    "record.out_of_range": "must be between -{limit} and {limit}",
    "record.not_uuid": "must be a lowercase UUID4",
    "record.not_choice": "must be one of: {choices}",
    "record.needs_date_from": "needs date_from",
    "record.before_date_from": "is before date_from",
    "record.precision_too_fine": "'{precision}' needs a more precise date_from",
    "record.coordinates_apart": "latitude and longitude go together",
    "record.unknown_violation": "is not an id of the violation vocabulary",
    "record.violation_twice": "lists an id twice",
    "record.not_list": "must be a list",
    "record.person_one_of": "give exactly one of person_id or person",
    "record.incident_id_twice": "two incidents have the same id",
    "record.note_invalid": "is longer than 10000 characters or holds NUL",
    "record.file_too_large": "{what} is larger than {limit} MiB",
    "record.key_twice": "appears twice in the same object",
    "record.text_encoding": "{reason}",
    "record.not_json": "{what} is not valid JSON (line {line}, column {column})",
    "record.too_deep": "{what} is nested too deeply",
    "record.number_too_long": "{what} holds a number too long to read",
    "record.wrong_format": "must be {expected}",
    "record.unsupported_version": "version {version} is not supported",
    "record.not_positive": "must be a positive whole number",
    "record.decoy_not_object": "is not an object",
    "record.decoy_not_list": "is not a list",
    "record.decoy_person_inline": (
        "a decoy testimony names its person inline (person, not person_id)"
    ),
}


class InvalidRecordError(FormatError):
    """A record (or its JSON) breaks a rule; ``field`` is its path, e.g. ``incidents[1].place``,
    and ``code`` the rule (a key of :data:`PROBLEMS`) with ``params`` for its sentence."""

    def __init__(self, field_path: str, code: str, **params: str | int) -> None:
        problem = PROBLEMS[code].format(**params)
        super().__init__(f"{field_path}: {problem}", code=code, params=params)
        self.field = field_path
        self.problem = problem


@dataclass(frozen=True)
class CaseInput:
    title: str
    description: str = ""
    region: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    description: str
    region: str
    tags: tuple[str, ...]
    created_at: str


@dataclass(frozen=True)
class PersonInput:
    """A person interviewed. ``code`` is the pseudonym or code used everywhere else;
    ``full_name``, ``contacts`` and ``date_of_birth`` identify the person and are kept apart
    so a package can leave them out."""

    code: str
    role: Role
    full_name: str | None = None
    contacts: str | None = None
    date_of_birth: str | None = None


@dataclass(frozen=True)
class Person:
    id: str
    code: str
    role: Role
    full_name: str | None
    contacts: str | None
    date_of_birth: str | None
    created_at: str


@dataclass(frozen=True)
class Interview:
    started_at: str | None = None
    place: str = ""
    interviewer: str = ""
    language: str = ""
    interpreter: str = ""


@dataclass(frozen=True)
class Consent:
    """Informed consent as given at the interview (withdrawals later are separate facts)."""

    interview: bool
    audio_recording: bool
    share_with_platform: bool
    share_onward: bool
    be_named: bool
    recontact: bool
    given_at: str
    method: str
    note: str = ""
    withdrawn_at: str | None = None


@dataclass(frozen=True)
class Incident:
    id: str
    date_from: str | None
    date_to: str | None
    date_precision: DatePrecision | None
    place: str
    latitude: float | None
    longitude: float | None
    violation_types: tuple[str, ...]
    alleged_perpetrators: tuple[str, ...]
    witnesses: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class IstanbulProtocol:
    """Optional sections following the Istanbul Protocol's interview outline."""

    circumstances: str | None = None
    detention_place_and_routine: str | None = None
    methods: str | None = None
    injuries: str | None = None
    persons_involved: str | None = None


IP_SECTIONS = tuple(IstanbulProtocol.__dataclass_fields__)


@dataclass(frozen=True)
class TestimonyInput:
    """What a documenter enters; exactly one of ``person_id`` and ``person`` is set.

    Incident ids may be empty strings here; storing assigns fresh ones.
    """

    consent: Consent
    narrative: str
    person_id: str | None = None
    person: PersonInput | None = None
    interview: Interview = field(default_factory=Interview)
    incidents: tuple[Incident, ...] = ()
    istanbul_protocol: IstanbulProtocol = field(default_factory=IstanbulProtocol)


@dataclass(frozen=True)
class Testimony:
    id: str
    case_id: str
    person_id: str
    version: int
    parent_id: str | None
    status: Status
    interview: Interview
    consent: Consent
    incidents: tuple[Incident, ...]
    narrative: str
    istanbul_protocol: IstanbulProtocol
    created_at: str
    updated_at: str
    sealed_at: str | None


# --- validation helpers -------------------------------------------------------------


def _object(
    value: object, path: str, allowed: Iterable[str], required: Iterable[str] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidRecordError(path, "record.not_object")
    allowed_set = set(allowed)
    for key in value:
        if key not in allowed_set:
            raise InvalidRecordError(
                _join(path, str(key)), "record.unknown_key", allowed=", ".join(sorted(allowed_set))
            )
    for key in required:
        if key not in value:
            raise InvalidRecordError(_join(path, key), "record.required")
    return cast(dict[str, Any], value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(
    value: object,
    path: str,
    *,
    max_chars: int = MAX_SHORT_CHARS,
    max_bytes: int | None = None,
    non_empty: bool = False,
) -> str:
    if not isinstance(value, str):
        raise InvalidRecordError(path, "record.not_string")
    if max_bytes is not None:
        if len(value) > max_bytes or len(value.encode("utf-8", "surrogatepass")) > max_bytes:
            raise InvalidRecordError(path, "record.too_many_bytes", limit=max_bytes)
    elif len(value) > max_chars:
        raise InvalidRecordError(path, "record.too_many_chars", limit=max_chars)
    if "\x00" in value:
        raise InvalidRecordError(path, "record.nul")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRecordError(path, "record.not_unicode") from None
    if non_empty and not value.strip():
        raise InvalidRecordError(path, "record.empty")
    return value


def _optional_text(value: object, path: str, **limits: Any) -> str | None:
    return None if value is None else _text(value, path, **limits)


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidRecordError(path, "record.not_bool")
    return value


def _text_list(value: object, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidRecordError(path, "record.not_text_list")
    if len(value) > MAX_LIST_ITEMS:
        raise InvalidRecordError(path, "record.too_many_items", limit=MAX_LIST_ITEMS)
    return tuple(_text(item, f"{path}[{i}]", non_empty=True) for i, item in enumerate(value))


def partial_date(value: object, path: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ISO 8601 reduced precision), checked for real."""
    text = _text(value, path, max_chars=10)
    match = _PARTIAL_DATE.fullmatch(text)
    if match is None:
        raise InvalidRecordError(path, "record.not_partial_date")
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidRecordError(path, "record.not_real_date") from None
    return text


def timestamp(value: object, path: str) -> str:
    """An ISO 8601 date or date-time (with or without offset), kept exactly as written."""
    text = _text(value, path, max_chars=40, non_empty=True)
    if not _TIMESTAMP_START.match(text):
        raise InvalidRecordError(path, "record.not_timestamp")
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRecordError(path, "record.invalid_timestamp") from None
    return text


def _coordinate(value: object, path: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRecordError(path, "record.not_number")
    number = float(value)
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise InvalidRecordError(path, "record.out_of_range", limit=f"{limit:g}")
    return number


def _uuid(value: object, path: str) -> str:
    text = _text(value, path, max_chars=36)
    if not re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", text
    ):
        raise InvalidRecordError(path, "record.not_uuid")
    return text


def _choice(value: object, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InvalidRecordError(path, "record.not_choice", choices=", ".join(choices))
    return value


# --- parsers ------------------------------------------------------------------------

_CASE_KEYS = ("title", "description", "region", "tags")
_PERSON_KEYS = ("code", "role", "full_name", "contacts", "date_of_birth")
_INTERVIEW_KEYS = tuple(Interview.__dataclass_fields__)
_CONSENT_KEYS = tuple(Consent.__dataclass_fields__)
_CONSENT_REQUIRED = _CONSENT_KEYS[:8]
_INCIDENT_KEYS = tuple(Incident.__dataclass_fields__)
_INPUT_KEYS = (
    "person_id",
    "person",
    "interview",
    "consent",
    "incidents",
    "narrative",
    "istanbul_protocol",
)
_RECORD_META = (
    "format",
    "format_version",
    "id",
    "case_id",
    "person_id",
    "version",
    "parent_id",
    "status",
    "created_at",
    "updated_at",
    "sealed_at",
)
_RECORD_KEYS = (
    *_RECORD_META,
    "interview",
    "consent",
    "incidents",
    "narrative",
    "istanbul_protocol",
)


def parse_case_input(value: object, path: str = "") -> CaseInput:
    data = _object(value, path or "case", _CASE_KEYS, ("title",))
    return CaseInput(
        title=_text(data["title"], _join(path, "title"), non_empty=True),
        description=_text(
            data.get("description", ""), _join(path, "description"), max_bytes=MAX_LONG_TEXT_BYTES
        ),
        region=_text(data.get("region", ""), _join(path, "region")),
        tags=_text_list(data.get("tags", []), _join(path, "tags")),
    )


def parse_person_input(value: object, path: str = "person") -> PersonInput:
    data = _object(value, path, _PERSON_KEYS, ("code", "role"))
    dob = data.get("date_of_birth")
    return PersonInput(
        code=_text(data["code"], _join(path, "code"), max_chars=100, non_empty=True),
        role=cast(Role, _choice(data["role"], _join(path, "role"), ROLES)),
        full_name=_optional_text(data.get("full_name"), _join(path, "full_name")),
        contacts=_optional_text(data.get("contacts"), _join(path, "contacts"), max_chars=4000),
        date_of_birth=None if dob is None else partial_date(dob, _join(path, "date_of_birth")),
    )


def parse_interview(value: object, path: str = "interview") -> Interview:
    data = _object(value, path, _INTERVIEW_KEYS)
    started = data.get("started_at")
    return Interview(
        started_at=None if started is None else timestamp(started, _join(path, "started_at")),
        place=_text(data.get("place", ""), _join(path, "place")),
        interviewer=_text(data.get("interviewer", ""), _join(path, "interviewer")),
        language=_text(data.get("language", ""), _join(path, "language"), max_chars=64),
        interpreter=_text(data.get("interpreter", ""), _join(path, "interpreter")),
    )


def parse_consent(value: object, path: str = "consent") -> Consent:
    data = _object(value, path, _CONSENT_KEYS, _CONSENT_REQUIRED)
    flags = {key: _bool(data[key], _join(path, key)) for key in _CONSENT_REQUIRED[:6]}
    withdrawn = data.get("withdrawn_at")
    return Consent(
        **flags,
        given_at=timestamp(data["given_at"], _join(path, "given_at")),
        method=_text(data["method"], _join(path, "method"), non_empty=True),
        note=_text(data.get("note", ""), _join(path, "note"), max_chars=10_000),
        withdrawn_at=None
        if withdrawn is None
        else timestamp(withdrawn, _join(path, "withdrawn_at")),
    )


def _precision_for(day: str) -> DatePrecision:
    return cast(DatePrecision, {4: "year", 7: "month"}.get(len(day), "day"))


def parse_incident(
    value: object, path: str, *, id_required: bool, vocabulary: frozenset[str] | None = None
) -> Incident:
    data = _object(value, path, _INCIDENT_KEYS, ("id",) if id_required else ())
    known = default_vocabulary().ids if vocabulary is None else vocabulary
    incident_id = (
        "" if data.get("id") is None and not id_required else _uuid(data["id"], _join(path, "id"))
    )
    date_from = (
        None
        if data.get("date_from") is None
        else partial_date(data["date_from"], _join(path, "date_from"))
    )
    date_to = (
        None
        if data.get("date_to") is None
        else partial_date(data["date_to"], _join(path, "date_to"))
    )
    if date_to is not None and date_from is None:
        raise InvalidRecordError(_join(path, "date_to"), "record.needs_date_from")
    if date_from is not None and date_to is not None:
        common = min(len(date_from), len(date_to))
        if date_from[:common] > date_to[:common]:
            raise InvalidRecordError(_join(path, "date_to"), "record.before_date_from")
    precision: DatePrecision | None = None
    if data.get("date_precision") is not None:
        precision = cast(
            DatePrecision,
            _choice(data["date_precision"], _join(path, "date_precision"), DATE_PRECISIONS),
        )
        if date_from is None:
            raise InvalidRecordError(_join(path, "date_precision"), "record.needs_date_from")
        wanted = {"day": 10, "month": 7, "year": 4}.get(precision, 0)
        if len(date_from) < wanted:
            raise InvalidRecordError(
                _join(path, "date_precision"), "record.precision_too_fine", precision=precision
            )
    elif date_from is not None:
        precision = _precision_for(date_from)
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None):
        raise InvalidRecordError(
            _join(path, "latitude" if lat is None else "longitude"),
            "record.coordinates_apart",
        )
    violations = _text_list(data.get("violation_types", []), _join(path, "violation_types"))
    for i, violation in enumerate(violations):
        if violation not in known:
            raise InvalidRecordError(
                f"{path}.violation_types[{i}]", "record.unknown_violation"
            )
    if len(set(violations)) != len(violations):
        raise InvalidRecordError(_join(path, "violation_types"), "record.violation_twice")
    return Incident(
        id=incident_id,
        date_from=date_from,
        date_to=date_to,
        date_precision=precision,
        place=_text(data.get("place", ""), _join(path, "place")),
        latitude=None if lat is None else _coordinate(lat, _join(path, "latitude"), 90.0),
        longitude=None if lon is None else _coordinate(lon, _join(path, "longitude"), 180.0),
        violation_types=violations,
        alleged_perpetrators=_text_list(
            data.get("alleged_perpetrators", []), _join(path, "alleged_perpetrators")
        ),
        witnesses=_text_list(data.get("witnesses", []), _join(path, "witnesses")),
        description=_text(
            data.get("description", ""), _join(path, "description"), max_bytes=MAX_LONG_TEXT_BYTES
        ),
    )


def _incidents(value: object, *, id_required: bool) -> tuple[Incident, ...]:
    if not isinstance(value, list):
        raise InvalidRecordError("incidents", "record.not_list")
    if len(value) > MAX_INCIDENTS:
        raise InvalidRecordError("incidents", "record.too_many_items", limit=MAX_INCIDENTS)
    vocabulary = default_vocabulary().ids
    return tuple(
        parse_incident(item, f"incidents[{i}]", id_required=id_required, vocabulary=vocabulary)
        for i, item in enumerate(value)
    )


def parse_istanbul_protocol(value: object, path: str = "istanbul_protocol") -> IstanbulProtocol:
    data = _object(value, path, IP_SECTIONS)
    sections = {
        key: _optional_text(data.get(key), _join(path, key), max_bytes=MAX_SECTION_BYTES)
        for key in IP_SECTIONS
    }
    return IstanbulProtocol(**sections)


def _narrative(value: object) -> str:
    return _text(value, "narrative", max_bytes=MAX_NARRATIVE_BYTES)


def parse_testimony_input(value: object) -> TestimonyInput:
    """The ``testimony add --from-json`` shape (see docs/testimony-format.md)."""
    data = _object(value, "", _INPUT_KEYS, ("consent", "narrative"))
    has_id, has_inline = data.get("person_id") is not None, data.get("person") is not None
    if has_id == has_inline:
        raise InvalidRecordError("person", "record.person_one_of")
    return TestimonyInput(
        person_id=_text(data["person_id"], "person_id", max_chars=36, non_empty=True)
        if has_id
        else None,
        person=parse_person_input(data["person"]) if has_inline else None,
        interview=parse_interview(data.get("interview", {})),
        consent=parse_consent(data["consent"]),
        incidents=_incidents(data.get("incidents", []), id_required=False),
        narrative=_narrative(data["narrative"]),
        istanbul_protocol=parse_istanbul_protocol(data.get("istanbul_protocol", {})),
    )


def load_json(raw: bytes, what: str = "The testimony file") -> object:
    """Decode untrusted JSON bytes after checking their size; duplicate keys are refused."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InvalidRecordError(
            "", "record.file_too_large", what=what, limit=MAX_INPUT_BYTES >> 20
        )

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, item in pairs:
            if key in result:
                raise InvalidRecordError(key, "record.key_twice")
            result[key] = item
        return result

    try:
        text = decode_user_text(raw, what)  # a UTF-8 BOM dropped, UTF-16 refused by name
    except TextEncodingError as error:
        reason = str(error).rstrip(".")
        raise InvalidRecordError("", "record.text_encoding", reason=reason) from None
    try:
        return cast(object, json.loads(text, object_pairs_hook=no_duplicates))
    except json.JSONDecodeError as error:
        raise InvalidRecordError(
            "", "record.not_json", what=what, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise InvalidRecordError("", "record.too_deep", what=what) from None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits.
        raise InvalidRecordError("", "record.number_too_long", what=what) from None


# --- JSON form of stored records ----------------------------------------------------


def case_to_json(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "description": case.description,
        "region": case.region,
        "tags": list(case.tags),
        "created_at": case.created_at,
    }


def person_to_json(person: Person, *, include_identifying: bool) -> dict[str, Any]:
    """A person; ``include_identifying=False`` leaves out name, contacts and date of birth."""
    result: dict[str, Any] = {
        "id": person.id,
        "code": person.code,
        "role": person.role,
        "created_at": person.created_at,
    }
    if include_identifying:
        result.update(
            full_name=person.full_name, contacts=person.contacts, date_of_birth=person.date_of_birth
        )
    return result


def _dataclass_json(value: object) -> dict[str, Any]:
    fields = type(value).__dataclass_fields__  # type: ignore[attr-defined]  # only called with dataclasses
    return {name: _plain(getattr(value, name)) for name in fields}


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def testimony_to_json(testimony: Testimony) -> dict[str, Any]:
    """The testimony record as stored, sealed and packaged (no person details inline)."""
    return {
        "format": RECORD_FORMAT,
        "format_version": RECORD_FORMAT_VERSION,
        "id": testimony.id,
        "case_id": testimony.case_id,
        "person_id": testimony.person_id,
        "version": testimony.version,
        "parent_id": testimony.parent_id,
        "status": testimony.status,
        "created_at": testimony.created_at,
        "updated_at": testimony.updated_at,
        "sealed_at": testimony.sealed_at,
        "interview": _dataclass_json(testimony.interview),
        "consent": _dataclass_json(testimony.consent),
        "incidents": [_dataclass_json(incident) for incident in testimony.incidents],
        "narrative": testimony.narrative,
        "istanbul_protocol": _dataclass_json(testimony.istanbul_protocol),
    }


def testimony_from_json(value: object) -> Testimony:
    """Read a record written by :func:`testimony_to_json` (e.g. from a package), strictly."""
    data = _object(value, "", _RECORD_KEYS, _RECORD_KEYS)
    if data["format"] != RECORD_FORMAT:
        raise InvalidRecordError("format", "record.wrong_format", expected=RECORD_FORMAT)
    if data["format_version"] != RECORD_FORMAT_VERSION:
        raise InvalidRecordError(
            "format_version", "record.unsupported_version", version=repr(data["format_version"])
        )
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        raise InvalidRecordError("version", "record.not_positive")
    sealed_at = data["sealed_at"]
    return Testimony(
        id=_uuid(data["id"], "id"),
        case_id=_uuid(data["case_id"], "case_id"),
        person_id=_uuid(data["person_id"], "person_id"),
        version=version,
        parent_id=None if data["parent_id"] is None else _uuid(data["parent_id"], "parent_id"),
        status=cast(Status, _choice(data["status"], "status", STATUSES)),
        interview=parse_interview(data["interview"]),
        consent=parse_consent(data["consent"]),
        incidents=_incidents(data["incidents"], id_required=True),
        narrative=_narrative(data["narrative"]),
        istanbul_protocol=parse_istanbul_protocol(data["istanbul_protocol"]),
        created_at=timestamp(data["created_at"], "created_at"),
        updated_at=timestamp(data["updated_at"], "updated_at"),
        sealed_at=None if sealed_at is None else timestamp(sealed_at, "sealed_at"),
    )


@dataclass(frozen=True)
class ConsentWithdrawal:
    """A withdrawal of consent, recorded after the fact (a sealed record cannot change).

    It governs every version of the testimony, found through their common first version.
    """

    id: str
    testimony_id: str
    withdrawn_at: str
    note: str
    recorded_at: str
    actor: str


@dataclass(frozen=True)
class TestimonySummary:
    """One row of a testimony listing: no narrative, cheap to read by the thousand."""

    id: str
    case_id: str
    person_id: str
    version: int
    parent_id: str | None
    status: Status
    interview_started_at: str | None
    interview_place: str
    created_at: str
    updated_at: str
    sealed_at: str | None
