"""A lazy table model of testimonies: pages arrive from the vault worker on demand.

Views call :meth:`canFetchMore` / :meth:`fetchMore` as they scroll; each fetch is one
job on the worker (never a query on the GUI thread). A filter change starts a new
generation, so a page that arrives for an old filter is dropped. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.gui import listing_jobs
from app.gui.listing_jobs import TestimonyFilter, TestimonyPage, TestimonyRow
from app.gui.locale_format import date_text
from app.gui.vault_worker import VaultClient
from app.sanitize import for_display

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
WITHDRAWN_ROLE = Qt.ItemDataRole.UserRole + 3


class TestimonyListModel(QAbstractTableModel):
    """Columns: person with the version's number, interview date, place, violations,
    status (which says when consent was withdrawn)."""

    page_loaded = Signal(int)  # rows now held

    COLUMNS = 5

    def __init__(
        self,
        client: VaultClient,
        vocabulary_label: Any,
        page_size: int = listing_jobs.PAGE_SIZE,
    ) -> None:
        super().__init__()
        self._client = client
        self._label = vocabulary_label
        self._page_size = page_size
        self._rows: list[TestimonyRow] = []
        self._filter = TestimonyFilter()
        self._complete = False
        self._pending = False
        self._generation = 0
        self._active = False

    # -- filter --------------------------------------------------------------------------

    def set_filter(self, wanted: TestimonyFilter) -> None:
        """Show testimonies matching ``wanted``; the first page is fetched at once."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._filter = wanted
        self._complete = False
        self._pending = False
        self._active = True
        self.endResetModel()
        self.fetchMore(QModelIndex())

    @property
    def current_filter(self) -> TestimonyFilter:
        return self._filter

    def reload(self) -> None:
        self.set_filter(self._filter)

    # -- lazy loading --------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt signature
        return self._active and not parent.isValid() and not self._complete and not self._pending

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802 - Qt signature
        if not self.canFetchMore(parent):
            return
        self._pending = True
        after = (self._rows[-1].created_at, self._rows[-1].id) if self._rows else None
        generation = self._generation
        self._client.submit(
            listing_jobs.fetch_testimonies(self._filter, after, self._page_size),
            on_done=lambda page: self._on_page_fetched(generation, page),
            on_failed=lambda _failure: self._on_page_failed(generation),
        )

    def _on_page_fetched(self, generation: int, page: TestimonyPage) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self._complete = page.complete
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _on_page_failed(self, generation: int) -> None:
        if generation == self._generation:
            self._pending = False
            self._complete = True

    @property
    def loading(self) -> bool:
        return self._pending

    # -- table ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else self.COLUMNS

    def row_at(self, row: int) -> TestimonyRow:
        return self._rows[row]

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Person"),
            self.tr("Interview date"),
            self.tr("Place"),
            self.tr("Violations"),
            self.tr("Status"),
        )[section]

    def status_text(self, status: str) -> str:
        return {
            "draft": self.tr("Draft"),
            "sealed": self.tr("Sealed"),
            "exported": self.tr("Exported"),
            "delivered": self.tr("Delivered"),
        }.get(status, status)

    def place_text(self, row: TestimonyRow) -> str:
        """The place, and why a search found the row when it holds a searched word only in
        another spelling (Акрэсціна for Окрестина)."""
        place = for_display(row.place, limit=120)
        reasons = [
            self.tr("matched «{found}» for «{typed}»").format(
                # The index holds words in lower case; shown as the word was typed.
                found=for_display(
                    found[:1].upper() + found[1:] if typed[:1].isupper() else found, limit=40
                ),
                typed=for_display(typed, limit=40),
            )
            for found, typed in row.matched
        ]
        return " · ".join([place, *reasons] if place else reasons)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        if role == WITHDRAWN_ROLE:
            return row.withdrawn
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            # Each version is its own row: the number tells them apart.
            return self.tr("{person} — version {version}").format(
                person=for_display(row.person_code, limit=80), version=row.version
            )
        if column == 1:
            return date_text(row.interview_date)
        if column == 2:
            return self.place_text(row)
        if column == 3:
            return ", ".join(self._label(v) for v in row.violation_types)
        if row.withdrawn:
            return self.tr("{status}, consent withdrawn").format(
                status=self.status_text(row.status)
            )
        return self.status_text(row.status)
