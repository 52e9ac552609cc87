""""Make a working copy…" in the attachments panel of a sealed testimony: reached by the
keyboard, the dialog's default button makes the copy, the copy appears in the list
linked to its original, and it is not offered for drafts, copies or plain text."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui.vault_worker import JobContext, VaultClient
from app.services import attachments, packages, records
from app.services.session import Session

PASSPHRASE = "quiet river under seven bridges"


def _jpeg(folder: Path) -> Path:
    for tool in ("ffmpeg", "exiftool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (scripts/setup installs it)")
    path = folder / "photo.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=96x64",
                    "-frames:v", "1", str(path)], check=True, timeout=60)  # fmt: skip
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=53.9",
                    "-GPSLatitudeRef=N", "-GPSLongitude=27.56", "-GPSLongitudeRef=E",
                    "-Make=TestCam", "-Model=Model 7", str(path)],
                   check=True, timeout=60)  # fmt: skip
    return path


@pytest.fixture
def sealed(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VaultClient, str]]:
    session, _ = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    case = records.add_case(session, {"title": "Copies"})
    consent = {
        "interview": True, "audio_recording": False, "share_with_platform": True,
        "share_onward": True, "be_named": False, "recontact": False,
        "given_at": "2026-11-01T10:00:00Z", "method": "oral",
    }  # fmt: skip
    values = {"person": {"code": "W-7", "role": "witness"}, "consent": consent, "narrative": ""}
    testimony = records.add_testimony(session, case.id, values).id
    attachments.attach(session, testimony, _jpeg(tmp_path))
    note = tmp_path / "note.txt"
    note.write_text("said afterwards\n", encoding="utf-8")
    attachments.attach(session, testimony, note)
    packages.seal(session, testimony)
    session.lock()  # the worker opens the vault on its own thread
    client = VaultClient()

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(tmp_path / "vault", PASSPHRASE))

    done: list[object] = []
    client.submit(unlock, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    yield client, testimony
    client.shutdown()


def test_a_working_copy_is_made_from_the_keyboard_and_listed_with_its_original(
    qtbot: QtBot, sealed: tuple[VaultClient, str]
) -> None:
    from PySide6.QtCore import Qt

    from app.gui.attachments_panel import AttachmentsPanel
    from app.gui.working_copy_dialog import WorkingCopyDialog

    client, testimony = sealed
    panel = AttachmentsPanel(client)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_testimony(testimony, read_only=True)
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10_000)

    panel.list.setCurrentRow(1)  # the note: plain text has no metadata to remove
    assert panel.copy_button.isVisible() and not panel.copy_button.isEnabled()
    panel.list.setCurrentRow(0)
    assert panel.copy_button.isEnabled()
    assert panel.export_button.nextInFocusChain() is panel.copy_button  # Tab reaches it
    assert "&" in panel.copy_button.text()  # and it has a mnemonic

    panel.copy_button.setFocus()
    qtbot.keyClick(panel.copy_button, Qt.Key.Key_Space)  # the button, by keyboard
    dialog = panel.findChild(WorkingCopyDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.strip_location.isChecked() and dialog.strip_device.isChecked()
    dialog.strip_device.setChecked(False)
    dialog.strip_location.setChecked(False)
    assert not dialog.make_button.isEnabled()  # nothing to remove: no copy offered
    dialog.strip_location.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: Make the copy

    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=30_000)
    copy = panel.current_view()
    assert copy is not None and copy.derived_from is not None
    original = panel.views[copy.derived_from]
    assert "working copy" in panel.list.currentItem().text()
    assert f"Working copy of: {original.name}" in panel.details.text()
    assert not copy.has_location and original.has_location
    assert "GPSInfo" in panel.status.text()
    assert not panel.copy_button.isEnabled()  # a copy is not copied again

    panel.show_testimony(testimony, read_only=False)  # a draft offers no copies
    assert not panel.copy_button.isVisible()


def test_the_export_dialog_sends_working_copies_to_other_recipients_unless_told(
    qtbot: QtBot, sealed: tuple[VaultClient, str], tmp_path: Path
) -> None:
    from app.crypto.age import X25519Identity
    from app.gui import attachment_jobs
    from app.gui.export_dialog import ExportDialog

    client, testimony = sealed
    stick = tmp_path / "stick"
    stick.mkdir()

    def export(working_copies: bool) -> ExportDialog:
        dialog = ExportDialog(client, testimony)
        qtbot.addWidget(dialog)
        dialog.destination.setText(str(stick))
        dialog.recipients.setPlainText(str(X25519Identity.generate().recipient))
        onward = dialog.onward_media
        assert onward.currentData() == "working-copies"  # the default for other recipients
        onward.setCurrentIndex(onward.findData("working-copies" if working_copies
                                               else "originals"))  # fmt: skip
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog._job == 0 and bool(dialog.outcome.text())
                        and "Writing" not in dialog.outcome.text(), timeout=30_000)  # fmt: skip
        return dialog

    refused = export(working_copies=True)
    assert "No working copy yet of photo.jpg" in refused.outcome.text()
    assert not any(stick.iterdir())
    assert "Written and read back" in export(working_copies=False).outcome.text()

    views: list[tuple[attachment_jobs.AttachmentView, ...]] = []
    client.submit(attachment_jobs.list_attachments(testimony), on_done=views.append)
    qtbot.waitUntil(lambda: bool(views), timeout=10_000)
    photo = next(v for v in views[0] if v.media_type == "image/jpeg")
    made: list[object] = []
    client.submit(attachment_jobs.make_working_copy(photo.id, True, True), on_done=made.append)
    qtbot.waitUntil(lambda: bool(made), timeout=30_000)
    assert "Written and read back" in export(working_copies=True).outcome.text()
    assert len(list(stick.iterdir())) == 2


def test_the_export_dialog_writes_originals_for_the_platform_and_copies_for_a_coordinator(
    qtbot: QtBot, sealed: tuple[VaultClient, str], tmp_path: Path
) -> None:
    from app.core.settings import COORDINATOR_RECIPIENTS, PLATFORM_RECIPIENT, set_setting
    from app.crypto.age import X25519Identity
    from app.crypto.signing import SigningPublicKey
    from app.formats.package.verify import VerificationReport, verify_package
    from app.gui.export_dialog import ExportDialog
    from app.gui.package_jobs import Exported

    client, testimony = sealed
    platform, coordinator = X25519Identity.generate(), X25519Identity.generate()
    signer: list[SigningPublicKey] = []

    def prepare(ctx: JobContext) -> None:
        session = ctx.session
        set_setting(session.connection, session.device, PLATFORM_RECIPIENT,
                    str(platform.recipient), session.actor)  # fmt: skip
        saved = json.dumps([{"name": "Гомель", "recipient": str(coordinator.recipient)}])
        set_setting(session.connection, session.device, COORDINATOR_RECIPIENTS, saved,
                    session.actor)  # fmt: skip
        photo = next(a for a in attachments.list_of(session, testimony)
                     if a.media_type == "image/jpeg")  # fmt: skip
        attachments.derive(session, photo.id, strip_location=True, strip_device=True)
        signer.append(session.device.public_key)

    client.submit(prepare, on_done=lambda _: None)
    qtbot.waitUntil(lambda: bool(signer), timeout=30_000)

    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = ExportDialog(client, testimony)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "platform's key" in dialog.platform.text(), timeout=10_000)
    assert dialog.platform_media.currentData() == "originals"  # the setting's default
    assert dialog.onward_media.currentData() == "working-copies"
    dialog.destination.setText(str(stick))
    qtbot.waitUntil(lambda: dialog.coordinators.count() == 1, timeout=10_000)
    dialog.coordinators.item(0).setCheckState(Qt.CheckState.Checked)  # the saved one
    written: list[Exported] = []
    dialog.package_exported.connect(written.append)
    dialog.show()  # on screen before the outcome grows, as a person sees it
    qtbot.waitExposed(dialog)
    qtbot.wait(100)
    fields = (dialog.coordinators, dialog.recipients, dialog.platform_media)
    heights = [field.height() for field in fields]
    dialog.export_button.click()
    qtbot.waitUntil(lambda: len(written) == 2, timeout=60_000)

    by_media = {w.media: w for w in written}
    assert by_media["originals"].recipients == (str(platform.recipient),)
    assert by_media["working-copies"].recipients == (str(coordinator.recipient),)
    assert sorted(p.name for p in stick.iterdir()) == sorted(w.file_name for w in written)
    assert dialog.outcome.text().count("Written and read back") == 2
    assert dialog.outcome.text().endswith("Only a recipient can open them.")
    # Two packages' lines make the dialog taller; nothing above them is squeezed.
    qtbot.wait(100)
    outcome = dialog.outcome
    for label in (outcome, dialog.platform):  # each label shows all its lines
        assert label.height() >= label.heightForWidth(label.width())
    assert [field.height() for field in fields] == heights

    def read(exported: Exported, identity: X25519Identity) -> VerificationReport:
        path = stick / exported.file_name
        return verify_package(lambda: path.open("rb"), [identity], signer)

    # Read back with the project's verifier: the platform's package holds the originals,
    # the coordinator's the working copy, and neither opens with the other's key.
    for_platform = read(by_media["originals"], platform)
    onward = read(by_media["working-copies"], coordinator)
    assert for_platform.ok and onward.ok, (for_platform.message, onward.message)
    assert for_platform.working_copies == 0 and onward.working_copies == 1
    assert not read(by_media["working-copies"], platform).opened
    assert not read(by_media["originals"], coordinator).opened
