"""Withdrawing consent, deleting a draft, removing an attachment and the identifying
details of the person interviewed, driven through the window's widgets by keyboard, on a
real vault and its worker thread; with the refusals, the custody log each leaves, and the
status word the window and the command line agree on."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.crypto.age.keys import X25519Identity
from app.errors import ImmutableRecordError
from app.gui import attachment_jobs, record_jobs, session_jobs
from app.gui.application import Gui
from app.gui.export_dialog import ExportDialog
from app.gui.locale_format import moment_text
from app.gui.testimony_editor import TestimonyEditor as Editor
from app.gui.testimony_model import STATUS_ROLE, WITHDRAWN_ROLE
from app.gui.vault_worker import JobFailure
from app.gui.withdrawal_dialog import WithdrawalDialog
from app.services import records

from .conftest import PASSPHRASE, create_vault
from .flow_steps import add_case, add_testimony, drop_files, wait_saved, workspace_of

CLI = Path(sys.executable).parent / "evidence-vault"


# -- helpers ------------------------------------------------------------------------------


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key = Qt.Key.Key_Space) -> None:
    """Focus ``widget`` and press a key on it, as a keyboard user would."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(widget, key)


def focused(widget: QWidget) -> bool:
    """Whether ``widget`` has its window's focus (an offscreen window may not be active)."""
    return widget.window().focusWidget() is widget


def custody(qtbot: QtBot, gui: Gui, chain: str) -> records.CustodyReport:
    with qtbot.waitCallback(timeout=10_000) as got:
        gui.client.submit(lambda ctx: records.custody_log(ctx.session, chain), on_done=got)
    report: records.CustodyReport = got.args[0]
    assert report.problem is None
    return report


