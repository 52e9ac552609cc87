"""Small helpers shared by the screens: trace-free file dialogs, busy banners.

GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget


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
