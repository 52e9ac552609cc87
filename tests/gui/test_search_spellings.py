"""The window's search list finds a place in either spelling and says why a row matched
when it holds the searched word only in the other spelling."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.gui.application import Gui

from .conftest import create_vault
from .flow_steps import add_case, add_testimony, wait_saved, workspace_of


def _write(qtbot: QtBot, gui: Gui, code: str, narrative: str) -> str:
    testimony = add_testimony(qtbot, gui, code)
    editor = workspace_of(gui).editor
    # The editor may still show the previous testimony until the new one has loaded.
    qtbot.waitUntil(
        lambda: editor.opened is not None and editor.opened.testimony.id == testimony
    )
    editor.narrative.setPlainText(narrative)
    editor._on_section_changed()
    wait_saved(qtbot, gui)
    editor.back_button.click()
    return testimony


def test_the_list_says_which_spelling_matched(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Spellings")
    belarusian = _write(qtbot, gui, "B-1", "Трымалі на Акрэсціна тры дні")
    russian = _write(qtbot, gui, "R-1", "Держали на Окрестина три дня")
    panel = workspace_of(gui).testimonies
    model = panel.model
    panel.search.setText("Окрестина ")
    # The list loaded when the editor closed may arrive first: wait for the search's page.
    qtbot.waitUntil(
        lambda: model.current_filter.search_text == "Окрестина " and not model.loading,
        timeout=10_000,
    )
    places = {model.row_at(row).id: model.index(row, 2).data() for row in range(model.rowCount())}
    assert set(places) == {belarusian, russian}
    assert "matched «Акрэсціна» for «Окрестина»" in places[belarusian]
    assert "matched" not in places[russian]  # found as typed

