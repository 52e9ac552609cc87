"""A documenter who uses only the keyboard: Tab follows the screen (incidents added later
included), no consent answer changes without a confirmation, removing or creating
evidence asks first, and focus never disappears. A sealed version reads in normal
contrast, reachable by Tab."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.testimony_editor import TestimonyEditor

from .flow_steps import wait_saved
from .test_record_tasks import choose, custody, focused, message_box, press, seal, start


def focus_now(editor: TestimonyEditor) -> QWidget:
    """Where the keyboard goes now: the open question's focus, else the window's."""
    modal = QApplication.activeModalWidget()
    widget = modal.focusWidget() if modal is not None else editor.window().focusWidget()
    assert widget is not None, "focus disappeared"
    return widget


def key(qtbot: QtBot, editor: TestimonyEditor, which: Qt.Key, text: str = "") -> QWidget:
    """Press a key where the focus is; returns where the focus went."""
    if which == Qt.Key.Key_Backtab:
        qtbot.keyClick(focus_now(editor), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(focus_now(editor), which)
    QApplication.processEvents()  # what a keyboard's next key waits for too
    return focus_now(editor)


def type_text(qtbot: QtBot, editor: TestimonyEditor, text: str) -> None:
    """Type ``text`` one key at a time into whatever has the focus at each key."""
    for char in text:
        qtbot.keyClicks(focus_now(editor), char)
        QApplication.processEvents()


def closed(box: QWidget) -> bool:
    """Whether a question went away (it deletes itself on closing)."""
    return not shiboken6.isValid(box) or not box.isVisible()


def tab_through(qtbot: QtBot, editor: TestimonyEditor, expected: list[QWidget]) -> None:
    for widget in expected:
        assert key(qtbot, editor, Qt.Key.Key_Tab) is widget, widget.accessibleName()


def test_keyboard_walk_keeps_focus_order_and_consent(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "K-1")
    # The documenter's window is the active one: focus events reach its widgets.
    gui.window.activateWindow()
    qtbot.waitUntil(gui.window.isActiveWindow)
    consent, interview, details = editor.consent, editor.interview, editor.person_details
    flags = consent.flags

    # Consent as the interview starts: ticking answers in a row asks nothing.
    press(qtbot, details.date_of_birth, Qt.Key.Key_Tab)
    assert focused(flags["interview"])
    key(qtbot, editor, Qt.Key.Key_Space)
    assert key(qtbot, editor, Qt.Key.Key_Tab) is flags["audio_recording"]
    key(qtbot, editor, Qt.Key.Key_Space)
    assert flags["interview"].isChecked() and flags["audio_recording"].isChecked()
    # The recorder no longer says the consent is missing.
    assert "consent" not in editor.recorder.status.text()
    answers = ("share_with_platform", "share_onward", "be_named", "recontact")
    tab_through(qtbot, editor, [*(flags[name] for name in answers), consent.given_at])
    assert not consent.given_at.text()  # not the moment the record was made: not entered
    tab_through(qtbot, editor, [consent.method, consent.note, interview.started_at,
                                interview.place, interview.interviewer, interview.language,
                                interview.interpreter, editor.add_incident_button])  # fmt: skip
    wait_saved(qtbot, gui)

    # Incidents added now are in the order of the screen, not at the end of the chain.
    key(qtbot, editor, Qt.Key.Key_Space)
    [first] = editor._incident_boxes()
    assert focused(first.date_from)
    tab_through(qtbot, editor, [*first.focus_order()[1:], editor.add_incident_button])
    key(qtbot, editor, Qt.Key.Key_Space)
    second = editor._incident_boxes()[1]
    assert focused(second.date_from)
    assert key(qtbot, editor, Qt.Key.Key_Backtab) is first.remove_button
    assert key(qtbot, editor, Qt.Key.Key_Backtab) is first.description
    # Fill the first incident by keyboard only.
    for _ in range(6):
        key(qtbot, editor, Qt.Key.Key_Backtab)
    assert focused(first.date_from)
    type_text(qtbot, editor, "2020-08-10")
    tab_through(qtbot, editor, [first.date_to, first.place])
    type_text(qtbot, editor, "Minsk")
    tab_through(qtbot, editor, [first.violations, first.perpetrators, first.witnesses,
                                first.description])  # fmt: skip
    type_text(qtbot, editor, "They beat us in the yard.")
    tab_through(qtbot, editor, [first.remove_button, *second.focus_order()])

    # An empty incident goes at once; focus lands on what took its place.
    key(qtbot, editor, Qt.Key.Key_Space)
    assert editor._incident_boxes() == [first]
    assert focused(editor.add_incident_button)

    # A filled one asks; Keep (the default, so a stray Space or Enter) keeps it.
    first.remove_button.setFocus(Qt.FocusReason.BacktabFocusReason)
    key(qtbot, editor, Qt.Key.Key_Space)
    question = message_box(qtbot, editor)
    assert "incident 1 of 1" in question.text()
    key(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(question))
    assert editor._incident_boxes() == [first]
    assert focused(first.remove_button)

    # From the last incident field, Tab goes on down the screen, never up to consent.
    tab_through(qtbot, editor, [editor.add_incident_button, editor.narrative])
    type_text(qtbot, editor, "Fourteen people in a cell for four.")
    assert key(qtbot, editor, Qt.Key.Key_Tab) is editor.istanbul.toggle
    wait_saved(qtbot, gui)

    # A sentence typed into a consent answer changes nothing: each space asks, and the
    # next space answers "Keep the answer" (the default), letters answer nothing.
    flags["interview"].setFocus(Qt.FocusReason.TabFocusReason)
    before = consent.values()
    type_text(qtbot, editor, "we were held for ten days ")
    qtbot.waitUntil(lambda: consent.confirmation is None)
    assert consent.values() == before
    assert focused(flags["interview"])
    assert editor.saved_state.text() == editor.tr("Saved") and not editor.dirty

    # Changing an answer on purpose: confirm, and the custody log names the answer.
    flags["audio_recording"].setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, editor, Qt.Key.Key_Space)
    question = message_box(qtbot, consent)
    assert "To audio recording of the interview" in question.text()
    choose(qtbot, question, "Change the answer")
    assert not flags["audio_recording"].isChecked() and flags["interview"].isChecked()
    assert focused(flags["audio_recording"])
    wait_saved(qtbot, gui)
    changes = [e for e in custody(qtbot, gui, testimony_id).events if e.action == "change"]
    assert changes[-1].details["consent_changed"] == ["audio_recording"]
    assert all("narrative" not in str(e.details) for e in changes)

    # The confirmed removal of the filled incident.
    press(qtbot, first.remove_button)
    choose(qtbot, message_box(qtbot, editor), "Remove the incident")
    qtbot.waitUntil(lambda: editor._incident_boxes() == [])
    assert focused(editor.add_incident_button)
    wait_saved(qtbot, gui)
    assert editor.opened is not None
    assert editor.values()["incidents"] == []


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))  # fmt: skip


def contrast(text: QColor, background: QColor) -> float:
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_sealed_version_reads_in_normal_contrast(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "S-1")
    for flag in ("interview", "share_with_platform"):
        editor.consent.flags[flag].setChecked(True)
    editor.add_incident_button.click()
    editor._incident_boxes()[0].place.setText("Minsk")
    editor._incident_boxes()[0].place.textEdited.emit("Minsk")
    editor.narrative.setPlainText("Fourteen people in a cell for four.")
    wait_saved(qtbot, gui)
    seal(qtbot, gui, testimony_id)
    [box] = editor._incident_boxes()
    fields: list[QWidget] = [
        *editor.consent.focus_order(), *editor.interview.focus_order(),
        box.date_from, box.place, box.violations, box.description, editor.narrative,
    ]  # fmt: skip
    for field in fields:
        name = field.accessibleName() or field.objectName()
        assert field.isEnabled(), name  # never the grey of a disabled widget
        assert field.focusPolicy() & Qt.FocusPolicy.TabFocus, name
        palette = field.palette()
        if isinstance(field, QAbstractButton):
            text, back = palette.color(QPalette.ColorRole.WindowText), palette.color(
                QPalette.ColorRole.Window
            )
        else:
            text, back = palette.color(QPalette.ColorRole.Text), palette.color(
                QPalette.ColorRole.Base
            )
        assert contrast(text, back) >= 4.5, (name, text.name(), back.name())
        if isinstance(field, QLineEdit | QPlainTextEdit):
            assert field.isReadOnly(), name
    # Read-only, not editable: a space on an answer or a key in a field changes nothing.
    before = editor.consent.values()
    press(qtbot, editor.consent.flags["be_named"])
    assert editor.consent.values() == before
    press(qtbot, box.place, Qt.Key.Key_X)
    assert box.place.text() == "Minsk"
    # Selectable and copyable.
    box.place.selectAll()
    box.place.copy()
    assert QApplication.clipboard().text() == "Minsk"
    assert not editor.add_incident_button.isVisibleTo(editor)
    assert not box.remove_button.isVisibleTo(editor)


def test_correction_asks_and_the_list_shows_versions(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "C-1")
    editor.consent.flags["interview"].setChecked(True)
    wait_saved(qtbot, gui)
    seal(qtbot, gui, testimony_id)
    press(qtbot, editor.correction_button)
    question = message_box(qtbot, editor)
    assert "version 2" in question.text()
    key(qtbot, editor, Qt.Key.Key_Escape)  # no new version
    qtbot.waitUntil(lambda: closed(question))
    assert editor.opened is not None and editor.opened.testimony.id == testimony_id
    press(qtbot, editor.correction_button)
    choose(qtbot, message_box(qtbot, editor), "Make version 2")
    qtbot.waitUntil(lambda: editor.opened is not None
                    and editor.opened.testimony.status == "draft", timeout=10_000)  # fmt: skip
    assert editor.opened.testimony.version == 2
    editor.back_button.click()
    from .flow_steps import workspace_of

    model = workspace_of(gui).model
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading, timeout=10_000)
    shown = sorted(model.index(row, 0).data() for row in range(2))
    assert shown == ["C-1 — version 1", "C-1 — version 2"]


def test_recorder_keeps_focus_and_says_paused(qtbot: QtBot, tmp_path: object) -> None:
    from .conftest import close_gui, create_vault, make_gui
    from .flow_steps import ToneFeed, add_case, add_testimony, workspace_of

    feed = ToneFeed(2.0)
    gui = make_gui(tmp_path / "vault")  # type: ignore[operator]
    gui.window.audio_source_factory = feed.factory
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Recorder")
        add_testimony(qtbot, gui, "R-1")
        editor = workspace_of(gui).editor
        gui.window.activateWindow()
        qtbot.waitUntil(gui.window.isActiveWindow)
        recorder = editor.recorder
        assert "consent" in recorder.status.text()
        press(qtbot, editor.consent.flags["audio_recording"])
        assert "consent" not in recorder.status.text()
        press(qtbot, recorder.record_button)
        qtbot.waitUntil(lambda: recorder._writer is not None, timeout=10_000)
        assert focused(recorder.pause_button)
        key(qtbot, editor, Qt.Key.Key_Space)
        assert "Paused" in recorder.status.text()
        assert recorder.pause_button.text() == recorder.tr("Resume")
        key(qtbot, editor, Qt.Key.Key_Space)
        assert "Recording." in recorder.status.text()
        assert key(qtbot, editor, Qt.Key.Key_Tab) is recorder.stop_button
        with qtbot.waitSignal(recorder.recording_finished, timeout=30_000):
            key(qtbot, editor, Qt.Key.Key_Space)
            feed.finish()
        assert focused(recorder.record_button)
        # The time recorded is fixed once the recording is saved: the clock does not go
        # on counting behind the saved figure.
        recorded = recorder.elapsed_ms()
        qtbot.wait(300)
        assert recorder.elapsed_ms() == recorded
    finally:
        close_gui(gui)


def test_meter_heard_sound_but_nothing_encoded_is_said(qtbot: QtBot, gui: Gui) -> None:
    """If the meter showed sound and no byte was stored, the status says why, never the
    bare "Nothing was recorded."."""
    from app.gui.audio_capture import CaptureSource, Sink

    class DeafEncoder(CaptureSource):
        input_description = "float, 48000 Hz, 1 ch"

        def start(self, sink: Sink) -> None:
            self.level_measured.emit(0.5)

        def pause(self) -> None:
            pass

        def resume(self) -> None:
            pass

        def stop(self) -> None:
            self.capture_failed.emit("Audio encoder refused the sample format")
            self.capture_ended.emit()

    _testimony_id, editor = start(qtbot, gui, "D-1")
    recorder = editor.recorder
    recorder.source_factory = DeafEncoder
    editor.consent.flags["interview"].setChecked(True)
    editor.consent.flags["audio_recording"].setChecked(True)
    wait_saved(qtbot, gui)
    recorder.record_button.click()
    qtbot.waitUntil(lambda: recorder._writer is not None, timeout=10_000)
    qtbot.waitUntil(lambda: recorder.elapsed_ms() > 4300, timeout=10_000)
    qtbot.waitUntil(lambda: "nothing is being stored" in recorder.status.text(), timeout=3000)
    assert "float, 48000 Hz, 1 ch" in recorder.status.text()
    with qtbot.waitSignal(recorder.recording_finished, timeout=10_000) as finished:
        recorder.stop_button.click()
    assert finished.args == [""]
    text = recorder.status.text()
    assert "no recording could be stored" in text and "refused the sample format" in text
