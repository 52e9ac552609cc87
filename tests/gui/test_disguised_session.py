"""A window launched disguised marks every session it opens, so what the services leave
outside the vault under a name (the keyring entry) is named neutrally."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui import session_jobs
from app.gui.vault_worker import JobContext, VaultClient


@pytest.mark.parametrize("disguised", [True, False])
def test_sessions_opened_by_the_window_know_the_disguise(
    qtbot: QtBot, tmp_path: Path, disguised: bool
) -> None:
    client = VaultClient(disguised=disguised)
    try:
        done: list[object] = []
        client.submit(session_jobs.create_vault(tmp_path / "v", "a passphrase for the test",
                                                FLOOR), on_done=done.append)  # fmt: skip
        qtbot.waitUntil(lambda: bool(done), timeout=20_000)
        seen: list[bool] = []

        def read(ctx: JobContext) -> bool:
            return ctx.session.disguised

        client.submit(read, on_done=seen.append)
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        assert seen == [disguised]
    finally:
        client.shutdown()
