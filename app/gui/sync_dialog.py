"""Sync with the platform: the profile in use (and importing one), the outbox with each
package's progress and state, a run with cancel, and Retry for a failed package (back
in line, then sent). GUI thread.

While a run is under way two labels say, for the package being sent and for all
packages of the run, what the platform confirmed, the rate and a steady time left (core's
``TransferMeter``, fed on the worker thread), or "waiting for the connection (attempt
n)" while the link is cut. Sizes, rates and times are written as the window's locale
writes them; each label's accessible description follows its text. Views arrive queued
from the worker; the window paints the latest at most five times a second, and counts
the time left down between views (a PATCH on a slow link can take twenty seconds).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui import profile_jobs, sync_jobs
from app.gui.coercion_dialogs import import_profile_checked
from app.gui.locale_format import moment_text
from app.gui.messages import coded_text, sync_failure_text
from app.gui.sync_jobs import OutboxLine, SyncDone, SyncState, TransferProgress
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel, scrub_file_dialog_history
from app.sanitize import for_display
from app.sync.errors import TokenRefusedError
from app.sync.profile import system_keyring
from app.sync.progress import ProgressView

PAINT_INTERVAL_MS = 200  # the latest view is painted at most this often
TICK_MS = 1000  # the time left counts down between views


class _ProgressRelay(QObject):
    progressed = Signal(object)  # TransferProgress
    package_retrying = Signal(str, int, int)  # package id, attempt, most attempts


class SyncDialog(QDialog):
    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        # The OS keyring, as Settings takes it: tests inject one in memory.
        self.keyring_factory: profile_jobs.KeyringFactory = system_keyring
        self.state: SyncState | None = None
        self._job = 0
        self._retrying = False
        self._relay = _ProgressRelay()
        self._relay.progressed.connect(self._on_relay_progressed)
        self._relay.package_retrying.connect(self._on_relay_package_retrying)
        self._waiting_to_retry = False
        self._latest: TransferProgress | None = None
        self._rows_to_paint: dict[str, tuple[int, int]] = {}
        self._paint_timer = QTimer(self)
        self._paint_timer.setSingleShot(True)
        self._paint_timer.setInterval(PAINT_INTERVAL_MS)
        self._paint_timer.timeout.connect(self._paint_progress)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_progress)
        self.setWindowTitle(self.tr("Sync with the platform"))
        self.profile = QLabel(self.tr("Reading the outbox…"))
        self.profile.setWordWrap(True)
        self.platform_fingerprint = StatusLabel(self.tr("Platform key fingerprint"))
        self.platform_fingerprint.setWordWrap(True)
        self.platform_fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.import_button = QPushButton(self.tr("Import a profile file…"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Package"), self.tr("State"), self.tr("Sent")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Outbox"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.package_progress = StatusLabel(self.tr("Progress of the package being sent"))
        self.package_progress.setWordWrap(True)
        self.package_progress.hide()
        self.overall_progress = StatusLabel(self.tr("Progress of all packages"))
        self.overall_progress.setWordWrap(True)
        self.overall_progress.hide()
        self.outcome = StatusLabel(self.tr("Sync result"), announce=POLITE)
        self.outcome.setWordWrap(True)
        # Why a package failed and what to do, in the window (a tooltip alone is seen by
        # no one who does not hover, and by no screen reader).
        self.failure_reason = QLabel()
        self.failure_reason.setObjectName("errorText")
        self.failure_reason.setWordWrap(True)
        self.failure_reason.setTextFormat(Qt.TextFormat.PlainText)
        self.failure_reason.setVisible(False)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Send the selected failed package again"))
        self.retry_button.setEnabled(False)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        top = QHBoxLayout()
        top.addWidget(self.profile, 1)
        top.addWidget(self.import_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.sync_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.platform_fingerprint)
        column.addWidget(self.table, 1)
        column.addWidget(self.failure_reason)
        column.addWidget(self.package_progress)
        column.addWidget(self.overall_progress)
        column.addWidget(self.outcome)
        column.addLayout(buttons)
        self.resize(680, 420)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.sync_button.clicked.connect(self._on_sync_clicked)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.table.itemSelectionChanged.connect(self._update_retry)
        self.close_button.clicked.connect(self._on_close_clicked)
        # Locking drops every view of the vault and the callbacks of running jobs. The
        # window closes its dialogs; this one is also deleted (its widgets hold the
        # platform and the outbox), so it never comes back waiting forever for a sync
        # whose answer was dropped.
        locked = getattr(parent, "vault_locked", None)
        if isinstance(locked, SignalInstance):
            locked.connect(self._on_vault_locked)
        self.reload()

    def reload(self) -> None:
        self.client.submit(sync_jobs.sync_state(), on_done=self._on_state_read)
        self.client.submit(
            profile_jobs.platform_key_fingerprint(), on_done=self._show_platform_fingerprint
        )

    def _show_platform_fingerprint(self, fingerprint: str) -> None:
        # Read out with the platform by voice: the key every package is encrypted to.
        self.platform_fingerprint.setText(
            self.tr("Platform key fingerprint: {fingerprint}").format(
                fingerprint=for_display(fingerprint)
            )
            if fingerprint
            else ""
        )

    def _on_state_read(self, state: SyncState) -> None:
        self.state = state
        if state.profile_name:
            text = self.tr("Platform: {name} ({url})").format(
                name=for_display(state.profile_name), url=for_display(state.url)
            )
            if state.proxy:
                text += " " + self.tr("through a proxy")
        else:
            text = self.tr("No platform profile yet: import the file your coordinator gave you.")
        self.profile.setText(text)
        self.table.setRowCount(len(state.outbox))
        for row, line in enumerate(state.outbox):
            values = (line.package_id[:12] + "…", self._line_state_text(line),
                      self._sent_text(line.sent, line.size))  # fmt: skip
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
            state_item = self.table.item(row, 1)
            if line.last_error and state_item is not None:
                # Why a package failed, or why its last attempt did: core's reason,
                # kept sanitised in the outbox. Without it "failed" says nothing.
                state_item.setToolTip(
                    coded_text(line.last_error_code) or for_display(line.last_error)
                )
        self.sync_button.setEnabled(bool(state.profile_name) and not self._job)
        self._update_retry()

    def _selected_failed(self) -> str | None:
        """The package id of the selected row if that package failed, else None."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if self.state is None or len(rows) != 1:
            return None
        (row,) = rows
        if row >= len(self.state.outbox) or self.state.outbox[row].state != "failed":
            return None
        return self.state.outbox[row].package_id

    def _update_retry(self) -> None:
        # Only a failed package can go back in line, and not while a run or a retry is
        # under way (the row's state would be stale).
        self.retry_button.setEnabled(
            not self._job and not self._retrying and self._selected_failed() is not None
        )
        self._show_failure_reason()

    def _show_failure_reason(self) -> None:
        """The reason of the selected failed package, or of the first one when none is
        selected, with what to do about it."""
        failed = [line for line in (self.state.outbox if self.state else ())
                  if line.state == "failed"]  # fmt: skip
        chosen = self._selected_failed()
        line = next((f for f in failed if f.package_id == chosen), failed[0] if failed else None)
        if line is None:
            self.failure_reason.clear()
            self.failure_reason.setVisible(False)
            return
        reason = coded_text(line.last_error_code) or for_display(line.last_error, limit=300)
        reason = reason.strip()
        text = self.tr("Package {package} was not delivered.").format(
            package=line.package_id[:12] + "…"
        )
        if reason:
            text += " " + self.tr("Reason: {reason}").format(reason=reason)
        text += " " + self.tr(
            "Select it and press Retry to send it again once the cause is dealt with."
        )
        self.failure_reason.setText(text)
        self.failure_reason.setVisible(True)

    def _on_retry_clicked(self) -> None:
        package_id = self._selected_failed()
        if package_id is None or self._job or self._retrying:
            return
        self._retrying = True
        self._update_retry()
        self.client.submit(
            sync_jobs.retry_package(package_id),
            on_done=self._on_package_requeued,
            on_failed=self._on_retry_failed,
        )

    def _on_package_requeued(self, _none: None) -> None:
        self._retrying = False
        self.reload()
        # Back in line is only half of "retry": send it now when a run is possible.
        if self.state is not None and self.state.profile_name:
            self._start_sync()

    def _on_retry_failed(self, failure: JobFailure) -> None:
        self._retrying = False
        self.outcome.setText(sync_failure_text(failure))
        self.reload()

    def _sent_text(self, sent: int, size: int) -> str:
        # "8.00 MiB / 10.03 MiB" (with the locale's decimal sign): a packaged video is
        # hundreds of MiB, and nine-digit byte counts cannot be read at a glance.
        locale = self.locale()
        return f"{locale.formattedDataSize(sent)} / {locale.formattedDataSize(size)}"

    def _line_state_text(self, line: OutboxLine) -> str:
        """A package's state; a delivered one with a timestamped receipt says when the
        platform's authority attested it (this computer's local time)."""
        if line.state == "delivered" and line.receipt_attested_at:
            return self.tr("delivered, receipt timestamped at {time}").format(
                time=moment_text(line.receipt_attested_at)
            )
        return self._state_text(line.state)

    def _state_text(self, state: str) -> str:
        return {
            "queued": self.tr("waiting"),
            "uploading": self.tr("uploading"),
            "awaiting_receipt": self.tr("awaiting the receipt"),
            "delivered": self.tr("delivered (receipt verified)"),
            "failed": self.tr("failed"),
        }.get(state, state)

    def _on_import_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the profile file"),
            "",
            "",
            "",
            QFileDialog.Option.DontUseNativeDialog,
        )
        scrub_file_dialog_history()
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Import a profile; one that sends packages elsewhere needs a confirmation."""
        import_profile_checked(
            self.client, self, path, self.keyring_factory, self._on_profile_imported,
            lambda failure: self.outcome.setText(sync_failure_text(failure)),
            lambda: self.outcome.setText(self.tr("The profile in use was kept.")),
        )  # fmt: skip

    def _on_profile_imported(self, _imported: profile_jobs.ProfileFileImported) -> None:
        self.outcome.clear()  # an earlier refusal of another file no longer stands
        self.reload()

    def _on_sync_clicked(self) -> None:
        if self._job or not self.sync_button.isEnabled():
            return
        self._start_sync()

    def _start_sync(self) -> None:
        self.sync_button.setEnabled(False)
        self.retry_button.setEnabled(False)
        self.outcome.setText(self.tr("Connecting to the platform…"))
        self._latest = None
        self._rows_to_paint.clear()
        self._job = self.client.submit(
            sync_jobs.sync_now(
                self._relay.progressed.emit, self.keyring_factory, self._relay.package_retrying.emit
            ),
            on_done=self._on_synced,
            on_failed=self._on_sync_failed,
        )
        self.close_button.setText(self.tr("Cancel"))
        self._tick.start()

    def _on_relay_package_retrying(self, _package_id: str, attempt: int, limit: int) -> None:
        # The client waits (back-off) before trying again: without this the window would
        # look stuck, or finished, while it is in fact still at work.
        if self._job:
            self._waiting_to_retry = True
            self.outcome.setText(
                self.tr(
                    "Platform unreachable, trying again… (attempt {attempt} of {limit})"
                ).format(attempt=attempt, limit=limit)
            )

    def _on_relay_progressed(self, view: object) -> None:
        if not self._job or not isinstance(view, TransferProgress):
            return  # a view of a run that ended (it was queued before the answer)
        self._latest = view
        if not view.waiting:
            self._rows_to_paint[view.package.package_id] = (
                view.package.confirmed,
                view.package.size,
            )
            if self._waiting_to_retry:
                self._waiting_to_retry = False
                self.outcome.setText(self.tr("Sending…"))
        # Coalesced: however fast views come, the event loop paints five a second.
        if not self._paint_timer.isActive():
            self._paint_timer.start()

    def _paint_progress(self) -> None:
        rows, self._rows_to_paint = self._rows_to_paint, {}
        for package_id, (sent, size) in rows.items():
            self._show_row_progress(package_id, sent, size)
        self._show_progress()

    def _show_row_progress(self, package_id: str, sent: int, size: int) -> None:
        # The state column follows too: a row that reads "waiting" while its bytes go
        # out, or after the server holds them all, tells the wrong story.
        state = "awaiting_receipt" if sent >= size else "uploading"
        values = (package_id[:12] + "…", self._state_text(state), self._sent_text(sent, size))
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and package_id.startswith(item.text().rstrip("…")):
                break
        else:
            # Sealed just before this run (core packaged and queued it): a row of its own.
            row = self.table.rowCount()
            self.table.insertRow(row)
        for col, value in enumerate(values):
            self.table.setItem(row, col, QTableWidgetItem(value))

    def _show_progress(self) -> None:
        view = self._latest
        if view is None:
            return
        elapsed = max(0.0, time.monotonic() - view.at)
        package = self.tr("Package {package}: {confirmed} of {size} confirmed by the platform")
        self._set_progress_label(
            self.package_progress,
            self._progress_text(
                package, view.package, view.waiting, elapsed, view.package.package_id[:12] + "…"
            ),
        )
        if view.packages > 1:
            overall = self.tr("All packages: {confirmed} of {size} confirmed by the platform")
            self._set_progress_label(
                self.overall_progress,
                self._progress_text(overall, view.total, view.waiting, elapsed, ""),
            )
        else:
            self.overall_progress.hide()  # one package: the line above says it all

    @staticmethod
    def _set_progress_label(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
            # Read by screen readers with the label's name ("Progress of…").
            label.setAccessibleDescription(text)
        label.show()

    def _progress_text(
        self, lead: str, view: ProgressView, waiting: int, elapsed: float, package: str
    ) -> str:
        locale = self.locale()
        parts = [
            lead.format(
                package=for_display(package),
                confirmed=locale.formattedDataSize(view.confirmed),
                size=locale.formattedDataSize(view.size),
            )
        ]
        if waiting:
            parts.append(
                self.tr("waiting for the connection (attempt {attempt})").format(
                    attempt=locale.toString(waiting)
                )
            )
        elif view.confirmed < view.size:
            if view.rate is None:
                parts.append(self.tr("measuring the rate…"))
            else:
                parts.append(
                    self.tr("{size}/s").format(size=locale.formattedDataSize(round(view.rate)))
                )
                if view.seconds_left is not None:
                    parts.append(
                        self.tr("about {time} left").format(
                            time=self._duration_text(max(0.0, view.seconds_left - elapsed))
                        )
                    )
        return ", ".join(parts)

    def _duration_text(self, seconds: float) -> str:
        """Coarse on purpose, as the CLI says it: a time left on a slow link is an
        estimate, and a figure that changes every second is noise to a listener."""
        locale = self.locale()
        if seconds < 90:
            return self.tr("{seconds} s").format(
                seconds=locale.toString(max(5, round(seconds / 5) * 5))
            )
        if seconds < 90 * 60:
            return self.tr("{minutes} min").format(minutes=locale.toString(round(seconds / 60)))
        return self.tr("{hours} h").format(hours=locale.toString(seconds / 3600, "f", 1))

    def _end_progress(self) -> None:
        """The run is over: the last confirmed bytes reach the table, the labels go."""
        self._paint_timer.stop()
        self._tick.stop()
        rows, self._rows_to_paint = self._rows_to_paint, {}
        for package_id, (sent, size) in rows.items():
            self._show_row_progress(package_id, sent, size)
        self._latest = None
        for label in (self.package_progress, self.overall_progress):
            label.clear()
            label.setAccessibleDescription("")
            label.hide()

    def _on_synced(self, done: SyncDone) -> None:
        self._end_progress()
        self._job = 0
        self._waiting_to_retry = False
        self._update_retry()
        self.close_button.setText(self.tr("Close"))
        delivered = sum(1 for _id, state, _msg in done.outcomes if state == "delivered")
        text = self.tr("Delivered with a verified receipt: {count}.").format(count=delivered)
        if done.stopped:
            text += " " + self.tr("Stopped: {reason}").format(reason=for_display(done.stopped))
        self.outcome.setText(text)
        self.reload()

    def _on_sync_failed(self, failure: JobFailure) -> None:
        self._end_progress()
        self._job = 0
        self._waiting_to_retry = False
        self._update_retry()
        self.close_button.setText(self.tr("Close"))
        text = sync_failure_text(failure)
        fingerprint = str(getattr(self.parent(), "device_fingerprint", "") or "")
        if issubclass(failure.kind, TokenRefusedError) and fingerprint:
            # The coordinator revokes and renews devices by this fingerprint, in the same
            # form Settings and the seal dialog show.
            text += " " + self.tr("This device's fingerprint: {fingerprint}.").format(
                fingerprint=for_display(fingerprint)
            )
        self.outcome.setText(text)
        self.reload()

    def _on_vault_locked(self) -> None:
        self._paint_timer.stop()
        self._tick.stop()
        self._job = 0
        self.reject()
        self.deleteLater()

    def _on_close_clicked(self) -> None:
        if self._job:
            self.client.cancel(self._job)
            return
        self.accept()
