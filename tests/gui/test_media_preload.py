"""The recorder's media backend (Qt Multimedia and FFmpeg, about a tenth of a second on
the GUI thread the first time) loads while an unlock's key derivation runs, once, not
when Record is first pressed, where it was the longest stall of a recording."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.gui import audio_capture
from app.gui.application import Gui

from .conftest import create_vault, unlock


def test_media_backend_loads_during_the_first_unlock_only(
    qtbot: QtBot, gui: Gui, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(
        audio_capture, "load_media_backend", lambda: calls.append(gui.window.workspace is None)
    )
    create_vault(qtbot, gui)
    assert calls == []  # creating a vault derives its key before the window is shown
    for _ in range(2):
        gui.window.lock_action.trigger()
        qtbot.waitUntil(lambda: gui.window.unlock_page is not None, timeout=10_000)
        unlock(qtbot, gui)
    # Called once, while the unlock was still running (no workspace yet).
    assert calls == [True]


def test_a_missing_media_backend_is_left_to_the_recorder(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> object:
        raise audio_capture.MediaBackendUnavailableError("libavcodec missing")

    monkeypatch.setattr(audio_capture, "_multimedia", unavailable)
    audio_capture.load_media_backend()  # no error: the recorder says why when used
