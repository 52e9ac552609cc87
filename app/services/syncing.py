"""Sync use cases: the platform profile, the outbox, a sync run, and its policies.

The OS keyring is a platform service: the front end's composition root looks it up and
passes it in (``keyring``), so tests and the two front ends choose it the same way.
A run reports progress through plain callbacks on the calling thread and stops at once
when ``cancel`` is set.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes

from app.core import timestamps
from app.core.export import ExportResult
from app.core.ids import resolve_id
from app.core.settings import (
    PLATFORM_RECIPIENT,
    CoordinatorRecipient,
    get_coordinator_recipients,
    get_setting,
    set_coordinator_recipients,
)
from app.core.supplements import export_supplement
from app.services.session import Session
from app.sync import outbox
from app.sync.outbox import OutboxEntry
from app.sync.policy import (
    AutoSyncRule,
    DeletePolicy,
    auto_rule,
    delete_local_copy,
    delete_policy,
    may_sync_automatically,
    set_auto_rule,
    set_delete_policy,
)
from app.sync.profile import (
    KeyringBackendLike,
    PlatformProfile,
    ProfileImported,
    fingerprint,
    import_profile,
    load_profile,
    read_profile_file,
    require_profile,
    require_token,
    token_store,
)
from app.sync.progress import last_rate as _last_rate
from app.sync.receipt_tokens import ReceiptStamp, fetch_receipt_tokens, owed, stamp_of
from app.sync.service import (
    SyncOptions,
    SyncProgress,
    SyncReport,
    SyncRetrying,
    open_client,
    sync_all,
)
from app.sync.timestamping import StampOutcome, stamp_pending
from app.sync.tls import parse_ca_certificates


@dataclass(frozen=True)
class ProfileSummary:
    """What a person compares of the stored profile (raw: front ends sanitise it)."""

    name: str
    host: str
    url: str
    platform_recipient: str
    certificate_fingerprints: tuple[str, ...]  # SHA-256 of each pinned CA certificate
    receipt_key_fingerprint: str
    proxy: str  # "" when packages go without a proxy


def summary(profile: PlatformProfile) -> ProfileSummary:
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


def stored_profile(session: Session) -> PlatformProfile | None:
    return load_profile(session.connection)


def required_profile(session: Session) -> PlatformProfile:
    return require_profile(session.connection)


# ``neutral`` (or a session a disguised window opened, ``session.disguised``): the
# program runs disguised, so the keyring entry gets a service name that does not name it
# (app/sync/profile.py, keyring_service); the vault's neutral title does the same.


def token_location(
    session: Session, keyring: KeyringBackendLike | None, *, neutral: bool = False
) -> str:
    neutral = neutral or session.disguised
    return token_store(session.connection, keyring, neutral=neutral).location


def import_profile_file(
    session: Session,
    path: Path,
    keyring: KeyringBackendLike | None,
    *,
    replace: bool = False,
    neutral: bool = False,
) -> ProfileImported:
    """Read a coordinator's profile file (capped, strictly parsed) and store it; its
    device token moves to the keyring or into the vault. What is stored is core's own
    serialisation of what it accepted.

    A profile that sends packages elsewhere (platform key, CA, URL or receipt key differ
    from what is stored) raises ``ProfileSwapError`` (its ``changes`` list the old and
    new fingerprints to compare by voice) unless ``replace``: the window asks, then
    calls again with ``replace=True``; the replacement is a custody event."""
    profile, token = read_profile_file(path)
    document = profile.to_json()
    if token is not None:
        document["device_token"] = token
    return import_profile(
        session.connection,
        json.dumps(document).encode("utf-8"),
        keyring_backend=keyring if token is not None else None,
        signer=session.device,
        actor=session.actor,
        replace=replace,
        neutral=neutral or session.disguised,
    )


def platform_key_fingerprint(session: Session) -> str:
    """The fingerprint of the platform key packages are encrypted to ("" when unset),
    for ``sync status`` and Settings (compare it with the platform by voice)."""
    recipient = platform_recipient(session)
    return fingerprint(recipient) if recipient else ""


def change_proxy(session: Session, proxy: str) -> ProfileImported:
    """Store the profile again with ``proxy`` ("" for none), through core's checks."""
    profile = dataclasses.replace(required_profile(session), proxy=proxy.strip() or None)
    # No token in the document: the stored one stays where it is.
    return import_profile(
        session.connection,
        json.dumps(profile.to_json()).encode("utf-8"),
        keyring_backend=None,
        signer=session.device,
        actor=session.actor,
    )


