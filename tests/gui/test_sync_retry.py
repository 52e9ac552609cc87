"""Retrying a failed package from the sync window, against the real intake server.

A profile that names another receipt key makes the platform's receipt fail to verify:
the package is failed, with the bytes on the platform. The Retry button is offered only
for a selected failed row; after the coordinator's correct profile is imported, Retry
puts the package back in line (core's ``outbox.requeue``, on the vault thread, as the
CLI's ``sync retry``) and sends it: the server already holds every byte, so only the
receipt is fetched, and it verifies.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.sync_dialog import SyncDialog
from app.sync import outbox
from tests.sync.pki import ServerPki, make_pki

from .sync_platform import make_platform
from .sync_steps import (
    DELIVERED,
    WAITING,
    assert_delivered,
    assert_sanitised,
    cell,
    import_profile,
    open_sync_window,
    outbox_entry,
    press_sync_and_wait,
    ready_documenter,
)


@pytest.fixture(scope="module")
def platform_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


# The tester's own OS keyring stays untouched (see conftest.no_os_keyring).
pytestmark = pytest.mark.usefixtures("no_os_keyring")


def _select_row(dialog: SyncDialog, row: int) -> None:
    dialog.table.clearSelection()
    dialog.table.selectRow(row)


def test_retry_a_package_whose_receipt_did_not_verify(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    other = tmp_path / "other_receipt_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)],
                   check=True)
    platform = make_platform(tmp_path / "platform", platform_pki)
    try:
        queued = ready_documenter(qtbot, gui, platform)
        outdated = json.loads(platform.profile_file.read_text())
        outdated["receipt_signing_key"] = other.with_suffix(".pub").read_text().strip()
        outdated_file = tmp_path / "outdated-profile.json"
        outdated_file.write_text(json.dumps(outdated))
        platform.start()
        dialog = open_sync_window(qtbot, gui)
        import_profile(qtbot, dialog, outdated_file)
        assert not dialog.retry_button.isEnabled()  # nothing selected
        _select_row(dialog, 0)
        assert cell(dialog, 0, 1) == WAITING
        assert not dialog.retry_button.isEnabled()  # a waiting package needs no retry

        press_sync_and_wait(qtbot, dialog)
        assert cell(dialog, 0, 1) == "failed"
        assert outbox_entry(qtbot, gui, queued.package_id).state == outbox.OutboxState.FAILED
        _select_row(dialog, 0)
        assert dialog.retry_button.isEnabled()
        dialog.table.clearSelection()
        assert not dialog.retry_button.isEnabled()

        # The coordinator's correct profile (its receipt key differs from the outdated
        # one's: a swap the documenter confirms), then Retry on the failed row.
        import_profile(qtbot, dialog, platform.profile_file, replacing=True)
        _select_row(dialog, 0)
        assert dialog.retry_button.isEnabled()
        dialog.retry_button.click()
        assert not dialog.retry_button.isEnabled()  # not twice
        qtbot.waitUntil(lambda: cell(dialog, 0, 1) == DELIVERED
                        and dialog.sync_button.isEnabled(), timeout=60_000)  # fmt: skip
        assert_delivered(qtbot, gui, dialog, platform, queued, tmp_path)
        assert_sanitised(dialog, platform)
        _select_row(dialog, 0)
        assert not dialog.retry_button.isEnabled()  # delivered: nothing to retry
    finally:
        platform.kill()
