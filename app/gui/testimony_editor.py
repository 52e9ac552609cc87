"""The testimony editor: the record grouped as an interview runs, saved as you type.

Edits restart a short single-shot timer; when the typist pauses, the whole draft is sent
to the vault worker (core validates and records a custody event) and the header shows
"Saved". A field core refuses shows which field, never its content. A sealed version
opens read-only with "Start a correction". The identifying details of the person
interviewed are the person record's, not the testimony's: they autosave the same way
through ``update_person`` and lock once a sealed testimony names the person.

Recording a withdrawal of consent (any version) and deleting a draft never sealed are
asked for here, each with a plain confirmation; a refusal shows core's reason. GUI
thread only.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.vocabulary import Vocabulary
from app.gui import record_jobs
from app.gui.attachments_panel import AttachmentsPanel
from app.gui.editor_sections import (
    ConsentSection,
    IncidentBox,
    InterviewSection,
    IstanbulSection,
    PersonDetailsSection,
    tab_chain,
    text_edit,
)
from app.gui.field_errors import FieldErrors
from app.gui.locale_format import moment_text
from app.gui.messages import core_text, failure_text
from app.gui.record_jobs import SealedStamp, TestimonyOpened
from app.gui.recorder_panel import RecorderPanel, SourceFactory
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import StatusLabel, confirm_box, failure_box, heading
from app.sanitize import for_display

AUTOSAVE_PAUSE_MS = 800


def service_available(module: str) -> bool:
    """Whether a core service has landed in this build (screens hide what has not)."""
    return importlib.util.find_spec(module) is not None


def _chain_within(panel: QWidget) -> list[QWidget]:
    """The widgets of ``panel`` that Tab reaches, in their focus-chain order."""
    found: list[QWidget] = []
    widget = panel.nextInFocusChain()
    while widget is not None and widget is not panel and len(found) < 500:
        if panel.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


class TestimonyEditor(QWidget):
    back_requested = Signal()
    draft_saved = Signal(str)
    correction_started = Signal(str)
    seal_requested = Signal(str)
    export_requested = Signal(str, int)  # testimony id, bytes of its attachments
    custody_requested = Signal(str)
    consent_withdrawn = Signal(str)  # testimony id, after the withdrawal was recorded
    draft_deleted = Signal(str)  # testimony id, after the draft was deleted

    def __init__(
        self,
        client: VaultClient,
        vocabulary: Vocabulary,
        language: str,
        source_factory: SourceFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.vocabulary = vocabulary
        self.language = language
        self.opened: TestimonyOpened | None = None
        self._loading = False
        self._dirty = False
        self._person_dirty = False
        self._saving = 0  # saves sent and not yet answered
        self.last_failure = ""  # the last action failure shown, for tests and logs of none

        self.back_button = QPushButton(self.tr("← Testimonies"))
        self.back_button.setAccessibleName(self.tr("Back to the list of testimonies"))
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.saved_state = StatusLabel(self.tr("Save state"))
        self.saved_state.setObjectName("savedState")
        self.sealed_banner = QLabel()
        self.sealed_banner.setObjectName("warningText")
        self.sealed_banner.setWordWrap(True)
        # Why the last save failed, when no field can carry it: wrapped under the header,
        # never in it (a long sentence there widened the window past the screen).
        self.save_error = QLabel()
        self.save_error.setObjectName("errorText")
        self.save_error.setWordWrap(True)
        self.save_error.setVisible(False)
        self.field_errors = FieldErrors()
        self.correction_button = QPushButton(self.tr("Start a correction"))
        self.seal_button = QPushButton(self.tr("Seal…"))
        self.seal_button.setVisible(service_available("app.core.sealing"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setVisible(False)
        self.custody_button = QPushButton(self.tr("Custody log"))
        self.withdraw_button = QPushButton(self.tr("Record a &withdrawal…"))
        self.withdraw_button.setAccessibleDescription(
            self.tr("Record that the person interviewed withdrew consent")
        )
        self.withdraw_button.setVisible(False)
        self.delete_button = QPushButton(self.tr("&Delete this draft…"))
        self.delete_button.setAccessibleDescription(
            self.tr("Delete this draft, which was never sealed, for good")
        )
        self.delete_button.setVisible(False)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        header.addWidget(self.saved_state)
        header.addWidget(self.seal_button)
        header.addWidget(self.export_button)
        header.addWidget(self.correction_button)
        # The custody log sits with the other record actions on the second row: with all
        # four in the header, Belarusian labels made the window wider than a 1920 px
        # screen at 2x scale.
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.custody_button)
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.delete_button)
        self.withdrawn_banner = StatusLabel(self.tr("Consent withdrawn"))
        self.withdrawn_banner.setObjectName("warningText")
        self.withdrawn_banner.setWordWrap(True)
        # In the tab order while shown, so a screen reader meets it (focus lands on it
        # after a withdrawal is recorded).
        self.withdrawn_banner.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.withdrawn_banner.setVisible(False)

        self.person = QLabel()
        self.person.setWordWrap(True)
        self.person_details = PersonDetailsSection()
        self.consent = ConsentSection()
        self.interview = InterviewSection()
        self.incidents_box = QVBoxLayout()
        self.add_incident_button = QPushButton(self.tr("Add an incident"))
        self.narrative = text_edit(self.tr("Narrative"))
        self.narrative.setMinimumHeight(220)
        self.istanbul = IstanbulSection()
        self.attachments = AttachmentsPanel(client)
        self.recorder = RecorderPanel(client, source_factory)
        self.recorder.before_start = self.save_now

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(heading(self.tr("Person interviewed")))
        column.addWidget(self.person)
        column.addWidget(self.person_details)
        column.addWidget(self.consent)
        column.addWidget(self.interview)
        column.addWidget(heading(self.tr("Incidents")))
        column.addLayout(self.incidents_box)
        column.addWidget(self.add_incident_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(heading(self.tr("Narrative")))
        column.addWidget(self.narrative)
        column.addWidget(self.istanbul)
        column.addWidget(self.recorder)
        column.addWidget(self.attachments)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addLayout(header)
        outer.addLayout(actions)
        outer.addWidget(self.withdrawn_banner)
        outer.addWidget(self.sealed_banner)
        outer.addWidget(self.save_error)
        outer.addWidget(scroll, 1)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(AUTOSAVE_PAUSE_MS)
        self._pause.timeout.connect(self.save_now)
        for section in (self.consent, self.interview, self.istanbul):
            section.changed.connect(self._on_section_changed)
        self.narrative.textChanged.connect(self._on_section_changed)
        self.person_details.changed.connect(self._on_person_changed)
        self.add_incident_button.clicked.connect(self._on_add_incident_clicked)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.correction_button.clicked.connect(self._on_correction_clicked)
        self.seal_button.clicked.connect(self._on_seal_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.custody_button.clicked.connect(self._on_custody_clicked)
        self.withdraw_button.clicked.connect(self.ask_withdrawal)
        self.delete_button.clicked.connect(self.ask_delete)
        self.consent.flags["audio_recording"].toggled.connect(self.recorder.set_consent)
        self.attachments.audio_chosen.connect(self.recorder.choose_for_playback)
        self.recorder.recording_finished.connect(lambda _id: self.attachments.reload())
        self.confirmation: QMessageBox | None = None  # the last question asked here
        self._update_focus_order()

    # -- loading -------------------------------------------------------------------------

    def open(self, testimony_id: str) -> None:
        self.client.submit(record_jobs.open_testimony(testimony_id), on_done=self.show_testimony)

    def show_testimony(self, opened: TestimonyOpened) -> None:
        self._loading = True
        self.opened = opened
        testimony, person = opened.testimony, opened.person
        self.title.setText(
            self.tr("{person} — version {version}").format(
                person=for_display(person.code, limit=80), version=testimony.version
            )
        )
        roles = {
            "survivor": self.tr("survivor"),
            "witness": self.tr("witness"),
            "relative": self.tr("relative"),
            "other": self.tr("other"),
        }
        self.person.setText(
            self.tr("Code: {code}. Role: {role}. Case: {case}.").format(
                code=for_display(person.code, limit=80),
                role=roles.get(person.role, person.role),
                case=for_display(opened.case_title, limit=100),
            )
        )
        self.consent.load(testimony.consent, testimony.created_at)
        self.interview.load(testimony.interview)
        self._clear_incidents()
        for incident in testimony.incidents:
            self._add_incident_box().load(incident)
        self.narrative.setPlainText(testimony.narrative)
        self.istanbul.load(testimony.istanbul_protocol)
        sealed = testimony.status != "draft"
        self._set_read_only(sealed)
        # A correction names the person of the sealed version it corrects.
        self.person_details.load(person, sealed or testimony.parent_id is not None)
        self.attachments.show_testimony(testimony.id, sealed)
        self.recorder.show_testimony(
            testimony.id, testimony.consent.audio_recording and not sealed, sealed
        )
        if sealed:
            self.sealed_banner.setText(
                self.tr(
                    "Sealed on {date}. This version is signed and cannot change; a correction "
                    "is a new version that names this one."
                ).format(date=moment_text(testimony.sealed_at))
            )
            self.saved_state.setText(self.tr("Sealed"))
            self.client.submit(
                record_jobs.sealed_timestamps(testimony.id),
                on_done=lambda stamps: self._show_timestamps(testimony.id, stamps),
            )
        else:
            self.saved_state.setText(self.tr("Saved"))
        self.sealed_banner.setVisible(sealed)
        self.correction_button.setVisible(sealed and opened.is_latest)
        # Consent withdrawn: core refuses to seal it, so sealing is not offered.
        self.seal_button.setVisible(
            not sealed and not opened.consent_withdrawn and service_available("app.core.sealing")
        )
        self.export_button.setVisible(sealed and service_available("app.core.export"))
        self._show_withdrawal(opened)
        # Never for a sealed version, nor a draft on which a withdrawal was recorded.
        self.delete_button.setVisible(not sealed and not opened.withdrawal_on_this_version)
        self._dirty = False
        self._person_dirty = False
        self._clear_save_errors()
        self._loading = False

    def _show_timestamps(self, testimony_id: str, stamps: tuple[SealedStamp, ...]) -> None:
        """Name the sealed version's trusted timestamps in its banner (local time)."""
        if self.opened is None or self.opened.testimony.id != testimony_id or not stamps:
            return
        lines = [
            self.tr("Timestamped by {authority} at {time}.").format(
                authority=for_display(stamp.authority, limit=80),
                time=moment_text(stamp.attested_at),
            )
            for stamp in stamps
        ]
        sealed = self.sealed_banner.text().split("\n", 1)[0]  # once, if asked twice
        self.sealed_banner.setText("\n".join([sealed, *lines]))

    def _show_withdrawal(self, opened: TestimonyOpened) -> None:
        withdrawn = opened.consent_withdrawn
        self.withdraw_button.setVisible(not withdrawn)
        self.withdrawn_banner.setVisible(withdrawn)
        if not withdrawn:
            self.withdrawn_banner.clear()
            return
        text = self.tr(
            "Consent withdrawn on {date}. No version of this testimony will be exported or "
            "synced; only the signed notice of the withdrawal goes to those who received it."
        ).format(date=moment_text(opened.withdrawn_at))
        self.withdrawn_banner.setText(text)

    def _set_read_only(self, read_only: bool) -> None:
        # Read-only, never disabled: a sealed version reads in normal contrast, and every
        # field stays reachable by Tab, selectable and copyable.
        for edit in self.findChildren(QPlainTextEdit):
            edit.setReadOnly(read_only)
        self.consent.set_read_only(read_only)
        self.interview.set_read_only(read_only)
        for box in self._incident_boxes():
            box.set_read_only(read_only)
        self.add_incident_button.setVisible(not read_only)
        for edit in self.istanbul.sections.values():
            edit.setReadOnly(read_only)

    def _update_focus_order(self) -> None:
        """Tab follows the screen from top to bottom, incidents added later included (a
        new widget otherwise joins the end of the chain, and Tab from the last incident
        field wrapped to the consent answers)."""
        order: list[QWidget] = [
            self.back_button,
            self.seal_button,
            self.export_button,
            self.correction_button,
            self.custody_button,
            self.withdraw_button,
            self.delete_button,
            self.person_details.full_name,
            self.person_details.contacts,
            self.person_details.date_of_birth,
            *self.consent.focus_order(),
            *self.interview.focus_order(),
        ]
        for box in self._incident_boxes():
            order.extend(box.focus_order())
        order += [self.add_incident_button, self.narrative, *self.istanbul.focus_order()]
        recorder = self.recorder
        order += [recorder.record_button, recorder.pause_button, recorder.stop_button,
                  recorder.play_button, recorder.position]  # fmt: skip
        order += _chain_within(self.attachments)
        tab_chain(order)

    # -- incidents -----------------------------------------------------------------------

    def _incident_boxes(self) -> list[IncidentBox]:
        boxes = []
        for index in range(self.incidents_box.count()):
            item = self.incidents_box.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, IncidentBox):
                boxes.append(widget)
        return boxes

    def _add_incident_box(self) -> IncidentBox:
        box = IncidentBox(self.vocabulary, self.language)
        box.changed.connect(self._on_section_changed)
        box.remove_requested.connect(self._on_incident_remove_requested)
        self.incidents_box.addWidget(box)
        self._update_focus_order()
        return box

    def _clear_incidents(self) -> None:
        for box in self._incident_boxes():
            self.incidents_box.removeWidget(box)
            box.deleteLater()

    def _on_add_incident_clicked(self) -> None:
        box = self._add_incident_box()
        box.date_from.setFocus()
        self._on_section_changed()

    def _on_incident_remove_requested(self, box: QWidget) -> None:
        assert isinstance(box, IncidentBox)
        if box.is_empty():
            self.remove_incident(box)
            return
        boxes = self._incident_boxes()
        self.confirmation = confirm_box(
            self,
            self.tr("Remove an incident"),
            self.tr(
                "Remove incident {number} of {count} and all that was written in it? "
                "The saved draft loses it."
            ).format(number=boxes.index(box) + 1, count=len(boxes)),
            self.tr("Remove the incident"),
            self.tr("Keep the incident"),
            lambda: self.remove_incident(box),
        )
        self.confirmation.rejected.connect(
            lambda: box.remove_button.setFocus(Qt.FocusReason.OtherFocusReason)
        )

    def remove_incident(self, box: IncidentBox) -> None:
        boxes = self._incident_boxes()
        if box not in boxes:
            return
        index = boxes.index(box)
        self.incidents_box.removeWidget(box)
        box.hide()
        box.deleteLater()
        # Focus goes to what took the removed incident's place, never nowhere.
        rest = self._incident_boxes()
        target: QWidget = rest[index].date_from if index < len(rest) else self.add_incident_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_section_changed()

    # -- saving --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        assert self.opened is not None
        return {
            "person_id": self.opened.person.id,
            "interview": self.interview.values(),
            "consent": self.consent.values(),
            "incidents": [box.values() for box in self._incident_boxes()],
            "narrative": self.narrative.toPlainText(),
            "istanbul_protocol": self.istanbul.values(),
        }

    def _on_section_changed(self) -> None:
        if self._loading or self.opened is None or self.opened.testimony.status != "draft":
            return
        self._dirty = True
        self.saved_state.setText(self.tr("Editing…"))
        self._mark_save_failed(False)
        self._pause.start()

    def _on_person_changed(self) -> None:
        if self._loading or self.opened is None or self.person_details.read_only:
            return
        self._person_dirty = True
        self.saved_state.setText(self.tr("Editing…"))
        self._mark_save_failed(False)
        self._pause.start()

    @property
    def dirty(self) -> bool:
        return self._dirty or self._person_dirty or self._saving > 0

    def save_now(self) -> None:
        self._pause.stop()
        if self.opened is None:
            return
        if self._person_dirty:
            self._person_dirty = False
            self._saving += 1
            self.saved_state.setText(self.tr("Saving…"))
            person = self.opened.person
            self.client.submit(
                record_jobs.update_person(person.id, self.person_details.values(person)),
                on_done=self._on_person_saved,
                on_failed=self._on_person_failed,
            )
        if not self._dirty:
            return
        self._dirty = False
        self._saving += 1
        self.saved_state.setText(self.tr("Saving…"))
        testimony_id = self.opened.testimony.id
        self.client.submit(
            record_jobs.save_draft(testimony_id, self.values()),
            on_done=lambda at: self._on_draft_saved(testimony_id, at),
            on_failed=self._on_draft_failed,
        )

    def _on_person_saved(self, person: Any) -> None:
        self._saving -= 1
        if self.opened is not None and self.opened.person.id == person.id:
            # Later saves send what is stored now as the code and role.
            self.opened = dataclasses.replace(self.opened, person=person)
        self._clear_save_errors(person=True)
        if not self.dirty:
            self.saved_state.setText(self.tr("Saved"))

    def _on_draft_saved(self, testimony_id: str, at: str) -> None:
        self._saving -= 1
        self._clear_save_errors(person=False)
        if not self.dirty:
            self.saved_state.setText(self.tr("Saved"))
        self.draft_saved.emit(testimony_id)

    def _on_person_failed(self, failure: JobFailure) -> None:
        from app.errors import ImmutableRecordError

        if issubclass(failure.kind, ImmutableRecordError):
            # A sealed testimony (another version, say) names the person by now.
            self.person_details.set_read_only(True)
        self._on_draft_failed(failure)

    def _on_draft_failed(self, failure: JobFailure) -> None:
        self._saving -= 1
        from app.core.records import InvalidRecordError

        # The header says it in two words; the reason goes under the field core names
        # (its path, never the text typed), or under the header when no field carries it.
        self._mark_save_failed(True)
        problem = core_text(failure) if issubclass(failure.kind, InvalidRecordError) else ""
        widget = self.field_widget(failure.field_path) if problem else None
        if widget is not None and self.field_errors.show(failure.field_path, widget, problem):
            self.saved_state.setText(self.tr("Not saved yet: see the marked field"))
            return
        self.saved_state.setText(self.tr("Not saved"))
        self.save_error.setText(
            self.tr("Not saved: {reason}").format(reason=problem or failure_text(failure))
        )
        self.save_error.setVisible(True)

    def _mark_save_failed(self, failed: bool) -> None:
        """The save state in the error colour while the last save failed (the style
        sheet keys on the ``error`` property)."""
        if bool(self.saved_state.property("error")) == failed:
            return
        self.saved_state.setProperty("error", failed)
        self.saved_state.style().unpolish(self.saved_state)
        self.saved_state.style().polish(self.saved_state)

    def _clear_save_errors(self, person: bool | None = None) -> None:
        """Take back the marks a save put up: the person's (``person=True``), the
        testimony's (False) or all (None), once that part saved."""
        if person is None or not person:
            for path in self.field_errors.visible():
                if not path.startswith("person."):
                    self.field_errors.clear(path)
        if person is None or person:
            self.field_errors.clear("person.")
        self.save_error.clear()
        self.save_error.setVisible(False)
        if not self.field_errors.visible():
            self._mark_save_failed(False)

    def field_widget(self, path: str) -> QWidget | None:
        """The widget holding the field at ``path`` (core's path in the record, e.g.
        ``consent.given_at``, ``incidents[1].witnesses[0]``), or None."""
        names = re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path)
        if not names:
            return None
        head, index = names[0]
        key = names[1][0] if len(names) > 1 else ""
        found: object = None
        if head == "person":
            found = getattr(self.person_details, key, None)
        elif head == "consent":
            found = self.consent.flags.get(key) or getattr(self.consent, key, None)
        elif head == "interview":
            found = getattr(self.interview, key, None)
        elif head == "narrative":
            found = self.narrative
        elif head == "istanbul_protocol":
            found = self.istanbul.sections.get(key)
        elif head == "incidents":
            boxes = self._incident_boxes()
            if not index or int(index) >= len(boxes):
                return self.add_incident_button
            box = boxes[int(index)]
            attribute = {"violation_types": "violations", "alleged_perpetrators": "perpetrators",
                         "date_precision": "date_from", "latitude": "place",
                         "longitude": "place"}.get(key, key)  # fmt: skip
            found = getattr(box, attribute, None)
        return found if isinstance(found, QWidget) else None

    # -- actions -------------------------------------------------------------------------

    def _on_back_clicked(self) -> None:
        self.save_now()
        self.back_requested.emit()

    def _on_correction_clicked(self) -> None:
        self.ask_correction()

    def ask_correction(self) -> QMessageBox | None:
        """Ask before making a new version; returns the question."""
        if self.opened is None:
            return None
        testimony = self.opened.testimony
        testimony_id = testimony.id
        self.confirmation = confirm_box(
            self,
            self.tr("Start a correction"),
            self.tr(
                "Make version {next} of this testimony, a draft that corrects version "
                "{version}? Version {version} stays sealed as it is."
            ).format(next=testimony.version + 1, version=testimony.version),
            self.tr("Make version {next}").format(next=testimony.version + 1),
            self.tr("Cancel"),
            lambda: self._start_correction(testimony_id),
        )
        return self.confirmation

    def _start_correction(self, testimony_id: str) -> None:
        self.client.submit(
            record_jobs.start_correction(testimony_id),
            on_done=self._on_correction_created,
        )

    def _on_correction_created(self, testimony_id: str) -> None:
        self.correction_started.emit(testimony_id)
        self.open(testimony_id)

    def _on_export_clicked(self) -> None:
        if self.opened is not None:
            total = sum(view.size for view in self.attachments.views.values())
            self.export_requested.emit(self.opened.testimony.id, total)

    def _on_custody_clicked(self) -> None:
        if self.opened is not None:
            self.custody_requested.emit(self.opened.testimony.id)

    def _on_seal_clicked(self) -> None:
        if self.opened is None:
            return
        if self.consent.time_not_entered():
            # A sealed record states when consent was given; the draft's creation moment
            # kept in its place is not an answer anyone gave.
            self.field_errors.show(
                "consent.given_at",
                self.consent.given_at,
                self.tr("Enter when the consent was given: the sealed record states it."),
            )
            self.consent.given_at.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.save_now()
        self.seal_requested.emit(self.opened.testimony.id)

    def _show_failure(self, title: str, failure: JobFailure) -> None:
        self.last_failure = failure_text(failure)
        failure_box(self, title, self.last_failure, self.tr("Close"))

    # -- withdrawal of consent -----------------------------------------------------------

    def ask_withdrawal(self) -> QDialog | None:
        """Open the withdrawal dialog (window-modal); returns it."""
        if self.opened is None:
            return None
        from app.gui.withdrawal_dialog import WithdrawalDialog

        self.save_now()
        dialog = WithdrawalDialog(for_display(self.opened.person.code, limit=80), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        testimony_id = self.opened.testimony.id
        dialog.accepted.connect(
            lambda: self._record_withdrawal(
                testimony_id, dialog.withdrawn_at_iso(), dialog.note_text()
            )
        )
        dialog.open()
        return dialog

    def _record_withdrawal(self, testimony_id: str, withdrawn_at: str | None, note: str) -> None:
        self.client.submit(
            record_jobs.withdraw_consent(testimony_id, withdrawn_at, note),
            on_done=lambda _at: self._on_withdrawal_recorded(testimony_id),
            on_failed=lambda failure: self._show_failure(
                self.tr("The withdrawal was not recorded"), failure
            ),
        )

    def _on_withdrawal_recorded(self, testimony_id: str) -> None:
        self.consent_withdrawn.emit(testimony_id)
        self.client.submit(
            record_jobs.open_testimony(testimony_id), on_done=self._on_reopened_after_withdrawal
        )

    def _on_reopened_after_withdrawal(self, opened: TestimonyOpened) -> None:
        self.show_testimony(opened)
        self.withdrawn_banner.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- deleting a draft ----------------------------------------------------------------

    def ask_delete(self) -> QMessageBox | None:
        """Ask before deleting the open draft; returns the confirmation box."""
        opened = self.opened
        if opened is None or opened.status != "draft" or opened.withdrawal_on_this_version:
            return None
        self.save_now()
        testimony_id = opened.testimony.id
        return confirm_box(
            self,
            self.tr("Delete this draft"),
            self.tr(
                "Delete the draft of {person} with its attachments? This cannot be undone. "
                "The custody log keeps only its id and content hash."
            ).format(person=for_display(opened.person.code, limit=80)),
            self.tr("&Delete the draft"),
            self.tr("Cancel"),
            lambda: self.delete_draft(testimony_id),
        )

    def delete_draft(self, testimony_id: str) -> None:
        """Delete the draft (after the confirmation); a refusal shows core's reason."""
        self.client.submit(
            record_jobs.delete_draft(testimony_id),
            on_done=self._on_draft_deleted,
            on_failed=lambda failure: self._show_failure(
                self.tr("The draft was not deleted"), failure
            ),
        )

    def _on_draft_deleted(self, testimony_id: str) -> None:
        if self.opened is not None and self.opened.testimony.id == testimony_id:
            self._pause.stop()
            self._dirty = self._person_dirty = False
            self.opened = None
        self.draft_deleted.emit(testimony_id)
