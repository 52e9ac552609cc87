"""The real window on an X display with accessibility on, read through AT-SPI at the
moments a blind documenter must hear something: the recovery key shown once, the editor
saying "Saved", and the message after a wrong passphrase.

    python -m tests.gui.atspi_session WORK_DIR OUT_JSON

Run under Xvfb inside a private D-Bus session (dbus-run-session) with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (tests/gui/test_screen_reader.py starts it). At each
moment the system Python reads this process's accessible tree with pyatspi
(tests/gui/atspi_reader.py) while the window keeps answering; OUT_JSON gets, per moment,
what the window showed and what AT-SPI exposed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.crypto.kdf import FLOOR
from app.gui import record_jobs
from app.gui.application import build_application

from .screenshot_run import PASSPHRASE, settle, spin

READER = Path(__file__).with_name("atspi_reader.py")
LISTENER = Path(__file__).with_name("atspi_listener.py")


def start_accessibility_bus() -> None:
    """Start the AT-SPI bus (org.a11y.Bus, by D-Bus activation) before the application:
    Qt joins the bus it finds when its window comes up."""
    subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
         "org.a11y.Bus.GetAddress"],
        check=True, stdout=subprocess.DEVNULL, timeout=30,
    )  # fmt: skip


def read_tree(work: Path, name: str) -> dict[str, object]:
    """The accessible tree of this process, read by another one (pyatspi's calls come
    back here over D-Bus, so the event loop keeps running while it reads)."""
    out = work / f"tree-{name}.json"
    reader = subprocess.Popen(["/usr/bin/python3", str(READER), str(os.getpid()), str(out)])
    spin(lambda: reader.poll() is not None, seconds=120)
    assert reader.returncode == 0, f"the AT-SPI reader failed ({reader.returncode})"
    tree: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return tree


def listen_while(work: Path, name: str, action: Callable[[], None]) -> list[object]:
    """What this process announces over AT-SPI while ``action`` runs, heard by another
    process registered as a screen reader is, before the action starts."""
    ready, out = work / f"listening-{name}", work / f"heard-{name}.json"
    listener = subprocess.Popen(["/usr/bin/python3", str(LISTENER), str(os.getpid()),
                                 str(ready), str(out), "20"])  # fmt: skip
    spin(lambda: ready.exists() or listener.poll() is not None, seconds=60)
    assert ready.exists(), f"the AT-SPI listener did not start ({listener.returncode})"
    action()
    spin(lambda: listener.poll() is not None, seconds=60)
    assert listener.returncode == 0, f"the AT-SPI listener failed ({listener.returncode})"
    heard: list[object] = json.loads(out.read_text(encoding="utf-8"))
    return heard


def main() -> None:
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    start_accessibility_bus()
    gui = build_application(
        ["evidence-vault"], folder=work / "vault", kdf_params=FLOOR, language="en",
        microphone=False,
    )  # fmt: skip
    window = gui.window
    window.resize(1180, 760)
    window.show()
    settle()
    moments: dict[str, dict[str, object]] = {}

    page = window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    spin(lambda: page.steps.currentIndex() == 2)
    settle()
    key = page.recovery_text.text()
    moments["recovery key"] = {"shown": key, **read_tree(work, "recovery")}
    page.last_group.setText(key.rsplit("-", 1)[1])
    page.done_button.click()
    spin(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None

    done: list[object] = []
    gui.client.submit(record_jobs.add_case({"title": "Okrestina", "region": "BY"}), done.append)
    spin(lambda: len(done) == 1)
    gui.client.submit(record_jobs.new_testimony(str(done[0]), "W-017", "survivor"), done.append)
    spin(lambda: len(done) == 2)
    workspace.refresh_cases(select=str(done[0]))
    spin(lambda: workspace.model.rowCount() == 1)
    workspace.open_testimony(str(done[1]))
    editor = workspace.editor
    spin(lambda: editor.opened is not None)
    editor.interview.place.setText("Vilnius")
    editor.interview.place.textEdited.emit("Vilnius")
    spin(lambda: editor.saved_state.text() == "Saved" and not editor.dirty)
    settle()
    moments["save state"] = {"shown": editor.saved_state.text(), **read_tree(work, "saved")}

    window.lock()
    spin(lambda: window.unlock_page is not None)
    unlock = window.unlock_page
    assert unlock is not None
    unlock.secret.setText("wrong passphrase here")

    def refused() -> None:
        unlock.unlock_button.click()
        spin(lambda: bool(unlock.message.text()))

    announced = listen_while(work, "unlock", refused)
    settle()
    moments["wrong passphrase"] = {"shown": unlock.message.text(), "announced": announced,
                                   **read_tree(work, "unlock")}  # fmt: skip

    out.write_text(json.dumps(moments), encoding="utf-8")
    window.close()
    gui.client.shutdown()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
