"""Sync jobs: the platform profile, the outbox, and a sync run with per-package progress.

The run itself is core's ``sync_all`` (pinned TLS, optional SOCKS5 proxy, resumable tus
upload, receipts verified before anything is marked delivered). Importing a profile is
``profile_jobs.import_profile_file``, the one job Settings uses too, and the OS keyring
comes from the same injectable factory (``app.sync.profile.system_keyring`` by default).
Bodies run on the vault worker thread; per-package progress is core's own callback,
``(package id, bytes the server confirmed, size)``, called on that thread: the caller
passes a signal's ``emit`` so it reaches the GUI thread queued; so is core's retry
callback, ``(package id, attempt, most attempts)``, called before each wait to try again.

What the window shows of a run's progress is ``TransferProgress``: core's callbacks feed
two ``TransferMeter``s on the worker thread (the package being sent, and all packages of
the run), so the rate and the steady time left are the same the CLI shows. Each view is
handed on as it comes (one per confirmed PATCH or wait, so at most a few a second); the
window paints the latest at a bounded rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.gui.profile_jobs import KeyringFactory
from app.gui.vault_worker import Job, JobContext
from app.services import syncing
from app.sync.outbox import PENDING, OutboxEntry, OutboxState
from app.sync.profile import system_keyring
from app.sync.progress import ProgressView, TransferMeter
from app.sync.receipt_tokens import STAMPED


@dataclass(frozen=True)
class OutboxLine:
    package_id: str
    state: str
    sent: int
    size: int
    last_error: str
    last_error_code: str = ""  # its stable code, said in the window's language
    # When the platform's authority attested the receipt (ISO 8601 UTC), once a token
    # over it is checked and kept; "" before, or when the platform stamps no receipts.
    receipt_attested_at: str = ""


@dataclass(frozen=True)
class SyncState:
    profile_name: str  # "" when no profile was imported yet
    url: str
    proxy: str
    outbox: tuple[OutboxLine, ...]


@dataclass(frozen=True)
class SyncDone:
    stopped: str
    outcomes: tuple[tuple[str, str, str], ...]  # (package id, state, message)


def sync_state() -> Job:
    def job(ctx: JobContext) -> SyncState:
        profile = syncing.stored_profile(ctx.session)
        return SyncState(
            profile_name=profile.name if profile else "",
            url=profile.url if profile else "",
            proxy=(profile.proxy or "") if profile else "",
            outbox=tuple(
                OutboxLine(
                    e.package_id, e.state.value, e.upload_offset, e.size, e.last_error or "",
                    e.last_error_code, _receipt_attested_at(ctx, e),
                )
                for e in syncing.outbox_entries(ctx.session)
            ),
        )

    return job


def _receipt_attested_at(ctx: JobContext, entry: OutboxEntry) -> str:
    """The receipt's attested time, as ``sync status`` reads it ("" without one)."""
    if entry.state is not OutboxState.DELIVERED or entry.receipt_json is None:
        return ""
    stamp = syncing.receipt_stamp(ctx.session, entry.package_id)
    if stamp is None or stamp.state != STAMPED or not stamp.attested_at:
        return ""
    return stamp.attested_at


def retry_package(package_id: str) -> Job:
    """Put a failed package back in line: core's ``outbox.requeue``, as ``sync retry``.

    The next run reuses the upload the platform may already hold (HEAD decides what is
    still to send) and fetches the receipt again."""

    def job(ctx: JobContext) -> None:
        syncing.retry(ctx.session, package_id)

    return job


@dataclass(frozen=True)
class TransferProgress:
    """One view of a run: the package being sent and all packages of the run (``total``,
    package id ""), each with the bytes the platform confirmed, the smoothed rate and
    the steady time left. ``waiting`` > 0: the link is cut and the client waits to try
    again (that attempt's number); the bytes are the last the platform confirmed."""

    package: ProgressView
    total: ProgressView
    packages: int  # how many packages the run sends (the total counts them all)
    waiting: int = 0
    at: float = 0.0  # monotonic time of the view (the window counts down from it)


class ProgressReporter:
    """Core's progress and retry callbacks in, ``TransferProgress`` out (worker thread).

    ``pending`` gives (package id → (bytes confirmed, size)) of the outbox; it is read
    at the first callback, once core has packaged and queued what this run sends, so the
    total counts packages sealed just before the sync too."""

    def __init__(
        self,
        emit: Callable[[TransferProgress], None],
        pending: Callable[[], dict[str, tuple[int, int]]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emit = emit
        self._pending = pending
        self._clock = clock
        self._package_meter = TransferMeter(clock)
        self._total_meter = TransferMeter(clock)
        self._known: dict[str, tuple[int, int]] | None = None
        self._last: TransferProgress | None = None

    def _packages(self) -> dict[str, tuple[int, int]]:
        if self._known is None:
            self._known = dict(self._pending())
        return self._known

    def progressed(self, package_id: str, confirmed: int, size: int) -> None:
        known = self._packages()
        known[package_id] = (confirmed, size)
        package = self._package_meter.update(package_id, confirmed, size)
        total = self._total_meter.update(
            "", sum(c for c, _s in known.values()), sum(s for _c, s in known.values()))
        self._last = TransferProgress(package, total, len(known), 0, self._clock())
        self._emit(self._last)

    def retrying(self, package_id: str, attempt: int, _limit: int) -> None:
        known = self._packages()
        last = self._last
        if last is not None and last.package.package_id == package_id:
            package, total = last.package, last.total
        else:
            confirmed, size = known.get(package_id, (0, 0))
            package = ProgressView(package_id, confirmed, size, self._package_meter.rate, None)
            total = ProgressView("", sum(c for c, _s in known.values()),
                                 sum(s for _c, s in known.values()),
                                 self._total_meter.rate, None)
        self._emit(TransferProgress(package, total, max(1, len(known)), attempt,
                                    self._clock()))


def _pending_bytes(ctx: JobContext) -> dict[str, tuple[int, int]]:
    return {
        e.package_id: (e.size if e.state == OutboxState.AWAITING_RECEIPT else e.upload_offset,
                       e.size)
        for e in syncing.outbox_entries(ctx.session)
        if e.state in PENDING
    }


def sync_now(
    on_progress: Callable[[TransferProgress], None],
    keyring_factory: KeyringFactory = system_keyring,
    on_retrying: Callable[[str, int, int], None] | None = None,
) -> Job:
    """Run a sync; ``on_progress(view)`` and ``on_retrying(id, attempt, most attempts)``
    are called on the worker thread (pass a signal's ``emit``)."""

    def job(ctx: JobContext) -> SyncDone:
        reporter = ProgressReporter(on_progress, lambda: _pending_bytes(ctx))

        def retrying(package_id: str, attempt: int, limit: int) -> None:
            reporter.retrying(package_id, attempt, limit)
            if on_retrying is not None:
                on_retrying(package_id, attempt, limit)

        report = syncing.run(
            ctx.session,
            keyring_factory(),
            progress=reporter.progressed,
            cancel=ctx.cancel_event,
            retrying=retrying,
        )
        return SyncDone(
            stopped=report.stopped or "",
            outcomes=tuple((o.package_id, o.state, o.message) for o in report.outcomes),
        )

    return job
