"""Date and date-time fields: typed in the documenter's local time, with a calendar.

One field is one Tab stop (a line edit); the calendar opens from the button inside it
(mouse) or with Alt+Down or F4 (keyboard) and gives the focus back to the field. What
the core accepts is kept: a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) for
things remembered vaguely, and for a moment either a day or a local date and time, stored
with the UTC offset of this computer (``2024-03-01T10:15:00+03:00``) so the instant is
unambiguous and the wall-clock time the documenter saw is kept. A date in the future is
warned about next to the field, never refused: a mistyped year is the likely cause, but
the documenter decides. GUI thread only.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLabel, QLineEdit, QStyle, QVBoxLayout, QWidget

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
LOCAL_FORMAT = "%Y-%m-%d %H:%M"


class DateKind(Enum):
    PARTIAL = "partial"  # a year, a month or a day
    MOMENT = "moment"  # a day, or a local date and time


def _first_day(text: str) -> date | None:
    """The earliest day a partial date names, or None when it is not one."""
    match = _PARTIAL.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def local_to_stored(text: str) -> str:
    """A local ``YYYY-MM-DD HH:MM`` as the instant with this computer's offset; a day, or
    anything else, as written (the core judges it)."""
    match = _LOCAL.fullmatch(text)
    if match is None or match.group(4) is None:
        return text
    try:
        year, month, day, hour, minute, second = (int(p) for p in match.groups(default="0"))
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return text
    return naive.astimezone().isoformat(timespec="seconds")


def stored_to_local(stored: str) -> str:
    """A stored moment as the documenter reads it: a day as it is, an instant in local
    time (seconds only when there are some); text it cannot read, as it is."""
    if len(stored) <= 10:
        return stored
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime(LOCAL_FORMAT + (":%S" if moment.second else ""))


def is_future(kind: DateKind, text: str, now: datetime | None = None) -> bool:
    """Whether what is typed lies after now (a partial date: its first day after today)."""
    now = now or datetime.now().astimezone()
    text = text.strip()
    if kind is DateKind.PARTIAL or len(text) <= 10:
        first = _first_day(text)
        return first is not None and first > now.date()
    stored = local_to_stored(text)
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment > now


class _CalendarPopup(QCalendarWidget):
    """The month grid as a popup: Enter or a click picks the day, Escape goes back."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.field = field
        self.setGridVisible(True)
        self.setAccessibleName(field.tr("Calendar"))
        self.activated.connect(self._pick)
        self.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.field.pick(date(day.year(), day.month(), day.day()))
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            self.field.setFocus(Qt.FocusReason.PopupFocusReason)
            return
        super().keyPressEvent(event)


class DateField(QLineEdit):
    """A date typed or picked; ``value()`` is what goes to the core, ``warning`` the label
    to place next to the field (shown for a date in the future)."""

    def __init__(self, kind: DateKind, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setAccessibleName(accessible)
        if kind is DateKind.PARTIAL:
            self.setPlaceholderText(self.tr("YYYY, YYYY-MM or YYYY-MM-DD"))
        else:
            self.setPlaceholderText(self.tr("YYYY-MM-DD HH:MM, local time"))
        self.setToolTip(self.tr("Alt+Down or F4 opens a calendar"))
        self.warning = QLabel()
        self.warning.setObjectName("warningText")
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        fallback = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        icon = QIcon.fromTheme("x-office-calendar", fallback)
        # Inside the field: the button is for the mouse and takes no Tab stop of its own.
        self.calendar_action = QAction(icon, self.tr("Choose a date in a calendar"), self)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar: _CalendarPopup | None = None
        self._stored: str | None = None
        self._shown = ""
        self.textChanged.connect(self._update_warning)

    # -- values --------------------------------------------------------------------------

    def set_value(self, stored: str | None) -> None:
        """Show a stored value (in local time); saving it unchanged gives it back as it
        was written, so opening a record never rewrites its dates."""
        self._stored = stored or None
        self._shown = "" if not stored else (
            stored if self.kind is DateKind.PARTIAL else stored_to_local(stored)
        )
        self.setText(self._shown)

    def value(self) -> str | None:
        """What to store: None when empty, else the text in the form the core reads."""
        text = self.text().strip()
        if not text:
            return None
        if text == self._shown and self._stored is not None:
            return self._stored
        return text if self.kind is DateKind.PARTIAL else local_to_stored(text)

    def _update_warning(self) -> None:
        future = is_future(self.kind, self.text())
        text = self.tr("This date is in the future: check it.") if future else ""
        self.warning.setText(text)
        self.warning.setVisible(future)
        self.setAccessibleDescription(text)

    # -- the calendar --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QCalendarWidget | None:
        if self.isReadOnly():
            return None
        if self.calendar is None:
            self.calendar = _CalendarPopup(self)
        shown = _first_day(self.text().strip()[:10]) or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return self.calendar

    def pick(self, day: date) -> None:
        """A day chosen in the calendar; a moment keeps the time already typed."""
        text = day.isoformat()
        if self.kind is DateKind.MOMENT:
            match = _LOCAL.fullmatch(self.text().strip())
            if match is not None and match.group(4) is not None:
                text += f" {match.group(4)}:{match.group(5)}"
        self.setText(text)
        self.textEdited.emit(text)  # as if typed: the editor saves it
        self.setFocus(Qt.FocusReason.PopupFocusReason)


def with_warning(field: DateField) -> QWidget:
    """The field with its warning under it, for a form row."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(field.warning)
    return holder
