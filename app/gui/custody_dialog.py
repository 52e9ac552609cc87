"""The custody log of one testimony: every event in order, read-only. GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.crypto.signing import short_fingerprint_of
from app.gui import package_jobs
from app.gui.locale_format import moment_text
from app.gui.messages import actor_text, custody_action_text
from app.gui.package_jobs import CustodyLine
from app.gui.vault_worker import VaultClient
from app.sanitize import for_display


class CustodyDialog(QDialog):
    def __init__(self, client: VaultClient, testimony_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Custody log"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Time"), self.tr("Event"), self.tr("By"),
             self.tr("Device")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Custody events"))
        self.table.horizontalHeader().setStretchLastSection(True)
        column = QVBoxLayout(self)
        column.addWidget(self.table)
        self.resize(760, 420)
        client.submit(package_jobs.custody_log(testimony_id), on_done=self._on_log_read)

    def _on_log_read(self, lines: tuple[CustodyLine, ...]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            # The device in the short form Settings and the seal dialog show.
            device = short_fingerprint_of(line.device) or line.device
            values = (str(line.seq), moment_text(line.at), self.event_text(line),
                      actor_text(line.actor), device)  # fmt: skip
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(for_display(value, limit=120)))
        self.table.resizeColumnsToContents()

    def event_text(self, line: CustodyLine) -> str:
        """The event's name; a trusted timestamp names its authority and the time it
        attested (in this computer's local time), not only when it was recorded."""
        if line.action == "timestamped" and line.attested_at:
            return self.tr("Timestamped by {authority} at {time}").format(
                authority=line.authority, time=moment_text(line.attested_at)
            )
        return custody_action_text(line.action)
