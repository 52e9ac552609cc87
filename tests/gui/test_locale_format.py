"""Sizes and dates as the interface language writes them, not byte counts and ISO
strings: the attachments panel, the custody log and the testimony list, in Russian, with
this computer in Minsk (UTC+3)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.custody_dialog import CustodyDialog
from app.gui.locale_format import data_size, date_text, moment_text

from .flow_steps import drop_files, wait_saved, workspace_of
from .test_record_tasks import start


@pytest.fixture(autouse=True)
def minsk_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Minsk")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_helper_follows_the_interface_language(qtbot: QtBot, gui: Gui) -> None:
    gui.translations.install("ru")
    assert QLocale().language() == QLocale.Language.Russian
    assert data_size(10_530_000).startswith("10,04")
    assert "bytes" not in data_size(512) and "512" in data_size(512)
    assert moment_text("2024-03-01T07:15:00Z") == "01.03.2024 10:15"
    assert moment_text("2024-03-01T10:15:00+03:00") == "01.03.2024 10:15"
    assert date_text("2020-08-10") == "10.08.2020"
    assert date_text("2020") == "2020"
    assert "2020" in date_text("2020-08") and "08" not in date_text("2020-08")
    assert moment_text("not a date") == "not a date"
    gui.translations.install("uk")
    assert data_size(10_530_000).startswith("10,04")
    gui.translations.install("en")
    assert QLocale().language() == QLocale.Language.English
    assert data_size(10_530_000).startswith("10.04")


def test_window_shows_sizes_and_dates_in_the_interface_language(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    testimony_id, editor = start(qtbot, gui, "L-1")
    gui.translations.install("ru")
    editor.interview.started_at.setText("2024-03-01 09:00")
    editor.interview.started_at.textEdited.emit("2024-03-01 09:00")
    wait_saved(qtbot, gui)

    # The attachments panel: "1,50 КБ"-style, never "1536 bytes".
    note = tmp_path / "note.txt"
    note.write_bytes(b"x" * 1536)
    drop_files(gui, [note])
    panel = editor.attachments
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    panel.list.setCurrentRow(0)
    details = panel.details.text()
    assert data_size(1536) in details
    assert "1536" not in details and "bytes" not in details

    # The custody log: local time as Russian writes it, not "2026-12-02T06:10:00".
    dialog = CustodyDialog(gui.client, testimony_id, gui.window)
    table = dialog.findChild(QTableWidget)
    assert table is not None
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10_000)
    shown = table.item(0, 1).text()
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", shown), shown
    assert "T" not in shown
    dialog.close()

    # The testimony list's interview date.
    model = workspace_of(gui).model
    model.reload()
    qtbot.waitUntil(
        lambda: model.rowCount() > 0 and model.index(0, 1).data() == "01.03.2024",
        timeout=10_000,
    )


def test_the_list_date_filter_is_written_as_the_language_writes_dates(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from .conftest import close_gui, create_vault, make_gui

    gui = make_gui(tmp_path / "vault", "ru")
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        panel = workspace_of(gui).testimonies
        for edit in (panel.date_from, panel.date_to):
            assert edit.displayFormat() == "dd.MM.yyyy"  # not ISO's yyyy-MM-dd
            assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", edit.text()), edit.text()
    finally:
        close_gui(gui)
