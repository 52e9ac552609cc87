"""Fixtures for the desktop interface tests: a fresh application around a vault folder.

Each GUI is built by the same composition root the program uses, with the Argon2id floor
instead of calibration (a test should not spend seconds measuring the machine) and a
private vault folder under tmp_path. Teardown closes the window (which locks the vault on
its thread and joins the thread) and removes what the root installed on the shared
QApplication, so tests do not see each other's state.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui.application import Gui, build_application

PASSPHRASE = "quiet river under seven bridges"
_FAILURES: dict[int, list[object]] = {}


def make_gui(folder: Path, language: str = "en") -> Gui:
    built = build_application(
        ["evidence-vault"], folder=folder, kdf_params=FLOOR, language=language
    )
    # A job failure nobody handled would show a dialog; in a test it is a failure.
    failures: list[object] = []
    built.window.job_failure_shown.connect(failures.append)
    _FAILURES[id(built)] = failures
    return built


def close_gui(gui: Gui) -> None:
    failures = _FAILURES.pop(id(gui), [])
    gui.window.close()
    gui.client.shutdown()
    gui.app.removeEventFilter(gui.idle)
    gui.idle.disarm()
    gui.translations.install("en")
    gui.window.deleteLater()
    # Collect the test's cyclic garbage here, at a safe point: a collection that happens
    # to run inside Qt's disconnect (as pytest-qt's signal waits do) destroys QObjects
    # while Qt holds the connection lock, and the process hangs.
    gc.collect()
    assert not failures, f"unhandled job failures: {failures}"


@pytest.fixture
def gui(qtbot: QtBot, tmp_path: Path) -> Iterator[Gui]:
    built = make_gui(tmp_path / "vault")
    qtbot.addWidget(built.window)
    built.window.show()
    yield built
    close_gui(built)


def create_vault(qtbot: QtBot, gui: Gui, passphrase: str = PASSPHRASE) -> str:
    """Drive the first-run screens; returns the recovery key that was shown."""
    page = gui.window.create_page
    assert page is not None
    page.passphrase.setText(passphrase)
    page.confirmation.setText(passphrase)
    assert page.create_button.isEnabled()
    page.create_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
    key = page.recovery_text.text()
    assert key.count("-") >= 3
    with qtbot.waitSignal(gui.window.vault_unlocked, timeout=10_000):
        page.last_group.setText(key.rsplit("-", 1)[1].lower())
        assert page.done_button.isEnabled()
        page.done_button.click()
    return key


def unlock(qtbot: QtBot, gui: Gui, secret: str = PASSPHRASE) -> None:
    page = gui.window.unlock_page
    assert page is not None
    with qtbot.waitSignal(gui.window.vault_unlocked, timeout=20_000):
        page.secret.setText(secret)
        page.unlock_button.click()



@pytest.fixture
def no_os_keyring() -> Iterator[None]:
    """keyring's "fail" backend for the test: it means "no secure keyring here", so an
    imported device token goes into the vault, and the tester's own keyring is never
    touched."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # keyring ships no annotations here
    yield
    keyring.set_keyring(previous)
