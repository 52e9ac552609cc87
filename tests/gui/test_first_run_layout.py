"""First run, as it looks: the recovery key never wraps inside a group, the empty strength
bar does not look like a text field, and the folder path is not clipped (a long path on a
stick included), in English and in Belarusian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from .conftest import PASSPHRASE, close_gui, make_gui


def _fits(edit: QPlainTextEdit) -> bool:
    """Whether the whole text of ``edit`` is visible at once (nothing scrolled away):
    its last character is drawn inside the viewport."""
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    end = edit.cursorRect(cursor)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    start = edit.cursorRect(cursor)
    inside = edit.viewport().rect()
    return inside.contains(end.center()) and inside.contains(start.center())


def _one_line(label: QLabel) -> bool:
    spacing = QFontMetrics(label.font()).lineSpacing()
    return not label.wordWrap() and label.contentsRect().height() < 2 * spacing and (
        label.contentsRect().width() >= QFontMetrics(label.font()).horizontalAdvance(label.text())
    )


@pytest.mark.parametrize("language", ["en", "be"])
def test_first_run_screens_show_everything_whole(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    folder = tmp_path / "a-stick-with-a-long-label" / "field-notes-2026" / "EvidenceVault"
    gui = make_gui(folder, language)
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        page = gui.window.create_page
        assert page is not None
        qtbot.waitExposed(gui.window)
        QApplication.processEvents()

        # The folder path reads whole.
        assert page.folder.text() == str(folder)
        assert _fits(page.folder), (page.folder.width(), page.folder.text())

        # Nothing typed: the strength bar is a thin track, not a white box like a field.
        bar = page.strength_bar
        assert bar.isVisibleTo(page)
        assert bar.height() * 3 <= page.passphrase.height(), (bar.height(),
                                                             page.passphrase.height())
        image = bar.grab().toImage()
        middle = image.pixelColor(QPoint(image.width() // 2, image.height() // 2))
        field = page.passphrase.grab().toImage()
        field_middle = field.pixelColor(QPoint(field.width() // 2, field.height() // 2))
        assert middle != field_middle, middle.name()

        # The recovery key on one line: no group is ever split.
        page.passphrase.setText(PASSPHRASE)
        page.confirmation.setText(PASSPHRASE)
        page.create_button.click()
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
        QApplication.processEvents()
        key = page.recovery_text
        assert key.text().count("-") == 7
        assert _one_line(key), (key.contentsRect(), key.text())
        page.last_group.setText(key.text().rsplit("-", 1)[1])
        with qtbot.waitSignal(gui.window.vault_unlocked, timeout=10_000):
            page.done_button.click()
    finally:
        close_gui(gui)
