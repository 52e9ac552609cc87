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
    report = core_check.check_vault(
        vault.connection, vault.blobs, vault.device.public_key, progress=progress
    )
    cleaned = vault.sweep_leftovers(orphans=report.orphans_decidable)
    return dataclasses.replace(report, cleaned=cleaned)
