"""``evidence-vault --neutral``: nothing the desktop shows before unlock names the program.

The application's names (WM_CLASS comes from argv[0] and the application name, the
Wayland app id from the desktop file name) are fixed when the QApplication is made, and
the test session already has one; so the real entry point runs in a child process, on a
real locked vault, with only the event loop left out. It reports every text of the
locked window (labels, buttons, placeholders, accessible names, the menus), the
application-level names and whether the window icon is the program's own.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui.application import Gui
from app.storage.vault import Vault

from .conftest import create_vault, unlock

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import dataclasses, json, sys
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from app.gui import application
from app.gui.main_window import APP_ICON, NEUTRAL_ICON, load_icon

built = []
_build = application.build_application

class NoEventLoop:
    def exec(self):
        return 0

def build(*args, **options):
    gui = _build(*args, **options)
    built.append(gui)
    return dataclasses.replace(gui, app=NoEventLoop())

application.build_application = build
from app.__main__ import main

assert main(sys.argv[1:]) == 0
(gui,) = built
app, window = gui.app, gui.window

def image(icon):
    return icon.pixmap(64, 64).toImage().convertToFormat(QImage.Format.Format_ARGB32)

texts = [window.windowTitle()]
for widget in window.findChildren(QWidget):
    if not widget.isVisibleTo(window):
        continue
    texts += [widget.accessibleName(), widget.toolTip(), widget.windowTitle()]
    if isinstance(widget, (QLabel, QAbstractButton)):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
for action in window.menuBar().actions():
    texts.append(action.text())
    if action.menu() is not None:
        texts += [a.text() for a in action.menu().actions() if a.isVisible()]
print(json.dumps({
    "texts": [t for t in texts if t],
    "unlock_page": window.unlock_page is not None,
    "names": [app.applicationName(), app.applicationDisplayName(), app.desktopFileName(),
              app.arguments()[0], app.organizationName(), app.organizationDomain()],
    "app_icon": image(window.windowIcon()) == image(load_icon(APP_ICON))
        or image(QApplication.windowIcon()) == image(load_icon(APP_ICON)),
    "neutral_icon": image(window.windowIcon()) == image(load_icon(NEUTRAL_ICON)),
}))
"""

# How each interface language names the program or what it is (a vault of evidence).
_TELLS = {
    "en": ("evidence", "vault"),
    "be": ("evidence", "vault", "сховішч", "доказ"),
    "ru": ("evidence", "vault", "хранилищ", "доказ"),
    "uk": ("evidence", "vault", "сховищ", "доказ"),
}


@pytest.fixture(scope="module")
def locked_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A neutral folder name: the default one is named after the program (SECURITY.md).
    folder = tmp_path_factory.mktemp("disguise") / "notes"
    vault, _recovery = Vault.create(folder, "quiet river under seven bridges", params=FLOOR)
    vault.lock()
    return folder


def _launch(args: list[str], language: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANGUAGE="")
    env["LANG"] = env["LC_ALL"] = {"en": "en_US.UTF-8", "be": "be_BY.UTF-8", "ru": "ru_RU.UTF-8",
                   "uk": "uk_UA.UTF-8"}[language]  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize("language", ["en", "be", "ru", "uk"])
def test_neutral_launch_shows_nothing_that_names_the_program(
    locked_vault: Path, language: str
) -> None:
    report = _launch(["--neutral", "--vault", str(locked_vault)], language)
    assert report["unlock_page"]
    shown = [*report["texts"], *report["names"]]
    named = [text for text in shown for tell in _TELLS[language] if tell in text.casefold()]
    assert named == [], named
    assert "evidence-vault" not in report["names"][3]  # argv[0]: X11's WM_CLASS instance
    assert not report["app_icon"] and report["neutral_icon"]


def test_an_ordinary_launch_still_names_the_program(locked_vault: Path) -> None:
    # The check above can fail: without the flag the same window names the program.
    report = _launch(["--vault", str(locked_vault)], "en")
    assert report["unlock_page"] and report["app_icon"]
    assert "Evidence Vault" in report["names"]
    assert any("vault" in text.casefold() for text in report["texts"])


def test_the_vault_setting_disguises_the_locked_screen_after_a_lock(
    qtbot: QtBot, gui: Gui
) -> None:
    # An ordinary launch with "Show a neutral window title" on: once unlocked, the lock
    # that follows shows the notes program's locked screen too, not "Unlock the vault".
    window = gui.window
    create_vault(qtbot, gui)
    window.apply_settings(dataclasses.replace(window.settings, neutral_title=True))
    with qtbot.waitSignal(window.vault_locked):
        window.lock()
    page = window.unlock_page
    assert page is not None
    assert window.windowTitle() == "Notes" and page.title.text() == "Notes are locked"
    assert not page.folder_label.isVisibleTo(window)
    assert not page.shares_button.isVisibleTo(window)
    menus = window.menuBar().actions()
    assert [action.text() for action in menus] == ["&File"]
    listed = [a.text() for a in menus[0].menu().actions() if a.isVisible() and a.text()]
    assert listed == ["&Wipe…", "&Quit"]
    unlock(qtbot, gui)  # the disguised page still unlocks
    assert window.workspace is not None
