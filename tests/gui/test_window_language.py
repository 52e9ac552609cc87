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
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
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
    """Every code given to an error (or recorded for the window) outside the front ends,
    and the refusals without one."""
    codes: set[str] = set()
    uncoded: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.parts[-2] in ("gui", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A class's own code for every error it raises (app/sync/errors.py).
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "default_code" for t in node.targets
            ) and isinstance(node.value, ast.Constant):
                codes.add(str(node.value.value))
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            given = [k.value for k in node.keywords if k.arg == "code"]
            if not name.endswith("Error"):
                # A code recorded for the window to say later (outbox.record_failed).
                codes.update(g.value for g in given
                             if isinstance(g, ast.Constant) and isinstance(g.value, str))
                continue
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
    assert {"consent.no_onward_sharing", "record.not_timestamp", "sync.token_refused",
            "sync.receipt_pending"} <= codes
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
        vault, actor = ctx.session.vault, ctx.session.actor
        conn, device = vault.connection, vault.device
        case = cases.add_case(conn, device, parse_case_input({"title": "Field"}), actor)
        testimony = add_testimony(conn, device, case.id, parse_testimony_input(SEALED), actor)
        seal_testimony(conn, vault.blobs, device, testimony.id, actor)
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
    dialog = ExportDialog(russian_gui.client, testimony_id, russian_gui.window)
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


def test_a_fat32_stick_is_warned_of_and_a_package_too_large_refused_in_the_language(
    qtbot: QtBot, russian_gui: Gui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from app.crypto.age.keys import X25519Identity
    from app.gui import session_jobs
    from app.gui.export_dialog import ExportDialog
    from app.platform import private

    settings = dataclasses.replace(
        russian_gui.window.settings, platform_recipient=str(X25519Identity.generate().recipient)
    )
    with qtbot.waitCallback(timeout=10_000) as saved:
        russian_gui.client.submit(session_jobs.save_settings(settings), on_done=saved)
    testimony_id = _sealed_testimony(qtbot, russian_gui)
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(private, "filesystem_type",
                        lambda path: "vfat" if "stick" in Path(path).parts else "ext4")
    monkeypatch.setattr(private, "FAT32_MAX_FILE", 1000)  # the package is larger
    dialog = ExportDialog(russian_gui.client, testimony_id, russian_gui.window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.destination.setText(str(stick))
    qtbot.waitUntil(dialog.drive_warning.isVisible, timeout=5_000)
    warning = dialog.drive_warning.text()
    assert "ни владельца, ни прав доступа" in warning and "4 ГиБ" in warning, warning
    assert not _english_in([("drive warning", warning)], ()), warning
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and "FAT32" in dialog.outcome.text(),
                    timeout=30_000)
    text = dialog.outcome.text()
    assert not list(stick.iterdir())
    # Why (FAT32 holds no file over 4 GiB) and what next, not "the disk refused the write".
    assert "не может хранить файл больше 4 ГиБ" in text and "exFAT или NTFS" in text, text
    assert not _english_in([("refusal", text)], ()), text


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
    description = language.accessibleDescription()

    language.setFocus()
    qtbot.keyClicks(language, "Belarusian, Russian, Ukrainian, Polish, Lithuanian, English, German")
    qtbot.waitUntil(lambda: bool(editor.field_errors.visible()), timeout=10_000)
    [(path, text)] = editor.field_errors.visible().items()
    assert path == "interview.language"
    assert text == "Слишком длинно: не более 64 знаков."
    assert language.accessibleDescription() == text  # a screen reader hears it with the field
    [label] = [lb for lb in editor.findChildren(QLabel) if lb.text() == text]
    assert label.objectName() == "errorText" and label.isVisible()
    # Right under the field it names, at its left edge.
    field_at = language.mapTo(editor, language.rect().bottomLeft())
    label_at = label.mapTo(editor, label.rect().topLeft())
    assert label_at.x() == field_at.x() and 0 <= label_at.y() - field_at.y() < 30
    # The header says it briefly, in the error colour, in Russian.
    state = editor.saved_state
    assert state.property("error") is True
    error_colour = QColor("#a23b2a")  # QLabel#errorText in resources/style/app.qss
    assert label.palette().color(label.foregroundRole()) == error_colour
    assert state.palette().color(state.foregroundRole()) == error_colour
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
    assert language.accessibleDescription() == description
    assert editor.saved_state.property("error") is not True
    assert editor.saved_state.palette().color(state.foregroundRole()) != error_colour


# -- custody event names and vocabulary values ----------------------------------------


def _custody_actions_core_records() -> set[str]:
    """Every custody action name written anywhere outside the front ends."""
    found: set[str] = set()
    pattern = re.compile(r"[a-z][a-z_]*")

    def constants(node: ast.AST) -> set[str]:
        return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
                and isinstance(n.value, str) and pattern.fullmatch(n.value)}

    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.parts[-2] in ("gui", "cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Module constants an action may be named by (ACTION = "working_copy_made").
        named = {target.id: constants(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) for target in node.targets
                 if isinstance(target, ast.Name)}  # fmt: skip
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "append_event":
                    for keyword in node.keywords:
                        if keyword.arg == "action":
                            found |= constants(keyword.value)
                            if isinstance(keyword.value, ast.Name):
                                found |= named.get(keyword.value.id, set())
                elif name == "_recorder" and len(node.args) >= 2:
                    found |= constants(node.args[1])
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "action" for t in node.targets
            ):
                found |= constants(node.value)
    return found


