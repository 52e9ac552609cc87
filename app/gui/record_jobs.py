"""Jobs on the records: cases, people, testimonies, withdrawals, deleting a draft.

Form values arrive as plain dicts in the documented JSON shape and go to the same use
cases the CLI calls (``app.services.records``). Bodies run on the vault worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.gui.vault_worker import Job, JobContext
from app.services import records
from app.services.records import now_iso

__all__ = ["SealedStamp", "TestimonyOpened", "now_iso"]


@dataclass(frozen=True)
class TestimonyOpened:
    """A testimony with the person interviewed and its attachments, for the editor."""

    testimony: Any  # app.core.records.Testimony (frozen)
    person: Any  # app.core.records.Person (frozen)
    case_title: str
    is_latest: bool
    status: str = "draft"  # one of app.core.listing.STATUSES
    consent_withdrawn: bool = False
    withdrawn_at: str | None = None  # the earliest withdrawal, when consent was withdrawn
    withdrawal_on_this_version: bool = False  # such a draft stays (core refuses deleting it)


@dataclass(frozen=True)
class SealedStamp:
    """A trusted timestamp of a sealed version, as its custody event records it."""

    authority: str  # the authority's name in the platform profile
    attested_at: str  # ISO 8601 UTC, the time the authority signed


def sealed_timestamps(testimony_id: str) -> Job:
    """The trusted timestamps of a sealed version, oldest first (its custody log)."""

    def job(ctx: JobContext) -> tuple[SealedStamp, ...]:
        report = records.custody_log(ctx.session, testimony_id)
        return tuple(
            SealedStamp(str(e.details.get("authority", "")), str(e.details["attested_at"]))
            for e in report.events
            if e.action == "timestamped" and e.details.get("attested_at")
        )

    return job


def add_case(values: dict[str, Any]) -> Job:
    def job(ctx: JobContext) -> str:
        return records.add_case(ctx.session, values).id

    return job


def new_testimony(case_id: str, person_code: str, role: str) -> Job:
    """A draft with the person interviewed and no consent given yet."""

    def job(ctx: JobContext) -> str:
        return records.new_draft(ctx.session, case_id, person_code, role).id

    return job


def open_testimony(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> TestimonyOpened:
        details = records.open_testimony(ctx.session, testimony_id)
        moments = [w.withdrawn_at for w in details.withdrawals]
        if details.testimony.consent.withdrawn_at is not None:
            moments.append(details.testimony.consent.withdrawn_at)
        return TestimonyOpened(
            details.testimony,
            details.person,
            details.case_title,
            details.is_latest,
            details.status,
            details.consent_withdrawn,
            min(moments) if moments else None,
            any(w.testimony_id == details.testimony.id for w in details.withdrawals),
        )

    return job


def save_draft(testimony_id: str, values: dict[str, Any]) -> Job:
    """Replace a draft's content with ``values`` (the testimony JSON shape)."""

    def job(ctx: JobContext) -> str:
        records.save_draft(ctx.session, testimony_id, values)
        return now_iso()

    return job


def start_correction(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> str:
        return records.start_correction(ctx.session, testimony_id).id

    return job


def withdraw_consent(testimony_id: str, withdrawn_at: str | None, note: str) -> Job:
    def job(ctx: JobContext) -> str:
        withdrawal = records.withdraw_consent(
            ctx.session, testimony_id, withdrawn_at=withdrawn_at, note=note
        )
        return withdrawal.withdrawn_at

    return job


def delete_draft(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> str:
        return records.delete_draft(ctx.session, testimony_id).testimony_id

    return job


def update_person(person_id: str, values: dict[str, Any]) -> Job:
    def job(ctx: JobContext) -> Any:
        return records.update_person(ctx.session, person_id, values)

    return job
