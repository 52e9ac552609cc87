"""The editor's banner over a sealed version names its trusted timestamp: the authority
and the time it attested, in local time as the interface's locale writes it; a sealed
version without one says only when it was sealed. A real vault, a real authority on
loopback (OpenSSL ``ts``), the real editor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui.vault_worker import JobContext, VaultClient
from app.storage.vault import Vault
from tests.package.support import PASSPHRASE, create_vault, sealed_testimony

from .test_timestamp_window import _stamped_package
from .tsa import Authority, AuthorityServer


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened = create_vault(tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def client(qtbot: QtBot) -> Iterator[VaultClient]:
    worker = VaultClient()
    yield worker
    worker.shutdown()


def test_the_sealed_banner_says_who_timestamped_the_version_and_when(
    qtbot: QtBot, client: VaultClient, vault: Vault, tsa: AuthorityServer,
    authority: Authority, tmp_path: Path,
) -> None:
    from app.core import custody
    from app.core.vocabulary import default_vocabulary
    from app.gui.locale_format import moment_text
    from app.gui.testimony_editor import TestimonyEditor
    from app.services.session import Session

    _stamped_package(vault, tsa.url, authority, tmp_path / "checker")
    [stamped] = [row[0] for row in vault.connection.execute("SELECT id FROM testimonies")]
    [event] = [e for e in custody.events(vault.connection, stamped)
               if e.action == "timestamped"]  # fmt: skip
    plain = sealed_testimony(vault, {"b.jpg": os.urandom(200)})  # sealed, never stamped
    folder = vault.folder
    vault.lock()  # the worker opens the vault on its own thread
    opened: list[object] = []

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(folder, PASSPHRASE))

    client.submit(unlock, on_done=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    editor = TestimonyEditor(client, default_vocabulary(), "en")
    qtbot.addWidget(editor)
    editor.show()

    editor.open(stamped)
    expected = f"Timestamped by tsa-1 at {moment_text(str(event.details['attested_at']))}"
    qtbot.waitUntil(lambda: expected in editor.sealed_banner.text(), timeout=10_000)
    assert editor.sealed_banner.isVisible()
    assert "Sealed on" in editor.sealed_banner.text()  # what it said before stays

    editor.open(plain)
    qtbot.waitUntil(lambda: editor.opened is not None
                    and editor.opened.testimony.id == plain, timeout=10_000)  # fmt: skip
    qtbot.wait(300)  # the (empty) timestamp answer for this version has come back
    assert "Sealed on" in editor.sealed_banner.text()
    assert "Timestamped" not in editor.sealed_banner.text()
