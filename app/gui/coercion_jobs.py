"""Seizure and coercion as vault-worker jobs: re-key, wipe, the wipe after failed
unlocks, recovery shares, and accepting a database older than its keys.

Each job calls :mod:`app.services.coercion` (the same use cases the command line
calls) on the vault worker thread; results are plain values or frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.gui.vault_worker import Job, JobContext
from app.services import coercion


@dataclass(frozen=True)
class Rekeyed:
    recovery_key: str  # the new one, formatted; shown once


@dataclass(frozen=True)
class Wiped:
    erase_seconds: float  # until the keys were gone
    total_seconds: float


@dataclass(frozen=True)
class SharesMade:
    threshold: int
    documents: tuple[str, ...]  # each share's printable text, in order


def rekey(current_secret: str, new_passphrase: str | None) -> Job:
    """A new master key for everything; returns the new recovery key."""

    def job(ctx: JobContext) -> Rekeyed:
        recovery = coercion.rekey(ctx.session, current_secret, new_passphrase)
        return Rekeyed(recovery.formatted())

    return job


def wipe_vault(folder: Path) -> Job:
    """Crypto-erase the vault: the open one (locked first, on this thread), or the one in
    ``folder`` when none is open."""

    def job(ctx: JobContext) -> Wiped:
        if ctx.has_vault:
            session = ctx.session
            ctx.set_session(None)
            times = coercion.wipe_session(session)
        else:
            times = coercion.wipe_folder(folder)
        return Wiped(times.erase_seconds, times.total_seconds)

    return job


def failed_unlock_limit() -> Job:
    def job(ctx: JobContext) -> int:
        return coercion.failed_unlock_limit(ctx.session)

    return job


def set_failed_unlock_limit(limit: int) -> Job:
    """3..255, or 0 for off."""

    def job(ctx: JobContext) -> int:
        return coercion.set_failed_unlock_limit(ctx.session, limit)

    return job


def split_recovery(threshold: int, count: int) -> Job:
    """New recovery shares; earlier ones stop working."""

    def job(ctx: JobContext) -> SharesMade:
        documents = coercion.split_recovery(ctx.session, threshold, count)
        return SharesMade(threshold, tuple(documents))

    return job


def accept_rollback() -> Job:
    """Accept the database as it is (logged); the vault becomes writable again."""

    def job(ctx: JobContext) -> bool:
        return coercion.accept_rollback(ctx.session)

    return job
