"""The screens shown while the vault is locked: create a vault, and unlock it.

The passphrase and recovery key are handed straight to a vault-worker job; nothing here
stores them. Derivation takes a noticeable moment (Argon2id), so the forms show a busy
state instead of freezing. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import passphrase_policy as passphrase
from app.gui.drive_warning import VAULT, DriveWarning
from app.gui.widgets import ASSERTIVE, StatusLabel, scrub_file_dialog_history


def folder_dialog(parent: QWidget, title: str, start: str) -> QFileDialog:
    """A window-modal chooser of one folder, Qt's own (no native dialog: it keeps no
    history of its own), opened without a nested event loop; its folder history is
    scrubbed when it closes. The caller connects ``fileSelected``."""
    dialog = QFileDialog(parent, title, start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOptions(
        QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.finished.connect(lambda _result: scrub_file_dialog_history())
    dialog.open()
    return dialog


class PathEdit(QPlainTextEdit):
    """A folder path that is never clipped: it wraps anywhere and grows to show every
    line, with the line edit's ``text``/``setText``. Enter does not add a line (a path
    has none); Tab leaves the field."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText().replace("\n", "")

    def setText(self, text: str) -> None:  # noqa: N802 - the line edit's name
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # to the page's default button, as from a line edit
            return
        super().keyPressEvent(event)

    def _fit_height(self, _size: QSizeF | None = None) -> None:
        # A plain text document's height is counted in lines.
        lines = max(1, round(self.document().size().height()))
        margins = self.contentsMargins()
        inner = 2 * round(self.document().documentMargin())
        self.setFixedHeight(
            lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom() + inner
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()


class UnlockPage(QWidget):
    """Passphrase (or recovery key) field and an Unlock button.

    ``neutral``: the words of a locked notes program. The folder is not shown (the
    default one is named after the program) and recovery shares are not offered here
    (the plain launch offers them, and ``recovery`` on the command line).
    """

    unlock_requested = Signal(Path, str)
    create_requested = Signal()
    shares_requested = Signal(Path)  # "Forgot the passphrase? Use recovery shares…"
    folder_chosen = Signal(Path)  # the window looks for a vault there

    def __init__(
        self, folder: Path, parent: QWidget | None = None, *, neutral: bool = False
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.neutral = neutral
        self.folder_dialog: QFileDialog | None = None
        self.title = QLabel(self.tr("Notes are locked") if neutral else self.tr("Unlock the vault"))
        self.title.setObjectName("pageTitle")
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setVisible(not neutral)
        # A vault opened from a FAT or exFAT stick: said once, under the folder (not in
        # the neutral window, which names no vault).
        self.drive_warning = DriveWarning(VAULT)
        secret_name = self.tr("Password") if neutral else self.tr("Passphrase or recovery key")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(secret_name)
        self.secret.setPlaceholderText(secret_name)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.other_folder = QPushButton(
            self.tr("Open another folder…") if neutral else self.tr("Open another vault folder…")
        )
        self.other_folder.setFlat(True)
        self.shares_button = QPushButton(self.tr("Forgot the passphrase? Use recovery &shares…"))
        self.shares_button.setFlat(True)
        self.shares_button.setVisible(not neutral)
        # Announced at once: the focus stays in the passphrase field, away from it.
        self.message = StatusLabel(
            self.tr("Unlock status"), announce=ASSERTIVE
        )
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("Unlocking"))

        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.folder_label)
        column.addWidget(self.drive_warning)
        column.addSpacing(12)
        column.addWidget(self.secret)
        row = QHBoxLayout()
        row.addWidget(self.other_folder)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        column.addLayout(row)
        column.addWidget(self.shares_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.busy)
        column.addWidget(self.message)
        column.addStretch(2)
        # As wide as the create page: the shares button in Russian needs about 550 px.
        self.setMaximumWidth(640)

        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.secret.returnPressed.connect(self._on_unlock_clicked)
        self.other_folder.clicked.connect(self._on_other_folder_clicked)
        self.shares_button.clicked.connect(lambda: self.shares_requested.emit(self.folder))
        self._show_folder()

    def _show_folder(self) -> None:
        self.folder_label.setText(self.tr("Vault folder: {folder}").format(folder=str(self.folder)))
        if not self.neutral:
            self.drive_warning.check(self.folder)

    def _on_unlock_clicked(self) -> None:
        if not self.secret.text() or self.busy.isVisible():
            return
        self.set_busy(True)
        self.message.clear()
        self.unlock_requested.emit(self.folder, self.secret.text())

    def _on_other_folder_clicked(self) -> None:
        self.folder_dialog = folder_dialog(
            self, self.tr("Choose the vault folder"), str(self.folder.parent)
        )
        self.folder_dialog.fileSelected.connect(self._on_folder_selected)

    def _on_folder_selected(self, chosen: str) -> None:
        self.folder_chosen.emit(Path(chosen))

    def show_notice(self, text: str) -> None:
        """A sentence about the folder (no vault there, or a vault found instead of
        created), the passphrase field ready."""
        self.message.setText(text)
        self.secret.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.secret.setEnabled(not busy)

    def show_failure(self, text: str) -> None:
        self.set_busy(False)
        self.secret.clear()
        self.message.setText(text)
        self.secret.setFocus()

    def reset(self) -> None:
        self.set_busy(False)
        self.secret.clear()
        self.message.clear()
        self.secret.setFocus()