def run_job(qtbot: QtBot, gui: Gui, job: Any) -> tuple[Any, JobFailure | None]:
    """Submit ``job``; (result, None) when done, (None, failure) when it failed."""
    outcome: list[tuple[Any, JobFailure | None]] = []
    gui.client.submit(
        job,
        on_done=lambda value: outcome.append((value, None)),
        on_failed=lambda failure: outcome.append((None, failure)),
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    return outcome[0]


def message_box(qtbot: QtBot, parent: QWidget) -> QMessageBox:
    boxes: list[QMessageBox] = []

    def shown() -> bool:
        boxes[:] = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
        return len(boxes) == 1

    qtbot.waitUntil(shown, timeout=10_000)
    return boxes[0]


def choose(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    """Tab from Cancel (the default) to the button named ``text`` and press Space."""
    [target] = [b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == text]
    for _ in range(4):
        if focused(target):
            break
        qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Tab)
    assert focused(target)
    qtbot.keyClick(target, Qt.Key.Key_Space)


def start(qtbot: QtBot, gui: Gui, code: str) -> tuple[str, Editor]:
    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Akrestsina, August")
    testimony_id = add_testimony(qtbot, gui, code)
    return testimony_id, workspace_of(gui).editor


def give_consent(qtbot: QtBot, gui: Gui, editor: Editor) -> None:
    for key in ("interview", "share_with_platform"):
        editor.consent.flags[key].setChecked(True)
    editor.consent.given_at.setText("2024-03-01 10:15")  # sealing asks for it
    editor.narrative.setPlainText("Fourteen people in a cell for four.")
    wait_saved(qtbot, gui)


def seal(qtbot: QtBot, gui: Gui, testimony_id: str) -> None:
    workspace = workspace_of(gui)
    editor = workspace.editor
    dialog = workspace.open_seal_dialog(testimony_id)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(workspace.testimony_sealed, timeout=30_000):
        dialog.seal_button.click()
    dialog.accept()
    qtbot.waitUntil(
        lambda: editor.opened is not None and editor.opened.testimony.status == "sealed",
        timeout=10_000,
    )


def withdraw_by_keyboard(
    qtbot: QtBot, editor: Editor, note: str, earlier: str | None = None
) -> WithdrawalDialog:
    press(qtbot, editor.withdraw_button)
    dialog = editor.findChild(WithdrawalDialog)
    assert isinstance(dialog, WithdrawalDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "No version of this testimony will be exported or synced" in (
        dialog.consequence.text()
    )
    if earlier is not None:
        press(qtbot, dialog.earlier)
        assert dialog.earlier.isChecked() and dialog.withdrawn_at.isEnabled()
        dialog.withdrawn_at.setFocus()
        dialog.withdrawn_at.setSelectedSection(dialog.withdrawn_at.Section.YearSection)
        qtbot.keyClicks(dialog.withdrawn_at, earlier)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, note)
    if earlier is not None:
        assert dialog.withdrawn_at_iso() == (
            f"{earlier[:4]}-{earlier[4:6]}-{earlier[6:8]}T{earlier[8:10]}:{earlier[10:]}:00Z"
        )
    else:
        assert dialog.withdrawn_at_iso() is None  # now, by core's clock
    with qtbot.waitSignal(editor.consent_withdrawn, timeout=10_000):
        press(qtbot, dialog.record_button)
    qtbot.waitUntil(lambda: editor.withdrawn_banner.isVisibleTo(editor), timeout=10_000)
    return dialog


# -- withdrawal ---------------------------------------------------------------------------


def test_withdrawal_of_a_sealed_testimony_blocks_export(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    testimony_id, editor = start(qtbot, gui, "W-17")
    workspace = workspace_of(gui)
    give_consent(qtbot, gui, editor)
    settings = dataclasses.replace(
        gui.window.settings, platform_recipient=str(X25519Identity.generate().recipient)
    )
    run_job(qtbot, gui, session_jobs.save_settings(settings))
    seal(qtbot, gui, testimony_id)
    assert editor.withdraw_button.isVisibleTo(editor)
    assert not editor.delete_button.isVisibleTo(editor)

    withdraw_by_keyboard(qtbot, editor, "by phone, to the interviewer")

    banner = editor.withdrawn_banner
    assert "Consent withdrawn on" in banner.text()
    # Read as its text (no name hides it), with what it is as the description.
    assert banner.accessibleName() == ""
    assert banner.accessibleDescription() == "Consent withdrawn"
    assert focused(banner)  # focus lands on what changed, read by a screen reader
    assert not editor.withdraw_button.isVisibleTo(editor)
    assert editor.opened is not None and editor.opened.consent_withdrawn

    [event] = [e for e in custody(qtbot, gui, testimony_id).events
               if e.action == "consent_withdrawn"]
    withdrawn_at = event.details["withdrawn_at"]
    assert withdrawn_at.endswith("Z") and "T" in withdrawn_at

    # The export attempt shows core's refusal reason.
    stick = tmp_path / "usb"
    stick.mkdir()
    press(qtbot, editor.export_button)
    [export] = workspace.findChildren(ExportDialog)
    export.destination.setText(str(stick))
    press(qtbot, export.export_button)
    qtbot.waitUntil(lambda: "Consent was withdrawn" in export.outcome.text(), timeout=20_000)
    assert "may not be exported or synced" in export.outcome.text()
    assert "Traceback" not in export.outcome.text()
    assert not list(stick.iterdir())
    export.accept()

    # The list marks it.
    press(qtbot, editor.back_button)
    model = workspace.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and not model.loading, timeout=10_000)
    assert model.index(0, 4).data(WITHDRAWN_ROLE) is True
    assert model.row_at(0).withdrawn
    assert model.index(0, 4).data() == "Sealed, consent withdrawn"


def test_withdrawal_of_a_draft_at_an_earlier_moment(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "D-3")
    give_consent(qtbot, gui, editor)
    withdraw_by_keyboard(qtbot, editor, "in person", earlier="202403051430")
    # As the interface language writes a moment, in this computer's time.
    assert moment_text("2024-03-05T14:30:00Z") in editor.withdrawn_banner.text()
    [event] = [e for e in custody(qtbot, gui, testimony_id).events
               if e.action == "consent_withdrawn"]
    assert event.details["withdrawn_at"] == "2024-03-05T14:30:00Z"

    # A draft carrying a withdrawal stays: delete and seal are no longer offered, and
    # the deletion, asked for all the same, is refused with core's reason.
    assert not editor.delete_button.isVisibleTo(editor)
    assert not editor.seal_button.isVisibleTo(editor)
    assert editor.ask_delete() is None
    editor.delete_draft(testimony_id)
    failure = message_box(qtbot, editor)
    assert "A consent withdrawal is recorded on this draft" in failure.text()
    assert editor.last_failure == failure.text()
    failure.accept()
    assert editor.opened is not None and editor.opened.testimony.id == testimony_id


def test_cancelled_withdrawal_records_nothing(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "C-1")
    press(qtbot, editor.withdraw_button)
    dialog = editor.findChild(WithdrawalDialog)
    assert isinstance(dialog, WithdrawalDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    actions = [e.action for e in custody(qtbot, gui, testimony_id).events]
    assert "consent_withdrawn" not in actions
    assert not editor.withdrawn_banner.isVisibleTo(editor)


# -- deleting a draft ---------------------------------------------------------------------


def test_delete_a_draft_by_keyboard(qtbot: QtBot, gui: Gui, tmp_path: Path) -> None:
    testimony_id, editor = start(qtbot, gui, "X-9")
    workspace = workspace_of(gui)
    editor.narrative.setPlainText("words only this draft holds: quince")
    wait_saved(qtbot, gui)
    photo = tmp_path / "note.txt"
    photo.write_bytes(b"a scanned note")
    with qtbot.waitSignal(editor.attachments.attachments_changed, timeout=20_000):
        drop_files(gui, [photo])
    assert editor.delete_button.isVisibleTo(editor)
    assert editor.delete_button.text() == "&Delete this draft…"  # Alt+D

    press(qtbot, editor.delete_button)
    box = message_box(qtbot, editor)
    assert "cannot be undone" in box.text()
    assert "custody log keeps only its id and content hash" in box.text()
    # Cancel is the default: Enter alone deletes nothing.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert workspace.right.currentWidget() is editor

    press(qtbot, editor.delete_button)
    box = message_box(qtbot, editor)
    with qtbot.waitSignal(editor.draft_deleted, timeout=10_000):
        choose(qtbot, box, "Delete the draft")
    # The editor closes, the list refreshes, the table has focus.
    assert workspace.right.currentWidget() is workspace.testimonies
    assert editor.opened is None
    model = workspace.model
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    assert model.rowCount() == 0
    assert focused(workspace.testimonies.table)

    [event] = [e for e in custody(qtbot, gui, "vault").events if e.action == "draft_deleted"]
    assert event.details["testimony_id"] == testimony_id
    assert len(event.details["record_sha256"]) == 64
    assert "quince" not in json.dumps(dict(event.details))
    _value, failure = run_job(qtbot, gui, record_jobs.open_testimony(testimony_id))
    assert failure is not None and failure.kind.__name__ == "NotFoundError"
    workspace.testimonies.search.setText("quince ")
    workspace.testimonies.apply_filter()
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    assert model.rowCount() == 0


def test_delete_is_not_offered_for_a_sealed_version(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "S-2")
    give_consent(qtbot, gui, editor)
    seal(qtbot, gui, testimony_id)
    assert not editor.delete_button.isVisibleTo(editor)
    assert editor.ask_delete() is None
    _value, failure = run_job(qtbot, gui, record_jobs.delete_draft(testimony_id))
    assert failure is not None and issubclass(failure.kind, ImmutableRecordError)
    actions = [e.action for e in custody(qtbot, gui, "vault").events]
    assert "draft_deleted" not in actions


# -- removing an attachment ----------------------------------------------------------------


def test_remove_an_attachment_from_a_draft(qtbot: QtBot, gui: Gui, tmp_path: Path) -> None:
    testimony_id, editor = start(qtbot, gui, "A-4")
    panel = editor.attachments
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_bytes(b"first file")
    second.write_bytes(b"second file")
    drop_files(gui, [first, second])
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=20_000)
    assert panel.remove_button.isVisibleTo(panel)
    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.remove_button.isEnabled())
    view = panel.current_view()
    assert view is not None

    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)  # the list's own key
    box = message_box(qtbot, panel)
    assert f"“{view.name}”" in box.text()
    with qtbot.waitSignal(panel.attachments_changed, timeout=10_000):
        choose(qtbot, box, "Remove the file")
    assert panel.list.count() == 1
    assert view.id not in panel.views
    assert focused(panel.list) and panel.list.currentRow() == 0
    assert view.name in panel.status.text()

    [event] = [e for e in custody(qtbot, gui, testimony_id).events
               if e.action == "attachment_removed"]
    assert event.details["sha256"] == view.sha256
    assert event.details["name"] == view.name

    # The last one: focus goes to "Add files…".
    press(qtbot, panel.remove_button)
    box = message_box(qtbot, panel)
    with qtbot.waitSignal(panel.attachments_changed, timeout=10_000):
        choose(qtbot, box, "Remove the file")
    assert panel.list.count() == 0 and focused(panel.add_button)
    assert not panel.remove_button.isEnabled()


