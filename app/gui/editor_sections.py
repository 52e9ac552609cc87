"""The groups of the testimony editor, in the order an interview runs.

Each section loads from a core record and gives back its part of the testimony JSON
shape (docs/testimony-format.md); validation stays in core. Every section emits
``changed`` on an edit so the editor can autosave. GUI thread only.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.ids import new_id
from app.core.records import CONSENT_FLAGS, CONSENT_METHODS
from app.core.vocabulary import Vocabulary
from app.gui.date_fields import DateField, DateKind, with_warning
from app.gui.messages import consent_method_text, consent_method_value
from app.gui.widgets import confirm_box


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def text_edit(accessible: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(accessible)
    edit.setTabChangesFocus(True)
    return edit


class AnswerBox(QCheckBox):
    """A yes/no answer that can be read-only or need a confirmation to change.

    Read-only keeps the box enabled (normal contrast, in the Tab order, read by screen
    readers) and ignores clicks and the space bar. ``needs_confirmation`` turns a click
    or a space into ``change_requested``; the answer changes only through
    ``setChecked`` once the change was confirmed.
    """

    change_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.read_only = False
        self.needs_confirmation = False

    def nextCheckState(self) -> None:  # noqa: N802 - Qt override
        if self.read_only:
            return
        if self.needs_confirmation:
            self.change_requested.emit()
            return
        super().nextCheckState()


def tab_chain(widgets: list[QWidget]) -> None:
    """Put ``widgets`` one after the other in the focus chain, in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


