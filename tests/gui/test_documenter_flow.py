"""The documenter's whole flow through the widgets: create a vault, a case, a testimony with
consent, a photo with GPS, a recording from an injected tone; then seal, export and verify
where those services exist."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core import ingest
from app.gui import session_jobs
from app.gui.application import Gui
from app.gui.export_dialog import ExportDialog
from app.gui.seal_dialog import SealDialog

from .conftest import close_gui, create_vault, make_gui
from .flow_steps import (
    ToneFeed,
    add_case,
    add_testimony,
    drop_files,
    wait_saved,
    workspace_of,
)
from .media_samples import jpeg_with_gps


def test_documenter_flow(qtbot: QtBot, tmp_path: Path) -> None:
    feed = ToneFeed(3.0)
    gui: Gui = make_gui(tmp_path / "vault")
    gui.window.audio_source_factory = feed.factory
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Akrestsina, August")
        testimony_id = add_testimony(qtbot, gui, "W-17")
        editor = workspace_of(gui).editor

        # Consent first: recording stays off until audio consent is ticked.
        assert not editor.recorder.record_button.isEnabled()
        for key in ("interview", "audio_recording", "share_with_platform"):
            editor.consent.flags[key].setChecked(True)
        editor.consent.given_at.setText("2024-03-01 10:15")  # sealing asks for it
        assert editor.recorder.record_button.isEnabled()
        editor.narrative.setPlainText("They held us in a cell for four, fourteen people.")
        editor.add_incident_button.click()
        incident = editor._incident_boxes()[0]
        incident.date_from.setText("2020-08-10")
        incident.place.setText("Minsk")
        incident.violations.item(0).setCheckState(incident.violations.item(0).checkState().Checked)
        editor._on_section_changed()
        wait_saved(qtbot, gui)

        photo = tmp_path / "photo.jpg"
        photo.write_bytes(jpeg_with_gps(53.8617, 27.4786))
        with qtbot.waitSignal(editor.attachments.attachments_changed, timeout=20_000):
            drop_files(gui, [photo])
        editor.attachments.list.setCurrentRow(0)
        assert editor.attachments.location_warning.isVisibleTo(editor)
        assert "53.86" in editor.attachments.details.text()

        recorder = editor.recorder
        with qtbot.waitSignal(recorder.recording_finished, timeout=30_000) as finished:
            recorder.record_button.click()
            qtbot.waitUntil(lambda: recorder._source is not None and recorder._writer is not None,
                            timeout=10_000)
            qtbot.waitUntil(lambda: recorder._writer.bytes_received == len(feed.data),
                            timeout=20_000)
            assert recorder.pause_button.isEnabled() and recorder.stop_button.isEnabled()
            recorder.stop_button.click()
            feed.finish()
        # The tone's peak is half of full scale.
        assert feed.levels and 0.45 < max(feed.levels) < 0.55
        attachment_id = finished.args[0]
        assert attachment_id
        qtbot.waitUntil(lambda: editor.attachments.list.count() == 2, timeout=10_000)

        # The recording in the vault is exactly the tone that was fed.
        def read_recording(ctx):  # runs on the vault worker
            [audio] = [
                a for a in ingest.list_attachments(ctx.session.connection, testimony_id)
                if a.id == attachment_id
            ]
            reader = ctx.session.blobs.open(audio.blob_id)
            try:
                return audio.media_type, reader.read()
            finally:
                reader.close()

        with qtbot.waitCallback(timeout=10_000) as got:
            gui.client.submit(read_recording, on_done=got)
        media_type, audio = got.args[0]
        assert media_type == "audio/wav"
        assert hashlib.sha256(audio).digest() == hashlib.sha256(feed.data).digest()

        # Seal: the summary shows this device's fingerprint; consent is confirmed.
        identity = tmp_path / "platform.key"
        subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
        recipient = subprocess.run(
            ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
        ).stdout.strip()

        # The platform key goes in through Settings (validated and logged by core).
        settings = dataclasses.replace(gui.window.settings, platform_recipient=recipient)
        with qtbot.waitCallback(timeout=10_000) as saved:
            gui.client.submit(session_jobs.save_settings(settings), on_done=saved)
        assert saved.args[0].platform_recipient == recipient

        def device_key(ctx):  # what the documenter reads out to the platform
            public = ctx.session.device.public_key
            return public.openssh(), public.short_fingerprint()

        with qtbot.waitCallback(timeout=10_000) as configured:
            gui.client.submit(device_key, on_done=configured)
        signer_key, short_fingerprint = configured.args[0]
        trusted = tmp_path / "trusted_signers"
        trusted.write_text(signer_key + "\n")

        workspace = workspace_of(gui)
        editor.seal_button.click()
        [seal] = workspace.findChildren(SealDialog)
        qtbot.waitUntil(lambda: seal.summary is not None, timeout=10_000)
        assert seal.fingerprint.text() == short_fingerprint
        assert not seal.seal_button.isEnabled()  # not before the consent is confirmed
        seal.confirm.setChecked(True)
        with qtbot.waitSignal(workspace.testimony_sealed, timeout=30_000):
            seal.seal_button.click()
        seal.accept()
        qtbot.waitUntil(
            lambda: editor.opened is not None and editor.opened.testimony.status == "sealed",
            timeout=10_000,
        )
        assert editor.narrative.isReadOnly()
        assert editor.export_button.isVisibleTo(editor)
        assert not editor.attachments.add_button.isEnabled()

        # Export to a "USB stick" folder, read back by the service.
        stick = tmp_path / "usb"
        stick.mkdir()
        qtbot.waitUntil(lambda: editor.attachments.list.count() == 2, timeout=10_000)
        editor.export_button.click()
        [export] = workspace.findChildren(ExportDialog)
        export.destination.setText(str(stick))
        with qtbot.waitSignal(export.package_exported, timeout=60_000) as exported:
            export.export_button.click()
        package = stick / exported.args[0].file_name
        assert package.is_file() and "Written and read back" in export.outcome.text()
        export.accept()
        editor.back_button.click()
        model = workspace.model
        qtbot.waitUntil(lambda: model.rowCount() == 1 and not model.loading, timeout=10_000)
        assert model.index(0, 4).data() == "Exported"

        # Verify, as a coordinator would, in the window; and with the age tool itself.
        verify = gui.window.open_verify_dialog()
        verify.package.setText(str(package))
        verify.identity.setText(str(identity))
        verify.trusted.setText(str(trusted))
        verify.verify_button.click()
        qtbot.waitUntil(lambda: verify.verified_ok, timeout=60_000)
        assert verify.checks.count() >= 4
        verify.accept()
        decrypted = subprocess.run(
            ["age", "-d", "-i", str(identity), str(package)], check=True, capture_output=True
        ).stdout
        assert decrypted[257:262] == b"ustar"  # a tar archive inside
    finally:
        close_gui(gui)


def test_lock_during_recording_keeps_what_was_stored(qtbot: QtBot, tmp_path: Path) -> None:
    """Quick-lock mid-recording stops the capture; the stored part becomes an attachment
    at the next unlock."""
    from .conftest import unlock

    feed = ToneFeed(2.0)
    gui: Gui = make_gui(tmp_path / "vault")
    gui.window.audio_source_factory = feed.factory
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Lock while recording")
        testimony_id = add_testimony(qtbot, gui, "L-1")
        editor = workspace_of(gui).editor
        editor.consent.flags["interview"].setChecked(True)
        editor.consent.flags["audio_recording"].setChecked(True)
        wait_saved(qtbot, gui)
        recorder = editor.recorder
        recorder.record_button.click()
        qtbot.waitUntil(lambda: recorder._writer is not None
                        and recorder._writer.bytes_received == len(feed.data), timeout=20_000)
        with qtbot.waitSignal(gui.window.vault_locked, timeout=10_000):
            gui.window.quick_lock_shortcut.activated.emit()
        feed.finish()
        unlock(qtbot, gui)

        def attachments(ctx):
            return [(a.media_type, a.size) for a in
                    ingest.list_attachments(ctx.session.connection, testimony_id)]

        with qtbot.waitCallback(timeout=10_000) as listed:
            gui.client.submit(attachments, on_done=listed)
        assert listed.args[0] == [("audio/wav", len(feed.data))]
    finally:
        close_gui(gui)
