"""What the window says in Belarusian, Russian and Ukrainian: Qt's own buttons and file
dialog, core's refusals and validation messages, custody event names and vocabulary
values, each through the interface language (issue 13)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.i18n import Translations

from .conftest import close_gui, create_vault, make_gui

TRANSLATED = ("be", "ru", "uk")


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    installed = Translations(qapp)
    yield installed
    installed.install("en")


@pytest.mark.parametrize("language", TRANSLATED)
def test_qt_standard_buttons_speak_the_language(
    qtbot: QtBot, translations: Translations, language: str
) -> None:
    assert translations.install(language)
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Close
    )  # fmt: skip
    texts = [button.text().replace("&", "") for button in box.buttons()]
    assert len(texts) == 7
    english = {"OK", "Cancel", "Yes", "No", "Open", "Save", "Close"}
    assert not english & set(texts), texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.buttons()[0].text() != "Cancel"


@pytest.mark.parametrize("language", TRANSLATED)
def test_qt_file_dialog_speaks_the_language(
    qtbot: QtBot, translations: Translations, language: str, tmp_path
) -> None:
    assert translations.install(language)
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert labels
    for english in ("&Look in:", "File &name:", "Files of &type:", "Look in:", "File name:"):
        assert english not in labels, (language, labels)
    button_texts = {b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()}
    assert not button_texts & {"&Open", "Open", "Cancel"}, button_texts


# -- core's reasons through one catalogue -----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
CODED = {"ConsentError", "ImmutableRecordError", "InvalidRecordError"}


def _codes_core_raises() -> tuple[set[str], list[str]]:
    """Every code given to an error outside the front ends, and the refusals without one."""
    codes: set[str] = set()
    uncoded: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.parts[-2] in ("gui", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if not name.endswith("Error"):
                continue
            given = [k.value for k in node.keywords if k.arg == "code"]
            if name == "InvalidRecordError" and len(node.args) >= 2:
                given.append(node.args[1])
            literal = [g.value for g in given
                       if isinstance(g, ast.Constant) and isinstance(g.value, str)]
            codes.update(literal)
            passed_on = any(isinstance(g, ast.Attribute) and g.attr == "code" for g in given)
            if name in CODED and not literal and not passed_on:
                uncoded.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return codes, uncoded


def test_every_code_core_raises_has_a_translation() -> None:
    from app.core.records import PROBLEMS
    from app.gui.messages import CORE_TEXTS

    codes, uncoded = _codes_core_raises()
    assert not uncoded, f"refusals without a stable code: {uncoded}"
    assert {"consent.no_onward_sharing", "record.not_timestamp"} <= codes
    assert set(PROBLEMS) <= codes | set(PROBLEMS)
    missing = sorted((codes | set(PROBLEMS)) - set(CORE_TEXTS))
    assert not missing, f"codes core raises that the window cannot say: {missing}"


SEALED: dict[str, Any] = {
    "person": {"code": "W-204", "role": "witness"},
    "consent": {
        "interview": True, "audio_recording": False, "share_with_platform": True,
        "share_onward": False, "be_named": False, "recontact": False,
        "given_at": "2024-03-01T10:15:00Z", "method": "oral",
    },
    "narrative": "Я бачыў затрыманне каля стэлы.",
}  # fmt: skip


def _sealed_testimony(qtbot: QtBot, gui: Gui) -> str:
    from app.core import cases
    from app.core.records import parse_case_input, parse_testimony_input
    from app.core.sealing import seal_testimony
    from app.core.testimonies import add_testimony

    def job(ctx: Any) -> str:
        vault = ctx.session.vault
        conn, device = vault.connection, vault.device
        case = cases.add_case(conn, device, parse_case_input({"title": "Field"}), "d")
        testimony = add_testimony(conn, device, case.id, parse_testimony_input(SEALED), "d")
        seal_testimony(conn, vault.blobs, device, testimony.id, "d")
        return testimony.id

    with qtbot.waitCallback(timeout=60_000) as done:
        gui.client.submit(job, on_done=done)
    return str(done.args[0])


@pytest.fixture
def russian_gui(qtbot: QtBot, tmp_path: Path) -> Iterator[Gui]:
    built = make_gui(tmp_path / "vault", "ru")
    qtbot.addWidget(built.window)
    built.window.show()
    create_vault(qtbot, built)
    yield built
    close_gui(built)


def test_export_refusal_says_why_and_what_next_in_the_language(
    qtbot: QtBot, russian_gui: Gui, tmp_path: Path
) -> None:
    from app.crypto.age.keys import X25519Identity
    from app.gui.export_dialog import ExportDialog

    testimony_id = _sealed_testimony(qtbot, russian_gui)
    dialog = ExportDialog(russian_gui.client, testimony_id, 0, russian_gui.window)
    qtbot.addWidget(dialog)
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog.destination.setText(str(stick))
    dialog.recipients.setPlainText(str(X25519Identity.generate().recipient))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and bool(dialog.outcome.text()),
                    timeout=30_000)
    text = dialog.outcome.text()
    assert not list(stick.iterdir())
    assert "did not consent" not in text and "action could not" not in text, text
    # The reason (sharing beyond the platform) and the next step, in Russian.
    assert "за пределы платформы" in text, text
    assert "Снимите отметки" in text, text
    assert not re.search(r"[A-Za-z]{4,}", text), text


# -- a refused field: translated, in the error colour, under the field ------------------


def _within(widget: QWidget, window: QWidget) -> bool:
    """Whether ``widget`` is shown wholly inside ``window``'s width."""
    left = widget.mapTo(window, widget.rect().topLeft()).x()
    return widget.isVisible() and left >= 0 and left + widget.width() <= window.width()