class PersonDetailsSection(QGroupBox):
    """Who the person interviewed is: full name, contacts, date of birth.

    Kept apart from the testimony (the person record) and saved through
    ``record_jobs.update_person``; a package carries them only when the person consented
    to being named. Read-only once a sealed testimony names the person.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Identifying details"), parent)
        self.notice = QLabel(
            self.tr(
                "These travel only with consent to be named; without it a package names "
                "the person by code only."
            )
        )
        self.notice.setObjectName("warningText")
        self.notice.setWordWrap(True)
        self.full_name = QLineEdit()
        self.full_name.setAccessibleName(self.tr("Full name of the person interviewed"))
        self.contacts = QPlainTextEdit()
        self.contacts.setTabChangesFocus(True)
        self.contacts.setMaximumHeight(70)
        self.contacts.setAccessibleName(self.tr("Contacts of the person interviewed"))
        self.date_of_birth = DateField(DateKind.PARTIAL, self.tr("Date of birth"))
        self.locked = QLabel(
            self.tr("A sealed testimony names this person: these details can no longer change.")
        )
        self.locked.setWordWrap(True)
        self.locked.setVisible(False)
        for edit in (self.full_name, self.contacts, self.date_of_birth):
            edit.setAccessibleDescription(self.notice.text())
        # The notices sit outside the form: a spanning word-wrapped row there keeps its
        # one-line width and widens the whole editor.
        form = QFormLayout()
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Contacts"), self.contacts)
        form.addRow(self.tr("Date of birth"), with_warning(self.date_of_birth))
        column = QVBoxLayout(self)
        column.addWidget(self.notice)
        column.addLayout(form)
        column.addWidget(self.locked)
        self.full_name.textEdited.connect(self.changed)
        self.date_of_birth.textEdited.connect(self.changed)
        self.contacts.textChanged.connect(self._on_contacts_changed)
        self._loading = False

    def _on_contacts_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, person: Any, read_only: bool) -> None:
        self._loading = True
        self.full_name.setText(person.full_name or "")
        self.contacts.setPlainText(person.contacts or "")
        self.date_of_birth.set_value(person.date_of_birth)
        self._loading = False
        self.set_read_only(read_only)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.full_name, self.date_of_birth):
            edit.setReadOnly(read_only)
        self.contacts.setReadOnly(read_only)
        self.locked.setVisible(read_only)

    @property
    def read_only(self) -> bool:
        return self.full_name.isReadOnly()

    def values(self, person: Any) -> dict[str, Any]:
        """The person JSON shape: code and role as stored, the details as typed (an
        empty field is no value)."""

        def optional(text: str) -> str | None:
            return text.strip() or None

        return {
            "code": person.code,
            "role": person.role,
            "full_name": optional(self.full_name.text()),
            "contacts": optional(self.contacts.toPlainText()),
            "date_of_birth": self.date_of_birth.value(),
        }


def _made_with_record(given_at: str, created_at: str) -> bool:
    """Whether ``given_at`` is the draft's own creation moment (set in UTC, to the
    second, by the program), not a time the documenter entered (local, with an offset)."""
    if not given_at.endswith("Z"):
        return False
    try:
        given = datetime.fromisoformat(given_at)
        created = datetime.fromisoformat(created_at)
    except ValueError:
        return False
    if given.tzinfo is None or created.tzinfo is None:
        return False
    return abs((given - created).total_seconds()) < 2


class ConsentSection(QGroupBox):
    """The person's consent answers.

    Once the answers are settled (the testimony was opened with consent recorded, or
    focus left this section after a box was ticked), changing an answer asks first: a
    stray space typed here must never change what the person agreed to.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Informed consent"), parent)
        labels = {
            "interview": self.tr("To be interviewed"),
            "audio_recording": self.tr("To audio recording of the interview"),
            "share_with_platform": self.tr("To sharing with the accountability platform"),
            "share_onward": self.tr("To sharing onward (UN, courts, investigators)"),
            "be_named": self.tr("To being named"),
            "recontact": self.tr("To being contacted again"),
        }
        self.labels = labels
        self.flags: dict[str, AnswerBox] = {}
        self.confirmation: QMessageBox | None = None  # the open question, if any
        form = QFormLayout(self)
        for key in CONSENT_FLAGS:
            box = AnswerBox(labels[key])
            box.setAccessibleName(labels[key])
            box.toggled.connect(self.changed)
            box.change_requested.connect(lambda key=key: self.ask_change(key))
            box.installEventFilter(self)
            self.flags[key] = box
            form.addRow(box)
        self.given_at = DateField(DateKind.MOMENT, self.tr("Consent given at"))
        self.method = QLineEdit()
        self.method.setAccessibleName(self.tr("How consent was given"))
        # The usual answers, offered in the interface language (stored as their values).
        self.method.setCompleter(
            QCompleter([consent_method_text(value) for value in CONSENT_METHODS], self.method)
        )
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Consent note"))
        form.addRow(self.tr("Given at"), with_warning(self.given_at))
        form.addRow(self.tr("How it was given"), self.method)
        form.addRow(self.tr("Note"), self.note)
        for edit in (self.given_at, self.method, self.note):
            edit.textEdited.connect(self.changed)
            edit.installEventFilter(self)
        self._withdrawn_at: str | None = None
        # The value a new draft carries because the core needs one; sent back unchanged
        # while the documenter has entered nothing.
        self._placeholder_given_at = ""

    @property
    def settled(self) -> bool:
        return any(box.needs_confirmation for box in self.flags.values())

    def settle(self, settled: bool = True) -> None:
        for box in self.flags.values():
            box.needs_confirmation = settled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut and not self.settled:
            # Focus went elsewhere in the window: the answers given so far are settled.
            now = QApplication.focusWidget()
            if now is not None and not self.isAncestorOf(now):
                self.settle(any(box.isChecked() for box in self.flags.values()))
        return False

    def ask_change(self, key: str) -> QMessageBox | None:
        """Ask before changing a settled answer; it changes only on "Change the answer"."""
        if self.confirmation is not None:
            return None
        box = self.flags[key]
        given, not_given = self.tr("given"), self.tr("not given")
        before, after = (given, not_given) if box.isChecked() else (not_given, given)
        # No mnemonic on either button: letters typed into the question must not answer it.
        self.confirmation = confirm_box(
            self,
            self.tr("Change a consent answer"),
            self.tr(
                "“{answer}” is recorded as {before}. Change it to {after}? The custody log "
                "will name this answer as changed."
            ).format(answer=self.labels[key], before=before, after=after),
            self.tr("Change the answer"),
            self.tr("Keep the answer"),
            lambda: box.setChecked(not box.isChecked()),
        )
        self.confirmation.finished.connect(lambda _result: self._on_confirmation_finished(box))
        return self.confirmation

    def _on_confirmation_finished(self, box: AnswerBox) -> None:
        self.confirmation = None
        box.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.flags.values():
            box.read_only = read_only
        for edit in (self.given_at, self.method, self.note):
            edit.setReadOnly(read_only)

    def focus_order(self) -> list[QWidget]:
        return [*self.flags.values(), self.given_at, self.method, self.note]

    def time_not_entered(self) -> bool:
        """Whether the consent time is still only the draft's creation moment, which no
        one entered: sealing it would state it as the time consent was given."""
        return bool(self._placeholder_given_at) and self.given_at.value() is None

    def load(self, consent: Any, created_at: str | None = None) -> None:
        for key, box in self.flags.items():
            box.setChecked(bool(getattr(consent, key)))
        # A draft is made with the moment it was made as its consent time: that is not a
        # time anyone entered, so the field stays empty until the documenter fills it.
        placeholder = created_at is not None and _made_with_record(consent.given_at, created_at)
        self._placeholder_given_at = consent.given_at if placeholder else ""
        self.given_at.set_value(None if placeholder else consent.given_at)
        self.method.setText(consent_method_text(consent.method))
        self.note.setText(consent.note)
        self._withdrawn_at = consent.withdrawn_at
        # Answers stored in the vault are settled: changing one asks first.
        self.settle(any(box.isChecked() for box in self.flags.values()))

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {key: box.isChecked() for key, box in self.flags.items()}
        result.update(
            given_at=self.given_at.value() or self._placeholder_given_at,
            method=consent_method_value(self.method.text()),
            note=self.note.text(),
        )
        if self._withdrawn_at is not None:
            result["withdrawn_at"] = self._withdrawn_at
        return result


