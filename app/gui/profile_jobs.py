"""Where packages go, as vault-worker jobs: the platform profile (read, import from a
file, change its proxy) and the saved coordinators.

Every change goes through core: a profile is stored only by
``app.sync.profile.import_profile`` (strict parsing, the device token to the keyring or
the vault, the platform's key logged as a custody event when it changes), saved
coordinators only by ``app.core.settings.set_coordinator_recipients``. The sync screen
and Settings can both use :func:`import_profile_file`. Bodies run on the vault worker
thread; results are frozen dataclasses of plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.gui.vault_worker import Job, JobContext
from app.services import syncing
from app.services.session import Session
from app.services.syncing import ProfileSummary as ProfileSummary  # Settings shows it
from app.sync.profile import ProfileSwapError, system_keyring

KeyringFactory = Callable[[], Any]


@dataclass(frozen=True)
class SavedCoordinator:
    name: str
    recipient: str


@dataclass(frozen=True)
class PlatformState:
    profile: ProfileSummary | None
    coordinators: tuple[SavedCoordinator, ...]
    platform_recipient: str  # core's setting as stored now ("" when unset)
    platform_key_fingerprint: str = ""  # of that key, to compare by voice ("" when unset)


@dataclass(frozen=True)
class ProfileFileImported:
    profile: ProfileSummary
    token_stored: bool  # the file carried a device token: it should now be deleted


@dataclass(frozen=True)
class ProfileFieldChange:
    field: str  # core's name: "platform key", "CA certificate", "URL", "receipt key"
    old: str  # fingerprint (the URL itself for "URL"), raw: the window sanitises it
    new: str


@dataclass(frozen=True)
class ProfileSwapFound:
    """The file sends packages somewhere else than the stored profile: nothing was
    imported. The window shows both sides and imports with ``replace`` only after the
    user confirms."""

    path: Path
    changes: tuple[ProfileFieldChange, ...]


def _summary(profile: Any) -> ProfileSummary:
    return syncing.summary(profile)


def _coordinators(session: Session) -> tuple[SavedCoordinator, ...]:
    return tuple(SavedCoordinator(e.name, e.recipient) for e in syncing.coordinators(session))


def platform_state() -> Job:
    """The stored profile (None before the first import) and the saved coordinators."""

    def job(ctx: JobContext) -> PlatformState:
        profile = syncing.stored_profile(ctx.session)
        return PlatformState(
            profile=_summary(profile) if profile is not None else None,
            coordinators=_coordinators(ctx.session),
            platform_recipient=syncing.platform_recipient(ctx.session),
            platform_key_fingerprint=syncing.platform_key_fingerprint(ctx.session),
        )

    return job


def saved_coordinators() -> Job:
    def job(ctx: JobContext) -> tuple[SavedCoordinator, ...]:
        return _coordinators(ctx.session)

    return job


def import_profile_file(
    path: Path, keyring_factory: KeyringFactory = system_keyring, *, replace: bool = False
) -> Job:
    """Read the coordinator's profile file (capped, strictly parsed) and store it.

    A profile that would send packages elsewhere is not stored: the job returns
    :class:`ProfileSwapFound` (old and new fingerprints) instead, and stores it only when
    called again with ``replace`` (a custody event names both)."""

    def job(ctx: JobContext) -> ProfileFileImported | ProfileSwapFound:
        try:
            imported = syncing.import_profile_file(
                ctx.session, path, keyring_factory(), replace=replace
            )
        except ProfileSwapError as swap:
            return ProfileSwapFound(
                path, tuple(ProfileFieldChange(c.field, c.old, c.new) for c in swap.changes)
            )
        return ProfileFileImported(_summary(imported.profile), imported.token_location is not None)

    return job


def platform_key_fingerprint() -> Job:
    """The fingerprint of the key packages are encrypted to ("" when none is set)."""

    def job(ctx: JobContext) -> str:
        return syncing.platform_key_fingerprint(ctx.session)

    return job


def change_proxy(proxy: str) -> Job:
    """Store the profile again with ``proxy`` ("" for none), through core's checks."""

    def job(ctx: JobContext) -> ProfileSummary:
        return _summary(syncing.change_proxy(ctx.session, proxy).profile)

    return job


def save_coordinators(coordinators: tuple[SavedCoordinator, ...]) -> Job:
    """Replace the saved coordinators (checked and logged by core)."""

    def job(ctx: JobContext) -> tuple[SavedCoordinator, ...]:
        from app.core.settings import CoordinatorRecipient

        stored = syncing.save_coordinators(
            ctx.session, [CoordinatorRecipient(c.name, c.recipient) for c in coordinators]
        )
        return tuple(SavedCoordinator(e.name, e.recipient) for e in stored)

    return job
