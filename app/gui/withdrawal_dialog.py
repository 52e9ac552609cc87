"""Recording that the person interviewed withdrew consent: when (now, or an earlier moment
in UTC), a short note on how, and a plain statement of what follows. The withdrawal is
append-only and governs every version of the testimony. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_NOTE_CHARS = 500


class WithdrawalDialog(QDialog):
    """Asks for the moment and a note; :meth:`values` gives what to record."""

    def __init__(self, person_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a withdrawal of consent"))
        lead = QLabel(
            self.tr("{person} withdrew consent to this testimony.").format(person=person_code)
        )
        lead.setWordWrap(True)
        lead.setObjectName("sectionTitle")
        self.consequence = QLabel(
            self.tr(
                "No version of this testimony will be exported or synced from now on. A "
                "signed notice of the withdrawal will go to everyone who received it: export "
                "the notice to a stick or sync."
            )
            + " "
            + self.tr("A withdrawal cannot be undone; the testimony itself stays in the vault.")
        )
        self.consequence.setObjectName("warningText")
        self.consequence.setWordWrap(True)
        self.earlier = QCheckBox(self.tr("It was withdrawn &earlier than now"))
        self.earlier.setAccessibleDescription(
            self.tr("Unticked, the withdrawal is recorded as made now.")
        )
        now = QDateTime.currentDateTimeUtc()
        self.withdrawn_at = QDateTimeEdit(now)
        self.withdrawn_at.setTimeZone(QTimeZone.utc())
        self.withdrawn_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.withdrawn_at.setCalendarPopup(True)
        self.withdrawn_at.setMaximumDateTime(now)
        self.withdrawn_at.setAccessibleName(self.tr("When consent was withdrawn (UTC)"))
        self.withdrawn_at.setEnabled(False)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setAccessibleName(self.tr("Note on how consent was withdrawn"))
        self.note.setPlaceholderText(
            self.tr("optional: how it was withdrawn (by phone, in person…), no narrative")
        )
        when = QHBoxLayout()
        when.addWidget(self.earlier)
        when.addWidget(self.withdrawn_at, 1)
        form = QFormLayout()
        form.addRow(self.tr("When (UTC)"), when)
        note_label = QLabel(self.tr("&Note"))
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        self.record_button = QPushButton(self.tr("&Record the withdrawal"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        # No default button: Enter in the note neither records nor throws the note away.
        for button in (self.record_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.record_button)
        column = QVBoxLayout(self)
        column.addWidget(lead)
        column.addWidget(self.consequence)
        column.addLayout(form)
        column.addLayout(buttons)
        self.setAccessibleDescription(self.consequence.text())
        self.resize(560, 280)
        self.earlier.toggled.connect(self.withdrawn_at.setEnabled)
        self.record_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.note.setFocus()

    def withdrawn_at_iso(self) -> str | None:
        """The chosen moment as ISO 8601 UTC, or None for "now" (core takes its clock)."""
        if not self.earlier.isChecked():
            return None
        moment = self.withdrawn_at.dateTime().toUTC()
        return moment.toString("yyyy-MM-ddTHH:mm:00Z")

    def note_text(self) -> str:
        return self.note.text().strip()
