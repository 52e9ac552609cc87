"""Jobs that read and change records through core: cases, people, testimonies.

Form values arrive as plain dicts in the documented JSON shape and pass through core's
parsers (the same validation the CLI applies) before anything is stored; core appends
the custody events. Bodies run on the vault worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.gui.vault_worker import Job, JobContext


def signer_of(vault: Any) -> Any:
    return vault.device


def actor_of(vault: Any) -> str:
    from app.storage.vault import DEFAULT_ACTOR

    return DEFAULT_ACTOR


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class TestimonyOpened:
    """A testimony with the person interviewed and its attachments, for the editor."""

    testimony: Any  # app.core.records.Testimony (frozen)
    person: Any  # app.core.records.Person (frozen)
    case_title: str
    is_latest: bool


def add_case(values: dict[str, Any]) -> Job:
    def job(ctx: JobContext) -> str:
        from app.core import cases, records

        vault = ctx.vault
        data = records.parse_case_input(values)
        case = cases.add_case(vault.connection, signer_of(vault), data, actor_of(vault))
        return str(case.id)

    return job


def new_testimony(case_id: str, person_code: str, role: str) -> Job:
    """A draft with the person interviewed and no consent given yet."""

    def job(ctx: JobContext) -> str:
        from app.core import records, testimonies

        vault = ctx.vault
        data = records.parse_testimony_input(
            {
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
        )
        testimony = testimonies.add_testimony(
            vault.connection, signer_of(vault), case_id, data, actor_of(vault)
        )
        return str(testimony.id)

    return job


def open_testimony(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> TestimonyOpened:
        from app.core import cases, persons, testimonies

        conn = ctx.vault.connection
        testimony = testimonies.get_testimony(conn, testimony_id)
        person = persons.get_person(conn, testimony.person_id)
        case = cases.get_case(conn, testimony.case_id)
        child = conn.execute(
            "SELECT 1 FROM testimonies WHERE parent_id = ?", (testimony.id,)
        ).fetchone()
        return TestimonyOpened(testimony, person, case.title, child is None)

    return job


def save_draft(testimony_id: str, values: dict[str, Any]) -> Job:
    """Replace a draft's content with ``values`` (the testimony JSON shape)."""

    def job(ctx: JobContext) -> str:
        from app.core import records, testimonies

        vault = ctx.vault
        data = records.parse_testimony_input(values)
        testimonies.update_testimony(
            vault.connection, signer_of(vault), testimony_id, data, actor_of(vault)
        )
        return now_iso()

    return job


def start_correction(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> str:
        from app.core import testimonies

        vault = ctx.vault
        correction = testimonies.start_correction(
            vault.connection, signer_of(vault), testimony_id, actor_of(vault)
        )
        return str(correction.id)

    return job
