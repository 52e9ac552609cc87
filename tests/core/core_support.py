"""Helpers shared by the record, testimony, custody and search tests: a real SQLCipher vault
database migrated through the real runner, a real device identity, sample testimony JSON."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from app.core import cases
from app.core.records import Case, TestimonyInput, parse_case_input, parse_testimony_input
from app.crypto.signing import DeviceIdentity
from app.storage.database import Connection, open_database
from app.storage.migrations import migrate

ACTOR = "documenter-1"

CONSENT: dict[str, Any] = {
    "interview": True,
    "audio_recording": True,
    "share_with_platform": True,
    "share_onward": False,
    "be_named": False,
    "recontact": True,
    "given_at": "2024-03-01T10:15:00Z",
    "method": "oral, recorded at the start of the interview",
}

TESTIMONY: dict[str, Any] = {
    "person": {"code": "W-017", "role": "survivor", "full_name": "Test Person"},
    "interview": {
        "started_at": "2024-03-01T10:00:00+01:00",
        "place": "Vilnius",
        "interviewer": "D-3",
        "language": "be",
        "interpreter": "",
    },
    "consent": CONSENT,
    "incidents": [
        {
            "date_from": "2020-08-09",
            "date_to": "2020-08-12",
            "place": "ЦИП на Акрестина, Минск",
            "latitude": 53.8617,
            "longitude": 27.4786,
            "violation_types": ["arbitrary_detention", "torture"],
            "alleged_perpetrators": ["OMON officers"],
            "witnesses": ["W-018"],
            "description": "Held in a cell for four.",
        }
    ],
    "narrative": "Мяне затрымалі 9 жніўня каля стэлы.",
    "istanbul_protocol": {"methods": "Beating with batons.", "injuries": "Bruises on the back."},
}


def sample_testimony(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(TESTIMONY)
    data.update(overrides)
    return data


def sample_input(**overrides: Any) -> TestimonyInput:
    return parse_testimony_input(sample_testimony(**overrides))


def open_vault_db(folder: Path) -> Connection:
    conn = open_database(folder / "vault.db", os.urandom(32), create=True)
    migrate(conn)
    return conn


def new_identity() -> DeviceIdentity:
    return DeviceIdentity.generate()


def add_case(conn: Connection, signer: DeviceIdentity, title: str = "Akrestsina 2020") -> Case:
    return cases.add_case(conn, signer, parse_case_input({"title": title}), ACTOR)
