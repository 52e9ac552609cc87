"""Sealing a testimony: what will be signed, the consent read back, the device
fingerprint, then the seal itself with progress and cancel. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import package_jobs
from app.gui.locale_format import data_size
from app.gui.messages import coded_text, failure_text
from app.gui.package_jobs import Sealed, SealSummary
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel
from app.sanitize import for_display


class SealDialog(QDialog):
    testimony_sealed = Signal(str)

    def __init__(self, client: VaultClient, testimony_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.client = client
        self.testimony_id = testimony_id
        self.summary: SealSummary | None = None
        self._job = 0
        self.setWindowTitle(self.tr("Seal the testimony"))
        intro = QLabel(
            self.tr(
                "Sealing signs this version with this device's key. After that it cannot "
                "change; a correction becomes a new version."
            )
        )
        intro.setWordWrap(True)
        self.what = QLabel(self.tr("Reading the testimony…"))
        self.what.setWordWrap(True)
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.fingerprint = StatusLabel(self.tr("Device fingerprint"))
        self.blocked = QLabel()
        self.blocked.setObjectName("errorText")
        self.blocked.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("I have read the consent back and it is correct"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.outcome = StatusLabel(self.tr("Seal result"), announce=POLITE)
        self.outcome.setWordWrap(True)
        self.seal_button = QPushButton(self.tr("Seal"))
        self.seal_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("What will be signed"), self.what)
        form.addRow(self.tr("Consent"), self.consent)
        form.addRow(self.tr("Device fingerprint"), self.fingerprint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.seal_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.blocked)
        column.addWidget(self.confirm)
        column.addWidget(self.progress)
        column.addWidget(self.outcome)
        column.addLayout(buttons)
        self.resize(560, 380)
        self.confirm.toggled.connect(self._update_button)
        self.seal_button.clicked.connect(self._on_seal_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        client.submit(package_jobs.seal_summary(testimony_id), on_done=self._on_summary_read)

    def _on_summary_read(self, summary: SealSummary) -> None:
        self.summary = summary
        self.what.setText(
            self.tr(
                "{person}, version {version}. Incidents: {incidents}. Narrative: {chars} "
                "characters. Attachments: {attachments} ({size})."
            ).format(
                person=for_display(summary.person_code, limit=80),
                version=summary.version,
                incidents=summary.incidents,
                chars=summary.narrative_chars,
                attachments=summary.attachments,
                size=data_size(summary.attachment_bytes),
            )
        )
        labels = {
            "interview": self.tr("interview"),
            "audio_recording": self.tr("audio recording"),
            "share_with_platform": self.tr("sharing with the platform"),
            "share_onward": self.tr("sharing onward"),
            "be_named": self.tr("being named"),
            "recontact": self.tr("being contacted again"),
        }
        yes = [labels[key] for key, given in summary.consent if given]
        no = [labels[key] for key, given in summary.consent if not given]
        self.consent.setText(
            self.tr("Agreed to: {yes}. Not agreed: {no}.").format(
                yes=", ".join(yes) or "—", no=", ".join(no) or "—"
            )
        )
        self.fingerprint.setText(summary.device_fingerprint)
        if summary.blocked_by:
            self.blocked.setText(
                self.tr("It cannot be sealed yet: {reason}").format(
                    reason=coded_text(summary.blocked_code) or for_display(summary.blocked_by)
                )
            )
        self._update_button()

    def _update_button(self) -> None:
        ready = self.summary is not None and not self.summary.blocked_by
        self.seal_button.setEnabled(ready and self.confirm.isChecked() and not self._job)

    def _on_seal_clicked(self) -> None:
        if self.summary is None or not self.seal_button.isEnabled():
            return
        self.progress.setVisible(True)
        self._job = self.client.submit(
            package_jobs.seal(self.testimony_id, self.summary.attachment_bytes),
            on_done=self._on_sealed,
            on_failed=self._on_seal_failed,
            on_progress=lambda f: self.progress.setValue(round(f * 1000)),
        )
        self._update_button()

    def _on_sealed(self, sealed: Sealed) -> None:
        self._job = 0
        self.progress.setValue(1000)
        self.outcome.setText(
            self.tr("Sealed. Content fingerprint (SHA-256): {digest}").format(
                digest=sealed.content_sha256
            )
        )
        self.cancel_button.setText(self.tr("Close"))
        self.testimony_sealed.emit(self.testimony_id)

    def _on_seal_failed(self, failure: JobFailure) -> None:
        self._job = 0
        self.progress.setVisible(False)
        self.outcome.setText(failure_text(failure))
        self._update_button()

    def _on_cancel_clicked(self) -> None:
        if self._job:
            self.client.cancel(self._job)
            return
        self.accept()