class CreateVaultPage(QWidget):
    """First run: folder, passphrase twice with strength feedback, then the recovery key."""

    create_requested = Signal(Path, str)
    recovery_confirmed = Signal()
    folder_chosen = Signal(Path)  # "Open a vault folder…": the window looks for a vault

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder_dialog: QFileDialog | None = None
        self.steps = QStackedWidget()
        self.steps.addWidget(self._build_form(folder))
        self.steps.addWidget(self._build_progress())
        self.steps.addWidget(self._build_recovery())
        column = QVBoxLayout(self)
        column.addWidget(self.steps)
        self.setMaximumWidth(640)

    # -- step 1: folder and passphrase -------------------------------------------------

    def _build_form(self, folder: Path) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Create a vault"))
        title.setObjectName("pageTitle")
        intro = QLabel(
            self.tr(
                "Everything you record is kept encrypted in this folder. Choose a passphrase "
                "you can remember; without it or the recovery key nobody can open the vault, "
                "including you."
            )
        )
        intro.setWordWrap(True)
        self.folder = PathEdit(str(folder))
        self.folder.setAccessibleName(self.tr("Vault folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose the vault folder"))
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse, 0, Qt.AlignmentFlag.AlignTop)
        # A folder on a FAT or exFAT stick is warned of as soon as it is named.
        self.drive_warning = DriveWarning(VAULT)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("New passphrase"))
        self.confirmation = QLineEdit()
        self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmation.setAccessibleName(self.tr("Repeat the passphrase"))
        self.strength_bar = QProgressBar()
        # A thin meter (resources/style): a full-height white box reads as one more field.
        self.strength_bar.setObjectName("strengthMeter")
        self.strength_bar.setRange(0, 3)
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setAccessibleName(self.tr("Passphrase strength"))
        self.strength_text = QLabel()
        self.strength_text.setWordWrap(True)
        self.create_button = QPushButton(self.tr("Create the vault"))
        self.create_button.setEnabled(False)
        self.create_button.setDefault(True)
        # A vault made earlier elsewhere (a USB stick) is opened from here: the program
        # does not remember folders outside the default one (SECURITY.md).
        self.open_button = QPushButton(self.tr("&Open a vault folder…"))
        self.open_button.setAccessibleName(self.tr("Open a vault folder"))
        self.open_button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.drive_warning)  # the whole row: no gap while hidden
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Repeat"), self.confirmation)
        form.addRow("", self.strength_bar)
        form.addRow("", self.strength_text)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(8)
        column.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.create_button)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addStretch(2)
        # The order of the screen: the open button sits left of Create.
        QWidget.setTabOrder(self.confirmation, self.open_button)
        QWidget.setTabOrder(self.open_button, self.create_button)

        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder.textChanged.connect(lambda: self.drive_warning.watch(self.folder.text()))
        self.drive_warning.watch(self.folder.text())
        self.passphrase.textChanged.connect(self._on_passphrase_changed)
        self.confirmation.textChanged.connect(self._on_passphrase_changed)
        self.confirmation.returnPressed.connect(self._on_create_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self._on_passphrase_changed()
        return page

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose the vault folder"),
            self.folder.text(),
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
        )
        scrub_file_dialog_history()
        if chosen:
            self.folder.setText(chosen)
            self.drive_warning.check(chosen)

    def _on_open_clicked(self) -> None:
        start = Path(self.folder.text().strip() or str(Path.home())).parent
        self.folder_dialog = folder_dialog(self, self.tr("Open a vault folder"), str(start))
        self.folder_dialog.fileSelected.connect(self._on_folder_selected)

    def _on_folder_selected(self, chosen: str) -> None:
        self.folder_chosen.emit(Path(chosen))

    def _on_passphrase_changed(self) -> None:
        estimate = passphrase.estimate(self.passphrase.text())
        self.strength_bar.setValue(estimate.strength.value)
        texts = {
            passphrase.Strength.TOO_SHORT: self.tr(
                "Too short: use at least {count} characters, for example four or five words."
            ).format(count=passphrase.MIN_LENGTH),
            passphrase.Strength.WEAK: self.tr("Weak: add more words or varied characters."),
            passphrase.Strength.FAIR: self.tr("Fair."),
            passphrase.Strength.STRONG: self.tr("Strong."),
        }
        text = texts[estimate.strength]
        matches = self.passphrase.text() == self.confirmation.text()
        if self.confirmation.text() and not matches:
            text += " " + self.tr("The two passphrases differ.")
        self.strength_text.setText(text)
        self.create_button.setEnabled(
            estimate.acceptable and matches and bool(self.folder.text().strip())
        )

    def _on_create_clicked(self) -> None:
        if not self.create_button.isEnabled():
            return
        self.message.clear()
        self.steps.setCurrentIndex(1)
        self.calibration.setValue(0)
        self.create_requested.emit(Path(self.folder.text().strip()), self.passphrase.text())

    # -- step 2: calibration -----------------------------------------------------------

    def _build_progress(self) -> QWidget:
        page = QWidget()
        label = QLabel(
            self.tr(
                "Measuring this computer to make the passphrase as hard to guess as it can "
                "afford, then creating the vault. This takes a few seconds."
            )
        )
        label.setWordWrap(True)
        self.calibration = QProgressBar()
        self.calibration.setRange(0, 100)
        self.calibration.setAccessibleName(self.tr("Creating the vault"))
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(label)
        column.addWidget(self.calibration)
        column.addStretch(2)
        return page

    def set_progress(self, fraction: float) -> None:
        self.calibration.setValue(round(fraction * 100))

    def show_failure(self, text: str) -> None:
        self.steps.setCurrentIndex(0)
        self.message.setText(text)

    # -- step 3: recovery key, shown once ----------------------------------------------

    def _build_recovery(self) -> QWidget:
        self.recovery = RecoveryKeyPanel(
            self.tr("Your recovery key"),
            self.tr(
                "Write this key on paper and keep it somewhere safe, away from this computer. "
                "It opens the vault if the passphrase is forgotten. It is shown only now."
            ),
        )
        self.recovery_text = self.recovery.recovery_text
        self.last_group = self.recovery.last_group
        self.done_button = self.recovery.done_button
        self.recovery.confirmed.connect(self.recovery_confirmed.emit)
        return self.recovery

    def show_recovery_key(self, formatted: str) -> None:
        self.passphrase.clear()
        self.confirmation.clear()
        self.steps.setCurrentIndex(2)
        self.recovery.show_key(formatted)