def test_refused_field_is_marked_under_it_without_widening_the_window(
    qtbot: QtBot, russian_gui: Gui
) -> None:
    from .flow_steps import add_case, add_testimony, wait_saved, workspace_of

    window = russian_gui.window
    window.resize(1400, 860)
    add_case(qtbot, russian_gui, "Гомель")
    add_testimony(qtbot, russian_gui, "W-1")
    editor = workspace_of(russian_gui).editor
    wait_saved(qtbot, russian_gui)
    qtbot.waitUntil(lambda: window.width() == 1400)
    language = editor.interview.language

    language.setFocus()
    qtbot.keyClicks(language, "Belarusian, Russian, Ukrainian, Polish, Lithuanian, English, German")
    qtbot.waitUntil(lambda: bool(editor.field_errors.visible()), timeout=10_000)
    [(path, text)] = editor.field_errors.visible().items()
    assert path == "interview.language"
    assert text == "Слишком длинно: не более 64 знаков."
    [label] = [lb for lb in editor.findChildren(QLabel) if lb.text() == text]
    assert label.objectName() == "errorText" and label.isVisible()
    # Right under the field it names, at its left edge.
    field_at = language.mapTo(editor, language.rect().bottomLeft())
    label_at = label.mapTo(editor, label.rect().topLeft())
    assert label_at.x() == field_at.x() and 0 <= label_at.y() - field_at.y() < 30
    # The header says it briefly, in the error colour, in Russian.
    state = editor.saved_state
    assert state.property("error") is True
    assert not re.search(r"[A-Za-z]{3,}", state.text()), state.text()
    assert "interview" not in state.text() and "64" not in state.text()
    QApplication.processEvents()
    assert window.width() == 1400
    for button in (editor.custody_button, editor.correction_button, editor.back_button):
        assert not button.isVisible() or _within(button, window)
    assert _within(editor.custody_button, window)

    # Corrected: the mark goes, the header says saved again.
    language.selectAll()
    qtbot.keyClicks(language, "Belarusian")
    wait_saved(qtbot, russian_gui)
    assert not editor.field_errors.visible()
    assert not label.isVisible()
    assert editor.saved_state.property("error") is not True
