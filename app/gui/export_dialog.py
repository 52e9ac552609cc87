"""Exporting a sealed testimony as a package: destination (a folder or USB stick),
recipients (the platform's key, saved coordinators to tick, other keys typed in),
originals or working copies chosen for the platform and for the others (two packages
when the choices differ, as ``export --platform-media/--media`` writes them), progress
with cancel, and the result of the read-back check. GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.export_content import ORIGINALS, WORKING_COPIES
from app.gui import package_jobs, profile_jobs
from app.gui.drive_warning import PACKAGE, DriveWarning
from app.gui.locale_format import data_size
from app.gui.messages import failure_text
from app.gui.package_jobs import Exported
from app.gui.profile_jobs import SavedCoordinator
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel, scrub_file_dialog_history
from app.sanitize import for_display


class ExportDialog(QDialog):
    package_exported = Signal(object)  # Exported

    def __init__(
        self,
        client: VaultClient,
        testimony_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.testimony_id = testimony_id
        self._job = 0
        self.setWindowTitle(self.tr("Export a package"))
        self.destination = QLineEdit()
        self.destination.setAccessibleName(self.tr("Destination folder"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_clicked)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(choose)
        # A FAT or exFAT stick: no permissions, and FAT32 no file over 4 GiB.
        self.drive_warning = DriveWarning(PACKAGE)
        self.destination.textChanged.connect(self.drive_warning.watch)
        self.platform = QLabel(self.tr("Reading the settings…"))
        self.platform.setWordWrap(True)
        self.coordinators = QListWidget()
        self.coordinators.setAccessibleName(self.tr("Saved coordinators to encrypt to"))
        # Fixed heights: when the outcome grows (two packages' lines), the dialog grows
        # instead of squeezing these to a line.
        self.coordinators.setFixedHeight(90)
        self.coordinators.setVisible(False)
        self.no_coordinators = QLabel(self.tr("None saved; coordinators can be added in Settings."))
        self.no_coordinators.setWordWrap(True)
        self.no_coordinators.setVisible(False)
        coordinators = QVBoxLayout()
        coordinators.setContentsMargins(0, 0, 0, 0)
        coordinators.addWidget(self.coordinators)
        coordinators.addWidget(self.no_coordinators)
        self.recipients = QPlainTextEdit()
        self.recipients.setAccessibleName(self.tr("Other recipients, one age key per line"))
        self.recipients.setPlaceholderText("age1…")
        self.recipients.setFixedHeight(80)
        self.recipients.setTabChangesFocus(True)
        # Each recipient gets the media chosen for it: the platform what its setting says
        # ('platform-media', originals unless changed), the others working copies unless
        # the documenter chooses originals.
        self.platform_media = self._media_choice(self.tr("What the platform receives"))
        self.onward_media = self._media_choice(self.tr("What the other recipients receive"))
        self.onward_media.setCurrentIndex(self.onward_media.findData(WORKING_COPIES))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.outcome = StatusLabel(
            self.tr("Export result"), announce=POLITE
        )
        self.outcome.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Destination"), row)
        form.addRow(self.drive_warning)  # the whole row: no gap while hidden
        form.addRow(self.tr("Platform"), self.platform)
        form.addRow(self.tr("Coordinators"), coordinators)
        form.addRow(self.tr("Other recipients"), self.recipients)
        form.addRow(self.tr("The platform &receives"), self.platform_media)
        form.addRow(self.tr("The &others receive"), self.onward_media)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.progress)
        column.addWidget(self.outcome)
        column.addLayout(buttons)
        self.resize(600, 360)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        client.submit(package_jobs.platform_recipient(), on_done=self._on_platform_read)
        client.submit(package_jobs.platform_media(), on_done=self._on_platform_media_read)
        client.submit(
            profile_jobs.saved_coordinators(),
            on_done=self._on_coordinators_read,
            on_failed=lambda failure: self._show_coordinators_failure(failure_text(failure)),
        )

    def _media_choice(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItem(self.tr("Originals"), ORIGINALS)
        box.addItem(self.tr("Working copies (location and camera removed)"), WORKING_COPIES)
        return box

    def _on_platform_media_read(self, media: str) -> None:
        index = self.platform_media.findData(media)
        if index >= 0:
            self.platform_media.setCurrentIndex(index)

    def _on_platform_read(self, recipient: str) -> None:
        if recipient:
            self.platform.setText(self.tr("Encrypted to the platform's key {key}").format(
                key=recipient[:16] + "…"
            ))
        else:
            self.platform.setText(
                self.tr("No platform key is set; add recipients below or set it in Settings.")
            )

    def _on_coordinators_read(self, saved: tuple[SavedCoordinator, ...]) -> None:
        self.coordinators.clear()
        for coordinator in saved:
            key = coordinator.recipient
            item = QListWidgetItem(f"{for_display(coordinator.name)} — {key[:12]}…{key[-6:]}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            # Ticked only by the documenter: a package goes to no one by default.
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.coordinators.addItem(item)
        self.coordinators.setVisible(bool(saved))
        self.no_coordinators.setVisible(not saved)

    def _show_coordinators_failure(self, text: str) -> None:
        self.no_coordinators.setText(text)
        self.no_coordinators.setVisible(True)

    def chosen_recipients(self) -> tuple[str, ...]:
        """The ticked coordinators' keys, then the typed ones; each once (core checks them)."""
        chosen: list[str] = []
        for row in range(self.coordinators.count()):
            item = self.coordinators.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(str(item.data(Qt.ItemDataRole.UserRole)))
        for line in self.recipients.toPlainText().splitlines():
            if line.strip() and line.strip() not in chosen:
                chosen.append(line.strip())
        return tuple(chosen)

    def _on_choose_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose where to write the package"),
            self.destination.text(),
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
        )
        scrub_file_dialog_history()
        if chosen:
            self.destination.setText(chosen)
            self.drive_warning.check(chosen)

    def _on_export_clicked(self) -> None:
        folder = self.destination.text().strip()
        if not folder or self._job:
            return
        extra = self.chosen_recipients()
        self.progress.setVisible(True)
        self.outcome.setText(self.tr("Writing the package…"))
        self.export_button.setEnabled(False)
        self._job = self.client.submit(
            package_jobs.export(
                self.testimony_id,
                Path(folder),
                extra,
                platform_media=str(self.platform_media.currentData()),
                onward_media=str(self.onward_media.currentData()),
            ),
            on_done=self._on_exported,
            on_failed=self._on_export_failed,
            on_progress=lambda f: self.progress.setValue(round(min(1.0, f) * 1000)),
        )

    def _on_exported(self, written: tuple[Exported, ...]) -> None:
        self._job = 0
        self.progress.setValue(1000)
        lines = [
            self.tr("Written and read back: {name}, {size}, SHA-256 {digest} ({media}).").format(
                name=exported.file_name,
                size=data_size(exported.size),
                digest=exported.sha256,
                media=self._media_name(exported.media),
            )
            for exported in written
        ]
        if len(written) == 1:
            lines.append(self.tr("Only a recipient can open it."))
        else:
            lines.append(self.tr("Only a recipient can open them."))
        self.outcome.setText("\n".join(lines))
        self.adjustSize()  # the dialog as tall as its lines, never a line squeezed
        self.cancel_button.setText(self.tr("Close"))
        for exported in written:
            self.package_exported.emit(exported)

    def _media_name(self, media: str) -> str:
        return self.tr("working copies") if media == WORKING_COPIES else self.tr("originals")

    def _on_export_failed(self, failure: JobFailure) -> None:
        self._job = 0
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.outcome.setText(failure_text(failure))

    def _on_cancel_clicked(self) -> None:
        if self._job:
            self.client.cancel(self._job)
            return
        self.accept()
