"""Verifying a package, for coordinators: choose the package and the identity (and the
trusted signers, and the trusted time-stamping authorities), then see every check that
passed, the first that failed, and each trusted timestamp's attested time beside the
sealing time the device claims. GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import package_jobs
from app.gui.locale_format import moment_text
from app.gui.messages import failure_text
from app.gui.package_jobs import Verified
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import scrub_file_dialog_history
from app.sanitize import for_display


class VerifyDialog(QDialog):
    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.setWindowTitle(self.tr("Verify a package"))
        self.package = QLineEdit()
        self.package.setAccessibleName(self.tr("Package file"))
        self.identity = QLineEdit()
        self.identity.setAccessibleName(self.tr("Identity file"))
        self.trusted = QLineEdit()
        self.trusted.setAccessibleName(self.tr("Trusted signers file"))
        self.authorities = QLineEdit()
        self.authorities.setAccessibleName(self.tr("Trusted time-stamping authorities file"))
        self.authorities.setPlaceholderText(self.tr("PEM CA certificates (optional)"))
        form = QFormLayout()
        for label, edit in (
            (self.tr("Package"), self.package),
            (self.tr("Identity (age key)"), self.identity),
            (self.tr("Trusted signers"), self.trusted),
            (self.tr("Time-stamping authorities"), self.authorities),
        ):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            choose = QPushButton(self.tr("Choose…"))
            choose.clicked.connect(lambda _checked=False, target=edit: self._choose(target))
            row.addWidget(choose)
            form.addRow(label, row)
        self.checks = QListWidget()
        self.checks.setAccessibleName(self.tr("Checks"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setDefault(True)
        close = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.verify_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.checks, 1)
        column.addWidget(self.summary)
        column.addLayout(buttons)
        self.resize(640, 420)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        close.clicked.connect(self.accept)

    def _choose(self, target: QLineEdit) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file"), target.text(), "", "",
            QFileDialog.Option.DontUseNativeDialog,
        )
        scrub_file_dialog_history()
        if chosen:
            target.setText(chosen)

    def _on_verify_clicked(self) -> None:
        if not self.package.text().strip() or not self.identity.text().strip():
            self.summary.setText(self.tr("Choose the package and the identity file."))
            return
        trusted = self.trusted.text().strip()
        authorities = self.authorities.text().strip()
        self.checks.clear()
        self.summary.setText(self.tr("Checking…"))
        self.verify_button.setEnabled(False)
        self.client.submit(
            package_jobs.verify(
                Path(self.package.text().strip()),
                Path(self.identity.text().strip()),
                Path(trusted) if trusted else None,
                Path(authorities) if authorities else None,
            ),
            on_done=self._on_verified,
            on_failed=self._on_verify_failed,
        )

    def _on_verified(self, verified: Verified) -> None:
        self.verify_button.setEnabled(True)
        for check in verified.passed:
            self.checks.addItem(self.tr("✓ {check}").format(check=check))
        if verified.failed_check:
            self.checks.addItem(self.tr("✗ {check}").format(check=verified.failed_check))
        for line in self.timestamp_lines(verified):
            self.checks.addItem(line)
        if verified.ok:
            self.summary.setText(
                self.tr("Every check passed. Signed by {signer} (trusted). Files: {files}.").format(
                    signer=verified.signer or "?", files=verified.files
                )
            )
        else:
            self.summary.setText(
                self.tr("The package did not pass: {message}").format(
                    message=for_display(verified.message)
                )
            )

    def timestamp_lines(self, verified: Verified) -> list[str]:
        """The sealing time the device claims, then each token's attested time and
        whether its authority was checked against a trusted one."""
        if not verified.timestamps:
            return []
        lines = []
        if verified.sealed_at:
            lines.append(
                self.tr("Sealed at {time} (the device's clock, as claimed)").format(
                    time=moment_text(verified.sealed_at)
                )
            )
        for stamp in verified.timestamps:
            if stamp.trusted:
                trust = self.tr("a trusted authority")
            elif verified.authorities_given:
                trust = self.tr("not among the trusted authorities")
            else:
                trust = self.tr("not checked against a trusted authority")
            lines.append(
                self.tr("Timestamped by {authority} at {time} ({trust})").format(
                    authority=for_display(stamp.authority),
                    time=moment_text(stamp.attested_time),
                    trust=trust,
                )
            )
        return lines

    def _on_verify_failed(self, failure: JobFailure) -> None:
        self.verify_button.setEnabled(True)
        self.summary.setText(failure_text(failure))

    @property
    def verified_ok(self) -> bool:
        return self.summary.text().startswith(self.tr("Every check passed."))
