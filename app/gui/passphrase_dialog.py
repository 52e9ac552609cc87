"""Changing the vault passphrase: the current one (or the recovery key), the new one twice
with the same strength rules as at creation. The derivation runs on the vault worker.
GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import passphrase_policy as passphrase
from app.gui.messages import failure_text
from app.gui.vault_worker import Job, JobContext, JobFailure, VaultClient


def change_passphrase(current: str, new: str) -> Job:
    def job(ctx: JobContext) -> None:
        ctx.session.change_passphrase(current, new)

    return job


class PassphraseDialog(QDialog):
    passphrase_changed = Signal()

    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.setWindowTitle(self.tr("Change the passphrase"))
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit, name in (
            (self.current, self.tr("Current passphrase or recovery key")),
            (self.new, self.tr("New passphrase")),
            (self.repeat, self.tr("Repeat the passphrase")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.change_button = QPushButton(self.tr("Change"))
        self.change_button.setDefault(True)
        self.change_button.setEnabled(False)
        cancel = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Current"), self.current)
        form.addRow(self.tr("New"), self.new)
        form.addRow(self.tr("Repeat"), self.repeat)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.change_button)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.feedback)
        column.addLayout(buttons)
        for edit in (self.current, self.new, self.repeat):
            edit.textChanged.connect(self._on_text_changed)
        self.change_button.clicked.connect(self._on_change_clicked)
        cancel.clicked.connect(self.reject)

    def _on_text_changed(self) -> None:
        estimate = passphrase.estimate(self.new.text())
        same = self.new.text() == self.repeat.text()
        if not estimate.acceptable:
            self.feedback.setText(
                self.tr("Too weak: use at least {count} characters, several words.").format(
                    count=passphrase.MIN_LENGTH
                )
            )
        elif not same:
            self.feedback.setText(self.tr("The two passphrases differ."))
        else:
            self.feedback.clear()
        self.change_button.setEnabled(
            bool(self.current.text()) and estimate.acceptable and same
        )

    def _on_change_clicked(self) -> None:
        if not self.change_button.isEnabled():
            return
        self.change_button.setEnabled(False)
        self.feedback.setText(self.tr("Changing…"))
        self.client.submit(
            change_passphrase(self.current.text(), self.new.text()),
            on_done=self._on_changed,
            on_failed=self._on_change_failed,
        )

    def _on_changed(self, _none: None) -> None:
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        self.passphrase_changed.emit()
        self.accept()

    def _on_change_failed(self, failure: JobFailure) -> None:
        self.current.clear()
        self.feedback.setText(failure_text(failure))
        self.current.setFocus()
