"""Renders the main screens into PNG files, one set per language (run under Xvfb).

    python -m tests.gui.screenshot_run OUT_DIR WORK_DIR LANGUAGE

With ``QT_SCALE_FACTOR=2`` the window opens at the size it chooses for the screen (as
a person's would) and the files are named ``LANGUAGE-SCREEN@2x.png``.

Runs in its own process because the platform plugin (xcb) is chosen when the
QApplication starts and the test process already runs offscreen.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QWidget

from app.crypto.kdf import FLOOR
from app.gui import record_jobs
from app.gui.application import build_application

PASSPHRASE = "quiet river under seven bridges"


def spin(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def settle() -> None:
    spin(lambda: True)
    for _ in range(10):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def main() -> None:
    out, work, language = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    gui = build_application(
        ["evidence-vault"], folder=work / "vault", kdf_params=FLOOR, language=language,
        microphone=False,
    )  # fmt: skip
    window = gui.window
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale == "1" else f"@{scale}x"
    if scale == "1":
        window.resize(1180, 760)
    window.show()
    settle()

    def shoot(name: str) -> None:
        settle()
        window.grab().save(str(out / f"{language}-{name}{suffix}.png"))

    page = window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE[:-3])
    shoot("1-create-vault")
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    spin(lambda: page.steps.currentIndex() == 2)
    shoot("2-recovery-key")
    page.last_group.setText(page.recovery_text.text().rsplit("-", 1)[1])
    page.done_button.click()
    spin(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None

    done: list[object] = []
    for title in ("Akrestsina, August 2020", "Okrestina detention centre", "Homiel region"):
        gui.client.submit(record_jobs.add_case({"title": title, "region": "BY"}), done.append)
    spin(lambda: len(done) == 3)
    case_id = str(done[0])
    for code in ("W-017", "S-004", "R-112"):
        gui.client.submit(record_jobs.new_testimony(case_id, code, "survivor"), done.append)
    spin(lambda: len(done) == 6)
    workspace.refresh_cases(select=case_id)
    spin(lambda: workspace.model.rowCount() == 3)
    shoot("3-testimonies")

    workspace.open_testimony(str(done[-1]))
    editor = workspace.editor
    spin(lambda: editor.opened is not None)
    for key in ("interview", "audio_recording", "share_with_platform"):
        editor.consent.flags[key].setChecked(True)
    editor.interview.place.setText("Vilnius")
    editor.narrative.setPlainText("…")
    editor.save_now()
    spin(lambda: not editor.dirty)
    shoot("4-editor")

    def shoot_dialog(name: str, dialog: QWidget) -> None:
        if scale == "1":
            dialog.resize(max(dialog.width(), 720), dialog.height())
        # The dialogs read their state on the vault thread; give them a moment to show it.
        until = time.monotonic() + 1.0
        while time.monotonic() < until:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        settle()
        dialog.grab().save(str(out / f"{language}-{name}{suffix}.png"))
        dialog.close()
        settle()

    shoot_dialog("6-settings", window.open_settings_dialog())
    shoot_dialog("7-sync", window.open_sync_dialog())

    window.lock()
    spin(lambda: window.unlock_page is not None)
    window.unlock_page.secret.setText("wrong passphrase here")
    window.unlock_page.unlock_button.click()
    spin(lambda: bool(window.unlock_page and window.unlock_page.message.text()))
    shoot("5-unlock-wrong-passphrase")
    window.close()
    gui.client.shutdown()


if __name__ == "__main__":
    main()
