"""A GUI session for the residue test: canaries typed into fields and carried by media.

    python -m tests.gui.residue_session CANARY SOURCE_DIR PLATFORM_RECIPIENT STICK_DIR

The vault goes to the default folder (under the private XDG_DATA_HOME the test sets).
Every field that takes text gets the canary; a photo (JPEG comment) and an injected audio
stream carry it too. The session goes the documenter's whole way through the widgets:
import, view the photo, record, play the recording back, set the platform key in
Settings, seal, export to the stick folder; then the vault is locked and the program
quits. Every wait is on a condition the window shows, never a fixed delay.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from app.crypto.kdf import FLOOR
from app.gui.application import build_application
from app.gui.attachment_jobs import AttachmentView
from app.gui.export_dialog import ExportDialog
from app.gui.image_viewer import ImageViewer
from app.gui.package_jobs import Exported
from app.gui.seal_dialog import SealDialog
from app.gui.settings_dialog import SettingsDialog

from .flow_steps import ToneFeed
from .media_samples import jpeg_with_gps
from .screenshot_run import PASSPHRASE, settle, spin


def select_row(panel_list: QListWidget, views: dict[str, AttachmentView], audio: bool) -> None:
    """Select the first attachment of the wanted kind, as a click in the list would."""
    for row in range(panel_list.count()):
        view = views[str(panel_list.item(row).data(Qt.ItemDataRole.UserRole))]
        if view.is_audio if audio else view.is_image:
            panel_list.setCurrentRow(row)
            return
    raise AssertionError("no such attachment in the list")


def main() -> None:
    canary, source = sys.argv[1], Path(sys.argv[2])
    platform_recipient, stick = sys.argv[3], Path(sys.argv[4])
    marker = canary.encode()
    feed = ToneFeed(1.0, marker=marker * 4)
    gui = build_application(
        ["evidence-vault"], kdf_params=FLOOR, language="en", audio_source_factory=feed.factory
    )
    window = gui.window
    window.show()
    page = window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    spin(lambda: page.steps.currentIndex() == 2)
    page.last_group.setText(page.recovery_text.text().rsplit("-", 1)[1])
    page.done_button.click()
    spin(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None

    # The platform key, through Settings as a documenter sets it (core validates it).
    window.settings_action.trigger()
    [settings] = window.findChildren(SettingsDialog)
    read: list[bool] = []
    settings.platform_read.connect(lambda: read.append(True))
    spin(lambda: bool(read))
    settings.platform.setText(platform_recipient)
    settings.save_button.click()
    spin(lambda: window.settings.platform_recipient == platform_recipient)

    from app.gui import record_jobs

    done: list[object] = []
    gui.client.submit(
        record_jobs.add_case({"title": f"case {canary}", "region": canary}), done.append
    )
    spin(lambda: len(done) == 1)
    gui.client.submit(record_jobs.new_testimony(str(done[0]), f"P-{canary}", "witness"),
                      done.append)  # fmt: skip
    spin(lambda: len(done) == 2)
    workspace.refresh_cases(select=str(done[0]))
    workspace.open_testimony(str(done[1]))
    editor = workspace.editor
    spin(lambda: editor.opened is not None)
    for key in ("interview", "audio_recording", "share_with_platform"):
        editor.consent.flags[key].setChecked(True)
    editor.consent.given_at.setText("2024-03-01 10:15")  # sealing asks for it
    editor.interview.place.setText(f"place {canary}")
    editor.narrative.setPlainText(f"narrative {canary} " * 20)
    editor.add_incident_button.click()
    editor._incident_boxes()[0].place.setText(f"incident {canary}")
    editor._on_section_changed()
    editor.save_now()
    spin(lambda: not editor.dirty)

    panel = editor.attachments
    photo = source / "photo.jpg"
    photo.write_bytes(jpeg_with_gps(53.9, 27.56, comment=marker * 8))
    panel.import_paths([photo])
    spin(lambda: panel.list.count() == 1 and not panel.importing)
    panel.list.setCurrentRow(0)
    view = panel.current_view()
    assert isinstance(view, AttachmentView)
    spin(lambda: not panel.list.item(0).icon().isNull())  # thumbnail shown

    # View: the photo opens in the viewer, decrypted in memory, and is drawn.
    assert panel.view_button.isEnabled()
    panel.view_button.click()
    [viewer] = panel.findChildren(ImageViewer)
    spin(lambda: not viewer.image_label.pixmap().isNull())
    viewer.close()  # deletes itself on close
    settle()

    editor.recorder.start()
    spin(lambda: editor.recorder._writer is not None
         and editor.recorder._writer.bytes_received == len(feed.data))  # fmt: skip
    editor.recorder.stop()
    feed.finish()
    spin(lambda: panel.list.count() == 2 and not editor.recorder.recording, seconds=60)

    # Play: choosing the recording hands it to the player, which reads it straight out
    # of the vault; the position moves, then playback stops.
    recorder = editor.recorder
    select_row(panel.list, panel.views, audio=True)
    spin(recorder.play_button.isEnabled)
    recorder.play_button.click()
    spin(lambda: recorder._player is not None and recorder._player.position() > 0)
    spin(lambda: recorder.position.value() > 0)  # the slider follows the player
    recorder.stop_playback()

    # Seal: the consent read back and confirmed, then the seal itself.
    editor.seal_button.click()
    [seal] = workspace.findChildren(SealDialog)
    spin(lambda: seal.summary is not None)
    summary = seal.summary
    assert summary is not None and not summary.blocked_by, summary
    seal.confirm.setChecked(True)
    sealed: list[str] = []
    seal.testimony_sealed.connect(sealed.append)
    seal.seal_button.click()
    spin(lambda: bool(sealed), seconds=60)
    seal.cancel_button.click()  # "Close" once sealed
    spin(lambda: editor.opened is not None and editor.opened.testimony.status == "sealed")
    spin(lambda: panel.list.count() == 2 and editor.export_button.isVisibleTo(editor))

    # Export to the stick, written, read back and verified by the service.
    editor.export_button.click()
    [export] = workspace.findChildren(ExportDialog)
    spin(lambda: "platform's key" in export.platform.text())
    export.destination.setText(str(stick))
    exported: list[Exported] = []
    export.package_exported.connect(exported.append)
    export.export_button.click()
    spin(lambda: bool(exported), seconds=60)
    assert "Written and read back" in export.outcome.text(), export.outcome.text()
    export.cancel_button.click()  # "Close" once written
    print("exported", exported[0].file_name, flush=True)

    workspace.testimonies.search.setText(canary[:8])
    editor.back_button.click()
    settle()
    window.lock()
    spin(lambda: window.unlock_page is not None)
    settle()
    window.close()
    gui.client.shutdown()
    print("session done", flush=True)


if __name__ == "__main__":
    main()
