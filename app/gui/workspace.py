"""The unlocked workspace: cases on the left, testimonies or the editor on the right.

Built fresh at each unlock and thrown away at lock, so no widget outlives the session
with decrypted text in it. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.core.vocabulary import default_vocabulary
from app.gui import listing_jobs, record_jobs
from app.gui.cases_panel import CasesPanel, NewCaseDialog
from app.gui.record_jobs import TestimonyOpened
from app.gui.recorder_panel import SourceFactory
from app.gui.testimony_editor import TestimonyEditor
from app.gui.testimony_list_panel import TestimonyListPanel
from app.gui.testimony_model import TestimonyListModel
from app.gui.vault_worker import VaultClient

# The main flows by keyboard alone. Ctrl+E and Ctrl+K are left alone: on Linux a text field
# takes them (end of line, delete to the end of the line) before any shortcut sees them.
SHORTCUTS = {
    "new_case": "Ctrl+Shift+N",
    "new_testimony": "Ctrl+N",
    "search": "Ctrl+F",
    "seal": "Ctrl+Shift+S",
    "export": "Ctrl+Shift+E",
    "record": "Ctrl+R",
}


class NewTestimonyDialog(QDialog):
    """The person interviewed: a code or pseudonym and a role (details come later)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New testimony"))
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Code or pseudonym of the person interviewed"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Role"))
        for label, value in (
            (self.tr("Survivor"), "survivor"),
            (self.tr("Witness"), "witness"),
            (self.tr("Relative"), "relative"),
            (self.tr("Other"), "other"),
        ):
            self.role.addItem(label, value)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start the testimony"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout(self)
        form.addRow(self.tr("Code or pseudonym"), self.code)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.code.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))