class RecoveryKeyPanel(QWidget):
    """A recovery key shown once, in large monospace, with a check that it was written
    down (its last group typed back). Used at creation and after a re-key."""

    confirmed = Signal()

    def __init__(self, title_text: str, intro_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(title_text)
        title.setObjectName("pageTitle")
        self.intro = QLabel(intro_text)
        self.intro.setWordWrap(True)
        self.recovery_text = StatusLabel(self.tr("Recovery key"))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(font.pointSize() + 3)
        self.recovery_text.setFont(font)
        # One line, never wrapped: a wrap falls where the line breaks, inside a group as
        # readily as between two, and a group split over two lines is copied wrongly.
        # Unwrapped, the label asks the layout for the whole key's width.
        self.recovery_text.setWordWrap(False)
        self.recovery_text.setObjectName("recoveryKey")
        check_label = QLabel(self.tr("To check you have it, type its last group:"))
        self.last_group = QLineEdit()
        self.last_group.setAccessibleName(self.tr("Last group of the recovery key"))
        self.last_group.setMaxLength(16)
        check_label.setBuddy(self.last_group)
        self.done_button = QPushButton(self.tr("I have written it down"))
        self.done_button.setEnabled(False)
        self._last_group = ""
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(self.intro)
        column.addWidget(self.recovery_text)
        column.addSpacing(8)
        column.addWidget(check_label)
        column.addWidget(self.last_group)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        column.addLayout(row)
        column.addStretch(2)
        self.last_group.textChanged.connect(self._on_last_group_changed)
        self.last_group.returnPressed.connect(self._on_done_clicked)
        self.done_button.clicked.connect(self._on_done_clicked)

    def show_key(self, formatted: str) -> None:
        self.recovery_text.setText(formatted)
        self._last_group = formatted.rsplit("-", 1)[-1].strip().upper()
        self.last_group.clear()
        self.last_group.setFocus()

    def _on_last_group_changed(self) -> None:
        typed = self.last_group.text().strip().upper()
        self.done_button.setEnabled(bool(self._last_group) and typed == self._last_group)

    def _on_done_clicked(self) -> None:
        if not self.done_button.isEnabled():
            return
        self.forget()
        self.confirmed.emit()

    def forget(self) -> None:
        """The key leaves the screen for good: it is never shown again."""
        self.recovery_text.clear()
        self.last_group.clear()
        self._last_group = ""