def platform_recipient(session: Session) -> str:
    """The platform's age recipient as stored ("" when unset)."""
    return get_setting(session.connection, PLATFORM_RECIPIENT) or ""


def coordinators(session: Session) -> tuple[CoordinatorRecipient, ...]:
    return get_coordinator_recipients(session.connection)


def save_coordinators(
    session: Session, entries: list[CoordinatorRecipient]
) -> tuple[CoordinatorRecipient, ...]:
    return set_coordinator_recipients(session.connection, session.device, entries, session.actor)


# -- the outbox and a run ----------------------------------------------------------------------


def outbox_entries(session: Session) -> list[OutboxEntry]:
    return outbox.entries(session.connection)


def last_rate(session: Session) -> tuple[int, str] | None:
    """(bytes per second, when) the last run measured, for ``sync status``."""
    return _last_rate(session.connection)


def retry(session: Session, package_id: str) -> OutboxEntry:
    """Put a failed package back in line; the next run resumes what the platform holds."""
    outbox.requeue(session.connection, package_id)
    return outbox.require(session.connection, package_id)


def delete_local(session: Session, package_id: str) -> bool:
    """Delete the local copy of a delivered package (only after its verified receipt)."""
    return delete_local_copy(
        session.connection, session.blobs, session.device, package_id, actor=session.actor
    )


def may_run_automatically(session: Session) -> tuple[bool, str]:
    return may_sync_automatically(session.connection, required_profile(session))


def run(
    session: Session,
    keyring: KeyringBackendLike | None,
    *,
    dry_run: bool = False,
    progress: SyncProgress | None = None,
    retrying: SyncRetrying | None = None,
    cancel: threading.Event | None = None,
    options: SyncOptions | None = None,
    neutral: bool = False,
) -> SyncReport:
    """Probe the platform, package what is sealed and unsent (and withdrawal notices owed),
    upload the outbox and verify each receipt."""
    profile = required_profile(session)
    token = require_token(session.connection, keyring, neutral=neutral or session.disguised)
    cancel = cancel if cancel is not None else threading.Event()
    report = sync_all(
        session.vault,
        profile,
        token=token,
        dry_run=dry_run,
        progress=progress,
        retrying=retrying,
        cancel=cancel,
        options=options,
    )
    if not dry_run and report.stopped is None:
        # The platform's timestamps over its receipts: after the deliveries, so a slow
        # or absent token never holds a package back.
        delivered = [o.package_id for o in report.outcomes if o.state == "delivered"]
        wanted = owed(session.connection, delivered)
        if wanted:
            with open_client(profile, token, options=options, cancel=cancel) as client:
                fetch_receipt_tokens(session.connection, profile, client, wanted, cancel)
    return report


def receipt_stamp(session: Session, package_id: str) -> ReceiptStamp | None:
    """The authority's token kept for a package's receipt, for ``sync status``."""
    return stamp_of(session.connection, package_id)


def timestamp_now(
    session: Session, *, cancel: threading.Event | None = None
) -> list[StampOutcome]:
    """Ask the profile's time-stamping authorities for tokens over every sealed version
    they have not stamped yet (only a digest leaves); one outcome per authority."""
    profile = required_profile(session)
    return stamp_pending(
        session.vault, profile, cancel=cancel if cancel is not None else threading.Event(),
        actor=session.actor,
    )


def export_timestamp_supplement(
    session: Session, testimony_id: str, destination: Path
) -> ExportResult:
    """Write the trusted timestamps of a version already sent as a small signed package
    (custody log and timestamps.txt, no content) into a folder, for a stick."""
    return export_supplement(
        session.connection, session.device, resolve_id(session.connection, "testimonies",
                                                       testimony_id),
        destination, session.actor,
    )


def timestamp_state(session: Session) -> timestamps.TimestampState:
    """How many sealed versions hold a trusted timestamp, for ``sync status``."""
    return timestamps.state(session.connection)


@dataclass(frozen=True)
class SyncPolicy:
    delete_after_receipt: DeletePolicy
    auto: AutoSyncRule


def policy(
    session: Session,
    *,
    delete_after_receipt: DeletePolicy | None = None,
    auto: AutoSyncRule | None = None,
) -> SyncPolicy:
    """The sync policies, after changing those given."""
    conn = session.connection
    if delete_after_receipt is not None:
        set_delete_policy(conn, delete_after_receipt)
    if auto is not None:
        set_auto_rule(conn, auto)
    return SyncPolicy(delete_policy(conn), auto_rule(conn))
