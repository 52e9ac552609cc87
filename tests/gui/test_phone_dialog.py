"""The window's "Import from phone…": the report is shown in plain words before anything
is stored; Import stores the bundle; a failed bundle needs the explicit tick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui import attachment_jobs
from app.gui.phone_dialog import PhoneImportDialog
from app.gui.vault_worker import JobContext, VaultClient
from app.services.session import Session
from app.storage.vault import Vault
from tests.gui.test_attachment_import import PASSPHRASE, _draft

PROOFMODE = Path(__file__).resolve().parents[1] / "fixtures" / "phone" / "proofmode"


@pytest.fixture
def unlocked(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VaultClient, str]]:
    created, _key = Vault.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    testimony_id = _draft(created)
    created.lock()
    client = VaultClient()

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(tmp_path / "vault", PASSPHRASE))

    done: list[object] = []
    client.submit(unlock, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    yield client, testimony_id
    client.shutdown()


def _attachments(qtbot: QtBot, client: VaultClient, testimony_id: str) -> list[object]:
    views: list[tuple[object, ...]] = []
    client.submit(attachment_jobs.list_attachments(testimony_id), on_done=views.append)
    qtbot.waitUntil(lambda: bool(views), timeout=10_000)
    return list(views[0])


def test_report_first_then_import(qtbot: QtBot, unlocked: tuple[VaultClient, str]) -> None:
    client, testimony_id = unlocked
    dialog = PhoneImportDialog(client, testimony_id)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    dialog.check(PROOFMODE / "bad.zip")
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=30_000)
    text = dialog.report.toPlainText()
    assert text.startswith("FAILED") and "Signature over the proof records: FAILS" in text
    assert _attachments(qtbot, client, testimony_id) == []  # nothing stored by checking
    assert dialog.accept_failed.isVisibleTo(dialog) and not dialog.import_button.isEnabled()
    dialog.accept_failed.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.check(PROOFMODE / "good.zip")
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=30_000)
    assert dialog.report.toPlainText().startswith("Verified")
    assert not dialog.accept_failed.isVisibleTo(dialog) and dialog.import_button.isEnabled()
    dialog.name.setText("Anna's phone")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported, timeout=30_000)
    stored = _attachments(qtbot, client, testimony_id)
    assert len(stored) == 3  # the zip, the photo, the report
    assert all(v.metadata["phone_verdict"] == "verified" for v in stored)  # type: ignore[attr-defined]


def test_a_failed_bundle_is_marked_in_the_attachment_details(
    qtbot: QtBot, unlocked: tuple[VaultClient, str]
) -> None:
    from app.gui.attachments_panel import AttachmentsPanel

    client, testimony_id = unlocked
    dialog = PhoneImportDialog(client, testimony_id)
    qtbot.addWidget(dialog)
    dialog.check(PROOFMODE / "bad.zip")
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=30_000)
    dialog.accept_failed.setChecked(True)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.imported, timeout=30_000)
    panel = AttachmentsPanel(client)
    qtbot.addWidget(panel)
    panel.show_testimony(testimony_id, read_only=False)
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=10_000)
    panel.list.setCurrentRow(1)
    assert "PHONE PROOFS FAILED VERIFICATION" in panel.details.text()
