"""``evidence-vault --vault DIR`` opens the window on DIR.

The real entry point (``app.__main__.main``) runs through ``launch`` and
``run_application`` into the real composition root; only the event loop is left out
(``exec`` returns at once), so the window is looked at as it is first shown.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.__main__ import main
from app.crypto.kdf import FLOOR
from app.gui import application
from app.gui.application import Gui
from app.services.session import default_vault_folder
from app.storage.vault import Vault
from tests.gui.conftest import close_gui

_BUILD = application.build_application


class _NoEventLoop:
    def exec(self) -> int:
        return 0


def _first_page_of(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """Run ``main(argv)``; which page its window shows first, for which folder."""
    built: list[Gui] = []

    def build(args: Sequence[str] | None = None, **options: Any) -> Gui:
        gui = _BUILD(args, **options)
        built.append(gui)
        return dataclasses.replace(gui, app=_NoEventLoop())  # type: ignore[arg-type]

    monkeypatch.setattr(application, "build_application", build)
    umask = os.umask(0o077)
    try:
        assert main(argv) == 0
    finally:
        os.umask(umask)
    (gui,) = built
    try:
        assert gui.window.isVisible()
        if gui.window.unlock_page is not None:
            return "unlock", gui.window.unlock_page.folder
        assert gui.window.create_page is not None  # its folder field, filled in
        return "create", Path(gui.window.create_page.folder.text())
    finally:
        close_gui(gui)


def test_vault_option_alone_opens_the_unlock_page_of_that_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "on-a-stick"
    vault, _recovery = Vault.create(folder, "quiet river under seven bridges", params=FLOOR)
    vault.lock()
    assert folder != default_vault_folder()
    assert _first_page_of(["--vault", str(folder)], monkeypatch) == ("unlock", folder)
    assert _first_page_of([f"--vault={folder}"], monkeypatch) == ("unlock", folder)


def test_an_empty_folder_opens_the_create_page_for_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new-vault"
    assert _first_page_of(["--vault", str(folder)], monkeypatch) == ("create", folder)


def test_no_argument_opens_the_default_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _page, folder = _first_page_of([], monkeypatch)
    assert folder == default_vault_folder()
