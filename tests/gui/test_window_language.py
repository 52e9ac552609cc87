"""What the window says in Belarusian, Russian and Ukrainian: Qt's own buttons and file
dialog, core's refusals and validation messages, custody event names and vocabulary
values, each through the interface language (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.gui.i18n import Translations

TRANSLATED = ("be", "ru", "uk")


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    installed = Translations(qapp)
    yield installed
    installed.install("en")


@pytest.mark.parametrize("language", TRANSLATED)
def test_qt_standard_buttons_speak_the_language(
    qtbot: QtBot, translations: Translations, language: str
) -> None:
    assert translations.install(language)
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Close
    )  # fmt: skip
    texts = [button.text().replace("&", "") for button in box.buttons()]
    assert len(texts) == 7
    english = {"OK", "Cancel", "Yes", "No", "Open", "Save", "Close"}
    assert not english & set(texts), texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.buttons()[0].text() != "Cancel"


@pytest.mark.parametrize("language", TRANSLATED)
def test_qt_file_dialog_speaks_the_language(
    qtbot: QtBot, translations: Translations, language: str, tmp_path
) -> None:
    assert translations.install(language)
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert labels
    for english in ("&Look in:", "File &name:", "Files of &type:", "Look in:", "File name:"):
        assert english not in labels, (language, labels)
    button_texts = {b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()}
    assert not button_texts & {"&Open", "Open", "Cancel"}, button_texts
