"""One sync run: probe the pinned platform, upload what the outbox holds, fetch and
verify each receipt, record custody, mark delivered, apply the delete policy.

The order is what makes it safe to kill at any moment: the upload URL is committed
before a byte is sent, the offset after every confirmed chunk, "synced" (custody) when
the server holds every byte, and "delivered" only together with a verified receipt and
its custody event. A new run resumes each package from the server's offset. Blocking;
runs on the vault worker thread (or a CLI's main thread), cancellable through an Event.

Order: receipts still owed first, then the packages with the fewest bytes left, so a
testimony without media is never stuck behind an interview video. Each receipt is
fetched as soon as its package is complete, and a cut while fetching it reconnects
(first at once, then with back-off) without sending a byte of the package again.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core import custody
from app.core.consent_policy import check_package_may_leave
from app.core.export import keep_package
from app.core.export_content import ORIGINALS
from app.core.ids import Clock
from app.core.settings import PLATFORM_MEDIA, get_setting
from app.core.supplements import keep_supplement
from app.core.timestamps import unsent_supplements
from app.errors import (
    AuthenticationError,
    ConsentError,
    EvidenceVaultError,
    NotFoundError,
    StorageError,
)
from app.sanitize import for_display
from app.storage.database import Connection, transaction
from app.storage.vault import Vault
from app.sync import outbox
from app.sync.errors import (
    CertificateRejectedError,
    ReceiptError,
    SyncCancelledError,
    SyncError,
    TokenRefusedError,
    TransientSyncError,
    UploadGoneError,
    UploadRefusedError,
)
from app.sync.outbox import PENDING, OutboxEntry, OutboxState
from app.sync.policy import DeletePolicy, chain_of_package, delete_local_copy, delete_policy
from app.sync.profile import PlatformProfile
from app.sync.progress import TransferMeter, record_rate
from app.sync.receipts import upload_id_of, verify_receipt
from app.sync.timestamping import StampOutcome, stamp_pending
from app.sync.tls import platform_ssl_context
from app.sync.tus_client import MAX_CHUNK_SIZE, RetryPolicy, TusClient, UploadStats

SyncProgress = Callable[[str, int, int], None]  # (package id, bytes confirmed, size)
# (package id, attempt, most attempts): the upload failed and is tried again after a wait.
SyncRetrying = Callable[[str, int, int], None]
_MAX_REASON = 300
_JITTER = random.Random()  # noqa: S311 -- back-off jitter, not a secret


@dataclass(frozen=True)
class SyncOptions:
    chunk_size: int = MAX_CHUNK_SIZE
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    receipt_wait: float = 120.0  # seconds to wait for the platform's checks per run
    actor: str = "documenter"


@dataclass
class PackageOutcome:
    package_id: str
    state: str
    message: str
    bytes_sent: int = 0
    bytes_written: int = 0  # what left of those (a cut PATCH counts what was written)
    resumed_at: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "state": self.state, "message": self.message,
                "bytes_sent": self.bytes_sent}


@dataclass
class SyncReport:
    dry_run: bool
    queued_now: list[str] = field(default_factory=list)
    outcomes: list[PackageOutcome] = field(default_factory=list)
    packaged_now: list[str] = field(default_factory=list)  # testimony ids sealed into packages
    not_packaged: list[str] = field(default_factory=list)  # why a sealed testimony stays
    awaiting_decision: list[str] = field(default_factory=list)  # policy "ask"
    deleted: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early, if it did
    timestamps: list[StampOutcome] = field(default_factory=list)  # one per authority

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "queued_now": self.queued_now,
            "packaged_now": self.packaged_now,
            "not_packaged": self.not_packaged,
            "packages": [o.to_json() for o in self.outcomes],
            "awaiting_decision": self.awaiting_decision,
            "deleted": self.deleted,
            "stopped": self.stopped,
            "timestamps": [t.to_json() for t in self.timestamps],
        }


def _candidates(vault: Vault, profile: PlatformProfile) -> list[tuple[str, int, str]]:
    """(package id, size, sha256) of packages that may go and are not queued yet.

    A package sealed here goes only if the platform was among its recipients (consent
    decided that at sealing). An imported package goes when it is opaque to this
    coordinator (not verified: its age header names no recipient, and the platform's
    intake decides) or when its verification passed, trust included; one that failed, or
    waits to be verified against trusted signers, stays.
    """
    rows = vault.connection.execute(
        "SELECT id, size, sha256, recipients_json, origin FROM packages"
        " WHERE blob_id IS NOT NULL AND id NOT IN (SELECT package_id FROM outbox)"
        " AND (origin != 'imported' OR verification_json IS NULL"
        " OR json_extract(verification_json, '$.ok') = 1)"
        " ORDER BY created_at, id"
    ).fetchall()
    found = []
    for package_id, size, sha256, recipients_json, origin in rows:
        try:
            recipients = json.loads(recipients_json)
        except (TypeError, ValueError):
            continue
        if origin == "imported" or (
            isinstance(recipients, list) and profile.platform_recipient in recipients
        ):
            found.append((str(package_id), int(size), str(sha256)))
    return found


def unsent_sealed_testimonies(conn: Connection) -> list[str]:
    """Sealed testimony versions never packaged for sync (kept in the vault or queued).

    A package only exported to a folder does not count: a stick may never arrive, and the
    platform keeps one copy per package file anyway.
    """
    rows = conn.execute(
        "SELECT t.id FROM testimonies t WHERE t.status = 'sealed' AND NOT EXISTS ("
        " SELECT 1 FROM packages p WHERE p.testimony_id = t.id AND p.origin = 'local'"
        " AND (p.blob_id IS NOT NULL OR p.id IN (SELECT package_id FROM outbox)))"
        " ORDER BY t.sealed_at, t.id"
    ).fetchall()
    return [str(row[0]) for row in rows]


def unsent_withdrawal_notices(conn: Connection) -> list[str]:
    """Sealed versions whose consent was withdrawn after a package of them was made for
    sync, and for which no withdrawal notice was made yet: the platform must be told."""
    rows = conn.execute(
        "SELECT t.id FROM testimonies t WHERE t.status = 'sealed'"
        " AND (t.consent_withdrawn_at IS NOT NULL OR EXISTS (SELECT 1 FROM consent_withdrawals w"
        " WHERE w.root_id = t.root_id))"
        " AND EXISTS (SELECT 1 FROM packages p WHERE p.testimony_id = t.id"
        " AND p.kind = 'testimony' AND p.origin = 'local'"
        " AND (p.blob_id IS NOT NULL OR p.id IN (SELECT package_id FROM outbox)))"
        " AND NOT EXISTS (SELECT 1 FROM packages p WHERE p.testimony_id = t.id"
        " AND p.kind = 'withdrawal-notice')"
        " ORDER BY t.sealed_at, t.id"
    ).fetchall()
    return [str(row[0]) for row in rows]


def package_sealed_testimonies(vault: Vault, actor: str, clock: Clock | None = None,
                               ) -> tuple[list[str], list[str]]:
    """Seal a package inside the vault for each sealed testimony not yet sent.

    A documenter seals and then syncs; making the package is part of the sync, so nothing
    sealed is forgotten. Returns (testimony ids packaged, reasons others were not): consent
    that does not allow the platform, or a withdrawal, leaves the testimony at home.
    """
    packaged: list[str] = []
    refused: list[str] = []
    for testimony_id in unsent_sealed_testimonies(vault.connection):
        try:
            # The platform receives originals unless the documenter set it to copies.
            media = get_setting(vault.connection, PLATFORM_MEDIA) or ORIGINALS
            keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [], actor,
                         media=media, clock=clock)
        except EvidenceVaultError as error:
            refused.append(f"{testimony_id}: {_reason(error)}")
        else:
            packaged.append(testimony_id)
    for testimony_id in unsent_withdrawal_notices(vault.connection):
        try:
            keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [], actor,
                         withdrawal_notice=True, clock=clock)
        except EvidenceVaultError as error:
            refused.append(f"{testimony_id}: {_reason(error)}")
        else:
            packaged.append(testimony_id)
    # Tokens that arrived after a version's package left go in a small supplement.
    for testimony_id in unsent_supplements(vault.connection):
        try:
            keep_supplement(vault.connection, vault.blobs, vault.device, testimony_id, actor,
                            clock=clock)
        except EvidenceVaultError as error:
            refused.append(f"{testimony_id}: {_reason(error)}")
        else:
            packaged.append(testimony_id)
    return packaged, refused


def queue_new_packages(vault: Vault, profile: PlatformProfile,
                       clock: Clock | None = None) -> list[str]:
    """Queue every package kept in the vault that may go to the platform."""
    return [
        package_id
        for package_id, size, sha256 in _candidates(vault, profile)
        if outbox.enqueue(vault.connection, package_id, size=size, sha256=sha256, clock=clock)
    ]


def open_client(profile: PlatformProfile, token: str, *, options: SyncOptions | None = None,
                cancel: threading.Event | None = None) -> TusClient:
    options = options or SyncOptions()
    return TusClient(
        profile.url,
        token=token,
        ssl_context=platform_ssl_context(profile.ca_certificate_pem),
        proxy=profile.proxy,
        chunk_size=options.chunk_size,
        timeout=options.timeout,
        retry=options.retry,
        cancel=cancel,
    )


def _reason(error: BaseException) -> str:
    return str(error)[:_MAX_REASON]


class _Run:
    """One sync run over one client; every step commits before the next request."""

    def __init__(self, vault: Vault, profile: PlatformProfile, client: TusClient,
                 options: SyncOptions, progress: SyncProgress | None,
                 clock: Clock | None, retrying: SyncRetrying | None = None) -> None:
        self.vault = vault
        self.conn = vault.connection
        self.profile = profile
        self.client = client
        self.options = options
        self.progress = progress
        self.retrying = retrying
        self.clock = clock
        self.meter = TransferMeter()

    def upload(self, entry: OutboxEntry, outcome: PackageOutcome) -> str:
        _chain, blob_id, _origin = chain_of_package(self.conn, entry.package_id)
        if blob_id is None:
            raise NotFoundError("The vault no longer keeps a copy of this package.")
        package_id = entry.package_id
        committed = [entry.upload_offset]

        def on_created(url: str) -> None:
            outbox.record_upload_url(self.conn, package_id, url, self.clock)
            committed[0] = 0

        def on_progress(offset: int, size: int) -> None:
            if offset != committed[0]:
                outbox.record_offset(self.conn, package_id, offset, self.clock)
                committed[0] = offset
            self.meter.update(package_id, offset, size)
            if self.progress is not None:
                self.progress(package_id, offset, size)

        def on_retry(attempt: int, limit: int) -> None:
            if self.retrying is not None:
                self.retrying(package_id, attempt, limit)

        stats = UploadStats()
        self.meter.update(package_id, entry.upload_offset, entry.size)  # the baseline
        reader = self.vault.blobs.open(blob_id)
        try:
            return self.client.upload(
                reader,  # type: ignore[arg-type]  # PayloadReader is a seekable binary reader
                entry.size,
                metadata={
                    "filename": f"pkg-{secrets.token_hex(16)}.age",
                    "filetype": "application/octet-stream",
                    "sha256": entry.sha256,
                },
                upload_url=entry.upload_url,
                on_created=on_created,
                on_progress=on_progress,
                on_retry=on_retry,
                stats=stats,
            )
        finally:
            reader.close()
            outcome.bytes_sent += stats.bytes_sent
            outcome.bytes_written += stats.bytes_written
            outcome.resumed_at += stats.resumed_at

    def record_synced(self, entry: OutboxEntry) -> None:
        chain_id, _blob, _origin = chain_of_package(self.conn, entry.package_id)
        with transaction(self.conn):
            outbox.record_uploaded(self.conn, entry.package_id, self.clock)
            custody.append_event(
                self.conn, self.vault.device, chain_id=chain_id, action="synced",
                actor=self.options.actor,
                details={"package_id": entry.package_id, "package_sha256": entry.sha256,
                         "size": entry.size, "platform": self.profile.name},
                clock=self.clock,
            )

    def fetch_receipt(self, entry: OutboxEntry, url: str) -> bytes | None:
        """The receipt body; None while the platform is still checking past our wait."""
        deadline = time.monotonic() + self.options.receipt_wait
        waits = 0
        failures = 0
        while True:
            try:
                answer = self.client.fetch_receipt(url)
            except TransientSyncError as error:
                # The link dropped while asking: ask again (the package is on the
                # server already; nothing of it is sent again).
                failures += 1
                if failures > self.options.retry.max_attempts:
                    raise
                if self.retrying is not None:
                    self.retrying(entry.package_id, failures, self.options.retry.max_attempts)
                delay = self.options.retry.delay_after(error, failures, _JITTER)
                if delay and self.client.cancel.wait(delay):
                    raise SyncCancelledError("The sync was cancelled.") from None
                if self.client.cancel.is_set():
                    raise SyncCancelledError("The sync was cancelled.") from None
                continue
            failures = 0
            if answer.status == 200:
                return answer.body
            if answer.status == 422:
                raise UploadRefusedError(
                    "The platform rejected the package: " + _platform_reason(answer.body),
                    status=422,
                )
            if answer.status in (404, 410):
                raise UploadGoneError("The platform no longer knows this upload.")
            if answer.status in (401, 403):
                raise TokenRefusedError(
                    f"The platform refused this device ({answer.status}) while fetching the "
                    "receipt: the device token is wrong or revoked.", status=answer.status,
                )
            if answer.status not in (202, 425, 429, 503) and answer.status < 500:
                raise ReceiptError(f"The platform answered {answer.status} for the receipt.")
            waits += 1
            delay = self.options.retry.delay(waits, _JITTER)
            if time.monotonic() + delay > deadline:
                return None
            if self.client.cancel.wait(delay):
                raise SyncCancelledError("The sync was cancelled.")

    def record_delivered(self, entry: OutboxEntry, body: bytes, url: str) -> None:
        receipt = verify_receipt(
            body,
            signing_key_openssh=self.profile.receipt_signing_key,
            expected_sha256=entry.sha256,
            expected_size=entry.size,
            expected_upload_id=upload_id_of(url),
        )
        chain_id, _blob, _origin = chain_of_package(self.conn, entry.package_id)
        with transaction(self.conn):
            outbox.record_delivered(self.conn, entry.package_id, receipt.to_json(), self.clock)
            custody.append_event(
                self.conn, self.vault.device, chain_id=chain_id, action="receipt_verified",
                actor=self.options.actor,
                details={
                    "package_id": entry.package_id,
                    "package_sha256": receipt.package_sha256,
                    "size": receipt.size,
                    "upload_id": receipt.upload_id,
                    "received_at": receipt.received_at.isoformat(),
                    "platform_key_fingerprint": receipt.platform_key_fingerprint,
                },
                clock=self.clock,
            )

    def deliver(self, entry: OutboxEntry) -> PackageOutcome:
        """Take one package as far as it goes in this run."""
        outcome = PackageOutcome(entry.package_id, entry.state.value, "")
        for _restart in range(2):  # at most one fresh upload if the server lost ours
            current = outbox.require(self.conn, entry.package_id)
            # Consent may have been withdrawn after the package was queued: it stays.
            check_package_may_leave(self.conn, entry.package_id)
            try:
                url = current.upload_url
                if current.state != OutboxState.AWAITING_RECEIPT or url is None:
                    url = self.upload(current, outcome)
                    self.record_synced(current)
                body = self.fetch_receipt(current, url)
            except UploadGoneError:
                outbox.forget_upload(self.conn, entry.package_id, self.clock)
                continue
            if body is None:
                outcome.state = OutboxState.AWAITING_RECEIPT.value
                outcome.message = (
                    "The platform is still checking the package; the receipt will be "
                    "fetched on the next sync."
                )
                outbox.record_attempt_failed(self.conn, entry.package_id, outcome.message,
                                             self.clock, code="sync.receipt_pending")
                return outcome
            self.record_delivered(current, body, url)
            outcome.state = OutboxState.DELIVERED.value
            outcome.message = "Delivered; the platform's receipt is verified and stored."
            return outcome
        raise SyncError("The platform lost the upload twice in one run; try again later.")


def _platform_reason(body: bytes) -> str:
    try:
        value = json.loads(body.decode("utf-8")).get("error")
    except (UnicodeDecodeError, ValueError, AttributeError):
        value = None
    return for_display(value, limit=200) if isinstance(value, str) else "no reason given."


def sync_all(
    vault: Vault,
    profile: PlatformProfile,
    *,
    token: str,
    dry_run: bool = False,
    progress: SyncProgress | None = None,
    cancel: threading.Event | None = None,
    clock: Clock | None = None,
    options: SyncOptions | None = None,
    retrying: SyncRetrying | None = None,
) -> SyncReport:
    """Probe the platform, then deliver every pending package (see module docstring).

    ``progress`` is called after every confirmed chunk, ``retrying`` when an upload
    failed and is tried again after a wait (both on this thread).

    Raises the probe's typed error when the platform cannot be reached safely (network
    down, blocked or timed out, certificate not the platform's, token refused); once
    uploading, a failure is recorded on its package and the report says why the run
    stopped.
    """
    options = options or SyncOptions()
    conn = vault.connection
    report = SyncReport(dry_run=dry_run)
    with open_client(profile, token, options=options, cancel=cancel) as client:
        client.probe()
        if dry_run:
            report.outcomes = [
                PackageOutcome(e.package_id, e.state.value, "would be sent")
                for e in outbox.entries(conn, PENDING)
            ] + [
                PackageOutcome(package_id, "new", "would be queued and sent")
                for package_id, _size, _sha256 in _candidates(vault, profile)
            ] + [
                PackageOutcome(testimony_id, "sealed", "would be packaged, queued and sent")
                for testimony_id in unsent_sealed_testimonies(conn)
            ]
            return report
        # Before packaging, so the packages made now carry the new tokens; an authority
        # that cannot be reached is deferred to the next sync and delays nothing else.
        try:
            report.timestamps = stamp_pending(
                vault, profile, cancel=client.cancel, actor=options.actor, clock=clock,
                timeout=min(options.timeout, 20.0),
            )
        except SyncCancelledError:
            report.stopped = "Cancelled; what the platform confirmed is kept."
            return report
        report.packaged_now, report.not_packaged = package_sealed_testimonies(
            vault, options.actor, clock
        )
        report.queued_now = queue_new_packages(vault, profile, clock)
        run = _Run(vault, profile, client, options, progress, clock, retrying)
        try:
            _deliver_all(run, vault, options, clock, report)
        finally:
            if run.meter.rate:
                record_rate(conn, run.meter.rate, clock)
    return report


def delivery_order(entries: list[OutboxEntry]) -> list[OutboxEntry]:
    """Receipts owed first, then the fewest bytes left, then the oldest."""
    def left(entry: OutboxEntry) -> int:
        if entry.state == OutboxState.AWAITING_RECEIPT:
            return 0
        return max(0, entry.size - entry.upload_offset)

    return sorted(entries, key=lambda e: (left(e), e.created_at, e.package_id))


def _deliver_all(run: _Run, vault: Vault, options: SyncOptions, clock: Clock | None,
                 report: SyncReport) -> None:
    conn = vault.connection
    for entry in delivery_order(outbox.entries(conn, PENDING)):
        try:
            outcome = run.deliver(entry)
        except SyncCancelledError:
            report.stopped = "Cancelled; what the platform confirmed is kept."
            break
        except TokenRefusedError as error:
            # The device is refused: this package stops with the reason, and so does
            # the run (every other package would be refused the same way).
            outbox.record_failed(conn, entry.package_id, _reason(error), clock, code=error.code)
            report.outcomes.append(PackageOutcome(entry.package_id, "failed", _reason(error)))
            report.stopped = _reason(error)
            break
        except (TransientSyncError, CertificateRejectedError) as error:
            # Not the package's fault (the network, or someone in the middle after the
            # probe): keep its place for the next run.
            outbox.record_attempt_failed(conn, entry.package_id, _reason(error), clock,
                                         code=error.code)
            report.outcomes.append(
                PackageOutcome(entry.package_id, outbox.require(conn, entry.package_id)
                               .state.value, _reason(error)))
            report.stopped = _reason(error)
            break
        except (
            SyncError, NotFoundError, AuthenticationError, StorageError, ConsentError
        ) as error:
            # Permanent for this package (refused, receipt did not verify, local copy
            # missing or damaged, consent withdrawn): stop it with its reason and go on
            # with the next.
            outbox.record_failed(conn, entry.package_id, _reason(error), clock, code=error.code)
            report.outcomes.append(PackageOutcome(entry.package_id, "failed", _reason(error)))
            continue
        report.outcomes.append(outcome)
        if outcome.state == OutboxState.DELIVERED.value:
            _apply_delete_policy(vault, entry.package_id, options, clock, report)


def _apply_delete_policy(vault: Vault, package_id: str, options: SyncOptions,
                         clock: Clock | None, report: SyncReport) -> None:
    policy = delete_policy(vault.connection)
    if policy == DeletePolicy.ASK:
        report.awaiting_decision.append(package_id)
    elif policy == DeletePolicy.DELETE:
        try:
            if delete_local_copy(vault.connection, vault.blobs, vault.device, package_id,
                                 actor=options.actor, clock=clock):
                report.deleted.append(package_id)
        except EvidenceVaultError:
            pass  # the package is delivered; the copy stays and can be deleted later