def test_every_custody_action_and_vocabulary_value_has_a_translation() -> None:
    from app.core.records import CONSENT_METHODS
    from app.gui.messages import CONSENT_METHOD_TEXTS, CUSTODY_ACTION_TEXTS

    actions = _custody_actions_core_records()
    assert {"correction_started", "sealed", "creation", "phone_key_named"} <= actions
    missing = sorted(actions - set(CUSTODY_ACTION_TEXTS))
    assert not missing, f"custody actions the window cannot name: {missing}"
    assert "oral" in CONSENT_METHODS
    from app.core.custody import DEFAULT_ACTOR
    from app.gui.messages import ACTOR_TEXTS

    assert DEFAULT_ACTOR in ACTOR_TEXTS
    assert set(CONSENT_METHODS) == set(CONSENT_METHOD_TEXTS)


def test_custody_log_and_consent_method_in_the_language(
    qtbot: QtBot, russian_gui: Gui
) -> None:
    from PySide6.QtWidgets import QTableWidget

    from app.gui.custody_dialog import CustodyDialog
    from app.services import records

    from .flow_steps import add_case, add_testimony, wait_saved, workspace_of

    sealed_id = _sealed_testimony(qtbot, russian_gui)
    with qtbot.waitCallback(timeout=30_000) as done:
        russian_gui.client.submit(
            lambda ctx: records.start_correction(ctx.session, sealed_id).id, on_done=done
        )
    correction_id = str(done.args[0])
    shown: dict[str, str] = {}
    for chain in (sealed_id, correction_id):
        with qtbot.waitCallback(timeout=30_000) as got:
            russian_gui.client.submit(
                lambda ctx, chain=chain: records.custody_log(ctx.session, chain), on_done=got
            )
        actions = [event.action for event in got.args[0].events]
        dialog = CustodyDialog(russian_gui.client, chain, russian_gui.window)
        qtbot.addWidget(dialog)
        table = dialog.findChild(QTableWidget)
        qtbot.waitUntil(lambda table=table: table.rowCount() > 0, timeout=10_000)
        for row, action in enumerate(actions):
            shown[action] = table.item(row, 2).text()
            # The device in the form Settings and the seal dialog show.
            assert table.item(row, 4).text() == russian_gui.window.device_fingerprint
            assert table.item(row, 3).text() == "документатор"  # core's default actor
    assert "correction_started" in shown, shown
    assert shown["correction_started"] == "Начато исправление"
    for action, text in shown.items():
        assert not re.search(r"[A-Za-z]", text), (action, text)

    # A new testimony's consent method ("oral", stored as is) reads in Russian.
    add_case(qtbot, russian_gui, "Гомель")
    add_testimony(qtbot, russian_gui, "W-2")
    editor = workspace_of(russian_gui).editor
    assert editor.opened is not None and editor.opened.testimony.consent.method == "oral"
    assert editor.consent.method.text() == "устно"
    assert editor.consent.values()["method"] == "oral"
    # Typed in the window's language, it is stored as the same value.
    editor.consent.method.setText("письменно")
    assert editor.consent.values()["method"] == "written"
    editor.consent.method.setText("устно, в начале интервью")
    assert editor.consent.values()["method"] == "устно, в начале интервью"
    wait_saved(qtbot, russian_gui)


# -- no English left in a translated window --------------------------------------------

