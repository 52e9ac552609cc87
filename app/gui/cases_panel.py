"""The list of cases on the left of the workspace, and the new-case form. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.listing_jobs import CaseRow
from app.gui.widgets import heading
from app.sanitize import for_display

ALL_CASES = ""


class NewCaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New case"))
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Case title"))
        self.region = QLineEdit()
        self.region.setAccessibleName(self.tr("Region"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create case"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Region"), self.region)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.title.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        self.resize(460, 300)

    def values(self) -> dict[str, str]:
        return {
            "title": self.title.text().strip(),
            "region": self.region.text().strip(),
            "description": self.description.toPlainText(),
        }


class CasesPanel(QWidget):
    case_selected = Signal(str)  # "" for all cases
    new_case_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Cases"))
        self.new_button = QPushButton(self.tr("New case…"))
        self.new_button.setAccessibleName(self.tr("New case"))
        self.empty_hint = QLabel(self.tr("No cases yet. Create one to begin."))
        self.empty_hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(self.tr("Cases")))
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_hint)
        column.addWidget(self.new_button)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.new_button.clicked.connect(self.new_case_requested)

    def show_cases(self, rows: tuple[CaseRow, ...], select: str | None = None) -> None:
        before = self.current_case_id() if self.list.count() else None
        current = select if select is not None else before
        self.list.blockSignals(True)
        self.list.clear()
        everything = QListWidgetItem(self.tr("All testimonies"))
        everything.setData(Qt.ItemDataRole.UserRole, ALL_CASES)
        self.list.addItem(everything)
        chosen = everything
        for row in rows:
            label = self.tr("{title} ({count})").format(
                title=for_display(row.title, limit=100), count=row.testimonies
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
            if row.id == current:
                chosen = item
        self.list.setCurrentItem(chosen)
        self.list.blockSignals(False)
        self.empty_hint.setVisible(not rows)
        # Refreshing the counts must not pull the user out of the testimony they edit.
        if self.current_case_id() != before:
            self.case_selected.emit(self.current_case_id())

    def current_case_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ALL_CASES

    def _on_list_current_changed(self) -> None:
        self.case_selected.emit(self.current_case_id())
