"""Create, unlock, lock, auto-lock and quick-lock, driven through the widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.passphrase_policy import Strength, estimate
from app.gui.application import Gui
from app.gui.session_jobs import GuiSettings

from .conftest import PASSPHRASE, create_vault, unlock


def test_passphrase_strength_has_a_minimum() -> None:
    assert estimate("short").strength is Strength.TOO_SHORT
    assert estimate("aaaaaaaaaaaa").strength is Strength.WEAK
    assert estimate(PASSPHRASE).acceptable
    assert not estimate("password12").acceptable


def test_create_refuses_weak_or_mismatched_passphrase(qtbot: QtBot, gui: Gui) -> None:
    page = gui.window.create_page
    assert page is not None
    page.passphrase.setText("tooshort")
    page.confirmation.setText("tooshort")
    assert not page.create_button.isEnabled()
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE + "x")
    assert not page.create_button.isEnabled()
    assert "differ" in page.strength_text.text()


def test_recovery_key_check_needs_the_last_group(qtbot: QtBot, gui: Gui) -> None:
    page = gui.window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
    page.last_group.setText("WRONG")
    assert not page.done_button.isEnabled()
    key = page.recovery_text.text()
    page.last_group.setText(key.rsplit("-", 1)[1])
    assert page.done_button.isEnabled()
    page.done_button.click()
    qtbot.waitUntil(lambda: gui.window.workspace is not None)
    assert page.recovery_text.text() == ""  # shown once, then gone


def test_wrong_passphrase_then_right_one_and_recovery_key(qtbot: QtBot, gui: Gui) -> None:
    key = create_vault(qtbot, gui)
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock()
    assert gui.window.workspace is None
    page = gui.window.unlock_page
    assert page is not None
    page.secret.setText("not the passphrase at all")
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=20_000)
    assert page.message.text() == "This passphrase does not open the vault."
    assert page.secret.text() == ""
    assert gui.window.workspace is None
    unlock(qtbot, gui)
    assert gui.window.workspace is not None
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock()
    unlock(qtbot, gui, key)  # the recovery key opens it too


def test_auto_lock_after_idle_time(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    assert gui.idle.armed
    gui.idle.set_interval_ms(150)
    with qtbot.waitSignal(gui.window.vault_locked, timeout=5_000):
        pass
    assert gui.window.workspace is None
    assert gui.window.unlock_page is not None


def test_input_postpones_auto_lock(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    gui.idle.set_interval_ms(400)
    workspace = gui.window.workspace
    assert workspace is not None
    # Someone keeps typing for twice the idle time: the vault stays open.
    for _ in range(8):
        qtbot.wait(100)
        qtbot.keyClick(workspace.testimonies.search, Qt.Key.Key_Shift)
    assert gui.window.workspace is workspace
    with qtbot.waitSignal(gui.window.vault_locked, timeout=5_000):
        pass  # and once they stop, it locks


def test_quick_lock_shortcut_locks_and_hides(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    gui.window.activateWindow()
    with qtbot.waitSignal(gui.window.vault_locked, timeout=5_000):
        gui.window.quick_lock_shortcut.activated.emit()
    assert gui.window.workspace is None
    assert gui.window.isMinimized() or not gui.window.isVisible()


def test_settings_live_in_the_vault_and_apply(qtbot: QtBot, gui: Gui) -> None:
    from app.gui import session_jobs

    create_vault(qtbot, gui)
    chosen = GuiSettings(language="uk", auto_lock_minutes=3, neutral_title=True)
    with qtbot.waitCallback() as saved:
        gui.client.submit(session_jobs.save_settings(chosen), on_done=saved)
    assert saved.args[0] == chosen
    gui.window.apply_settings(saved.args[0])
    assert gui.window.windowTitle() == "Нотатки"
    assert gui.idle.interval_ms == 3 * 60 * 1000
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock()
    # Locked, the title stays neutral; unlocking reads the settings back from the vault.
    assert gui.window.windowTitle() == "Нотатки"
    unlock(qtbot, gui)
    assert gui.window.settings == chosen


def test_keyboard_only_unlock_and_lock(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock_action.trigger()  # Ctrl+L
    page = gui.window.unlock_page
    assert page is not None
    assert page.secret.hasFocus() or gui.app.focusWidget() in (page.secret, None)
    qtbot.keyClicks(page.secret, PASSPHRASE)
    with qtbot.waitSignal(gui.window.vault_unlocked, timeout=20_000):
        qtbot.keyClick(page.secret, Qt.Key.Key_Return)
    assert gui.window.lock_action.shortcut().toString() == "Ctrl+L"


def test_controls_carry_accessible_names(qtbot: QtBot, gui: Gui) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTableView,
    )

    from .flow_steps import add_case, add_testimony

    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Accessible")
    add_testimony(qtbot, gui, "A-1")
    workspace = gui.window.workspace
    assert workspace is not None
    workspace.editor.add_incident_button.click()
    unnamed = []
    for widget in workspace.findChildren(QLineEdit) + workspace.findChildren(QPlainTextEdit) \
            + workspace.findChildren(QComboBox) + workspace.findChildren(QTableView):
        if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            continue  # the editor inside an editable combo box or spin box
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    for button in workspace.findChildren(QAbstractButton):
        if not (button.text() or button.accessibleName()) and button.isVisibleTo(workspace):
            unnamed.append(type(button).__name__)
    assert unnamed == []


def test_change_passphrase(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    dialog = gui.window.open_passphrase_dialog()
    new = "another long phrase for the vault"
    dialog.current.setText("not the current one")
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    dialog.change_button.click()
    qtbot.waitUntil(lambda: dialog.feedback.text() == "This passphrase does not open the vault.",
                    timeout=20_000)  # fmt: skip
    dialog.current.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=20_000):
        dialog.change_button.click()
    with qtbot.waitSignal(gui.window.vault_locked):
        gui.window.lock()
    page = gui.window.unlock_page
    assert page is not None
    page.secret.setText(PASSPHRASE)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=20_000)  # the old one is refused
    unlock(qtbot, gui, new)


def test_sync_screen_without_a_profile(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    dialog = gui.window.open_sync_dialog()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10_000)
    assert dialog.state.profile_name == ""
    assert "No platform profile" in dialog.profile.text()
    assert not dialog.sync_button.isEnabled()
    assert dialog.table.rowCount() == 0
    dialog.accept()
