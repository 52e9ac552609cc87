"""A GUI session for the residue test: canaries typed into fields and carried by media.

    python -m tests.gui.residue_session CANARY SOURCE_DIR

The vault goes to the default folder (under the private XDG_DATA_HOME the test sets).
Every field that takes text gets the canary; a photo (JPEG comment) and an injected audio
stream carry it too. Then the vault is locked and the program quits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.crypto.kdf import FLOOR
from app.gui.application import build_application
from app.gui.attachment_jobs import AttachmentView

from .flow_steps import ToneFeed
from .media_samples import jpeg_with_gps
from .screenshot_run import PASSPHRASE, settle, spin


def main() -> None:
    canary, source = sys.argv[1], Path(sys.argv[2])
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
    for key in ("interview", "audio_recording"):
        editor.consent.flags[key].setChecked(True)
    editor.interview.place.setText(f"place {canary}")
    editor.narrative.setPlainText(f"narrative {canary} " * 20)
    editor.add_incident_button.click()
    editor._incident_boxes()[0].place.setText(f"incident {canary}")
    editor._on_section_changed()
    editor.save_now()
    spin(lambda: not editor.dirty)

    photo = source / "photo.jpg"
    photo.write_bytes(jpeg_with_gps(53.9, 27.56, comment=marker * 8))
    editor.attachments.import_paths([photo])
    spin(lambda: editor.attachments.list.count() == 1 and not editor.attachments.importing)
    editor.attachments.list.setCurrentRow(0)
    view = editor.attachments.current_view()
    assert isinstance(view, AttachmentView)
    spin(lambda: not editor.attachments.list.item(0).icon().isNull())  # thumbnail shown

    editor.recorder.start()
    spin(lambda: editor.recorder._writer is not None
         and editor.recorder._writer.bytes_received == len(feed.data))  # fmt: skip
    editor.recorder.stop()
    feed.finish()
    spin(lambda: editor.attachments.list.count() == 2, seconds=60)

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
