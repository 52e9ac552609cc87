"""A draft's consent time is not pre-filled (item 8 of the window issue), so sealing must
not state the draft's creation moment as the time consent was given: Seal asks for the
time first, under the field, and goes ahead once it is entered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.gui.application import Gui

from .conftest import create_vault
from .flow_steps import add_case, add_testimony, wait_saved, workspace_of


def test_seal_asks_for_the_consent_time_first(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Consent time")
    add_testimony(qtbot, gui, "CT-1")
    editor = workspace_of(gui).editor
    for key in ("interview", "share_with_platform"):
        editor.consent.flags[key].setChecked(True)
    editor.narrative.setPlainText("What happened, in the person's words.")
    editor._on_section_changed()
    wait_saved(qtbot, gui)
    assert editor.consent.given_at.value() is None  # shown empty: nobody entered it

    requested: list[str] = []
    editor.seal_requested.connect(requested.append)
    editor.seal_button.click()
    assert requested == []
    assert "consent.given_at" in editor.field_errors.visible()
    assert editor.consent.given_at.hasFocus() or not gui.window.isActiveWindow()

    qtbot.keyClicks(editor.consent.given_at, "2024-03-01 10:15")
    editor._on_section_changed()
    wait_saved(qtbot, gui)
    editor.seal_button.click()
    assert requested == [editor.opened.testimony.id]
