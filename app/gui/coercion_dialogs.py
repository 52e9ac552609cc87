"""Seizure and coercion in the window: wipe with a countdown, re-key, recovery shares
(split, print or save; reset a forgotten passphrase with them), and the confirmation
before a platform profile that sends packages elsewhere replaces the stored one.

Every service call runs on the vault worker (``coercion_jobs``, ``session_jobs``,
``profile_jobs``); the dialogs are window-modal and never run a nested event loop while
jobs call back. Secrets (passphrases, the new recovery key, share words) are dropped from
the widgets as soon as they are no longer needed. GUI thread only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import errors
from app.core import passphrase_policy as passphrase
from app.crypto.shares import MAX_SHARES, MIN_THRESHOLD
from app.fsutil import atomic_write_bytes
from app.gui import coercion_jobs, profile_jobs, session_jobs
from app.gui.coercion_jobs import Rekeyed, SharesMade
from app.gui.messages import failure_text
from app.gui.profile_jobs import ProfileFileImported, ProfileSwapFound
from app.gui.session_jobs import VaultOpened
from app.gui.startup_pages import RecoveryKeyPanel
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import StatusLabel, scrub_file_dialog_history
from app.sanitize import for_display
from app.services import coercion

try:  # Qt's print support is a separate module some builds leave out.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    PRINTING = True
except ImportError:  # pragma: no cover - depends on the Qt build
    PRINTING = False

WIPE_COUNTDOWN_SECONDS = 5


def _fit(dialog: QDialog, width: int) -> None:
    """``width`` wide and tall enough for its wrapped text (a window sized before its
    labels wrapped squeezes their rows)."""
    layout = dialog.layout()
    height = dialog.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    dialog.resize(width, height)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# -- wipe ------------------------------------------------------------------------------------


class WipeDialog(QDialog):
    """A warning, then a countdown the user can stop (Escape, or the focused Cancel);
    at zero :attr:`wipe_confirmed` is emitted and the window wipes."""

    wipe_confirmed = Signal()
    countdown_started = Signal()

    def __init__(
        self, seconds: int = WIPE_COUNTDOWN_SECONDS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.seconds = max(1, seconds)
        self.remaining = self.seconds
        self.wiping = False
        self.setWindowTitle(self.tr("Wipe this vault"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.steps = QStackedWidget()

        warning_page = QWidget()
        self.warning = _wrapped(
            self.tr(
                "Wipe this vault? Its keys are erased first (this takes a moment), then its "
                "database and media files are deleted. After that no passphrase, recovery key "
                "or share opens it, and nothing in it can be recovered: testimonies not yet "
                "delivered to the platform are lost. Copies or backups of the folder made "
                "before are not reached."
            )
        )
        self.warning.setObjectName("errorText")
        self.start_button = QPushButton(
            self.tr("&Wipe in {seconds} seconds").format(seconds=self.seconds)
        )
        self.start_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        column = QVBoxLayout(warning_page)
        column.addWidget(self.warning)
        column.addLayout(row)

        countdown_page = QWidget()
        self.countdown = StatusLabel(self.tr("Wipe countdown"))
        font = QFont(self.countdown.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.countdown.setFont(font)
        hint = _wrapped(self.tr("Press Escape or Cancel to stop. Nothing is erased before zero."))
        self.stop_button = QPushButton(self.tr("Cancel"))
        self.stop_button.setDefault(True)
        stop_row = QHBoxLayout()
        stop_row.addStretch(1)
        stop_row.addWidget(self.stop_button)
        stop_column = QVBoxLayout(countdown_page)
        stop_column.addWidget(self.countdown)
        stop_column.addWidget(hint)
        stop_column.addLayout(stop_row)

        self.steps.addWidget(warning_page)
        self.steps.addWidget(countdown_page)
        QVBoxLayout(self).addWidget(self.steps)
        _fit(self, 520)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.start_button.clicked.connect(self.start_countdown)
        self.cancel_button.clicked.connect(self.reject)
        self.stop_button.clicked.connect(self.reject)
        self.cancel_button.setFocus()

    def start_countdown(self) -> None:
        self.remaining = self.seconds
        self._show_remaining()
        self.steps.setCurrentIndex(1)
        self.stop_button.setFocus()
        self.timer.start()
        self.countdown_started.emit()

    def _show_remaining(self) -> None:
        self.countdown.setText(
            self.tr("Wiping in {seconds} s…").format(seconds=self.remaining)
        )

    def _on_timer_timeout(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self._show_remaining()
            return
        self.timer.stop()
        self.wiping = True
        self.stop_button.setEnabled(False)
        self.countdown.setText(self.tr("Wiping…"))
        self.wipe_confirmed.emit()

    def reject(self) -> None:
        if self.wiping:
            return  # the erase has started: there is nothing left to stop
        self.timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.wiping:
            event.ignore()
            return
        self.timer.stop()
        super().closeEvent(event)

    def finish(self) -> None:
        """The wipe is done (or failed): the dialog may close."""
        self.wiping = False
        self.accept()


# -- re-key ----------------------------------------------------------------------------------


class RekeyDialog(QDialog):
    """Change all keys: the current passphrase (or recovery key), optionally a new
    passphrase; then the new recovery key, shown once as at the first run."""

    rekeyed = Signal()

    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.running = False
        self.setWindowTitle(self.tr("Change all keys (re-key)"))
        self.steps = QStackedWidget()

        form_page = QWidget()
        intro = _wrapped(
            self.tr(
                "Gives the vault a new master key: the database is re-encrypted and every "
                "key re-wrapped. Afterwards the old recovery key and every recovery share "
                "are worthless, and so is the old passphrase if you choose a new one. Do "
                "this after anyone forced you to unlock the vault or saw a secret. A copy "
                "of the vault folder taken before stays readable with the old secrets."
            )
        )
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current passphrase or recovery key"))
        self.change_passphrase = QCheckBox(self.tr("Also choose a &new passphrase"))
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit, name in (
            (self.new, self.tr("New passphrase")),
            (self.repeat, self.tr("Repeat the passphrase")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.feedback = _wrapped("")
        self.feedback.setObjectName("errorText")
        self.rekey_button = QPushButton(self.tr("Change all keys"))
        self.rekey_button.setEnabled(False)
        self.rekey_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Current"), self.current)
        form.addRow("", self.change_passphrase)
        form.addRow(self.tr("New"), self.new)
        form.addRow(self.tr("Repeat"), self.repeat)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.rekey_button)
        column = QVBoxLayout(form_page)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.feedback)
        column.addLayout(buttons)

        busy_page = QWidget()
        busy_text = _wrapped(
            self.tr(
                "Re-encrypting the database and re-wrapping every key. Keep the program "
                "open; if it is interrupted, the vault opens with the old secrets and the "
                "re-key can be run again."
            )
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Changing all keys"))
        busy_column = QVBoxLayout(busy_page)
        busy_column.addWidget(busy_text)
        busy_column.addWidget(self.progress)

        self.recovery = RecoveryKeyPanel(
            self.tr("Your new recovery key"),
            self.tr(
                "All keys were changed. The old recovery key and every recovery share no "
                "longer open the vault: destroy them. Write this new key on paper and keep "
                "it somewhere safe, away from this computer. It is shown only now."
            ),
        )
        self.steps.addWidget(form_page)
        self.steps.addWidget(busy_page)
        self.steps.addWidget(self.recovery)
        QVBoxLayout(self).addWidget(self.steps)
        _fit(self, 580)

        for edit in (self.current, self.new, self.repeat):
            edit.textChanged.connect(self._on_text_changed)
        self.change_passphrase.toggled.connect(self._on_change_passphrase_toggled)
        self.rekey_button.clicked.connect(self._on_rekey_clicked)
        self.current.returnPressed.connect(self._on_rekey_clicked)
        cancel.clicked.connect(self.reject)
        self.recovery.confirmed.connect(self.accept)

    def _on_change_passphrase_toggled(self, checked: bool) -> None:
        for edit in (self.new, self.repeat):
            edit.setEnabled(checked)
            if not checked:
                edit.clear()
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        ready = bool(self.current.text())
        text = ""
        if self.change_passphrase.isChecked():
            estimate = passphrase.estimate(self.new.text())
            if not estimate.acceptable:
                text = self.tr("Too weak: use at least {count} characters, several words.").format(
                    count=passphrase.MIN_LENGTH
                )
            elif self.new.text() != self.repeat.text():
                text = self.tr("The two passphrases differ.")
            ready = ready and estimate.acceptable and self.new.text() == self.repeat.text()
        if self.new.text() or self.repeat.text():
            self.feedback.setText(text)
        else:
            self.feedback.clear()
        self.rekey_button.setEnabled(ready)

    def _on_rekey_clicked(self) -> None:
        if not self.rekey_button.isEnabled() or self.running:
            return
        new = self.new.text() if self.change_passphrase.isChecked() else None
        self.running = True
        self.steps.setCurrentIndex(1)
        self.client.submit(
            coercion_jobs.rekey(self.current.text(), new),
            on_done=self._on_rekeyed,
            on_failed=self._on_rekey_failed,
        )

    def _on_rekeyed(self, done: Rekeyed) -> None:
        self.running = False
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        self.steps.setCurrentIndex(2)
        self.recovery.show_key(done.recovery_key)
        self.rekeyed.emit()

    def _on_rekey_failed(self, failure: JobFailure) -> None:
        self.running = False
        self.steps.setCurrentIndex(0)
        if issubclass(failure.kind, errors.FormatError) and not self.change_passphrase.isChecked():
            text = self.tr("With the recovery key, also choose a new passphrase.")
        else:
            text = failure_text(failure)
        self.current.clear()
        self.feedback.setText(text)
        self.current.setFocus()

    def reject(self) -> None:
        if self.running:
            return  # a re-key cannot be stopped half-way from here
        if self.steps.currentIndex() == 2:
            return  # the new key must be confirmed: it is never shown again
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.running or self.steps.currentIndex() == 2:
            event.ignore()
            return
        super().closeEvent(event)

    def force_close(self) -> None:
        """On lock: drop the key from the screen whatever the step."""
        self.recovery.forget()
        self.running = False
        self.steps.setCurrentIndex(0)
        super().reject()


# -- recovery shares -------------------------------------------------------------------------


def _share_html(document: str) -> str:
    lines = document.splitlines()
    headings = [line.lstrip("# ") for line in lines if line.startswith("#")]
    words = [line for line in lines if line and not line.startswith("#")]
    escape = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

    def esc(text: str) -> str:
        return "".join(escape.get(char, char) for char in text)

    return (
        "<h2>" + esc(headings[0] if headings else "") + "</h2>"
        + "".join(f"<p>{esc(line)}</p>" for line in headings[1:])
        + "<pre style='font-size: 14pt'>" + "\n".join(esc(line) for line in words) + "</pre>"
    )


class SharesDialog(QDialog):
    """Split the power to reset the passphrase among N people, K of them needed; then
    save each share to a file the user chooses, or print them (one per page)."""

    shares_made = Signal(int)  # how many
    saved = Signal(int)  # how many files were written

    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.documents: tuple[str, ...] = ()
        self.setWindowTitle(self.tr("Recovery shares"))
        self.steps = QStackedWidget()

        form_page = QWidget()
        intro = _wrapped(
            self.tr(
                "Split the power to reset the passphrase among N trusted people: any K of "
                "the shares together open the vault and set a new passphrase; fewer reveal "
                "nothing about it. Creating new shares makes earlier ones worthless, and so "
                "does a re-key."
            )
        )
        self.threshold = QSpinBox()
        self.threshold.setRange(MIN_THRESHOLD, MAX_SHARES)
        self.threshold.setValue(3)
        self.threshold.setAccessibleName(self.tr("Shares needed (K)"))
        self.count = QSpinBox()
        self.count.setRange(MIN_THRESHOLD, MAX_SHARES)
        self.count.setValue(5)
        self.count.setAccessibleName(self.tr("Shares in all (N)"))
        self.feedback = _wrapped("")
        self.feedback.setObjectName("errorText")
        self.create_button = QPushButton(self.tr("Create the shares"))
        self.create_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Shares needed (K)"), self.threshold)
        form.addRow(self.tr("Shares in all (N)"), self.count)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        column = QVBoxLayout(form_page)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.feedback)
        column.addLayout(buttons)

        made_page = QWidget()
        self.made_text = _wrapped("")
        self.share_list = QListWidget()
        self.share_list.setAccessibleName(self.tr("Recovery shares"))
        self.save_all_button = QPushButton(self.tr("Save &all to a folder…"))
        self.save_one_button = QPushButton(self.tr("&Save the selected share…"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setVisible(PRINTING)
        self.print_note = _wrapped(
            self.tr("Printing is not available in this installation: save the shares, then "
                    "print the files.")
        )  # fmt: skip
        self.print_note.setVisible(not PRINTING)
        self.outcome = _wrapped("")
        self.done_button = QPushButton(self.tr("Done"))
        actions = QHBoxLayout()
        actions.addWidget(self.save_all_button)
        actions.addWidget(self.save_one_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        actions.addWidget(self.done_button)
        made_column = QVBoxLayout(made_page)
        made_column.addWidget(self.made_text)
        made_column.addWidget(self.share_list)
        made_column.addWidget(self.print_note)
        made_column.addWidget(self.outcome)
        made_column.addLayout(actions)

        self.steps.addWidget(form_page)
        self.steps.addWidget(made_page)
        QVBoxLayout(self).addWidget(self.steps)
        _fit(self, 600)

        self.threshold.valueChanged.connect(self._on_numbers_changed)
        self.count.valueChanged.connect(self._on_numbers_changed)
        self.create_button.clicked.connect(self._on_create_clicked)
        cancel.clicked.connect(self.reject)
        self.save_all_button.clicked.connect(self._on_save_all_clicked)
        self.save_one_button.clicked.connect(self._on_save_one_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.done_button.clicked.connect(self.accept)
        self.finished.connect(self._forget)

    def _on_numbers_changed(self) -> None:
        fits = self.threshold.value() <= self.count.value()
        self.create_button.setEnabled(fits)
        self.feedback.setText(
            "" if fits else self.tr("The shares needed cannot be more than the shares in all.")
        )

    def _on_create_clicked(self) -> None:
        if not self.create_button.isEnabled():
            return
        self.create_button.setEnabled(False)
        self.client.submit(
            coercion_jobs.split_recovery(self.threshold.value(), self.count.value()),
            on_done=self._on_shares_made,
            on_failed=self._on_failed,
        )

    def _on_failed(self, failure: JobFailure) -> None:
        self.create_button.setEnabled(True)
        self.feedback.setText(failure_text(failure))

    def _on_shares_made(self, made: SharesMade) -> None:
        self.documents = made.documents
        count = len(made.documents)
        self.made_text.setText(
            self.tr(
                "{count} shares were created; any {threshold} of them reset the passphrase. "
                "Earlier shares no longer work. Give each share to a different person. A "
                "saved file holds its share in clear: once printed or handed over, delete "
                "it (and empty the trash)."
            ).format(count=count, threshold=made.threshold)
        )
        self.share_list.clear()
        for number in range(1, count + 1):
            self.share_list.addItem(
                self.tr("Share {number} of {count}").format(number=number, count=count)
            )
        self.share_list.setCurrentRow(0)
        self.steps.setCurrentIndex(1)
        self.share_list.setFocus()
        self.shares_made.emit(count)

    # -- saving and printing -------------------------------------------------------------

    def save_all_to(self, folder: Path) -> list[Path]:
        """Write share-1.txt … share-N.txt (owner-only files) into ``folder``."""
        paths = [folder / f"share-{number}.txt" for number in range(1, len(self.documents) + 1)]
        try:
            for path, document in zip(paths, self.documents, strict=True):
                atomic_write_bytes(path, document.encode("utf-8"), owner_only=True)
        except errors.StorageError:
            self.outcome.setText(self.tr("The shares could not be written to this folder."))
            return []
        self.outcome.setText(
            self.tr("{count} share files written to {folder}.").format(
                count=len(paths), folder=for_display(str(folder))
            )
        )
        self.saved.emit(len(paths))
        return paths

    def save_share_to(self, number: int, path: Path) -> bool:
        """Write share ``number`` (1-based) to ``path``."""
        try:
            atomic_write_bytes(path, self.documents[number - 1].encode("utf-8"), owner_only=True)
        except errors.StorageError:
            self.outcome.setText(self.tr("The share could not be written there."))
            return False
        self.outcome.setText(
            self.tr("Share {number} written to {path}.").format(
                number=number, path=for_display(str(path))
            )
        )
        self.saved.emit(1)
        return True

    def _on_save_all_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder for the share files"), "",
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
        )  # fmt: skip
        scrub_file_dialog_history()
        if chosen:
            self.save_all_to(Path(chosen))

    def _on_save_one_clicked(self) -> None:
        number = self.share_list.currentRow() + 1
        if not 1 <= number <= len(self.documents):
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save share {number}").format(number=number),
            f"share-{number}.txt", "", "", QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        scrub_file_dialog_history()
        if chosen:
            self.save_share_to(number, Path(chosen))

    def share_document(self) -> QTextDocument:
        """Every share on a page of its own."""
        pages = [
            f"<div style='page-break-after: always'>{_share_html(text)}</div>"
            if number < len(self.documents)
            else _share_html(text)
            for number, text in enumerate(self.documents, start=1)
        ]
        document = QTextDocument(self)
        document.setHtml("".join(pages))
        return document

    def print_to(self, printer: QPrinter) -> None:
        document = self.share_document()
        document.print_(printer)
        document.clear()
        document.deleteLater()
        self.outcome.setText(self.tr("The shares were sent to the printer, one per page."))

    def _on_print_clicked(self) -> None:
        if not PRINTING or not self.documents:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        QDialog.open(dialog)  # QPrintDialog's own open() wants a slot to call

    def _forget(self) -> None:
        self.documents = ()
        self.share_list.clear()


# -- reset the passphrase with shares --------------------------------------------------------

_HEADER = re.compile(r"^#\s*Evidence Vault recovery share", re.IGNORECASE)


def split_share_texts(text: str) -> tuple[str, ...]:
    """The shares typed or pasted: separated by an empty line or a share file's first
    line; comment lines (#) are left out, a share's words are joined by spaces."""
    shares: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _HEADER.match(line):
            if current:
                shares.append(current)
                current = []
            continue
        if line.startswith("#"):
            continue
        current.extend(line.split())
    if current:
        shares.append(current)
    return tuple(" ".join(words) for words in shares)


class ShareResetDialog(QDialog):
    """Open the vault with K recovery shares and choose a new passphrase."""

    vault_opened = Signal(object)  # VaultOpened

    def __init__(self, client: VaultClient, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.folder = folder
        self.running = False
        self.setWindowTitle(self.tr("Reset the passphrase with recovery shares"))
        intro = _wrapped(
            self.tr(
                "Enter as many recovery shares as were required when they were created: "
                "type or paste each one, with an empty line between shares, or add the "
                "share files. Then choose a new passphrase; the forgotten one stops working."
            )
        )
        self.shares = QPlainTextEdit()
        self.shares.setAccessibleName(self.tr("Recovery shares"))
        self.shares.setTabChangesFocus(True)
        self.add_file_button = QPushButton(self.tr("&Add a share file…"))
        self.count_label = QLabel()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit, name in (
            (self.new, self.tr("New passphrase")),
            (self.repeat, self.tr("Repeat the passphrase")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.feedback = _wrapped("")
        self.feedback.setObjectName("errorText")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("Opening the vault"))
        self.reset_button = QPushButton(self.tr("Reset the passphrase"))
        self.reset_button.setEnabled(False)
        self.reset_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.add_file_button)
        file_row.addWidget(self.count_label, 1)
        form = QFormLayout()
        form.addRow(self.tr("New"), self.new)
        form.addRow(self.tr("Repeat"), self.repeat)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.reset_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.shares, 1)
        column.addLayout(file_row)
        column.addLayout(form)
        column.addWidget(self.feedback)
        column.addWidget(self.busy)
        column.addLayout(buttons)
        self.resize(600, 460)
        self.shares.textChanged.connect(self._on_text_changed)
        self.new.textChanged.connect(self._on_text_changed)
        self.repeat.textChanged.connect(self._on_text_changed)
        self.add_file_button.clicked.connect(self._on_add_file_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        cancel.clicked.connect(self.reject)
        self.finished.connect(self._forget)
        self._on_text_changed()

    def add_share_file(self, path: Path) -> bool:
        try:
            words = coercion.read_share_file(path)
        except errors.EvidenceVaultError:
            self.feedback.setText(self.tr("This file cannot be read as a recovery share."))
            return False
        before = self.shares.toPlainText().rstrip()
        self.shares.setPlainText(f"{before}\n\n{words}" if before else words)
        return True

    def _on_add_file_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose share files"), "", "", "", QFileDialog.Option.DontUseNativeDialog
        )
        scrub_file_dialog_history()
        for name in chosen:
            self.add_share_file(Path(name))

    def _on_text_changed(self) -> None:
        count = len(split_share_texts(self.shares.toPlainText()))
        self.count_label.setText(self.tr("Shares entered: {count}").format(count=count))
        estimate = passphrase.estimate(self.new.text())
        same = self.new.text() == self.repeat.text()
        if self.new.text() and not estimate.acceptable:
            self.feedback.setText(
                self.tr("Too weak: use at least {count} characters, several words.").format(
                    count=passphrase.MIN_LENGTH
                )
            )
        elif self.repeat.text() and not same:
            self.feedback.setText(self.tr("The two passphrases differ."))
        elif not self.running:
            self.feedback.clear()
        self.reset_button.setEnabled(
            count >= MIN_THRESHOLD and estimate.acceptable and same and not self.running
        )

    def _on_reset_clicked(self) -> None:
        if not self.reset_button.isEnabled() or self.running:
            return
        self.running = True
        self.busy.setVisible(True)
        self.reset_button.setEnabled(False)
        self.feedback.clear()
        self.client.submit(
            session_jobs.unlock_with_shares(
                self.folder, split_share_texts(self.shares.toPlainText()), self.new.text()
            ),
            on_done=self._on_opened,
            on_failed=self._on_failed,
        )

    def _on_opened(self, opened: VaultOpened) -> None:
        self.running = False
        self.accept()
        self.vault_opened.emit(opened)

    def _on_failed(self, failure: JobFailure) -> None:
        self.running = False
        self.busy.setVisible(False)
        if issubclass(failure.kind, errors.WrongPassphraseError):
            text = self.tr(
                "These shares do not open this vault: they may be from an earlier split "
                "(a newer split or a re-key makes old shares worthless) or from another vault."
            )
        elif issubclass(failure.kind, errors.FormatError) and failure.expected:
            text = self.tr("These shares cannot be combined. {reason}").format(
                reason=for_display(failure.message, limit=300)
            )
        else:
            text = failure_text(failure)
        self._on_text_changed()
        self.feedback.setText(text)

    def reject(self) -> None:
        if self.running:
            return
        super().reject()

    def _forget(self) -> None:
        for edit in (self.new, self.repeat):
            edit.clear()
        self.shares.clear()


# -- a profile that sends packages elsewhere -------------------------------------------------


class ProfileSwapDialog(QDialog):
    """The stored and the new fingerprints side by side, to compare with the platform by
    voice; Replace only after the user ticks that they did. Keep is the default."""

    def __init__(self, found: ProfileSwapFound, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("This profile sends packages elsewhere"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        intro = _wrapped(
            self.tr(
                "This profile file sends packages somewhere else than the profile in use, "
                "so it was not imported. A planted profile would send every future "
                "testimony to someone else. Call the platform (or meet them) and compare "
                "each fingerprint below aloud before replacing."
            )
        )
        names = {
            "platform key": self.tr("Platform key"),
            "CA certificate": self.tr("Certificate"),
            "URL": self.tr("Address"),
            "receipt key": self.tr("Receipt key"),
        }
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)  # both sides the same width, to compare line by line
        for col, heading in enumerate(("", self.tr("In use now"), self.tr("In this file"))):
            label = QLabel(f"<b>{heading}</b>" if heading else "")
            grid.addWidget(label, 0, col)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.rows: list[tuple[QLabel, QLabel]] = []
        for row, change in enumerate(found.changes, start=1):
            name = names.get(change.field, for_display(change.field))
            grid.addWidget(QLabel(name), row, 0)
            old, new = (
                StatusLabel(self.tr("{field}, {side}").format(field=name, side=side),
                            for_display(value))
                for value, side in ((change.old, self.tr("in use now")),
                                    (change.new, self.tr("in this file")))
            )  # fmt: skip
            for label in (old, new):
                label.setFont(mono)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(old, row, 1)
            grid.addWidget(new, row, 2)
            self.rows.append((old, new))
        self.compared = QCheckBox(
            self.tr("I &compared the new fingerprints with the platform by voice")
        )
        self.replace_button = QPushButton(self.tr("&Replace the profile"))
        self.replace_button.setEnabled(False)
        self.replace_button.setAutoDefault(False)
        self.keep_button = QPushButton(self.tr("&Keep the profile in use"))
        self.keep_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(self.keep_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(grid)
        column.addWidget(self.compared)
        column.addLayout(buttons)
        _fit(self, 760)
        self.compared.toggled.connect(self.replace_button.setEnabled)
        self.replace_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        self.keep_button.setFocus()


def import_profile_checked(
    client: VaultClient,
    parent: QWidget,
    path: Path,
    keyring_factory: profile_jobs.KeyringFactory,
    on_imported: Callable[[ProfileFileImported], None],
    on_failed: Callable[[JobFailure], None],
    on_kept: Callable[[], None],
) -> None:
    """Import the profile file; if it would send packages elsewhere, show both sides and
    import with ``replace`` only after the user confirms (``on_kept`` when they refuse)."""

    def imported(result: ProfileFileImported | ProfileSwapFound) -> None:
        if isinstance(result, ProfileFileImported):
            on_imported(result)
            return
        dialog = ProfileSwapDialog(result, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(replace)
        dialog.rejected.connect(on_kept)
        dialog.open()

    def replace() -> None:
        client.submit(
            profile_jobs.import_profile_file(path, keyring_factory, replace=True),
            on_done=replaced,
            on_failed=on_failed,
        )

    def replaced(result: ProfileFileImported | ProfileSwapFound) -> None:
        if isinstance(result, ProfileFileImported):
            on_imported(result)

    client.submit(
        profile_jobs.import_profile_file(path, keyring_factory),
        on_done=imported,
        on_failed=on_failed,
    )
