"""What the desktop shows of the program: the window icon (neutral with the neutral title
setting) and quick-lock, which takes the window off the screen before locking and brings
back the locked screen only when asked."""

from __future__ import annotations

import dataclasses
import struct
import xml.etree.ElementTree as ET
from typing import Any

from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from app.core.resources import resource_path
from app.gui.application import Gui
from app.gui.main_window import APP_ICON, NEUTRAL_ICON

from .conftest import create_vault, unlock


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


def _vault_is_open(qtbot: QtBot, gui: Gui) -> bool:
    with qtbot.waitCallback(timeout=10_000) as done:
        gui.client.submit(lambda ctx: ctx.has_vault, on_done=done)
    return bool(done.args[0])


def _quick_lock(qtbot: QtBot, gui: Gui) -> dict[str, Any]:
    """Press the shortcut; returns what was true the moment it returned and at the lock."""
    window = gui.window
    seen: dict[str, Any] = {}
    window.vault_locked.connect(lambda: seen.setdefault("visible_at_lock", window.isVisible()))
    with qtbot.waitSignal(window.vault_locked, timeout=10_000):
        window.quick_lock_shortcut.activated.emit()
        # Synchronously, before any event is processed (and before the lock job ran).
        seen["visible"] = window.isVisible()
        seen["minimized"] = window.isMinimized()
        seen["workspace"] = window.workspace
        seen["windows"] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return seen


def test_quick_lock_hides_at_once_and_the_tray_brings_back_the_locked_screen(
    qtbot: QtBot, gui: Gui
) -> None:
    window = gui.window
    window.tray_available = lambda: True
    create_vault(qtbot, gui)
    window.apply_settings(dataclasses.replace(window.settings, neutral_title=True))
    settings = window.open_settings_dialog()  # a dialog that shows where packages go
    qtbot.waitUntil(settings.isVisible)

    seen = _quick_lock(qtbot, gui)
    assert seen["visible"] is False and seen["visible_at_lock"] is False
    # Nothing of the program is left on the screen, its dialogs included.
    assert seen["workspace"] is None and seen["windows"] == []
    assert not _vault_is_open(qtbot, gui)
    tray = window.tray
    assert tray is not None and tray.isVisible()
    assert tray.toolTip() == "Notes"  # neutral, like the title
    assert _image(tray.icon()) == _file_image(NEUTRAL_ICON)
    assert not window.isVisible()  # still away until asked for

    with qtbot.waitSignal(window.window_restored, timeout=5_000):
        tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible() and window.tray is None
    # The locked screen, not the workspace: the passphrase comes first.
    assert window.workspace is None and window.unlock_page is not None
    assert window.unlock_page.isVisible()
    unlock(qtbot, gui)
    assert _vault_is_open(qtbot, gui)

    # Again, back through the tray's menu this time (some desktops only offer the menu).
    _quick_lock(qtbot, gui)
    tray = window.tray
    assert tray is not None
    menu = tray.contextMenu()
    assert menu is not None
    [open_action] = menu.actions()
    assert open_action.text() == "Open"
    with qtbot.waitSignal(window.window_restored, timeout=5_000):
        open_action.trigger()
    assert window.isVisible() and window.unlock_page is not None


def test_without_a_tray_quick_lock_minimises(qtbot: QtBot, gui: Gui) -> None:
    window = gui.window
    window.tray_available = lambda: False
    create_vault(qtbot, gui)
    seen = _quick_lock(qtbot, gui)
    # No tray to come back from: minimised (the task bar brings it back), never lost.
    assert seen["minimized"] is True and window.tray is None
    assert not _vault_is_open(qtbot, gui)
    window.showNormal()
    assert window.workspace is None and window.unlock_page is not None
