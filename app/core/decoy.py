"""The decoy a duress passphrase opens: its prepared content and how it is filled in.

A prepared decoy is one UTF-8 JSON object, at most 16 MiB::

    {
      "cases": [
        {
          "title": "…", "description": "…", "region": "…", "tags": ["…"],
          "testimonies": [ <testimony input, docs/testimony-format.md> ]
        }
      ]
    }

Each case takes the keys of ``case add --from-json`` plus ``testimonies``, a list of
testimony inputs with an inline ``person`` (there are no person ids to refer to yet).
It is checked in full when the duress passphrase is set, so a mistake is named then, not
at the moment it is needed. The decoy's records are drafts dated from when the duress
passphrase was set, a few seconds to a minute apart, as if typed in then.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core import custody
from app.core.cases import add_case
from app.core.ids import Clock
from app.core.records import (
    CaseInput,
    InvalidRecordError,
    TestimonyInput,
    load_json,
    parse_case_input,
    parse_testimony_input,
)
from app.core.testimonies import add_testimony
from app.crypto.signing import DeviceIdentity
from app.errors import FormatError
from app.storage.database import Connection

MAX_DECOY_BYTES = 16 * 1024 * 1024
MAX_CASES = 200
MAX_TESTIMONIES = 1000


@dataclass(frozen=True)
class DecoyCase:
    case: CaseInput
    testimonies: tuple[TestimonyInput, ...]


def parse_decoy(raw: bytes) -> list[DecoyCase]:
    """The prepared decoy from its JSON bytes; FormatError or InvalidRecordError naming
    the field that is wrong (never its content)."""
    if len(raw) > MAX_DECOY_BYTES:
        raise FormatError("A prepared decoy is at most 16 MiB.")
    value = load_json(raw, "The decoy file")
    if not isinstance(value, dict) or set(value) - {"cases"}:
        raise FormatError('A decoy file is a JSON object with one key, "cases".')
    cases = value.get("cases", [])
    if not isinstance(cases, list) or len(cases) > MAX_CASES:
        raise FormatError(f'"cases" is a list of at most {MAX_CASES} cases.')
    parsed: list[DecoyCase] = []
    total = 0
    for number, item in enumerate(cases):
        path = f"cases[{number}]"
        if not isinstance(item, dict):
            raise InvalidRecordError(path, "record.decoy_not_object")
        fields = {key: item[key] for key in item if key != "testimonies"}
        testimonies = item.get("testimonies", [])
        if not isinstance(testimonies, list):
            raise InvalidRecordError(f"{path}.testimonies", "record.decoy_not_list")
        total += len(testimonies)
        if total > MAX_TESTIMONIES:
            raise FormatError(f"A decoy holds at most {MAX_TESTIMONIES} testimonies.")
        inputs = []
        for index, testimony in enumerate(testimonies):
            try:
                parsed_testimony = parse_testimony_input(testimony)
            except InvalidRecordError as error:
                where = f"{path}.testimonies[{index}]"
                field = f"{where}.{error.field}" if error.field else where
                raise InvalidRecordError(field, error.code, **error.params) from None
            if parsed_testimony.person is None:
                raise InvalidRecordError(
                    f"{path}.testimonies[{index}].person",
                    "record.decoy_person_inline",
                )
            inputs.append(parsed_testimony)
        parsed.append(DecoyCase(parse_case_input(fields, path), tuple(inputs)))
    return parsed


def canonical(raw: bytes) -> bytes:
    """The checked decoy as compact JSON (what is stored: no file's layout kept)."""
    parse_decoy(raw)
    return json.dumps(load_json(raw, "The decoy file"), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")  # fmt: skip


def typing_clock(start: datetime) -> Clock:
    """A clock that starts at ``start`` and moves 5 to 60 seconds per reading."""
    moment = [start]

    def now() -> datetime:
        current = moment[0]
        moment[0] = current + timedelta(
            seconds=5 + secrets.randbelow(55), microseconds=secrets.randbelow(1_000_000)
        )
        return current

    return now


def fill(
    conn: Connection,
    device: DeviceIdentity,
    created: datetime,
    content: bytes | None,
    actor: str = custody.DEFAULT_ACTOR,
) -> None:
    """Record the decoy's creation as :meth:`Session.create` does, then its prepared
    cases and testimonies (drafts), all dated from ``created``. A prepared decoy that no
    longer parses leaves the decoy empty: the duress unlock must never fail visibly."""
    clock = typing_clock(created)
    custody.append_event(
        conn,
        device,
        chain_id=custody.VAULT_CHAIN,
        action="creation",
        actor=actor,
        details={"device": device.fingerprint},
        clock=clock,
    )
    if content is None:
        return
    try:
        cases = parse_decoy(content)
    except FormatError:
        return
    for item in cases:
        case = add_case(conn, device, item.case, actor, clock=clock)
        for testimony in item.testimonies:
            add_testimony(conn, device, case.id, testimony, actor, clock=clock)
