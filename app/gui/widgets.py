"""Small helpers shared by the screens: trace-free file dialogs, busy banners, the
confirmation before a change that cannot be undone, and a failure shown in a box.

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def scrub_file_dialog_history() -> None:
    """Remove the folder history Qt's file dialog keeps in its own settings.

    QFileDialog remembers the last folders under the "QtProject" organisation; a list of
    folders holding evidence must not outlive the session. The composition root also
    points Qt's settings at a folder that cannot be created, so on Linux and macOS this
    is a second line; on Windows (registry) it is the one that counts.
    """
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label


# How soon a StatusLabel's news is spoken: after what is being read (results of work
# the person waited for), or at once, interrupting (a refusal they must act on).
POLITE = QAccessible.AnnouncementPoliteness.Polite
ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive


class StatusLabel(QLabel):
    """A label whose text is the news: a status, a result, a key, a fingerprint.

    A screen reader reads a label's accessible name, and a name set on a label hides its
    text: a documenter who cannot see the screen heard "Unlock status" where the window
    said the passphrase was wrong. Here the text is the name, and what the label is for
    goes into the accessible description, so both are read. QLabel.setText tells
    assistive technology the name changed (Qt does so only while no accessible name is
    set, and none is set here). A label made with ``announce`` also has each new text
    spoken at once, wherever the focus is: for what a person must hear without moving
    to it, such as a refused passphrase.

    Every label in the window whose text is set at run time and that needs a name for
    what it shows is one of these (tests/gui/test_screen_reader.py holds it).
    """

    def __init__(
        self,
        purpose: str,
        text: str = "",
        parent: QWidget | None = None,
        *,
        announce: QAccessible.AnnouncementPoliteness | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setAccessibleDescription(purpose)
        self._announce = announce

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        if self._announce is not None and text and QAccessible.isActive():
            event = QAccessibleAnnouncementEvent(self, self.accessible_text())
            event.setPoliteness(self._announce)
            QAccessible.updateAccessibility(event)

    def accessible_text(self) -> str:
        """What a screen reader reads as the label's name (its text, as Qt exposes it)."""
        interface = QAccessible.queryAccessibleInterface(self)
        return interface.text(QAccessible.Text.Name) if interface is not None else self.text()


def confirm_box(
    parent: QWidget,
    title: str,
    text: str,
    action: str,
    cancel: str,
    on_confirmed: Callable[[], object],
) -> QMessageBox:
    """Ask before a change that cannot be undone; ``on_confirmed`` runs on ``action``.

    Window-modal and non-blocking (no nested event loop while jobs call back); Cancel is
    the default and the Escape button, so Enter alone never confirms. Returns the box.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    # No mnemonic on the action: a letter typed into the question by mistake (the user was
    # still writing a sentence) must never confirm a deletion.
    plain = action.replace("&&", "\0").replace("&", "").replace("\0", "&&")
    confirm = box.addButton(plain, QMessageBox.ButtonRole.DestructiveRole)
    refuse = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(refuse)
    box.setEscapeButton(refuse)
    box.setAccessibleDescription(text)
    box.buttonClicked.connect(lambda button: on_confirmed() if button is confirm else None)
    box.open()
    return box


def failure_box(parent: QWidget, title: str, text: str, close: str) -> QMessageBox:
    """Show why an action failed (a sentence from ``messages.failure_text``), window-modal
    and non-blocking. Returns the box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    ok = box.button(QMessageBox.StandardButton.Ok)
    ok.setText(close)
    box.setAccessibleDescription(text)
    box.open()
    return box
