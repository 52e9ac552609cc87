""""Blur faces" in the working-copy dialog: offered for JPEG, PNG and WebP photos when the
optional detector is installed (otherwise shown disabled with the reason), the copy is
made by the same service call the command line uses, and the panel says how many faces
were blurred and that the copy is to be looked at before it is passed on. A real vault,
the labelled photo of tests/fixtures/faces and the real panel and dialog."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.crypto.kdf import FLOOR
from app.gui.vault_worker import JobContext, VaultClient
from app.services import attachments, packages, records
from app.services.session import Session

PASSPHRASE = "quiet river under seven bridges"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"


@pytest.fixture
def sealed(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VaultClient, str, Path]]:
    session, _ = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    case = records.add_case(session, {"title": "Faces"})
    consent = {
        "interview": True, "audio_recording": False, "share_with_platform": True,
        "share_onward": True, "be_named": False, "recontact": False,
        "given_at": "2026-11-01T10:00:00Z", "method": "oral",
    }  # fmt: skip
    values = {"person": {"code": "W-8", "role": "witness"}, "consent": consent, "narrative": ""}
    testimony = records.add_testimony(session, case.id, values).id
    photo = tmp_path / "grace_hopper.jpg"
    shutil.copyfile(FIXTURES / "grace_hopper.jpg", photo)
    attachments.attach(session, testimony, photo)
    packages.seal(session, testimony)
    session.lock()  # the worker opens the vault on its own thread
    client = VaultClient()

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(tmp_path / "vault", PASSPHRASE))

    done: list[object] = []
    client.submit(unlock, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    yield client, testimony, tmp_path
    client.shutdown()


def test_faces_are_blurred_in_a_working_copy_and_the_panel_says_how_many(
    qtbot: QtBot, sealed: tuple[VaultClient, str, Path]
) -> None:
    pytest.importorskip("cv2")
    from PySide6.QtCore import Qt

    from app.gui.attachments_panel import AttachmentsPanel
    from app.gui.working_copy_dialog import WorkingCopyDialog

    client, testimony, _folder = sealed
    panel = AttachmentsPanel(client)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_testimony(testimony, read_only=True)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    panel.list.setCurrentRow(0)
    dialog = panel.ask_copy()
    assert isinstance(dialog, WorkingCopyDialog)
    assert dialog.blur_faces.isEnabled() and not dialog.blur_faces.isChecked()
    assert "&" in dialog.blur_faces.text()  # reached by a mnemonic
    dialog.strip_location.setChecked(False)
    dialog.strip_device.setChecked(False)
    assert not dialog.make_button.isEnabled()
    dialog.blur_faces.setChecked(True)
    assert dialog.make_button.isEnabled()  # blurring alone is a reason for a copy
    qtbot.keyClick(dialog, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=60_000)
    status = panel.status.text()
    assert "Faces blurred: 1." in status
    assert "Look at the copy before passing it on" in status
    copy = panel.current_view()
    assert copy is not None and copy.derived_from is not None


def test_blur_faces_is_disabled_with_the_reason_for_other_files_and_without_the_detector(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core import faces
    from app.gui.working_copy_dialog import WorkingCopyDialog

    monkeypatch.setattr(faces, "available", lambda: True)
    video = WorkingCopyDialog("clip.mp4", media_type="video/mp4")
    qtbot.addWidget(video)
    assert not video.blur_faces.isEnabled() and not video.blur_faces.isChecked()
    assert "JPEG, PNG and WebP photos only" in video.blur_faces.toolTip()
    assert video.blur_note.text() == video.blur_faces.toolTip()
    png = WorkingCopyDialog("a.png", media_type="image/png")
    qtbot.addWidget(png)
    assert png.blur_faces.isEnabled() and png.blur_note.isHidden()

    monkeypatch.setattr(faces, "available", lambda: False)
    missing = WorkingCopyDialog("a.jpg", media_type="image/jpeg")
    qtbot.addWidget(missing)
    assert not missing.blur_faces.isEnabled()
    assert "face detector is not installed" in missing.blur_faces.toolTip()
    assert missing.blur_faces.accessibleDescription() == missing.blur_faces.toolTip()
