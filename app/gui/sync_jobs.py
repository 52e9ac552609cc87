"""Sync jobs: the platform profile, the outbox, and a sync run with per-package progress.

The run itself is core's ``sync_all`` (pinned TLS, optional SOCKS5 proxy, resumable tus
upload, receipts verified before anything is marked delivered). Bodies run on the vault
worker thread; per-package progress is core's own callback, ``(package id, bytes the
server confirmed, size)``, called on that thread: the caller passes a signal's ``emit``
so it reaches the GUI thread queued.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.gui.vault_worker import Job, JobContext


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


def _keyring() -> Any:
    try:
        import keyring

        return keyring.get_keyring()
    except Exception:  # a broken keyring install must not stop a sync
        return None


def sync_state() -> Job:
    def job(ctx: JobContext) -> SyncState:
        from app.sync import outbox
        from app.sync.profile import load_profile

        conn = ctx.vault.connection
        profile = load_profile(conn)
        return SyncState(
            profile_name=profile.name if profile else "",
            url=profile.url if profile else "",
            proxy=(profile.proxy or "") if profile else "",
            outbox=tuple(
                OutboxLine(
                    e.package_id, e.state.value, e.upload_offset, e.size, e.last_error or ""
                )
                for e in outbox.entries(conn)
            ),
        )

    return job


def import_profile(path: Path) -> Job:
    def job(ctx: JobContext) -> None:
        from app.sync.profile import MAX_PROFILE_BYTES
        from app.sync.profile import import_profile as core_import

        with path.open("rb") as handle:
            data = handle.read(MAX_PROFILE_BYTES + 1)
        vault = ctx.vault
        core_import(vault.connection, data, keyring_backend=_keyring(), signer=vault.device)

    return job


def sync_now(on_package: Callable[[str, int, int], None]) -> Job:
    """Run a sync; ``on_package(id, sent, size)`` is called on the worker thread."""

    def job(ctx: JobContext) -> SyncDone:
        from app.sync.profile import require_profile, require_token
        from app.sync.service import sync_all

        vault = ctx.vault
        profile = require_profile(vault.connection)
        token = require_token(vault.connection, _keyring())
        report = sync_all(
            vault, profile, token=token, progress=on_package, cancel=ctx.cancel_event
        )
        return SyncDone(
            stopped=report.stopped or "",
            outcomes=tuple((o.package_id, o.state, o.message) for o in report.outcomes),
        )

    return job