# Latin words a Belarusian or Russian window may show, each for a reason:
ALLOWED_LATIN = {
    "English",  # the language menu names each language in itself
    "age",  # the name of the encryption format of keys ("age1…"), not a word to translate
    "Tor",  # a program's name (the proxy the sync window suggests)
    "ProofMode", "Tella", "OpenTimestamps",  # the phone apps and the proof a bundle carries
    "WebP",  # a photo format's name, as JPEG and PNG are
    "Ctrl", "Shift", "Alt", "Esc", "Enter", "Tab", "Del",  # key names as keyboards print them
    "exFAT", "ext",  # file systems as a drive's properties name them (exFAT, ext4)
}
# Names that stay as they are in every language: the program's own name.
PROPER_NAMES = ("Evidence Vault",)
# An example address (the proxy's placeholder) is written as it must be typed.
ADDRESS = re.compile(r"[a-z0-9]+://\S*")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
TAG = re.compile(r"<[^>]+>")


def _shown_texts(top: QWidget) -> list[tuple[str, str]]:
    """Every text ``top`` shows now: labels, buttons, group titles, placeholders, tool
    tips, window titles, list and table headers and items, menus."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLineEdit,
        QMenuBar,
        QPlainTextEdit,
        QTabBar,
    )

    found: list[tuple[str, str]] = []

    def add(widget: QWidget, what: str, text: str) -> None:
        if text and text.strip():
            name = widget.objectName() or type(widget).__name__
            found.append((f"{name}.{what}", TAG.sub(" ", text)))

    for widget in (top, *top.findChildren(QWidget)):
        if widget is not top and not widget.isVisibleTo(top):
            continue
        if widget.isWindow():
            add(widget, "windowTitle", widget.windowTitle())
        add(widget, "toolTip", widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            add(widget, "text", widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget, "title", widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            add(widget, "placeholder", widget.placeholderText())
            if isinstance(widget, QLineEdit):
                # What the program fills in (a default, a date), not only what was typed.
                add(widget, "text", widget.text())
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(widget, "item", widget.itemText(index))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget, "tab", widget.tabText(index))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(widget, "menu", action.text())
                menu = action.menu()
                for item in menu.actions() if menu is not None else ():
                    add(widget, "menu item", item.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, root = widget.model(), QModelIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model's columnCount is private in PySide6
                columns = 1
            for column in range(columns):
                add(widget, "header", str(model.headerData(column, Qt.Orientation.Horizontal)
                                          or ""))
            for row in range(min(model.rowCount(root), 50)):
                for column in range(columns):
                    add(widget, "item", str(model.index(row, column).data() or ""))
    return found


def _clipped_texts(top: QWidget) -> list[str]:
    """Visible push buttons and one-line labels narrower than their text (a longer
    translation cut off)."""
    from PySide6.QtWidgets import QPushButton

    clipped = [
        f"clipped button {button.text()!r}: {button.width()} < {button.sizeHint().width()} px"
        for button in top.findChildren(QPushButton)
        if button.isVisibleTo(top) and button.width() < button.sizeHint().width()
    ]
    # A label that does not wrap shows its text on one line: narrower than it, it is cut.
    for label in top.findChildren(QLabel):
        if label.isVisibleTo(top) and not label.wordWrap() and label.text() and (
            label.width() < label.sizeHint().width()
        ):
            clipped.append(
                f"clipped label {label.text()!r}: {label.width()} < {label.sizeHint().width()} px"
            )
    return clipped


def _problems(top: QWidget, user_data: tuple[str, ...]) -> list[str]:
    """English words or cut-off buttons in what ``top`` shows now."""
    return _english_in(_shown_texts(top), user_data) + _clipped_texts(top)


def _english_in(texts: list[tuple[str, str]], user_data: tuple[str, ...]) -> list[str]:
    """The texts holding a Latin word that is neither allowed, an acronym or a code
    (all capitals: SHA-256, UTC, fingerprint groups) nor part of what the test typed."""
    leaks = []
    for where, text in texts:
        plain = ADDRESS.sub(" ", text.replace("&", ""))
        for data in (*user_data, *PROPER_NAMES):
            plain = plain.replace(data, " ")
        words = [w for w in LATIN_WORD.findall(plain)
                 if w not in ALLOWED_LATIN and not w.isupper()]
        if words:
            leaks.append(f"{where}: {text!r}")
    return leaks


PHONE_BUNDLES = Path(__file__).resolve().parents[1] / "fixtures" / "phone" / "proofmode"


def _phone_report_leaks(qtbot: QtBot, gui: Gui, user_data: tuple[str, ...]) -> list[str]:
    """The phone import dialog before and after checking a good and a tampered bundle:
    its report is built from core's verdict and checks, each put into words here."""
    from app.gui.phone_dialog import PhoneImportDialog

    dialog = PhoneImportDialog(gui.client, "no-testimony-needed-to-check", gui.window)
    qtbot.addWidget(dialog)
    dialog.show()
    # "Save" is the name of a phone app here (OpenArchive's), "zip" the kind of file.
    user_data = (*user_data, "Save", "zip")
    leaks = _problems(dialog, user_data)
    for bundle in ("good.zip", "bad.zip"):
        dialog.document = None
        dialog.check(PHONE_BUNDLES / bundle)
        qtbot.waitUntil(lambda: dialog.document is not None, timeout=30_000)
        document = dialog.document
        assert document is not None
        # What the bundle itself names (its files, its key) is shown as it is.
        named = [str(item["name"]) for item in document.get("items", [])]
        if document.get("key"):
            named.append(str(document["key"]["fingerprint"]))
        report = dialog.report.toPlainText()
        assert report.count("\n") > 3, report  # a report was shown, not an error
        leaks += _english_in([("phone report", report)], (*user_data, *named))
        leaks += _problems(dialog, (*user_data, *named))
    dialog.close()
    return leaks


