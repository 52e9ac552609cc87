"""Steps of the documenter's flow, driven through the widgets, shared by the tests."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.audio_capture import StreamSource
from app.gui.workspace import Workspace

from .media_samples import tone_pcm, wav_header


def answer_next_dialog(fill: Callable[[QDialog], None]) -> None:
    """Fill and accept the next modal dialog once its event loop runs."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no modal dialog came up"
        fill(dialog)

    QTimer.singleShot(0, act)


def workspace_of(gui: Gui) -> Workspace:
    workspace = gui.window.workspace
    assert workspace is not None
    return workspace


def add_case(qtbot: QtBot, gui: Gui, title: str) -> str:
    workspace = workspace_of(gui)

    def fill(dialog: QDialog) -> None:
        dialog.title.setText(title)  # type: ignore[attr-defined]
        dialog.region.setText("Homiel")  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    with qtbot.waitSignal(workspace.case_created, timeout=10_000) as created:
        answer_next_dialog(fill)
        workspace.cases.new_button.click()
    qtbot.waitUntil(lambda: workspace.cases.current_case_id() == created.args[0])
    return str(created.args[0])


def add_testimony(qtbot: QtBot, gui: Gui, code: str) -> str:
    workspace = workspace_of(gui)

    def fill(dialog: QDialog) -> None:
        dialog.code.setText(code)  # type: ignore[attr-defined]
        dialog.ok_button.click()  # type: ignore[attr-defined]

    with qtbot.waitSignal(workspace.testimony_created, timeout=10_000) as created:
        answer_next_dialog(fill)
        workspace.testimonies.new_button.click()
    qtbot.waitUntil(lambda: workspace.editor.opened is not None)
    return str(created.args[0])


def wait_saved(qtbot: QtBot, gui: Gui) -> None:
    editor = workspace_of(gui).editor
    qtbot.waitUntil(lambda: editor.saved_state.text() == editor.tr("Saved") and not editor.dirty,
                    timeout=10_000)


def drop_files(gui: Gui, paths: list[Path]) -> None:
    panel = workspace_of(gui).editor.attachments
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)


class ToneFeed:
    """An injected audio source: a generated tone written into a pipe, read by the app."""

    def __init__(self, seconds: float, *, marker: bytes = b"") -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.data = wav_header() + marker + tone_pcm(seconds)
        self.source: StreamSource | None = None
        self.levels: list[float] = []
        self._thread: threading.Thread | None = None

    def factory(self) -> StreamSource:
        self.source = StreamSource(os.fdopen(self.read_fd, "rb", buffering=0), "audio/wav")
        self.source.level_measured.connect(self.levels.append)
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()
        return self.source

    def _feed(self) -> None:
        # The whole tone goes in at once; the pipe stays open until finish(), like a
        # microphone that keeps delivering until the recorder stops it.
        view = memoryview(self.data)
        step = 8000
        try:
            for start in range(0, len(view), step):
                os.write(self.write_fd, view[start : start + step])
        except OSError:
            pass

    def finish(self) -> None:
        if self._thread is not None:
            self._thread.join()
        os.close(self.write_fd)
