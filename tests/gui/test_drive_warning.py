"""The window warns of a FAT or exFAT drive, as ``init`` on the command line does: where a
vault is created (as soon as the folder is named), where one is opened, and in the export
dialog for the folder chosen. The warning is a status label, read by a screen reader as
its text and spoken when it appears. The drive's type is imitated as the platform tests
imitate it (``private.filesystem_type``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.drive_warning import PACKAGE, VAULT, DriveWarning
from app.gui.startup_pages import UnlockPage
from app.platform import private

from .conftest import create_vault

NO_PERMISSIONS = "keeps no owner and no permissions"


def _sticks(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Folders under a "stick" folder are on a drive of type ``kind``; the rest ext4."""
    monkeypatch.setattr(
        private, "filesystem_type", lambda path: kind if "stick" in Path(path).parts else "ext4"
    )


def heard(label: DriveWarning) -> tuple[str, str]:
    interface = QAccessible.queryAccessibleInterface(label)
    assert interface is not None
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def test_creating_a_vault_on_a_stick_warns_as_soon_as_the_folder_is_named(
    qtbot: QtBot, gui: Gui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sticks(monkeypatch, "exfat")
    page = gui.window.create_page
    assert page is not None
    warning = page.drive_warning
    qtbot.wait(600)  # the default folder, checked once the page settles: on ext4
    assert not warning.isVisible() and warning.text() == ""
    page.folder.setText(str(tmp_path / "stick" / "vault"))  # typed: checked when it settles
    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    text = warning.text()
    assert NO_PERMISSIONS in text and "exFAT" in text and "vault's files" in text
    # A screen reader reads the warning itself, and what it is about; it is spoken when it
    # appears, without taking the focus from the passphrase.
    assert heard(warning) == (text, "About the drive of this folder")
    assert warning._announce == QAccessible.AnnouncementPoliteness.Polite
    page.folder.setText(str(tmp_path / "home" / "vault"))
    qtbot.waitUntil(lambda: not warning.isVisible(), timeout=5_000)
    assert warning.text() == ""
    # The vault is still created there: the files are encrypted; the warning is advice.
    page.folder.setText(str(tmp_path / "stick" / "vault"))
    create_vault(qtbot, gui)
    assert (tmp_path / "stick" / "vault").is_dir()


def test_opening_a_vault_from_a_stick_warns(
    qtbot: QtBot, gui: Gui, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    create_vault(qtbot, gui)
    _sticks(monkeypatch, "vfat")
    gui.window.lock()
    qtbot.waitUntil(lambda: gui.window.unlock_page is not None)
    page = gui.window.unlock_page
    assert page is not None and not page.drive_warning.isVisible()  # the vault is on ext4
    on_stick = UnlockPage(tmp_path / "stick" / "vault")
    qtbot.addWidget(on_stick)
    on_stick.show()
    said = on_stick.drive_warning.text()
    assert on_stick.drive_warning.isVisible() and NO_PERMISSIONS in said and "FAT" in said
    # The neutral window names no vault, so it says nothing about one either.
    neutral = UnlockPage(tmp_path / "stick" / "vault", neutral=True)
    qtbot.addWidget(neutral)
    neutral.show()
    assert not neutral.drive_warning.isVisible() and neutral.drive_warning.text() == ""


def test_the_package_warning_names_fat32s_limit_and_exfats_lack_of_one(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    warning = DriveWarning(PACKAGE)
    qtbot.addWidget(warning)
    for kind, limit_named in (("vfat", True), ("msdos", True), ("fat32", True), ("exfat", False)):
        _sticks(monkeypatch, kind)
        warning.check(tmp_path / "stick")
        assert NO_PERMISSIONS in warning.text() and "the package is encrypted" in warning.text()
        assert ("4 GiB" in warning.text()) is limit_named, kind
    _sticks(monkeypatch, "ntfs")
    warning.check(tmp_path / "stick")
    assert warning.text() == "" and warning.isHidden()
    # A drive the system does not name (None), and an empty field: no warning.
    monkeypatch.setattr(private, "filesystem_type", lambda path: None)
    warning.check(tmp_path / "stick")
    warning.check("")
    assert warning.text() == ""
    assert DriveWarning(VAULT).subject == VAULT
