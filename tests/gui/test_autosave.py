"""Autosave through the real editor: a save that changes nothing writes and logs nothing,
and an incident added in the editor keeps one id across saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.core import custody
from app.gui.application import Gui

from .conftest import close_gui, create_vault, make_gui
from .flow_steps import add_case, add_testimony, wait_saved, workspace_of


def _read(qtbot: QtBot, gui: Gui, testimony_id: str) -> tuple[list[str], list[str]]:
    """(custody actions, incident ids) of the testimony, read on the vault thread."""
    done: list[Any] = []

    def job(ctx: Any) -> tuple[list[str], list[str]]:
        conn = ctx.session.connection
        actions = [event.action for event in custody.events(conn, testimony_id)]
        rows = conn.execute(
            "SELECT id FROM incidents WHERE testimony_id = ? ORDER BY position", (testimony_id,)
        ).fetchall()
        return actions, [str(row[0]) for row in rows]

    gui.client.submit(job, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    result: tuple[list[str], list[str]] = done[0]
    return result


def test_saving_unchanged_content_logs_nothing_and_incidents_keep_their_id(
    qtbot: QtBot, tmp_path: Path
) -> None:
    gui = make_gui(tmp_path / "vault")
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Autosave")
        testimony_id = add_testimony(qtbot, gui, "A-1")
        editor = workspace_of(gui).editor
        editor.add_incident_button.click()
        editor._incident_boxes()[0].place.setText("Minsk")
        editor._on_section_changed()
        wait_saved(qtbot, gui)
        actions, incidents = _read(qtbot, gui, testimony_id)
        assert actions.count("change") == 1 and len(incidents) == 1

        text = editor.narrative.toPlainText()
        for _ in range(3):  # a word typed and taken back before the save
            editor.narrative.setPlainText(text + " typo")
            editor.narrative.setPlainText(text)
            assert editor.dirty
            editor.save_now()
            wait_saved(qtbot, gui)
        assert _read(qtbot, gui, testimony_id) == (actions, incidents)

        editor._incident_boxes()[0].place.setText("Zhodzina")
        editor._on_section_changed()
        wait_saved(qtbot, gui)
        later_actions, later_incidents = _read(qtbot, gui, testimony_id)
        assert later_actions.count("change") == 2
        assert later_incidents == incidents  # the same incident, edited
    finally:
        close_gui(gui)
