"""Small helpers shared by the screens: trace-free file dialogs, busy banners, the
confirmation before a change that cannot be undone, and a failure shown in a box.

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
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
