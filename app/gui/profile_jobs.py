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

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.gui.record_jobs import actor_of
from app.gui.vault_worker import Job, JobContext
from app.sync.profile import system_keyring

KeyringFactory = Callable[[], Any]


@dataclass(frozen=True)
class ProfileSummary:
    """What Settings shows of the stored profile (raw: the screen sanitises it)."""

    name: str
    host: str
    url: str
    platform_recipient: str
    certificate_fingerprints: tuple[str, ...]  # SHA-256 of each pinned CA certificate
    receipt_key_fingerprint: str
    proxy: str  # "" when packages go without a proxy


@dataclass(frozen=True)
class SavedCoordinator:
    name: str
    recipient: str


@dataclass(frozen=True)
class PlatformState:
    profile: ProfileSummary | None
    coordinators: tuple[SavedCoordinator, ...]
    platform_recipient: str  # core's setting as stored now ("" when unset)


@dataclass(frozen=True)
class ProfileFileImported:
    profile: ProfileSummary
    token_stored: bool  # the file carried a device token: it should now be deleted


def _summary(profile: Any) -> ProfileSummary:
    from cryptography.hazmat.primitives import hashes

    from app.sync.tls import parse_ca_certificates

    return ProfileSummary(
        name=profile.name,
        host=profile.host,
        url=profile.url,
        platform_recipient=profile.platform_recipient,
        certificate_fingerprints=tuple(
            "SHA256:" + certificate.fingerprint(hashes.SHA256()).hex(":").upper()
            for certificate in parse_ca_certificates(profile.ca_certificate_pem)
        ),
        receipt_key_fingerprint=profile.receipt_key_fingerprint,
        proxy=profile.proxy or "",
    )


def _coordinators(conn: Any) -> tuple[SavedCoordinator, ...]:
    from app.core.settings import get_coordinator_recipients

    return tuple(SavedCoordinator(e.name, e.recipient) for e in get_coordinator_recipients(conn))


def platform_state() -> Job:
    """The stored profile (None before the first import) and the saved coordinators."""

    def job(ctx: JobContext) -> PlatformState:
        from app.core.settings import PLATFORM_RECIPIENT, get_setting
        from app.sync.profile import load_profile

        conn = ctx.vault.connection
        profile = load_profile(conn)
        return PlatformState(
            profile=_summary(profile) if profile is not None else None,
            coordinators=_coordinators(conn),
            platform_recipient=get_setting(conn, PLATFORM_RECIPIENT) or "",
        )

    return job


def saved_coordinators() -> Job:
    def job(ctx: JobContext) -> tuple[SavedCoordinator, ...]:
        return _coordinators(ctx.vault.connection)

    return job


def import_profile_file(path: Path, keyring_factory: KeyringFactory = system_keyring) -> Job:
    """Read the coordinator's profile file (capped, strictly parsed) and store it."""

    def job(ctx: JobContext) -> ProfileFileImported:
        from app.sync.profile import import_profile, read_profile_file

        # Core's reader: the size cap, a typed error for an unreadable file, every field
        # checked. What is stored is core's own serialisation of what it accepted.
        profile, token = read_profile_file(path)
        document = profile.to_json()
        if token is not None:
            document["device_token"] = token
        vault = ctx.vault
        imported = import_profile(
            vault.connection,
            json.dumps(document).encode("utf-8"),
            keyring_backend=keyring_factory() if token is not None else None,
            signer=vault.device,
            actor=actor_of(vault),
        )
        return ProfileFileImported(_summary(imported.profile), imported.token_location is not None)

    return job


def change_proxy(proxy: str) -> Job:
    """Store the profile again with ``proxy`` ("" for none), through core's checks."""

    def job(ctx: JobContext) -> ProfileSummary:
        from app.sync.profile import import_profile, require_profile

        vault = ctx.vault
        profile = dataclasses.replace(
            require_profile(vault.connection), proxy=proxy.strip() or None
        )
        # No token in the document: core keeps the stored one where it is.
        imported = import_profile(
            vault.connection,
            json.dumps(profile.to_json()).encode("utf-8"),
            keyring_backend=None,
            signer=vault.device,
            actor=actor_of(vault),
        )
        return _summary(imported.profile)

    return job


def save_coordinators(coordinators: tuple[SavedCoordinator, ...]) -> Job:
    """Replace the saved coordinators (checked and logged by core)."""

    def job(ctx: JobContext) -> tuple[SavedCoordinator, ...]:
        from app.core.settings import CoordinatorRecipient, set_coordinator_recipients

        vault = ctx.vault
        stored = set_coordinator_recipients(
            vault.connection,
            vault.device,
            [CoordinatorRecipient(c.name, c.recipient) for c in coordinators],
            actor_of(vault),
        )
        return tuple(SavedCoordinator(e.name, e.recipient) for e in stored)

    return job
