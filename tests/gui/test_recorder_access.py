"""The recorder where recording cannot start: the media backend does not load (Windows
"N" editions without the Media Feature Pack), or the system's microphone permission
(macOS) is denied, not yet given, or granted. Windows and macOS are imitated: the
platform name and the permission answer are injected, as Qt gives them there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.gui import audio_capture
from app.gui.application import Gui
from app.gui.audio_capture import (
    MICROPHONE_DENIED,
    MICROPHONE_GRANTED,
    MICROPHONE_UNDETERMINED,
    CaptureSource,
    MediaBackendUnavailableError,
)
from app.gui.recorder_panel import RecorderPanel

from .conftest import close_gui, create_vault, make_gui
from .flow_steps import add_case, add_testimony, wait_saved, workspace_of

# What importing Qt Multimedia raises on a Windows "N" edition (its DLLs are missing).
N_EDITION_IMPORT_ERROR = ImportError(
    "DLL load failed while importing QtMultimedia: The specified module could not be found."
)


class _Client:
    """Stands in for the vault worker: records what the panel submits."""

    def __init__(self) -> None:
        self.submitted: list[Any] = []

    def submit(self, job: Any, **handlers: Any) -> None:
        self.submitted.append(job)


class _Factory:
    def __init__(self, error: BaseException | None = None) -> None:
        self.calls = 0
        self.error = error

    def __call__(self) -> CaptureSource:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return CaptureSource()


def _panel(qtbot: QtBot, factory: _Factory, permission: str, platform: str = "linux") -> Any:
    client = _Client()
    panel = RecorderPanel(client, factory)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.platform = platform
    panel.microphone_permission = lambda: permission
    asked: list[Callable[[bool], None]] = []
    panel.request_microphone_permission = lambda context, answer: asked.append(answer)
    panel.show_testimony("t-1", consent_given=True, read_only=False)
    assert panel.record_button.isEnabled()
    return panel, client, asked


def test_a_granted_microphone_records_at_once(qtbot: QtBot) -> None:
    factory = _Factory()
    panel, client, asked = _panel(qtbot, factory, MICROPHONE_GRANTED)
    panel.record_button.click()
    assert factory.calls == 1 and len(client.submitted) == 1 and asked == []


@pytest.mark.parametrize(
    ("platform", "where"),
    [
        ("darwin", "System Settings › Privacy & Security › Microphone"),
        ("win32", "Settings › Privacy & security › Microphone"),
        ("linux", "does not allow this program to use the microphone"),
    ],
)
def test_a_denied_microphone_says_where_to_allow_it(
    qtbot: QtBot, platform: str, where: str
) -> None:
    factory = _Factory()
    panel, client, asked = _panel(qtbot, factory, MICROPHONE_DENIED, platform)
    panel.record_button.click()
    assert where in panel.status.text()
    assert factory.calls == 0 and client.submitted == [] and asked == []
    assert not panel.recording and panel.record_button.isEnabled()


def test_an_undetermined_microphone_asks_and_records_when_allowed(qtbot: QtBot) -> None:
    factory = _Factory()
    panel, client, asked = _panel(qtbot, factory, MICROPHONE_UNDETERMINED, "darwin")
    panel.record_button.click()
    assert len(asked) == 1 and factory.calls == 0
    assert "Asking the system" in panel.status.text()
    panel.record_button.click()  # pressed again while the question is open: asked once
    assert len(asked) == 1
    asked[0](True)
    assert factory.calls == 1 and len(client.submitted) == 1


def test_an_undetermined_microphone_refused_in_the_question(qtbot: QtBot) -> None:
    factory = _Factory()
    panel, client, asked = _panel(qtbot, factory, MICROPHONE_UNDETERMINED, "darwin")
    panel.record_button.click()
    asked[0](False)
    assert "System Settings › Privacy & Security › Microphone" in panel.status.text()
    assert factory.calls == 0 and client.submitted == []
    panel.record_button.click()  # asks again: the person may have changed their mind
    assert len(asked) == 2


def test_linux_grants_the_microphone_without_asking(qapp: QObject) -> None:
    assert audio_capture.microphone_permission() == MICROPHONE_GRANTED


@pytest.mark.parametrize(
    "error", [N_EDITION_IMPORT_ERROR, MediaBackendUnavailableError("no audio encoder")]
)
def test_a_media_backend_that_cannot_load_is_said_plainly(
    qtbot: QtBot, error: BaseException
) -> None:
    factory = _Factory(error)
    panel, client, _asked = _panel(qtbot, factory, MICROPHONE_GRANTED)
    panel.record_button.click()
    text = panel.status.text()
    assert "media components could not be loaded" in text and "Media Feature Pack" in text
    assert "microphone could not be opened" not in text
    assert client.submitted == [] and not panel.recording


def test_no_encoder_offered_is_a_backend_that_cannot_load(
    qapp: QObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A backend that did not load lists no formats to encode.
    from PySide6.QtMultimedia import QAudioBufferInput, QMediaFormat

    monkeypatch.setattr(QMediaFormat, "supportedFileFormats", lambda self, mode: [])
    with pytest.raises(MediaBackendUnavailableError):
        audio_capture.EncoderPipe(QAudioBufferInput(), 48000, 1)


def test_an_import_error_of_qt_multimedia_is_a_backend_that_cannot_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def failing(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "PySide6" and args and args[2] and "QtMultimedia" in args[2]:
            raise N_EDITION_IMPORT_ERROR
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing)
    with pytest.raises(MediaBackendUnavailableError, match="DLL load failed"):
        audio_capture.MicrophoneSource()


def test_the_window_works_on_without_a_media_backend(qtbot: QtBot, tmp_path: Path) -> None:
    def factory() -> CaptureSource:
        raise N_EDITION_IMPORT_ERROR

    gui: Gui = make_gui(tmp_path / "vault")
    gui.window.audio_source_factory = factory
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "No media backend")
        add_testimony(qtbot, gui, "N-1")
        editor = workspace_of(gui).editor
        editor.recorder.microphone_permission = lambda: MICROPHONE_GRANTED
        editor.consent.flags["interview"].setChecked(True)
        editor.consent.flags["audio_recording"].setChecked(True)
        wait_saved(qtbot, gui)
        editor.recorder.record_button.click()
        assert "Media Feature Pack" in editor.recorder.status.text()
        assert not editor.recorder.recording
        # The rest goes on: the narrative is written and saved as ever.
        editor.narrative.setPlainText("Written while recording is unavailable.")
        editor._on_section_changed()
        wait_saved(qtbot, gui)
    finally:
        close_gui(gui)