def test_remove_is_not_offered_for_a_sealed_version(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    testimony_id, editor = start(qtbot, gui, "A-5")
    panel = editor.attachments
    give_consent(qtbot, gui, editor)
    sample = tmp_path / "kept.txt"
    sample.write_bytes(b"kept as evidence")
    with qtbot.waitSignal(panel.attachments_changed, timeout=20_000):
        drop_files(gui, [sample])
    seal(qtbot, gui, testimony_id)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    panel.list.setCurrentRow(0)
    assert not panel.remove_button.isVisibleTo(panel)
    assert panel.ask_remove() is None
    view = panel.current_view()
    assert view is not None
    _value, failure = run_job(qtbot, gui, attachment_jobs.remove_attachment(view.id))
    assert failure is not None and issubclass(failure.kind, ImmutableRecordError)
    actions = [e.action for e in custody(qtbot, gui, testimony_id).events]
    assert "attachment_removed" not in actions


# -- identifying details of the person interviewed ----------------------------------------


def test_identifying_details_save_and_lock_once_sealed(qtbot: QtBot, gui: Gui) -> None:
    testimony_id, editor = start(qtbot, gui, "P-8")
    details = editor.person_details
    assert "only with consent to be named" in details.notice.text()
    assert not details.full_name.isReadOnly()

    details.full_name.setFocus()
    qtbot.keyClicks(details.full_name, "Ales Byalyatski")
    qtbot.keyClick(details.full_name, Qt.Key.Key_Tab)
    assert focused(details.contacts)
    qtbot.keyClicks(details.contacts, "+375 29 000 00 00")
    qtbot.keyClick(details.contacts, Qt.Key.Key_Tab)
    assert focused(details.date_of_birth)
    qtbot.keyClicks(details.date_of_birth, "1962-09")
    wait_saved(qtbot, gui)

    assert editor.opened is not None
    person_id = editor.opened.person.id
    opened, _failure = run_job(qtbot, gui, record_jobs.open_testimony(testimony_id))
    assert opened.person.full_name == "Ales Byalyatski"
    assert opened.person.contacts == "+375 29 000 00 00"
    assert opened.person.date_of_birth == "1962-09"
    assert opened.person.code == "P-8"
    changes = [e for e in custody(qtbot, gui, "vault").events
               if e.action == "change" and e.details.get("person_id") == person_id]
    assert changes and set(changes[-1].details["fields"]) <= {
        "full_name", "contacts", "date_of_birth"
    }
    assert "Byalyatski" not in json.dumps([dict(e.details) for e in changes])

    # A date core refuses is marked under its field, never repeating what was typed.
    details.date_of_birth.selectAll()
    qtbot.keyClicks(details.date_of_birth, "sometime")
    qtbot.waitUntil(lambda: "Not saved yet" in editor.saved_state.text(), timeout=10_000)
    [(path, problem)] = editor.field_errors.visible().items()
    assert path == "person.date_of_birth"
    assert problem.startswith("Write a date as year") and "sometime" not in problem
    assert "sometime" not in editor.saved_state.text()
    details.date_of_birth.selectAll()
    qtbot.keyClicks(details.date_of_birth, "1962")
    wait_saved(qtbot, gui)

    give_consent(qtbot, gui, editor)
    seal(qtbot, gui, testimony_id)
    assert details.full_name.isReadOnly() and details.contacts.isReadOnly()
    assert details.date_of_birth.isReadOnly() and details.locked.isVisibleTo(editor)
    assert details.full_name.text() == "Ales Byalyatski"
    values = dict(details.values(opened.person), full_name="Someone Else")
    _value, failure = run_job(qtbot, gui, record_jobs.update_person(person_id, values))
    assert failure is not None and issubclass(failure.kind, ImmutableRecordError)

    # A correction names the same person: still read-only there.
    press(qtbot, editor.correction_button)
    choose(qtbot, message_box(qtbot, editor), "Make version 2")
    qtbot.waitUntil(
        lambda: editor.opened is not None and editor.opened.testimony.status == "draft",
        timeout=10_000,
    )
    assert details.full_name.isReadOnly() and not editor.narrative.isReadOnly()


# -- the window and the command line agree ------------------------------------------------


def test_list_status_matches_the_command_line(
    qtbot: QtBot, gui: Gui, tmp_path: Path
) -> None:
    sealed_id, editor = start(qtbot, gui, "L-1")
    give_consent(qtbot, gui, editor)
    seal(qtbot, gui, sealed_id)
    withdraw_by_keyboard(qtbot, editor, "")
    workspace = workspace_of(gui)
    press(qtbot, editor.back_button)
    draft_id = add_testimony(qtbot, gui, "L-2")
    press(qtbot, workspace.editor.back_button)
    model = workspace.model
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading, timeout=10_000)
    shown = {
        model.row_at(row).id: (
            model.index(row, 4).data(STATUS_ROLE),
            model.index(row, 4).data(WITHDRAWN_ROLE),
            model.index(row, 4).data(),
        )
        for row in range(model.rowCount())
    }
    assert shown[sealed_id][2].startswith("Sealed")
    assert shown[draft_id][2] == "Draft"

    with qtbot.waitSignal(gui.window.vault_locked, timeout=10_000):
        gui.window.lock()
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(CLI), "--vault", str(gui.window.folder), "--passphrase-file", str(secret),
         "--json", "testimony", "list"],
        check=True, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    listed = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(listed) == set(shown)
    for testimony_id, (status, withdrawn, _text) in shown.items():
        assert listed[testimony_id]["status"] == status
        assert listed[testimony_id]["consent_withdrawn"] == withdrawn
    assert listed[sealed_id]["status"] == "sealed" and listed[sealed_id]["consent_withdrawn"]
    assert listed[draft_id]["status"] == "draft"
