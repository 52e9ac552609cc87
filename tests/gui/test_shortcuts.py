"""The main flows by keyboard alone: shortcuts for a new case, a new testimony, the search,
sealing, exporting and recording, each doing what its button does and only when the
button is offered; after a shortcut the focus is where the work goes on."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.crypto.age.keys import X25519Identity
from app.gui import session_jobs
from app.gui.application import Gui
from app.gui.export_dialog import ExportDialog
from app.gui.seal_dialog import SealDialog
from app.gui.workspace import SHORTCUTS

from .conftest import close_gui, create_vault, make_gui
from .flow_steps import ToneFeed, wait_saved, workspace_of
from .test_record_tasks import focused, give_consent, run_job

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def shortcut(qtbot: QtBot, gui: Gui, name: str) -> None:
    """Type the shortcut called ``name`` where the focus is, as a person would."""
    keys = {"Ctrl+Shift+N": (Qt.Key.Key_N, CTRL | SHIFT), "Ctrl+N": (Qt.Key.Key_N, CTRL),
            "Ctrl+F": (Qt.Key.Key_F, CTRL), "Ctrl+Shift+S": (Qt.Key.Key_S, CTRL | SHIFT),
            "Ctrl+Shift+E": (Qt.Key.Key_E, CTRL | SHIFT), "Ctrl+R": (Qt.Key.Key_R, CTRL)}
    key, modifiers = keys[SHORTCUTS[name]]
    active(gui, qtbot)  # an offscreen window is not made active again when a dialog closes
    target = gui.window.focusWidget() or gui.window
    qtbot.keyClick(target, key, modifiers)
    QApplication.processEvents()


def answer_when_up(fill: Callable[[QDialog], None]) -> QTimer:
    """Fill the next modal dialog once it is up. A shortcut reaches the window through
    the event queue, so the dialog may come a few events later than after a click."""
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            timer.stop()
            fill(dialog)

    timer.timeout.connect(check)
    timer.start()
    return timer


def active(gui: Gui, qtbot: QtBot) -> None:
    gui.window.activateWindow()
    qtbot.waitUntil(gui.window.isActiveWindow)


def shown_dialog(qtbot: QtBot, parent: QWidget, kind: type[QDialog]) -> QDialog:
    found: list[QDialog] = []

    def up() -> bool:
        found[:] = [d for d in parent.findChildren(kind) if d.isVisible()]
        return len(found) == 1

    qtbot.waitUntil(up, timeout=10_000)
    return found[0]


def test_cases_testimonies_search_seal_and_export_by_shortcut(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    active(gui, qtbot)
    workspace = workspace_of(gui)

    def fill_case(dialog: QDialog) -> None:
        dialog.title.setText("Keyboard")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    with qtbot.waitSignal(workspace.case_created, timeout=10_000) as case:
        waiting = answer_when_up(fill_case)
        shortcut(qtbot, gui, "new_case")
    assert not waiting.isActive()
    qtbot.waitUntil(lambda: workspace.cases.current_case_id() == case.args[0])
    qtbot.waitUntil(workspace.testimonies.new_button.isEnabled)

    def fill_testimony(dialog: QDialog) -> None:
        dialog.code.setText("K-7")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    with qtbot.waitSignal(workspace.testimony_created, timeout=10_000) as made:
        waiting = answer_when_up(fill_testimony)
        shortcut(qtbot, gui, "new_testimony")
    assert not waiting.isActive()
    editor = workspace.editor
    qtbot.waitUntil(lambda: editor.opened is not None and editor.isVisible())
    testimony_id = str(made.args[0])

    # Search from the editor: the list comes back with the focus in the search field.
    editor.narrative.setFocus()
    shortcut(qtbot, gui, "search")
    assert workspace.right.currentWidget() is workspace.testimonies
    assert focused(workspace.testimonies.search)
    before = editor.opened
    workspace.open_testimony(testimony_id)
    qtbot.waitUntil(lambda: editor.opened is not before and editor.isVisible())

    # Seal asks first, in its dialog, as the button does.
    give_consent(qtbot, gui, editor)
    settings = dataclasses.replace(
        gui.window.settings, platform_recipient=str(X25519Identity.generate().recipient)
    )
    run_job(qtbot, gui, session_jobs.save_settings(settings))
    editor.narrative.setFocus()
    assert not editor.export_button.isVisible()
    shortcut(qtbot, gui, "export")  # not offered for a draft: nothing opens
    assert not [d for d in workspace.findChildren(ExportDialog) if d.isVisible()]
    shortcut(qtbot, gui, "seal")
    sealing = shown_dialog(qtbot, workspace, SealDialog)
    assert isinstance(sealing, SealDialog)
    qtbot.waitUntil(lambda: sealing.summary is not None, timeout=10_000)
    sealing.confirm.setChecked(True)
    with qtbot.waitSignal(workspace.testimony_sealed, timeout=30_000):
        sealing.seal_button.click()
    sealing.accept()
    qtbot.waitUntil(lambda: editor.opened is not None
                    and editor.opened.testimony.status == "sealed", timeout=10_000)  # fmt: skip
    active(gui, qtbot)
    assert not editor.seal_button.isVisible()
    shortcut(qtbot, gui, "seal")  # sealed: nothing opens
    assert not [d for d in workspace.findChildren(SealDialog) if d.isVisible()]
    shortcut(qtbot, gui, "export")
    export = shown_dialog(qtbot, workspace, ExportDialog)
    export.reject()


def test_record_by_shortcut_lands_on_pause(qtbot: QtBot, tmp_path: Path) -> None:
    from .flow_steps import add_case, add_testimony

    feed = ToneFeed(2.0)
    gui = make_gui(tmp_path / "vault")
    gui.window.audio_source_factory = feed.factory
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Recorder")
        add_testimony(qtbot, gui, "R-2")
        editor = workspace_of(gui).editor
        recorder = editor.recorder
        active(gui, qtbot)
        editor.narrative.setFocus()
        shortcut(qtbot, gui, "record")  # no consent to audio recording: nothing starts
        assert recorder._writer is None and focused(editor.narrative)
        editor.consent.flags["interview"].setChecked(True)
        editor.consent.flags["audio_recording"].setChecked(True)
        wait_saved(qtbot, gui)
        editor.narrative.setFocus()
        shortcut(qtbot, gui, "record")
        qtbot.waitUntil(lambda: recorder._writer is not None, timeout=10_000)
        assert focused(recorder.pause_button)
        with qtbot.waitSignal(recorder.recording_finished, timeout=30_000):
            recorder.stop_button.click()
            feed.finish()
    finally:
        close_gui(gui)
