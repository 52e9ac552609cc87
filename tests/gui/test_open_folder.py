"""A vault outside the default folder opens from the window: the first screen offers
"Open a vault folder…" beside "Create", reached by the keyboard; a folder that holds a
vault is recognised (chosen there, or typed as the folder of a new vault) and offered for
unlocking instead of failing."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui.application import Gui
from app.storage.vault import Vault

from .conftest import PASSPHRASE, unlock


def _stick_vault(tmp_path: Path) -> Path:
    folder = tmp_path / "stick" / "EvidenceVault"
    vault, _recovery = Vault.create(folder, PASSPHRASE, params=FLOOR)
    vault.lock()
    return folder


def _tab_to(qtbot: QtBot, start: QWidget, target: QWidget, limit: int = 12) -> None:
    """Tab from ``start`` until ``target`` has the focus, as a keyboard user would."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(limit):
        if start.window().focusWidget() is target:
            return
        now = start.window().focusWidget()
        assert now is not None, "focus disappeared"
        qtbot.keyClick(now, Qt.Key.Key_Tab)
        QApplication.processEvents()
    assert start.window().focusWidget() is target, "not reachable by Tab"


def _choose_in_dialog(qtbot: QtBot, dialog: QFileDialog, folder: Path) -> None:
    """Put the folder's path into the (Qt, non-native) chooser's name field and press
    Enter. Set at once, not typed: the chooser's completion rewrites a path typed one key
    at a time (as it would for a person who types slowly and ignores its suggestions)."""
    qtbot.waitUntil(dialog.isVisible)
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    name.setFocus()
    name.setText(str(folder))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def test_open_a_vault_folder_from_the_first_screen_by_keyboard(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    folder = _stick_vault(tmp_path)
    page = gui.window.create_page
    assert page is not None, "no vault in the default folder: the first screen is Create"
    button = page.open_button
    assert button.text().replace("&", "") == "Open a vault folder…"
    _tab_to(qtbot, page.passphrase, button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = page.folder_dialog
    assert dialog is not None
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    _choose_in_dialog(qtbot, dialog, folder)

    qtbot.waitUntil(lambda: gui.window.unlock_page is not None)
    unlock_page = gui.window.unlock_page
    assert unlock_page is not None and unlock_page.folder == folder
    assert str(folder) in unlock_page.folder_label.text()
    unlock(qtbot, gui)
    assert gui.window.folder == folder


def test_the_folder_above_a_vault_is_recognised(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    # The stick itself is chosen, not the vault folder on it.
    folder = _stick_vault(tmp_path)
    page = gui.window.create_page
    assert page is not None
    page.open_button.click()
    assert page.folder_dialog is not None
    _choose_in_dialog(qtbot, page.folder_dialog, folder.parent)
    qtbot.waitUntil(lambda: gui.window.unlock_page is not None)
    assert gui.window.unlock_page is not None
    assert gui.window.unlock_page.folder == folder


def test_a_folder_without_a_vault_says_so_and_stays_on_create(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    page = gui.window.create_page
    assert page is not None
    before = page.folder.text()
    page.open_button.click()
    assert page.folder_dialog is not None
    _choose_in_dialog(qtbot, page.folder_dialog, empty)
    qtbot.waitUntil(lambda: bool(page.message.text()))
    assert "no vault" in page.message.text()
    assert gui.window.create_page is page and gui.window.unlock_page is None
    assert page.folder.text() == before


def test_creating_in_a_folder_that_holds_a_vault_offers_to_unlock_it(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    folder = _stick_vault(tmp_path)
    page = gui.window.create_page
    assert page is not None
    page.folder.setText(str(folder))
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: gui.window.unlock_page is not None)
    unlock_page = gui.window.unlock_page
    assert unlock_page is not None and unlock_page.folder == folder
    assert "already holds a vault" in unlock_page.message.text()
    assert not unlock_page.message.text().startswith("The action could not")
    unlock(qtbot, gui)
    assert gui.window.folder == folder


def test_unlock_page_other_folder_switches_to_the_vault_chosen(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    first = _stick_vault(tmp_path)
    second = tmp_path / "second"
    vault, _recovery = Vault.create(second, PASSPHRASE, params=FLOOR)
    vault.lock()
    gui.window.folder = first
    gui.window.show_locked_screen()
    page = gui.window.unlock_page
    assert page is not None
    page.other_folder.click()
    assert page.folder_dialog is not None
    _choose_in_dialog(qtbot, page.folder_dialog, second)
    qtbot.waitUntil(lambda: gui.window.unlock_page is not None
                    and gui.window.unlock_page.folder == second)  # fmt: skip
    unlock(qtbot, gui)
    assert gui.window.folder == second
