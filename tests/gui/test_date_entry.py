"""Dates and times in the testimony editor: typed in the documenter's local time (here
Minsk, UTC+3) or picked in a calendar by keyboard, stored with the offset, one Tab stop
per field, a warning (not a refusal) beside a date in the future, partial dates kept for
incidents remembered vaguely, and "Given at" not pre-filled with the record's creation
time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget
from pytestqt.qtbot import QtBot

from app.gui import record_jobs
from app.gui.application import Gui
from app.gui.date_fields import DateField

from .flow_steps import wait_saved
from .test_record_tasks import focused, run_job, start


@pytest.fixture(autouse=True)
def minsk_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Minsk")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _type(qtbot: QtBot, field: DateField, text: str) -> None:
    field.setFocus(Qt.FocusReason.TabFocusReason)
    field.selectAll()
    qtbot.keyClicks(field, text)


def _stored(qtbot: QtBot, gui: Gui, testimony_id: str) -> record_jobs.TestimonyOpened:
    opened, failure = run_job(qtbot, gui, record_jobs.open_testimony(testimony_id))
    assert failure is None
    return opened  # type: ignore[no-any-return]


def test_given_at_is_entered_in_local_time_and_stored_with_the_offset(
    qtbot: QtBot, gui: Gui
) -> None:
    testimony_id, editor = start(qtbot, gui, "D-1")
    given_at = editor.consent.given_at
    assert isinstance(given_at, DateField)
    assert given_at.text() == ""  # not the moment the record was made
    editor.consent.flags["interview"].setChecked(True)
    _type(qtbot, given_at, "2024-03-01 10:15")
    wait_saved(qtbot, gui)
    opened = _stored(qtbot, gui, testimony_id)
    assert opened.testimony.consent.given_at == "2024-03-01T10:15:00+03:00"
    assert not given_at.warning.isVisibleTo(editor)

    # Reopened, it reads as typed; a time stored in UTC reads in local time.
    editor.open(testimony_id)
    qtbot.waitUntil(lambda: given_at.text() == "2024-03-01 10:15", timeout=10_000)
    given_at.set_value("2024-03-01T07:15:00Z")
    assert given_at.text() == "2024-03-01 10:15"
    assert given_at.value() == "2024-03-01T07:15:00Z"  # unchanged: as written


def test_a_future_date_is_warned_about_beside_the_field_and_kept(
    qtbot: QtBot, gui: Gui
) -> None:
    testimony_id, editor = start(qtbot, gui, "D-2")
    given_at = editor.consent.given_at
    next_year = date.today().year + 1
    _type(qtbot, given_at, f"{next_year}-03-01 10:15")
    assert given_at.warning.isVisibleTo(editor)
    assert "future" in given_at.warning.text()
    assert "future" in given_at.accessibleDescription()
    wait_saved(qtbot, gui)
    opened = _stored(qtbot, gui, testimony_id)
    assert opened.testimony.consent.given_at == f"{next_year}-03-01T10:15:00+03:00"
    _type(qtbot, given_at, "2024-03-01 10:15")
    assert not given_at.warning.isVisibleTo(editor)

    editor.add_incident_button.click()
    [incident] = editor._incident_boxes()
    qtbot.waitUntil(incident.isVisible)  # shown once the event loop runs
    _type(qtbot, incident.date_from, str(next_year))
    assert incident.date_from.warning.isVisibleTo(incident)
    _type(qtbot, incident.date_from, str(date.today().year))  # this year: may be past
    assert not incident.date_from.warning.isVisibleTo(incident)


def test_incident_dates_keep_partial_dates_and_pick_from_a_calendar_by_keyboard(
    qtbot: QtBot, gui: Gui
) -> None:
    testimony_id, editor = start(qtbot, gui, "D-3")
    editor.add_incident_button.click()
    [incident] = editor._incident_boxes()
    qtbot.waitUntil(incident.isVisible)  # shown once the event loop runs
    _type(qtbot, incident.date_from, "2020-08")
    # The calendar: F4 opens it on the field's month; Left, Enter picks the day before.
    qtbot.keyClick(incident.date_from, Qt.Key.Key_Tab)
    assert focused(incident.date_to)
    qtbot.keyClick(incident.date_to, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = incident.date_to.calendar
    assert isinstance(calendar, QCalendarWidget) and calendar.isVisible()
    today = date.today()
    focus = QApplication.focusWidget()
    assert (focus is not None and calendar.isAncestorOf(focus)) or focus is calendar
    qtbot.keyClick(focus, Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    yesterday = today - timedelta(days=1)
    assert incident.date_to.text() == yesterday.isoformat()
    assert focused(incident.date_to)
    # One Tab stop per field: the calendar button inside is not one.
    qtbot.keyClick(incident.date_to, Qt.Key.Key_Tab)
    assert focused(incident.place)
    wait_saved(qtbot, gui)
    [stored] = _stored(qtbot, gui, testimony_id).testimony.incidents
    assert (stored.date_from, stored.date_to) == ("2020-08", yesterday.isoformat())


def test_interview_time_is_one_local_field_and_empty_means_unknown(
    qtbot: QtBot, gui: Gui
) -> None:
    testimony_id, editor = start(qtbot, gui, "D-4")
    interview = editor.interview
    assert isinstance(interview.started_at, DateField)
    assert interview.focus_order()[0] is interview.started_at
    editor.consent.note.setFocus()
    qtbot.keyClick(editor.consent.note, Qt.Key.Key_Tab)
    assert focused(interview.started_at)
    qtbot.keyClicks(interview.started_at, "2024-03-01 09:00")
    qtbot.keyClick(interview.started_at, Qt.Key.Key_Tab)
    assert focused(interview.place)
    wait_saved(qtbot, gui)
    assert _stored(qtbot, gui, testimony_id).testimony.interview.started_at == (
        "2024-03-01T09:00:00+03:00"
    )
    interview.started_at.selectAll()
    qtbot.keyClick(interview.started_at, Qt.Key.Key_Delete)
    wait_saved(qtbot, gui)
    assert _stored(qtbot, gui, testimony_id).testimony.interview.started_at is None