class InterviewSection(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Interview"), parent)
        # Empty when not known: one field, one Tab stop, in local time.
        self.started_at = DateField(DateKind.MOMENT, self.tr("Interview date and time"))
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Interview place"))
        self.interviewer = QLineEdit()
        self.interviewer.setAccessibleName(self.tr("Interviewer"))
        self.language = QLineEdit()
        self.language.setAccessibleName(self.tr("Language of the interview"))
        self.interpreter = QLineEdit()
        self.interpreter.setAccessibleName(self.tr("Interpreter"))
        form = QFormLayout(self)
        form.addRow(self.tr("When"), with_warning(self.started_at))
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Interviewer"), self.interviewer)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Interpreter"), self.interpreter)
        for edit in (self.started_at, self.place, self.interviewer, self.language,
                     self.interpreter):  # fmt: skip
            edit.textEdited.connect(self.changed)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.started_at, self.place, self.interviewer, self.language,
                     self.interpreter):  # fmt: skip
            edit.setReadOnly(read_only)

    def focus_order(self) -> list[QWidget]:
        return [self.started_at, self.place, self.interviewer, self.language,
                self.interpreter]  # fmt: skip

    def load(self, interview: Any) -> None:
        self.started_at.set_value(interview.started_at)
        self.place.setText(interview.place)
        self.interviewer.setText(interview.interviewer)
        self.language.setText(interview.language)
        self.interpreter.setText(interview.interpreter)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "place": self.place.text(),
            "interviewer": self.interviewer.text(),
            "language": self.language.text(),
            "interpreter": self.interpreter.text(),
        }
        started = self.started_at.value()
        if started is not None:
            result["started_at"] = started
        return result