class Workspace(QWidget):
    case_created = Signal(str)
    testimony_created = Signal(str)
    testimony_sealed = Signal(str)

    def __init__(
        self,
        client: VaultClient,
        language: str,
        source_factory: SourceFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.language = language
        # Open read-only (a database older than its keys): nothing offers a change.
        self.read_only = False
        vocabulary = default_vocabulary()
        self.model = TestimonyListModel(
            client, lambda violation_id: self._violation_label(violation_id)
        )
        self._vocabulary = vocabulary
        self.cases = CasesPanel()
        self.testimonies = TestimonyListPanel(self.model, vocabulary, language)
        self.editor = TestimonyEditor(client, vocabulary, language, source_factory)
        self.right = QStackedWidget()
        self.right.addWidget(self.testimonies)
        self.right.addWidget(self.editor)
        splitter = QSplitter()
        splitter.addWidget(self.cases)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 800])
        row = QHBoxLayout(self)
        row.addWidget(splitter)

        self.cases.case_selected.connect(self._on_cases_case_selected)
        self.cases.new_case_requested.connect(self._on_cases_new_case_requested)
        self.testimonies.testimony_activated.connect(self.open_testimony)
        self.testimonies.new_testimony_requested.connect(self._on_testimonies_new_requested)
        self.editor.back_requested.connect(self._on_editor_back_requested)
        self.editor.correction_started.connect(lambda _id: self.refresh_cases())
        self.editor.seal_requested.connect(self.open_seal_dialog)
        self.editor.export_requested.connect(self.open_export_dialog)
        self.editor.custody_requested.connect(self._on_editor_custody_requested)
        self.editor.consent_withdrawn.connect(lambda _id: self.model.reload())
        self.editor.draft_deleted.connect(self._on_editor_draft_deleted)
        self.shortcuts: dict[str, QShortcut] = {}
        for name, keys in SHORTCUTS.items():
            # Only while the focus is in the workspace: never from a dialog or the locked
            # screen, and a dialog's own keys stay its own.
            self.shortcuts[name] = QShortcut(QKeySequence(keys), self)
            self.shortcuts[name].setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        recorder = self.editor.recorder
        for name, button, on_screen in (
            ("new_case", self.cases.new_button, False),
            ("new_testimony", self.testimonies.new_button, False),
            ("seal", self.editor.seal_button, True),
            ("export", self.editor.export_button, True),
            ("record", recorder.record_button, True),
        ):
            self.shortcuts[name].activated.connect(
                lambda button=button, on_screen=on_screen: self._press(button, on_screen)
            )
        self.shortcuts["search"].activated.connect(self.focus_search)
        self.refresh_cases()

    def _press(self, button: QAbstractButton, on_screen: bool) -> None:
        """A shortcut presses its button, with the same guards: only when the button is
        offered (enabled, not hidden; the editor's only while the editor shows), so Ctrl+R
        without consent to recording starts nothing. The focus goes to the button first,
        as a click would put it: a dialog gives it back there, and the recorder moves it
        on to Pause once Record is no longer offered."""
        if not button.isEnabled() or button.isHidden() or (on_screen and not button.isVisible()):
            return
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        button.click()

    def focus_search(self) -> None:
        """Ctrl+F: the list of testimonies (the editor saves on the way back), focus in the
        search field with its text selected, to type a new search at once."""
        if self.right.currentWidget() is self.editor and self.editor.back_button.isVisible():
            self.editor.back_button.click()
        self.right.setCurrentWidget(self.testimonies)
        self.testimonies.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.testimonies.search.selectAll()

    def set_read_only(self, read_only: bool) -> None:
        """Offer no change while the vault is read-only (core refuses them anyway)."""
        self.read_only = read_only
        self.cases.new_button.setVisible(not read_only)
        self.testimonies.new_button.setVisible(not read_only)
        if self.right.currentWidget() is self.editor:
            self._on_editor_back_requested()

    def _lock_editor(self) -> None:
        editor = self.editor
        editor._set_read_only(True)
        for button in (editor.seal_button, editor.correction_button, editor.withdraw_button,
                       editor.delete_button, editor.add_incident_button):  # fmt: skip
            button.setVisible(False)
        editor.person_details.setEnabled(False)
        editor.recorder.setEnabled(False)

    def shutdown(self) -> None:
        """Before a lock: stop any recording and playback, save nothing half-typed later."""
        self.editor.save_now()
        self.editor.recorder.abort()

    def _violation_label(self, violation_id: str) -> str:
        try:
            return self._vocabulary.label(violation_id, self.language)
        except KeyError:
            return violation_id

    def refresh_cases(self, select: str | None = None) -> None:
        self.client.submit(
            listing_jobs.list_cases(), on_done=lambda rows: self.cases.show_cases(rows, select)
        )

    def _on_cases_case_selected(self, case_id: str) -> None:
        self.right.setCurrentWidget(self.testimonies)
        self.testimonies.show_case(case_id)

    def _on_cases_new_case_requested(self) -> None:
        if self.read_only:
            return
        dialog = NewCaseDialog(self)
        if dialog.exec():
            self.client.submit(record_jobs.add_case(dialog.values()), on_done=self._on_case_added)

    def _on_case_added(self, case_id: str) -> None:
        self.refresh_cases(select=case_id)
        self.case_created.emit(case_id)

    def _on_testimonies_new_requested(self) -> None:
        case_id = self.testimonies.case_id
        if not case_id or self.read_only:
            return
        dialog = NewTestimonyDialog(self)
        if dialog.exec():
            self.client.submit(
                record_jobs.new_testimony(
                    case_id, dialog.code.text().strip(), str(dialog.role.currentData())
                ),
                on_done=self._on_testimony_added,
            )

    def _on_testimony_added(self, testimony_id: str) -> None:
        self.testimony_created.emit(testimony_id)
        self.open_testimony(testimony_id)
        self.refresh_cases()

    def open_testimony(self, testimony_id: str) -> None:
        if self.read_only:
            self.client.submit(
                record_jobs.open_testimony(testimony_id), on_done=self._show_read_only
            )
        else:
            self.editor.open(testimony_id)
        self.right.setCurrentWidget(self.editor)

    def _show_read_only(self, opened: TestimonyOpened) -> None:
        self.editor.show_testimony(opened)
        if self.read_only:
            self._lock_editor()

    def open_seal_dialog(self, testimony_id: str) -> QDialog:
        from app.gui.seal_dialog import SealDialog

        dialog = SealDialog(self.client, testimony_id, self)
        dialog.testimony_sealed.connect(self._on_seal_dialog_testimony_sealed)
        dialog.open()
        return dialog

    def _on_seal_dialog_testimony_sealed(self, testimony_id: str) -> None:
        self.testimony_sealed.emit(testimony_id)
        self.open_testimony(testimony_id)

    def open_export_dialog(self, testimony_id: str, total_bytes: int) -> QDialog:
        from app.gui.export_dialog import ExportDialog

        dialog = ExportDialog(self.client, testimony_id, self)
        dialog.open()
        return dialog

    def _on_editor_custody_requested(self, testimony_id: str) -> None:
        from app.gui.custody_dialog import CustodyDialog

        CustodyDialog(self.client, testimony_id, self).open()

    def _on_editor_draft_deleted(self, _testimony_id: str) -> None:
        self._on_editor_back_requested()
        self.refresh_cases()  # the case's count of testimonies

    def _on_editor_back_requested(self) -> None:
        self.right.setCurrentWidget(self.testimonies)
        self.model.reload()
        self.testimonies.focus_table()