@pytest.mark.parametrize("language", ["be", "ru", "uk"])
def test_no_english_in_the_translated_window(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    from app.gui.custody_dialog import CustodyDialog
    from app.gui.export_dialog import ExportDialog
    from app.gui.seal_dialog import SealDialog
    from app.gui.sync_dialog import SyncDialog
    from app.gui.working_copy_dialog import WorkingCopyDialog

    from .conftest import unlock
    from .flow_steps import add_case, add_testimony, wait_saved, workspace_of

    folder = tmp_path / "vault"
    gui = make_gui(folder, language)
    qtbot.addWidget(gui.window)
    gui.window.show()
    user_data = (str(folder), str(tmp_path), "W-204", "W-7")
    leaks: list[str] = []
    try:
        leaks += _problems(gui.window, user_data)  # creating a vault
        create_vault(qtbot, gui)
        add_case(qtbot, gui, "Гомель")
        add_testimony(qtbot, gui, "W-7")
        wait_saved(qtbot, gui)
        editor = workspace_of(gui).editor
        editor.istanbul.toggle.setChecked(True)
        editor.consent.given_at.setText("2024-03-01 10:15")  # sealing asks for it
        editor.add_incident_button.click()
        wait_saved(qtbot, gui)
        leaks += _problems(gui.window, user_data)  # a testimony open
        editor.seal_button.click()
        qtbot.waitUntil(lambda: bool(workspace_of(gui).findChildren(SealDialog)), timeout=10_000)
        [seal] = workspace_of(gui).findChildren(SealDialog)
        qtbot.waitUntil(lambda: bool(seal.fingerprint.text()), timeout=10_000)
        leaks += _problems(seal, user_data)
        seal.reject()
        editor.back_button.click()  # the list of testimonies
        model = workspace_of(gui).model
        qtbot.waitUntil(lambda: model.rowCount() == 1 and not model.loading, timeout=10_000)
        leaks += _problems(gui.window, user_data)

        settings = gui.window.open_settings_dialog()
        qtbot.wait(300)
        leaks += _problems(settings, user_data)
        settings.close()

        sealed_id = _sealed_testimony(qtbot, gui)
        export = ExportDialog(gui.client, sealed_id, gui.window)
        qtbot.addWidget(export)
        export.show()
        qtbot.waitUntil(lambda: export.coordinators.isVisible()
                        or export.no_coordinators.isVisible(), timeout=10_000)
        leaks += _problems(export, user_data)
        export.close()

        copy = WorkingCopyDialog("photo.jpg", gui.window, media_type="video/mp4")
        qtbot.addWidget(copy)
        copy.show()
        leaks += _problems(copy, (*user_data, "photo.jpg"))
        copy.close()

        leaks += _phone_report_leaks(qtbot, gui, user_data)

        custody = CustodyDialog(gui.client, sealed_id, gui.window)
        qtbot.addWidget(custody)
        custody.show()
        qtbot.waitUntil(lambda: custody.table.rowCount() > 0, timeout=10_000)
        leaks += _problems(custody, user_data)
        custody.close()
        gui.window.sync_action.trigger()
        [sync] = gui.window.findChildren(SyncDialog)
        qtbot.waitUntil(lambda: sync.state is not None, timeout=10_000)
        leaks += _problems(sync, user_data)
        sync.close()

        # The dialogs of the Vault menu: verify, passphrase, re-key, shares, wipe.
        for open_dialog in (gui.window.open_verify_dialog, gui.window.open_passphrase_dialog,
                            gui.window.open_rekey_dialog, gui.window.open_shares_dialog,
                            gui.window.open_wipe_dialog):  # fmt: skip
            dialog = open_dialog()
            qtbot.wait(300)  # some read their state on the vault thread first
            texts = _shown_texts(dialog)
            assert len(texts) > 3, open_dialog.__name__  # the dialog was shown and read
            leaks += _english_in(texts, user_data)
            dialog.close()

        gui.window.lock()
        qtbot.waitUntil(lambda: gui.window.unlock_page is not None, timeout=10_000)
        leaks += _problems(gui.window, user_data)  # unlocking
        unlock(qtbot, gui)
    finally:
        close_gui(gui)
    assert not leaks, "English or cut-off text in the translated window:\n" + "\n".join(
        sorted(set(leaks))
    )


def test_a_failed_package_says_why_and_what_next_in_the_window(
    qtbot: QtBot, russian_gui: Gui
) -> None:
    from app.core.export import keep_package
    from app.core.settings import PLATFORM_RECIPIENT, set_setting
    from app.crypto.age.keys import X25519Identity
    from app.gui.sync_dialog import SyncDialog
    from app.sync import outbox

    testimony_id = _sealed_testimony(qtbot, russian_gui)
    reason = "The platform refused this package (413): it is larger than the platform accepts."
    other = "An older failure, stored before failures kept their code."

    def queue_and_fail(ctx: Any) -> str:
        vault = ctx.session.vault
        recipient = str(X25519Identity.generate().recipient)
        set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, recipient, "d")
        kept = keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [], "d")
        assert outbox.enqueue(vault.connection, kept.package_id, size=kept.size,
                              sha256=kept.sha256)
        outbox.record_failed(vault.connection, kept.package_id, reason, code="sync.refused")
        second = keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [],
                              "d")
        assert outbox.enqueue(vault.connection, second.package_id, size=second.size,
                              sha256=second.sha256)
        outbox.record_failed(vault.connection, second.package_id, other)
        return str(kept.package_id)

    with qtbot.waitCallback(timeout=60_000) as done:
        russian_gui.client.submit(queue_and_fail, on_done=done)
    package_id = str(done.args[0])
    russian_gui.window.sync_action.trigger()
    [dialog] = russian_gui.window.findChildren(SyncDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(dialog.failure_reason.isVisible, timeout=10_000)
    assert dialog.failure_reason.objectName() == "errorText"
    # The selected failed package's reason, in Russian, with the next step.
    [row] = [r for r in range(2) if package_id.startswith(
        dialog.table.item(r, 0).text().rstrip("…"))]
    dialog.table.selectRow(row)
    text = dialog.failure_reason.text()
    assert package_id[:12] in text, text
    assert "Платформа отказалась принять этот пакет" in text and reason not in text, text
    assert "не доставлен" in text and "«Повторить»" in text, text
    assert dialog.retry_button.isEnabled()
    # A reason stored without a code is shown as it was stored, after the translated lead.
    dialog.table.selectRow(1 - row)
    assert other in dialog.failure_reason.text()
    assert "не доставлен" in dialog.failure_reason.text()


def test_export_without_any_recipient_says_where_to_set_one(
    qtbot: QtBot, russian_gui: Gui, tmp_path: Path
) -> None:
    from app.gui.export_dialog import ExportDialog

    testimony_id = _sealed_testimony(qtbot, russian_gui)  # no platform key is set
    dialog = ExportDialog(russian_gui.client, testimony_id, russian_gui.window)
    qtbot.addWidget(dialog)
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog.destination.setText(str(stick))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and bool(dialog.outcome.text()),
                    timeout=30_000)
    text = dialog.outcome.text()
    assert "не удалось завершить" not in text, text
    assert "ключ платформы" in text and "Настройках" in text, text
    assert not list(stick.iterdir())
