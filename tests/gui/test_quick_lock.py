"""What the desktop shows of the program: the window icon (neutral with the neutral title
setting) and quick-lock, which takes the window off the screen before locking and brings
back the locked screen only when asked."""

from __future__ import annotations

import dataclasses
import struct
import xml.etree.ElementTree as ET

from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.resources import resource_path
from app.gui.application import Gui
from app.gui.main_window import APP_ICON, NEUTRAL_ICON

from .conftest import create_vault


def _image(icon: QIcon) -> QImage:
    return icon.pixmap(64, 64).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _file_image(name: str) -> QImage:
    return _image(QIcon(str(resource_path(name))))


def test_icon_files_are_well_formed(qapp: QApplication) -> None:
    for name in (APP_ICON, NEUTRAL_ICON):
        png = resource_path(name).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (256, 256)
        svg = ET.parse(resource_path(name.replace(".png", ".svg"))).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert _file_image(APP_ICON) != _file_image(NEUTRAL_ICON)


def test_window_icon_is_neutral_with_the_neutral_title(qtbot: QtBot, gui: Gui) -> None:
    window = gui.window
    assert not window.windowIcon().isNull()
    assert _image(window.windowIcon()) == _file_image(APP_ICON)
    assert _image(QApplication.windowIcon()) == _file_image(APP_ICON)
    create_vault(qtbot, gui)
    window.apply_settings(dataclasses.replace(window.settings, neutral_title=True))
    assert window.windowTitle() == "Notes"
    assert _image(window.windowIcon()) == _file_image(NEUTRAL_ICON)
    # Dialogs without an icon of their own show the application's: the neutral one too.
    assert _image(QApplication.windowIcon()) == _file_image(NEUTRAL_ICON)
    with qtbot.waitSignal(window.vault_locked):
        window.lock()
    assert _image(window.windowIcon()) == _file_image(NEUTRAL_ICON)
    window.apply_settings(dataclasses.replace(window.settings, neutral_title=False))
    assert _image(window.windowIcon()) == _file_image(APP_ICON)
