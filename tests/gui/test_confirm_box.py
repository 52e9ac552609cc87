"""A destructive question cannot be answered by a stray key: the letters of the action's
label (with or without Alt) and Enter all leave it unconfirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.gui.widgets import confirm_box


def test_typing_into_the_question_never_confirms(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    confirmed: list[bool] = []
    box = confirm_box(
        parent, "Delete", "Delete this draft?", "&Delete the draft", "Keep it",
        lambda: confirmed.append(True),
    )
    qtbot.waitExposed(box)
    for key in (Qt.Key.Key_D, Qt.Key.Key_E, Qt.Key.Key_L):
        qtbot.keyClick(box, key)
        qtbot.keyClick(box, key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(400)  # a message box "animates" a button it clicks, on a timer
    assert confirmed == []
    assert box.isVisible()
    assert [b.text() for b in box.buttons() if "Delete" in b.text()] == ["Delete the draft"]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.wait(400)
    assert confirmed == []  # Enter chose the default: keep the draft
