"""The unlock page and the passphrase dialog name the group of a mistyped recovery key,
in the interface language, instead of "This passphrase does not open the vault"."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from tests.gui.conftest import PASSPHRASE, create_vault, unlock


def _typo_in_group(key: str, number: int) -> str:
    groups = key.split("-")
    group = groups[number - 1]
    if group[0] != group[1]:
        groups[number - 1] = group[1] + group[0] + group[2:]
    else:
        groups[number - 1] = group[:4] + ("0" if group[4] != "0" else "1")
    return "-".join(groups)


def _unlock_message(qtbot: QtBot, gui: Gui, secret: str) -> str:
    page = gui.window.unlock_page
    assert page is not None
    page.message.clear()
    page.secret.setText(secret)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=20_000)
    assert gui.window.workspace is None
    return page.message.text()


def test_the_unlock_page_names_the_group(qtbot: QtBot, gui: Gui) -> None:
    key = create_vault(qtbot, gui)
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock()
    assert _unlock_message(qtbot, gui, _typo_in_group(key, 5)) == (
        "Group 5 of the recovery key has a typing mistake: check it."
    )
    two = _typo_in_group(_typo_in_group(key, 2), 7)
    assert _unlock_message(qtbot, gui, two.lower()) == (
        "Groups 2 and 7 of the recovery key have a typing mistake: check them."
    )
    gui.window.set_language("ru")
    assert _unlock_message(qtbot, gui, _typo_in_group(key, 3)) == (
        "В группе 3 ключа восстановления опечатка: проверьте её."
    )
    gui.window.set_language("en")
    unlock(qtbot, gui, key)  # the key as printed opens it


def test_the_passphrase_dialog_names_the_group(qtbot: QtBot, gui: Gui) -> None:
    key = create_vault(qtbot, gui)
    dialog = gui.window.open_passphrase_dialog()
    new = "another long phrase for the vault"
    dialog.current.setText(_typo_in_group(key, 8))
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    dialog.change_button.click()
    expected = "Group 8 of the recovery key has a typing mistake: check it."
    qtbot.waitUntil(lambda: dialog.feedback.text() == expected, timeout=20_000)
    dialog.current.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=20_000):
        dialog.change_button.click()
