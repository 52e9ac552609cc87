"""What a screen reader hears: a label that shows a status, a result or a key is read as
its text, with what it is for as its description. A name set on a label hides its text
from assistive technology (the wrong-passphrase message was read as "Unlock status", the
recovery key as "Recovery key"), so no label in the window carries one.

Checked three ways: every module of app/gui read for a name set on a label; the window's
labels through Qt's accessibility interface; and the real window on an X display read
through AT-SPI by pyatspi, as Orca reads it.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.widgets import StatusLabel

from .conftest import PASSPHRASE
from .flow_steps import add_case, add_testimony, wait_saved, workspace_of
from .test_screenshots import xvfb_display  # noqa: F401  # the display the test runs on

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "app" / "gui"
LABELS = {"QLabel", "StatusLabel"}
WRONG = "This passphrase does not open the vault."


def _makes_label(node: ast.expr) -> bool:
    return any(isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
               and call.func.id in LABELS for call in ast.walk(node))  # fmt: skip


def named_labels(source: str) -> list[str]:
    """The labels in ``source`` given an accessible name: ``target.setAccessibleName``
    where ``target`` was bound to a new label (directly, through a wrapper such as
    ``_selectable(QLabel(...))``, or as a loop variable over labels)."""
    tree = ast.parse(source)
    labels: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _makes_label(node.value):
            for target in node.targets:
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    labels.update(ast.unparse(t) for t, v in zip(target.elts, node.value.elts,
                                                                 strict=False) if _makes_label(v))
                else:
                    labels.add(ast.unparse(target))
        elif isinstance(node, ast.AnnAssign) and node.value and _makes_label(node.value):
            labels.add(ast.unparse(node.target))
    changed = True
    while changed:  # loop variables that take labels: for label, side in ((old, …), …)
        changed = False
        for node in ast.walk(tree):
            if not (isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple | ast.List)):
                continue
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
            for item in node.iter.elts:
                values = item.elts if isinstance(item, ast.Tuple) else [item]
                for target, value in zip(targets, values, strict=False):
                    name = ast.unparse(target)
                    if ast.unparse(value) in labels and name not in labels:
                        labels.add(name)
                        changed = True
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setAccessibleName"
                and ast.unparse(node.func.value) in labels):  # fmt: skip
            found.append(f"{ast.unparse(node.func.value)} (line {node.lineno})")
    return found


def test_the_check_finds_a_named_label() -> None:
    source = (
        "def build(self):\n"
        "    self.status = QLabel()\n"
        "    self.status.setAccessibleName('Status')\n"
        "    key = _selectable(QLabel(text))\n"
        "    key.setAccessibleName('Key')\n"
        "    old, new = QLabel('a'), QLabel('b')\n"
        "    for label, side in ((old, 'now'), (new, 'file')):\n"
        "        label.setAccessibleName(side)\n"
        "    self.edit = QLineEdit()\n"
        "    self.edit.setAccessibleName('Field')\n"
    )
    assert named_labels(source) == ["self.status (line 3)", "key (line 5)", "label (line 8)"]


def test_no_label_in_the_window_hides_its_text_behind_a_name() -> None:
    found = {
        str(module.relative_to(ROOT)): named
        for module in sorted(GUI.glob("*.py"))
        if (named := named_labels(module.read_text(encoding="utf-8")))
    }
    assert found == {}, "use app.gui.widgets.StatusLabel (the purpose as its description)"


def heard(widget: QWidget) -> tuple[str, str]:
    """The name and description Qt gives assistive technology for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def test_status_label_is_read_as_its_text(qtbot: QtBot) -> None:
    label = StatusLabel("Unlock status")
    qtbot.addWidget(label)
    label.setText(WRONG)
    assert heard(label) == (WRONG, "Unlock status")
    label.setText("<b>Saved</b>")
    assert heard(label) == ("Saved", "Unlock status")
    # The fault it replaces: a plain label with a name is read as the name alone.
    plain = QLabel(WRONG)
    qtbot.addWidget(plain)
    plain.setAccessibleName("Unlock status")
    assert heard(plain)[0] == "Unlock status"


def test_the_window_reads_key_save_state_and_refusal(qtbot: QtBot, gui: Gui) -> None:
    page = gui.window.create_page
    assert page is not None
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
    key = page.recovery_text.text()
    assert key.count("-") >= 3
    assert heard(page.recovery_text) == (key, "Recovery key")
    with qtbot.waitSignal(gui.window.vault_unlocked, timeout=10_000):
        page.last_group.setText(key.rsplit("-", 1)[1])
        page.done_button.click()
    add_case(qtbot, gui, "Heard")
    add_testimony(qtbot, gui, "H-1")
    editor = workspace_of(gui).editor
    editor.interview.place.setText("Vilnius")
    editor.interview.place.textEdited.emit("Vilnius")
    wait_saved(qtbot, gui)
    assert heard(editor.saved_state) == ("Saved", "Save state")
    gui.window.lock()
    qtbot.waitUntil(lambda: gui.window.unlock_page is not None)
    unlock = gui.window.unlock_page
    assert unlock is not None
    unlock.secret.setText("wrong passphrase here")
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: bool(unlock.message.text()), timeout=20_000)
    assert heard(unlock.message) == (WRONG, "Unlock status")


def _shown(nodes: list[dict[str, object]], name: str) -> list[dict[str, object]]:
    return [node for node in nodes if node["name"] == name and node["showing"]]


def test_a_screen_reader_hears_key_save_state_and_refusal(
    xvfb_display: str,  # noqa: F811  # the fixture imported above
    tmp_path: Path,
) -> None:
    # scripts/setup installs these (dbus, at-spi2-core, python3-pyatspi): never skipped.
    assert shutil.which("dbus-run-session") and shutil.which("dbus-send"), "dbus is missing"
    assert Path("/usr/libexec/at-spi-bus-launcher").exists(), "at-spi2-core is missing"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True)
    assert probe.returncode == 0, "python3-pyatspi is missing"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DISPLAY": xvfb_display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    out = tmp_path / "heard.json"
    run = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.gui.atspi_session",
         str(tmp_path), str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-4000:]
    moments = json.loads(out.read_text(encoding="utf-8"))

    for moment, purpose in (("recovery key", "Recovery key"), ("save state", "Save state"),
                            ("wrong passphrase", "Unlock status")):  # fmt: skip
        seen = moments[moment]
        assert seen["found"], f"{moment}: the window is not on the AT-SPI bus"
        nodes = seen["nodes"]
        assert len(nodes) > 10, moment
        shown = str(seen["shown"])
        assert shown, moment
        read = _shown(nodes, shown)
        assert read, f"{moment}: {shown!r} is not read; labels: " + str(
            [n["name"] for n in nodes if n["role"] == "label" and n["showing"]]
        )
        assert read[0]["description"] == purpose, read
        assert not _shown(nodes, purpose), f"{moment}: {purpose!r} is read instead"
    assert moments["save state"]["shown"] == "Saved"
    assert moments["wrong passphrase"]["shown"] == WRONG
    # Heard at once, where the focus is (the passphrase field), not only when the person
    # goes looking for it: spoken as an assertive announcement, with what it is about.
    assert {"text": WRONG, "politeness": 2, "source": WRONG,
            "description": "Unlock status"} in moments["wrong passphrase"]["announced"]
    assert moments["recovery key"]["shown"].count("-") >= 3
