"""Seizure and coercion in the window, on real vaults: wipe with a countdown (cancelled
by Escape or Cancel, or run out), re-key with the new recovery key shown once, the wipe
after failed unlocks, recovery shares (split, saved, printed, then used to reset a
forgotten passphrase), a database older than its keys (read-only, then accepted), and a
profile that sends packages elsewhere (both fingerprints side by side; kept, or replaced
only after the explicit confirmation), from Settings and from the sync window.

What the window did is checked independently: the folder opened with ``Session.unlock``
in the test's own thread after the window locked, and the custody log read on the worker.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core import custody
from app.core.cases import add_case
from app.core.records import parse_case_input
from app.core.settings import PLATFORM_RECIPIENT, read_value
from app.errors import NotFoundError, ReadOnlyVaultError, WrongPassphraseError
from app.gui.application import Gui
from app.gui.coercion_dialogs import (
    PRINTING,
    ProfileSwapDialog,
    RekeyDialog,
    ShareResetDialog,
    SharesDialog,
    WipeDialog,
    split_share_texts,
)
from app.gui.sync_dialog import SyncDialog
from app.services import coercion
from app.services.session import Session, holds_vault
from app.sync.profile import fingerprint
from tests.owner_only import is_owner_only
from tests.sync.pki import ServerPki

from .conftest import PASSPHRASE, create_vault, unlock
from .test_settings_dialog import (  # noqa: F401 - module fixtures used here
    MemoryKeyring,
    on_worker,
    open_settings,
    pki,
    profile_file,
    receipt_key,
    save,
)

NEW_PASSPHRASE = "seven lanterns over the frozen harbour"


def folder_of(gui: Gui) -> Path:
    return gui.window.folder


def lock(qtbot: QtBot, gui: Gui) -> None:
    with qtbot.waitSignal(gui.window.vault_locked, timeout=10_000):
        gui.window.lock()


def opens_with(folder: Path, secret: str) -> bool:
    try:
        Session.unlock(folder, secret).lock()
    except WrongPassphraseError:
        return False
    return True


# -- wipe --------------------------------------------------------------------------------------


def test_wipe_is_cancelled_by_escape_and_by_cancel(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    gui.window.wipe_countdown_seconds = 2
    assert gui.window.wipe_action.isEnabled()

    # Cancel on the warning: the countdown never starts.
    dialog = gui.window.open_wipe_dialog()
    assert isinstance(dialog, WipeDialog)
    assert dialog.cancel_button.isDefault() and not dialog.start_button.isDefault()
    assert "nothing in it can be recovered" in dialog.warning.text()
    dialog.cancel_button.click()
    assert not dialog.isVisible()

    # Escape during the countdown stops it.
    dialog = gui.window.open_wipe_dialog()
    assert isinstance(dialog, WipeDialog)
    with qtbot.waitSignal(dialog.countdown_started):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.steps.currentIndex() == 1 and dialog.stop_button.isDefault()
    assert dialog.countdown.text() == "Wiping in 2 s…"
    timer = dialog.timer
    with qtbot.assertNotEmitted(gui.window.vault_wiped, wait=2600):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and not timer.isActive()
    assert holds_vault(folder)

    # The focused Cancel button during the countdown stops it too.
    dialog = gui.window.open_wipe_dialog()
    assert isinstance(dialog, WipeDialog)
    dialog.start_countdown()
    with qtbot.assertNotEmitted(gui.window.vault_wiped, wait=2600):
        qtbot.keyClick(dialog.stop_button, Qt.Key.Key_Space)

    assert gui.window.workspace is not None and holds_vault(folder)
    lock(qtbot, gui)
    assert opens_with(folder, PASSPHRASE)


def test_wipe_runs_out_erases_the_vault_and_shows_the_first_screen(
    qtbot: QtBot, gui: Gui
) -> None:
    key = create_vault(qtbot, gui)
    folder = folder_of(gui)
    gui.window.wipe_countdown_seconds = 1
    dialog = gui.window.open_wipe_dialog()
    assert isinstance(dialog, WipeDialog)
    with qtbot.waitSignal(gui.window.vault_wiped, timeout=10_000):
        dialog.start_countdown()
    assert gui.window.workspace is None and gui.window.create_page is not None
    assert not dialog.isVisible()
    assert not (folder / "keyslots").exists() and not (folder / "vault.db").exists()
    for secret in (PASSPHRASE, key):
        with pytest.raises(NotFoundError):
            Session.unlock(folder, secret)


def test_wipe_from_the_unlock_screen(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    lock(qtbot, gui)
    assert gui.window.unlock_page is not None and gui.window.wipe_action.isEnabled()
    gui.window.wipe_countdown_seconds = 1
    dialog = gui.window.open_wipe_dialog()
    assert isinstance(dialog, WipeDialog)
    with qtbot.waitSignal(gui.window.vault_wiped, timeout=10_000):
        dialog.start_countdown()
    assert gui.window.create_page is not None and not holds_vault(folder)


# -- re-key ------------------------------------------------------------------------------------


def test_rekey_shows_the_new_recovery_key_once_and_kills_the_old_one(
    qtbot: QtBot, gui: Gui
) -> None:
    old_key = create_vault(qtbot, gui)
    folder = folder_of(gui)
    dialog = gui.window.open_rekey_dialog()
    assert isinstance(dialog, RekeyDialog)

    # A wrong passphrase is refused and nothing changes.
    dialog.current.setText("not the passphrase at all")
    dialog.rekey_button.click()
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 0 and bool(dialog.feedback.text()),
                    timeout=20_000)  # fmt: skip
    assert dialog.feedback.text() == "This passphrase does not open the vault."
    # The recovery key alone cannot keep a passphrase it does not know.
    dialog.current.setText(old_key)
    dialog.rekey_button.click()
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 0 and bool(dialog.feedback.text()),
                    timeout=20_000)  # fmt: skip
    assert dialog.feedback.text() == "With the recovery key, also choose a new passphrase."

    dialog.current.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.rekeyed, timeout=30_000):
        dialog.rekey_button.click()
    new_key = dialog.recovery.recovery_text.text()
    assert new_key.count("-") >= 3 and new_key != old_key
    assert "no longer open the vault" in dialog.recovery.intro.text()
    # Escape does not lose the key before it was confirmed.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.recovery.last_group.setText(new_key.rsplit("-", 1)[1].lower())
    with qtbot.waitSignal(dialog.accepted):
        dialog.recovery.done_button.click()
    assert dialog.recovery.recovery_text.text() == ""

    def events(ctx: Any) -> list[str]:
        return [e.action for e in custody.events(ctx.session.connection, custody.VAULT_CHAIN)]

    assert on_worker(qtbot, gui, events)[-1] == "rekeyed"
    lock(qtbot, gui)
    assert not opens_with(folder, old_key)
    assert opens_with(folder, new_key)
    assert opens_with(folder, PASSPHRASE)


def test_rekey_with_a_new_passphrase(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    dialog = gui.window.open_rekey_dialog()
    assert isinstance(dialog, RekeyDialog)
    dialog.current.setText(PASSPHRASE)
    dialog.change_passphrase.setChecked(True)
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.repeat.setText(NEW_PASSPHRASE + "x")
    assert not dialog.rekey_button.isEnabled()
    assert dialog.feedback.text() == "The two passphrases differ."
    dialog.repeat.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.rekeyed, timeout=30_000):
        dialog.rekey_button.click()
    assert dialog.current.text() == dialog.new.text() == ""
    gui.window.lock()  # a lock takes the key off the screen even before it was confirmed
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not gui.client.busy, timeout=10_000)
    assert not opens_with(folder, PASSPHRASE)
    assert opens_with(folder, NEW_PASSPHRASE)


# -- wipe after failed unlocks -----------------------------------------------------------------


def test_failed_unlock_limit_is_set_in_settings_and_wipes(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    dialog = open_settings(qtbot, gui)
    qtbot.waitUntil(dialog.wipe_after_failures.isEnabled, timeout=10_000)
    assert not dialog.wipe_after_failures.isChecked() and not dialog.unlock_limit.isEnabled()
    assert dialog.unlock_limit.minimum() == 3 and dialog.unlock_limit.maximum() == 255
    dialog.wipe_after_failures.setChecked(True)
    dialog.unlock_limit.setValue(3)
    save(qtbot, dialog)
    assert on_worker(qtbot, gui, lambda ctx: coercion.failed_unlock_limit(ctx.session)) == 3

    # Turned off again, then on again at 3.
    dialog = open_settings(qtbot, gui)
    qtbot.waitUntil(dialog.wipe_after_failures.isChecked, timeout=10_000)
    assert dialog.unlock_limit.value() == 3
    dialog.wipe_after_failures.setChecked(False)
    save(qtbot, dialog)
    assert on_worker(qtbot, gui, lambda ctx: coercion.failed_unlock_limit(ctx.session)) == 0
    dialog = open_settings(qtbot, gui)
    qtbot.waitUntil(dialog.wipe_after_failures.isEnabled, timeout=10_000)
    dialog.wipe_after_failures.setChecked(True)
    dialog.unlock_limit.setValue(3)
    save(qtbot, dialog)

    lock(qtbot, gui)
    for attempt in range(1, 4):
        page = gui.window.unlock_page
        assert page is not None
        page.secret.setText(f"wrong guess number {attempt}")
        page.unlock_button.click()
        if attempt < 3:
            qtbot.waitUntil(lambda page=page: bool(page.message.text()), timeout=20_000)
            assert page.message.text() == "This passphrase does not open the vault."
    qtbot.waitUntil(lambda: gui.window.create_page is not None, timeout=20_000)
    assert not holds_vault(folder)


# -- recovery shares ---------------------------------------------------------------------------


def make_shares(qtbot: QtBot, gui: Gui, threshold: int, count: int) -> SharesDialog:
    dialog = gui.window.open_shares_dialog()
    assert isinstance(dialog, SharesDialog)
    dialog.count.setValue(count)
    dialog.threshold.setValue(threshold)
    with qtbot.waitSignal(dialog.shares_made, timeout=20_000):
        dialog.create_button.click()
    return dialog


def test_shares_are_saved_printed_and_reset_the_passphrase(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    dialog = gui.window.open_shares_dialog()
    assert isinstance(dialog, SharesDialog)
    dialog.threshold.setValue(4)
    dialog.count.setValue(3)  # fewer than needed: refused before anything is made
    assert not dialog.create_button.isEnabled()
    dialog.reject()

    dialog = make_shares(qtbot, gui, 2, 3)
    assert dialog.share_list.count() == 3
    assert dialog.share_list.item(2).text() == "Share 3 of 3"
    out = tmp_path / "shares"
    out.mkdir()
    paths = dialog.save_all_to(out)
    assert [p.name for p in paths] == ["share-1.txt", "share-2.txt", "share-3.txt"]
    for path in paths:
        assert is_owner_only(path)
        assert path.read_text(encoding="utf-8").startswith("# Evidence Vault recovery share")
    single = tmp_path / "only-two.txt"
    assert dialog.save_share_to(2, single)
    assert single.read_text(encoding="utf-8") == paths[1].read_text(encoding="utf-8")
    if PRINTING:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        pdf = tmp_path / "shares.pdf"
        printer.setOutputFileName(str(pdf))
        dialog.print_to(printer)
        data = pdf.read_bytes()
        # One page per share.
        assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 3
    with qtbot.waitSignal(dialog.finished):
        dialog.done_button.click()
    assert dialog.documents == ()

    lock(qtbot, gui)
    page = gui.window.unlock_page
    assert page is not None
    page.shares_button.click()
    reset = gui.window.findChild(ShareResetDialog)
    assert isinstance(reset, ShareResetDialog) and reset.isVisible()
    assert reset.add_share_file(paths[0])
    reset.new.setText(NEW_PASSPHRASE)
    reset.repeat.setText(NEW_PASSPHRASE)
    assert not reset.reset_button.isEnabled()  # one share of the two needed
    assert not reset.add_share_file(tmp_path / "missing.txt")
    # The second share typed as its document reads (header, words on several lines).
    reset.shares.setPlainText(
        reset.shares.toPlainText() + "\n" + paths[2].read_text(encoding="utf-8")
    )
    assert reset.count_label.text() == "Shares entered: 2"
    with qtbot.waitSignal(gui.window.vault_unlocked, timeout=30_000):
        reset.reset_button.click()
    assert gui.window.workspace is not None and not reset.isVisible()
    lock(qtbot, gui)
    assert not opens_with(folder, PASSPHRASE)
    assert opens_with(folder, NEW_PASSPHRASE)


def test_old_shares_are_refused_after_a_new_split(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    create_vault(qtbot, gui)
    dialog = make_shares(qtbot, gui, 2, 2)
    old = dialog.documents
    dialog.accept()
    make_shares(qtbot, gui, 2, 2).accept()
    lock(qtbot, gui)
    assert gui.window.unlock_page is not None
    reset = gui.window.open_share_reset_dialog(folder_of(gui))
    assert isinstance(reset, ShareResetDialog)
    reset.shares.setPlainText("\n\n".join(old))
    reset.new.setText(NEW_PASSPHRASE)
    reset.repeat.setText(NEW_PASSPHRASE)
    reset.reset_button.click()
    qtbot.waitUntil(lambda: not reset.running, timeout=30_000)
    assert "do not open this vault" in reset.feedback.text()
    # A word changed: core names the share and the word, after the translated lead.
    words = split_share_texts(old[0])[0].split()
    words[3] = "zebra" if words[3] != "zebra" else "academic"
    reset.shares.setPlainText(" ".join(words) + "\n\n" + split_share_texts(old[1])[0])
    reset.reset_button.click()
    qtbot.waitUntil(lambda: not reset.running and bool(reset.feedback.text()), timeout=30_000)
    assert reset.feedback.text().startswith("These shares cannot be combined.")
    assert reset.isVisible() and gui.window.workspace is None
    reset.reject()
    unlock(qtbot, gui)


# -- a database older than its keys ------------------------------------------------------------


def test_rollback_opens_read_only_until_accepted(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    create_vault(qtbot, gui)
    folder = folder_of(gui)
    lock(qtbot, gui)
    shutil.copy(folder / "vault.db", tmp_path / "old.db")
    unlock(qtbot, gui)

    def add(ctx: Any) -> str:
        case = add_case(ctx.session.connection, ctx.session.device,
                        parse_case_input({"title": "later"}), "t")  # fmt: skip
        return case.id

    on_worker(qtbot, gui, add)
    lock(qtbot, gui)
    shutil.copy(tmp_path / "old.db", folder / "vault.db")
    unlock(qtbot, gui)

    window = gui.window
    assert window.read_only
    box = window.rollback_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith(
        "This vault's database is older than its keys: it may have been replaced with an "
        "older copy."
    )
    banner = window.read_only_banner
    assert banner is not None and banner.isVisible() and "read-only" in banner.text()
    assert window.workspace is not None
    assert not window.workspace.cases.new_button.isVisible()
    assert not window.passphrase_action.isEnabled() and not window.rekey_action.isEnabled()
    assert window.wipe_action.isEnabled()
    box.close()

    def refused(ctx: Any) -> bool:
        try:
            add(ctx)
        except ReadOnlyVaultError:
            return True
        return False

    assert on_worker(qtbot, gui, refused)

    # Refused: still read-only.
    confirm = window.ask_accept_rollback()
    confirm.escapeButton().click()
    qtbot.wait(200)
    assert window.read_only and on_worker(qtbot, gui, refused)

    confirm = window.ask_accept_rollback()
    accept = next(b for b in confirm.buttons()
                  if confirm.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
    with qtbot.waitSignal(window.rollback_accepted, timeout=10_000):
        accept.click()
    assert not window.read_only and window.read_only_banner is None
    assert window.workspace is not None and window.workspace.cases.new_button.isVisible()
    assert window.passphrase_action.isEnabled()
    on_worker(qtbot, gui, add)

    def events(ctx: Any) -> list[str]:
        return [e.action for e in custody.events(ctx.session.connection, custody.VAULT_CHAIN)]

    assert "rollback_accepted" in on_worker(qtbot, gui, events)
    lock(qtbot, gui)
    with Session.unlock(folder, PASSPHRASE) as session:
        assert session.rollback is None


# -- a profile that sends packages elsewhere ---------------------------------------------------


def swap_dialog(qtbot: QtBot, parent: Any) -> ProfileSwapDialog:
    qtbot.waitUntil(lambda: parent.findChild(ProfileSwapDialog) is not None, timeout=10_000)
    found = parent.findChild(ProfileSwapDialog)
    assert isinstance(found, ProfileSwapDialog)
    qtbot.waitUntil(found.isVisible, timeout=5_000)
    return found


def stored_recipient(qtbot: QtBot, gui: Gui) -> str:
    return str(on_worker(qtbot, gui, lambda ctx: read_value(ctx.session.connection,
                                                             PLATFORM_RECIPIENT)))  # fmt: skip


def test_settings_refuses_a_swapped_profile_until_confirmed(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path  # noqa: F811
) -> None:
    create_vault(qtbot, gui)
    dialog = open_settings(qtbot, gui)
    assert dialog.platform_fingerprint.text() == "No platform key yet."
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    first_dir.mkdir()
    second_dir.mkdir()
    first, first_key = profile_file(first_dir, pki, receipt_key)
    with qtbot.waitSignal(dialog.profile_imported, timeout=10_000):
        dialog.import_file(first)
    qtbot.waitUntil(lambda: dialog.platform_fingerprint.text() == fingerprint(first_key),
                    timeout=10_000)  # fmt: skip

    second, second_key = profile_file(second_dir, pki, receipt_key)
    dialog.import_file(second)
    swap = swap_dialog(qtbot, dialog)
    old, new = swap.rows[0]
    assert (old.text(), new.text()) == (fingerprint(first_key), fingerprint(second_key))
    assert not swap.replace_button.isEnabled() and swap.keep_button.isDefault()
    qtbot.keyClick(swap, Qt.Key.Key_Escape)  # keeps the profile in use
    qtbot.waitUntil(lambda: "was kept" in dialog.import_outcome.text(), timeout=5_000)
    assert stored_recipient(qtbot, gui) == first_key

    dialog.import_file(second)
    swap = swap_dialog(qtbot, dialog)
    swap.compared.setChecked(True)
    with qtbot.waitSignal(dialog.profile_imported, timeout=10_000):
        swap.replace_button.click()
    qtbot.waitUntil(lambda: dialog.platform_fingerprint.text() == fingerprint(second_key),
                    timeout=10_000)  # fmt: skip
    assert stored_recipient(qtbot, gui) == second_key

    def replaced(ctx: Any) -> list[Any]:
        chain = custody.events(ctx.session.connection, custody.VAULT_CHAIN)
        return [e.details for e in chain if e.action == "profile_replaced"]

    (details,) = on_worker(qtbot, gui, replaced)
    assert details["changes"][0]["old"] == fingerprint(first_key)
    dialog.reject()


def test_sync_window_shows_the_key_fingerprint_and_confirms_a_swap(
    qtbot: QtBot, gui: Gui, tmp_path: Path, pki: ServerPki, receipt_key: Path  # noqa: F811
) -> None:
    create_vault(qtbot, gui)
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    first_dir.mkdir()
    second_dir.mkdir()
    first, first_key = profile_file(first_dir, pki, receipt_key)
    second, second_key = profile_file(second_dir, pki, receipt_key,
                                      url="https://elsewhere.example/files/")  # fmt: skip
    dialog = gui.window.open_sync_dialog()
    assert isinstance(dialog, SyncDialog)
    dialog.keyring_factory = MemoryKeyring
    dialog.import_file(first)
    qtbot.waitUntil(lambda: fingerprint(first_key) in dialog.platform_fingerprint.text(),
                    timeout=10_000)  # fmt: skip

    dialog.import_file(second)
    swap = swap_dialog(qtbot, dialog)
    shown = [(old.text(), new.text()) for old, new in swap.rows]
    assert (fingerprint(first_key), fingerprint(second_key)) in shown
    assert ("https://platform.example:8443/files/", "https://elsewhere.example/files/") in shown
    swap.keep_button.click()
    qtbot.waitUntil(lambda: dialog.outcome.text() == "The profile in use was kept.",
                    timeout=5_000)  # fmt: skip
    assert stored_recipient(qtbot, gui) == first_key

    dialog.import_file(second)
    swap = swap_dialog(qtbot, dialog)
    swap.compared.setChecked(True)
    swap.replace_button.click()
    qtbot.waitUntil(lambda: fingerprint(second_key) in dialog.platform_fingerprint.text(),
                    timeout=10_000)  # fmt: skip
    assert stored_recipient(qtbot, gui) == second_key
    dialog.reject()


def test_split_share_texts_reads_documents_and_plain_lines() -> None:
    document = "# Evidence Vault recovery share 1 of 2\n# Any 2\nalpha beta\ngamma\n"
    assert split_share_texts(document + document.replace("alpha", "delta")) == (
        "alpha beta gamma", "delta beta gamma",
    )
    assert split_share_texts("one two\n\n three \n") == ("one two", "three")
