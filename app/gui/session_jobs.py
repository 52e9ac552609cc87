"""Vault lifecycle jobs: create, unlock, lock, and the interface preferences kept inside.

Every function here returns a job for :class:`VaultClient.submit`; the job body runs on
the vault worker thread, the only thread that touches the vault, and calls the session
use cases (the same ones the command line calls). Results are frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.crypto.kdf import Argon2Params
from app.gui.vault_worker import Job, JobContext
from app.services import coercion, settings
from app.services.session import Session, holds_vault
from app.services.settings import (
    DEFAULT_AUTO_LOCK_MINUTES,
    MAX_AUTO_LOCK_MINUTES,
)
from app.services.settings import Preferences as GuiSettings

__all__ = [
    "DEFAULT_AUTO_LOCK_MINUTES",
    "MAX_AUTO_LOCK_MINUTES",
    "GuiSettings",
    "VaultOpened",
    "create_vault",
    "lock_vault",
    "save_settings",
    "unlock_vault",
    "unlock_with_shares",
    "vault_exists",
]


@dataclass(frozen=True)
class VaultOpened:
    folder: Path
    settings: GuiSettings
    device_fingerprint: str
    recovery_key: str | None = None  # only right after creation, shown once
    recovered_recordings: int = 0
    # The database is older than its keys: the vault is open read-only until the user
    # accepts it (core's sentence, for the record; the window shows its own).
    rollback: str | None = None


def vault_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a vault (a cheap check, fine on the GUI thread)."""
    return holds_vault(folder)


def _opened(ctx: JobContext, session: Session, folder: Path, recovery: str | None) -> VaultOpened:
    ctx.set_session(session)
    return VaultOpened(
        folder=folder,
        settings=settings.preferences(session),
        device_fingerprint=session.device_fingerprint,
        recovery_key=recovery,
        recovered_recordings=len(session.opened.recovered_recordings),
        rollback=session.rollback,
    )


def create_vault(folder: Path, passphrase: str, params: Argon2Params | None) -> Job:
    def job(ctx: JobContext) -> VaultOpened:
        session, recovery = Session.create(
            folder, passphrase, params=params, progress=ctx.progress
        )
        return _opened(ctx, session, folder, recovery.formatted())

    return job


def unlock_vault(folder: Path, secret: str) -> Job:
    def job(ctx: JobContext) -> VaultOpened:
        if ctx.has_vault:
            ctx.session.lock()
            ctx.set_session(None)
        return _opened(ctx, Session.unlock(folder, secret), folder, None)

    return job


def unlock_with_shares(folder: Path, share_texts: tuple[str, ...], new_passphrase: str) -> Job:
    """Open the vault with K recovery shares and set a new passphrase (the forgotten one
    no longer opens it)."""

    def job(ctx: JobContext) -> VaultOpened:
        if ctx.has_vault:
            ctx.session.lock()
            ctx.set_session(None)
        session = coercion.reset_passphrase_with_shares(folder, share_texts, new_passphrase)
        return _opened(ctx, session, folder, None)

    return job


def lock_vault() -> Job:
    def job(ctx: JobContext) -> None:
        if ctx.has_vault:
            session = ctx.session
            ctx.set_session(None)
            session.lock()

    return job


def save_settings(wanted: GuiSettings) -> Job:
    def job(ctx: JobContext) -> GuiSettings:
        return settings.save_preferences(ctx.session, wanted)

    return job
