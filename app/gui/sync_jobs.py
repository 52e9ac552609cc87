"""Sync jobs: the platform profile, the outbox, and a sync run with per-package progress.

The run itself is core's ``sync_all`` (pinned TLS, optional SOCKS5 proxy, resumable tus
upload, receipts verified before anything is marked delivered). Importing a profile is
``profile_jobs.import_profile_file``, the one job Settings uses too, and the OS keyring
comes from the same injectable factory (``app.sync.profile.system_keyring`` by default).
Bodies run on the vault worker thread; per-package progress is core's own callback,
``(package id, bytes the server confirmed, size)``, called on that thread: the caller
passes a signal's ``emit`` so it reaches the GUI thread queued; so is core's retry
callback, ``(package id, attempt, most attempts)``, called before each wait to try again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.gui.profile_jobs import KeyringFactory
from app.gui.vault_worker import Job, JobContext
from app.services import syncing
from app.sync.profile import system_keyring


@dataclass(frozen=True)
class OutboxLine:
    package_id: str
    state: str
    sent: int
    size: int
    last_error: str


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
                    e.package_id, e.state.value, e.upload_offset, e.size, e.last_error or ""
                )
                for e in syncing.outbox_entries(ctx.session)
            ),
        )

    return job


def retry_package(package_id: str) -> Job:
    """Put a failed package back in line: core's ``outbox.requeue``, as ``sync retry``.

    The next run reuses the upload the platform may already hold (HEAD decides what is
    still to send) and fetches the receipt again."""

    def job(ctx: JobContext) -> None:
        syncing.retry(ctx.session, package_id)

    return job


def sync_now(
    on_package: Callable[[str, int, int], None],
    keyring_factory: KeyringFactory = system_keyring,
    on_retrying: Callable[[str, int, int], None] | None = None,
) -> Job:
    """Run a sync; ``on_package(id, sent, size)`` and ``on_retrying(id, attempt, most
    attempts)`` are called on the worker thread."""

    def job(ctx: JobContext) -> SyncDone:
        report = syncing.run(
            ctx.session,
            keyring_factory(),
            progress=on_package,
            cancel=ctx.cancel_event,
            retrying=on_retrying,
        )
        return SyncDone(
            stopped=report.stopped or "",
            outcomes=tuple((o.package_id, o.state, o.message) for o in report.outcomes),
        )

    return job
