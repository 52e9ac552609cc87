"""The vault worker: one QObject on one QThread that owns the unlocked vault.

SQLCipher connections are bound to the thread that opened them, so the vault is created,
unlocked, used and locked only here. The GUI never touches the vault: it submits jobs
(plain callables taking a :class:`JobContext`) through :class:`VaultClient` and receives
their results, which are ids and frozen dataclasses, back on the GUI thread.

Threads: ``VaultWorker`` slots run on the worker thread; ``VaultClient`` lives on the GUI
thread and calls its callbacks there.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.errors import CancelledError, EvidenceVaultError, VaultLockedError
from app.services.session import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class JobFailure:
    """Why a job failed: the error's class (for a translated sentence) and nothing else.

    The message of an unexpected exception may carry testimony text or paths, so only
    expected errors keep theirs (written by core to be shown) and nothing is logged.
    """

    kind: type[BaseException]
    message: str
    # An expected error's stable reason and its values (app/errors.py), and for a broken
    # record rule the field's path: the window says them in its language.
    code: str = ""
    params: Mapping[str, str | int] = field(default_factory=dict)
    field_path: str = ""

    @property
    def expected(self) -> bool:
        return issubclass(self.kind, EvidenceVaultError)


class JobContext:
    """What a job running on the worker thread may use: the vault, progress, cancel."""

    def __init__(self, worker: VaultWorker, job_id: int, cancel: threading.Event) -> None:
        self._worker = worker
        self._job_id = job_id
        self._cancel = cancel

    @property
    def session(self) -> Session:
        """The unlocked vault's session; VaultLockedError while locked."""
        if self._worker.session is None:
            raise VaultLockedError("The vault is locked.")
        return self._worker.session

    @property
    def has_vault(self) -> bool:
        return self._worker.session is not None

    def set_session(self, session: Session | None) -> None:
        if session is not None:
            # Every session this window opens (created, unlocked, recovered) knows it.
            session.disguised = self._worker.disguised
        self._worker.session = session

    def progress(self, fraction: float) -> None:
        self._worker.job_progressed.emit(self._job_id, max(0.0, min(1.0, float(fraction))))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise CancelledError("Cancelled.")

    @property
    def cancel_event(self) -> threading.Event:
        return self._cancel


Job = Callable[[JobContext], Any]


class VaultWorker(QObject):
    """Runs jobs one after another on its thread; holds the session between them."""

    job_finished = Signal(int, object)
    job_failed = Signal(int, object)
    job_progressed = Signal(int, float)

    def __init__(self, *, disguised: bool = False) -> None:
        super().__init__()
        self.session: Session | None = None
        self.disguised = disguised

    @Slot(int, object, object)
    def _on_client_job_submitted(self, job_id: int, job: object, cancel: object) -> None:
        assert callable(job) and isinstance(cancel, threading.Event)
        context = JobContext(self, job_id, cancel)
        try:
            if cancel.is_set():
                raise CancelledError("Cancelled.")
            result = job(context)
        except EvidenceVaultError as error:
            failure = JobFailure(type(error), str(error), error.code, dict(error.params),
                                 str(getattr(error, "field", "")))  # fmt: skip
            self.job_failed.emit(job_id, failure)
        except Exception as error:
            # Only the class name is logged: messages of unexpected errors may hold content.
            log.error("a vault job failed with %s", type(error).__name__)
            self.job_failed.emit(job_id, JobFailure(type(error), ""))
        else:
            self.job_finished.emit(job_id, result)

    @Slot()
    def _on_client_shutdown_requested(self) -> None:
        """Lock on the worker thread before it stops, so the connection closes here."""
        session, self.session = self.session, None
        if session is not None:
            try:
                session.lock()
            except Exception as error:
                log.error("locking at shutdown failed with %s", type(error).__name__)


@dataclass
class _Pending(Generic[T]):
    on_done: Callable[[T], None] | None
    on_failed: Callable[[JobFailure], None] | None
    on_progress: Callable[[float], None] | None
    cancel: threading.Event
    survives_lock: bool = False


class VaultClient(QObject):
    """GUI-thread handle on the vault worker: submit jobs, get callbacks on this thread."""

    job_failed_unhandled = Signal(object)
    _job_submitted = Signal(int, object, object)
    _shutdown_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, disguised: bool = False) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("vault-worker")
        self._worker = VaultWorker(disguised=disguised)
        self._worker.moveToThread(self._thread)
        self._job_submitted.connect(self._worker._on_client_job_submitted)
        self._shutdown_requested.connect(self._worker._on_client_shutdown_requested)
        self._worker.job_finished.connect(self._on_worker_job_finished)
        self._worker.job_failed.connect(self._on_worker_job_failed)
        self._worker.job_progressed.connect(self._on_worker_job_progressed)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending[Any]] = {}
        self._thread.start()

    def submit(
        self,
        job: Job,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[JobFailure], None] | None = None,
        on_progress: Callable[[float], None] | None = None,
        *,
        survives_lock: bool = False,
    ) -> int:
        """Queue ``job`` on the worker; returns an id usable with :meth:`cancel`.

        ``survives_lock`` jobs still run when the vault is locked right after they were
        queued (registering an already stored recording segment must not be dropped).
        """
        job_id = next(self._ids)
        cancel = threading.Event()
        self._pending[job_id] = _Pending(on_done, on_failed, on_progress, cancel, survives_lock)
        self._job_submitted.emit(job_id, job, cancel)
        return job_id

    def cancel(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is not None:
            pending.cancel.set()

    def forget_all(self) -> None:
        """Drop every callback (after a lock the views they would update are gone) and
        cancel the queued jobs, except those that must survive a lock."""
        for pending in self._pending.values():
            if not pending.survives_lock:
                pending.cancel.set()
        self._pending.clear()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        """Lock the vault on its thread and stop the thread (blocks until it ended)."""
        self.forget_all()
        if self._thread.isRunning():
            self._shutdown_requested.emit()
            self._thread.quit()
            self._thread.wait()

    @Slot(int, object)
    def _on_worker_job_finished(self, job_id: int, result: object) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is not None and pending.on_done is not None:
            pending.on_done(result)

    @Slot(int, object)
    def _on_worker_job_failed(self, job_id: int, failure: object) -> None:
        assert isinstance(failure, JobFailure)
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        if pending.on_failed is not None:
            pending.on_failed(failure)
        elif not issubclass(failure.kind, CancelledError):
            self.job_failed_unhandled.emit(failure)

    @Slot(int, float)
    def _on_worker_job_progressed(self, job_id: int, fraction: float) -> None:
        pending = self._pending.get(job_id)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(fraction)
