"""Testimonies of the chosen case: search as you type, filters, and the lazy table.

Typing restarts a short single-shot timer so a search runs once the typist pauses, not
on every key. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.vocabulary import Vocabulary
from app.gui.listing_jobs import TestimonyFilter
from app.gui.locale_format import date_entry_format
from app.gui.testimony_model import ID_ROLE, TestimonyListModel
from app.gui.widgets import StatusLabel

SEARCH_PAUSE_MS = 200


class TestimonyListPanel(QWidget):
    testimony_activated = Signal(str)
    new_testimony_requested = Signal()

    def __init__(
        self,
        model: TestimonyListModel,
        vocabulary: Vocabulary,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.case_id = ""
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search places, narratives, titles…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        for label, value in (
            (self.tr("Any status"), ""),
            (self.tr("Draft"), "draft"),
            (self.tr("Sealed"), "sealed"),
            (self.tr("Exported"), "exported"),
            (self.tr("Delivered"), "delivered"),
        ):
            self.status.addItem(label, value)
        self.violation = QComboBox()
        self.violation.setAccessibleName(self.tr("Violation type filter"))
        self.violation.addItem(self.tr("Any violation"), "")
        for entry in vocabulary.entries:
            self.violation.addItem(entry.label(language), entry.id)
        self.violation.setMaximumWidth(260)
        self.use_dates = QCheckBox(self.tr("Interview between"))
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_from.setAccessibleName(self.tr("From date"))
        self.date_to = QDateEdit(QDate.currentDate())
        self.date_to.setAccessibleName(self.tr("To date"))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            # The interface language's own short form, with the year in full.
            edit.setDisplayFormat(date_entry_format(language))
            edit.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(self.tr("Testimonies"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 170)
        self.table.setColumnWidth(3, 240)
        self.count = StatusLabel(self.tr("Number of testimonies"))
        self.new_button = QPushButton(self.tr("New testimony…"))
        self.new_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Open"))

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status)
        filters.addWidget(self.violation, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.new_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addLayout(dates)
        column.addWidget(self.table, 1)
        column.addLayout(actions)

        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_pause.start)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.violation.currentIndexChanged.connect(self.apply_filter)
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        self.date_from.dateChanged.connect(self.apply_filter)
        self.date_to.dateChanged.connect(self.apply_filter)
        self.table.activated.connect(self._on_table_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.new_button.clicked.connect(self.new_testimony_requested)
        self.model.page_loaded.connect(self._on_model_page_loaded)

    def show_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.new_button.setEnabled(bool(case_id))
        self.apply_filter()

    def current_filter(self) -> TestimonyFilter:
        dates = self.use_dates.isChecked()
        return TestimonyFilter(
            case_id=self.case_id or None,
            status=self.status.currentData() or None,
            violation_type=self.violation.currentData() or None,
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
            # A trailing space says the last word is finished (no longer a prefix).
            search_text=self.search.text().lstrip(),
        )

    def apply_filter(self) -> None:
        self._search_pause.stop()
        self.model.set_filter(self.current_filter())

    def _on_use_dates_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.apply_filter()

    def _on_model_page_loaded(self, rows: int) -> None:
        more = self.model.canFetchMore(QModelIndex())
        if rows == 0:
            self.count.setText(self.tr("No testimonies match."))
        elif more:
            self.count.setText(self.tr("Testimonies: {count}+").format(count=rows))
        else:
            self.count.setText(self.tr("Testimonies: {count}").format(count=rows))
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.testimony_activated.emit(str(index.data(ID_ROLE)))

    def _on_open_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.testimony_activated.emit(str(self.model.index(index.row(), 0).data(ID_ROLE)))

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
