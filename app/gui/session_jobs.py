"""Vault lifecycle jobs: create, unlock, lock, and the interface settings kept inside.

Every function here returns a job for :class:`VaultClient.submit`; the job body runs on
the vault worker thread, the only thread that touches the vault. Results are frozen
dataclasses of plain values. Interface settings (language, auto-lock time, neutral
title) live in the vault's encrypted ``settings`` table: nothing outside the vault says
how, or in which language, the program is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.gui.vault_worker import Job, JobContext

_LANGUAGE = "gui.language"
_AUTO_LOCK = "gui.auto_lock_minutes"
_NEUTRAL_TITLE = "gui.neutral_title"
DEFAULT_AUTO_LOCK_MINUTES = 10
MAX_AUTO_LOCK_MINUTES = 24 * 60


@dataclass(frozen=True)
class GuiSettings:
    language: str | None = None
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    neutral_title: bool = False
    platform_recipient: str = ""  # core's setting (age1…), shown and set here


@dataclass(frozen=True)
class VaultOpened:
    folder: Path
    settings: GuiSettings
    device_fingerprint: str
    recovery_key: str | None = None  # only right after creation, shown once
    recovered_recordings: int = 0


def vault_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a vault (a cheap check, fine on the GUI thread)."""
    from app.storage.vault import holds_vault

    return holds_vault(folder)


def _fingerprint(vault: Any) -> str:
    # The short form is what people compare aloud; the full one is in the packages.
    return str(vault.device.public_key.short_fingerprint())


def _after_open(ctx: JobContext, vault: Any, folder: Path, recovery: str | None) -> VaultOpened:
    from app.core import recording

    ctx.set_vault(vault)
    recovered = recording.recover_interrupted(vault.connection, vault.blobs, vault.device)
    return VaultOpened(
        folder=folder,
        settings=read_settings(vault.connection),
        device_fingerprint=_fingerprint(vault),
        recovery_key=recovery,
        recovered_recordings=len(recovered),
    )


def create_vault(folder: Path, passphrase: str, params: Any | None) -> Job:
    def job(ctx: JobContext) -> VaultOpened:
        from app.storage.vault import Vault

        vault, recovery = Vault.create(folder, passphrase, params=params, progress=ctx.progress)
        return _after_open(ctx, vault, folder, recovery.formatted())

    return job


def unlock_vault(folder: Path, secret: str) -> Job:
    def job(ctx: JobContext) -> VaultOpened:
        from app.storage.vault import Vault

        if ctx.has_vault:
            ctx.vault.lock()
            ctx.set_vault(None)
        vault = Vault.unlock(folder, secret)
        return _after_open(ctx, vault, folder, None)

    return job


def lock_vault() -> Job:
    def job(ctx: JobContext) -> None:
        if ctx.has_vault:
            vault = ctx.vault
            ctx.set_vault(None)
            vault.lock()

    return job


def read_settings(conn: Any) -> GuiSettings:
    from app.core.settings import PLATFORM_RECIPIENT, read_value

    rows = {
        key: value
        for key in (_LANGUAGE, _AUTO_LOCK, _NEUTRAL_TITLE, PLATFORM_RECIPIENT)
        if (value := read_value(conn, key)) is not None
    }
    try:
        minutes = int(rows.get(_AUTO_LOCK, DEFAULT_AUTO_LOCK_MINUTES))
    except ValueError:
        minutes = DEFAULT_AUTO_LOCK_MINUTES
    return GuiSettings(
        language=rows.get(_LANGUAGE) or None,
        auto_lock_minutes=max(0, min(MAX_AUTO_LOCK_MINUTES, minutes)),
        neutral_title=rows.get(_NEUTRAL_TITLE) == "1",
        platform_recipient=rows.get(PLATFORM_RECIPIENT) or "",
    )


def save_settings(settings: GuiSettings) -> Job:
    def job(ctx: JobContext) -> GuiSettings:
        from app.core.settings import PLATFORM_RECIPIENT, set_setting, write_value
        from app.gui.record_jobs import actor_of
        from app.storage.database import transaction

        conn = ctx.vault.connection
        recipient = settings.platform_recipient.strip()
        if recipient and recipient != read_settings(conn).platform_recipient:
            # Core validates the key and logs the change in the custody chain.
            set_setting(conn, ctx.vault.device, PLATFORM_RECIPIENT, recipient, actor_of(ctx.vault))
        values = {
            _LANGUAGE: settings.language or "",
            _AUTO_LOCK: str(max(0, min(MAX_AUTO_LOCK_MINUTES, settings.auto_lock_minutes))),
            _NEUTRAL_TITLE: "1" if settings.neutral_title else "0",
        }
        with transaction(conn):
            for key, value in values.items():
                write_value(conn, key, value)
        return read_settings(conn)

    return job
