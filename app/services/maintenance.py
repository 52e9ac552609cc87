"""The integrity check as a use case: core judges, then the leftovers of interrupted
imports are removed only when the database could be read cleanly."""

from __future__ import annotations

import dataclasses

from app.core import check as core_check
from app.core.check import CheckReport, Progress
from app.services.session import Session
from app.storage.vault import Vault


def check(session: Session, *, progress: Progress | None = None) -> CheckReport:
    """Check the whole vault (``evidence-vault check``)."""
    return check_vault(session.vault, progress=progress)


def check_vault(vault: Vault, *, progress: Progress | None = None) -> CheckReport:
    """Core's check, plus the rollback anchor: a database older than the keys (an older
    copy put back, or custody events cut off its end) is a problem. A read-only vault
    is not tidied."""
    report = core_check.check_vault(
        vault.connection, vault.blobs, vault.device.public_key, progress=progress
    )
    if vault.rollback is not None:
        problems = [vault.rollback, *report.problems]
        return dataclasses.replace(report, problems=problems)
    cleaned = vault.sweep_leftovers(orphans=report.orphans_decidable)
    return dataclasses.replace(report, cleaned=cleaned)