class IncidentBox(QGroupBox):
    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(
        self, vocabulary: Vocabulary, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Incident"), parent)
        # An id from the start, so each save names the same incident (a fresh id per save
        # would make every autosave a change and the incident a different one each time).
        self.incident_id = new_id()
        self.date_from = DateField(DateKind.PARTIAL, self.tr("Incident date from"))
        self.date_to = DateField(DateKind.PARTIAL, self.tr("Incident date to"))
        self.date_to.setPlaceholderText(self.tr("optional"))
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Incident place"))
        self.violations = QListWidget()
        self.violations.setAccessibleName(self.tr("Violation types"))
        self.violations.setMaximumHeight(130)
        for entry in vocabulary.entries:
            item = QListWidgetItem(entry.label(language))
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.violations.addItem(item)
        self.perpetrators = QLineEdit()
        self.perpetrators.setPlaceholderText(self.tr("separate several with ;"))
        self.perpetrators.setAccessibleName(self.tr("Alleged perpetrators"))
        self.witnesses = QLineEdit()
        self.witnesses.setPlaceholderText(self.tr("separate several with ;"))
        self.witnesses.setAccessibleName(self.tr("Witnesses"))
        self.description = text_edit(self.tr("Incident description"))
        self.description.setMaximumHeight(90)
        self.remove_button = QPushButton(self.tr("Remove this incident…"))
        self.remove_button.setAccessibleDescription(
            self.tr("Asks first when the incident holds anything")
        )
        dates = QHBoxLayout()
        dates.addWidget(with_warning(self.date_from))
        dates.addWidget(with_warning(self.date_to))
        form = QFormLayout(self)
        form.addRow(self.tr("Date"), dates)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Violations"), self.violations)
        form.addRow(self.tr("Alleged perpetrators"), self.perpetrators)
        form.addRow(self.tr("Witnesses"), self.witnesses)
        form.addRow(self.tr("What happened"), self.description)
        form.addRow("", self.remove_button)
        for edit in (self.date_from, self.date_to, self.place, self.perpetrators, self.witnesses):
            edit.textEdited.connect(self.changed)
        self.description.textChanged.connect(self.changed)
        self.violations.itemChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.date_from, self.date_to, self.place, self.perpetrators, self.witnesses):
            edit.setReadOnly(read_only)
        self.description.setReadOnly(read_only)
        self.remove_button.setVisible(not read_only)
        for row in range(self.violations.count()):
            item = self.violations.item(row)
            flags = item.flags()
            if read_only:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)

    def focus_order(self) -> list[QWidget]:
        return [self.date_from, self.date_to, self.place, self.violations, self.perpetrators,
                self.witnesses, self.description, self.remove_button]  # fmt: skip

    def is_empty(self) -> bool:
        values = self.values()
        return not any(
            values.get(key) for key in ("date_from", "date_to", "place", "violation_types",
                                        "alleged_perpetrators", "witnesses", "description")
        )  # fmt: skip

    def load(self, incident: Any) -> None:
        self.incident_id = incident.id
        self.date_from.set_value(incident.date_from)
        self.date_to.set_value(incident.date_to)
        self.place.setText(incident.place)
        chosen = set(incident.violation_types)
        for row in range(self.violations.count()):
            item = self.violations.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.perpetrators.setText("; ".join(incident.alleged_perpetrators))
        self.witnesses.setText("; ".join(incident.witnesses))
        self.description.setPlainText(incident.description)

    def values(self) -> dict[str, Any]:
        chosen = [
            str(self.violations.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.violations.count())
            if self.violations.item(row).checkState() == Qt.CheckState.Checked
        ]
        result: dict[str, Any] = {
            "id": self.incident_id,
            "place": self.place.text(),
            "violation_types": chosen,
            "alleged_perpetrators": _split_list(self.perpetrators.text()),
            "witnesses": _split_list(self.witnesses.text()),
            "description": self.description.toPlainText(),
        }
        for key, field in (("date_from", self.date_from), ("date_to", self.date_to)):
            value = field.value()
            if value is not None:
                result[key] = value
        return result


class IstanbulSection(QWidget):
    """The Istanbul Protocol outline, folded away until the interviewer wants it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText(self.tr("Istanbul Protocol sections"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName(self.tr("Show the Istanbul Protocol sections"))
        self.body = QWidget()
        labels = {
            "circumstances": self.tr("Circumstances of the arrest or detention"),
            "detention_place_and_routine": self.tr("Place and routine of detention"),
            "methods": self.tr("Methods of torture or ill-treatment"),
            "injuries": self.tr("Injuries and after-effects"),
            "persons_involved": self.tr("Persons involved"),
        }
        self.sections: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self.body)
        for key, label in labels.items():
            edit = text_edit(label)
            edit.setMaximumHeight(110)
            edit.textChanged.connect(self.changed)
            self.sections[key] = edit
            form.addRow(label, edit)
        self.body.setVisible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.toggle)
        column.addWidget(self.body)
        self.toggle.toggled.connect(self._on_toggle_toggled)

    def focus_order(self) -> list[QWidget]:
        return [self.toggle, *self.sections.values()]

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.body.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.toggle.setArrowType(arrow)

    def load(self, protocol: Any) -> None:
        filled = False
        for key, edit in self.sections.items():
            value = getattr(protocol, key)
            edit.setPlainText(value or "")
            filled = filled or bool(value)
        self.toggle.setChecked(filled)

    def values(self) -> dict[str, Any]:
        return {
            key: edit.toPlainText()
            for key, edit in self.sections.items()
            if edit.toPlainText().strip()
        }
