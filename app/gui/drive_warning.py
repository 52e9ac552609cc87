"""A warning under a folder field when the folder's drive keeps no permissions.

FAT and exFAT (most USB sticks) keep no owner and no permissions on any system: what the
program writes there is encrypted, but anyone who plugs the drive in can copy or delete
it, and FAT32 holds no file over 4 GiB. The command line says so after ``init``; the
window says it where a vault is created or opened and where a package is exported, as
soon as the folder is chosen, so there is still time to choose another.

The warning is a status label: its text is what a screen reader reads, spoken when it
appears wherever the focus is. Asking the drive's type is cheap (the mount table, or the
volume on Windows) and is done on the GUI thread, a moment after typing stops. GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from app.gui.widgets import StatusLabel
from app.platform import private

# What is kept on the drive: a vault's folder, or the packages exported there.
VAULT = "vault"
PACKAGE = "package"
_SETTLE_MS = 400  # typing a path asks the drive once, after the last key


def drive_name(kind: str) -> str:
    """The file system as a person knows it from the drive's properties."""
    return "exFAT" if kind.lower() == "exfat" else "FAT"


class DriveWarning(StatusLabel):
    """Says whether the folder named last is on a drive without permissions; hidden
    (and empty) otherwise."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__("", "", parent, announce=QAccessible.AnnouncementPoliteness.Polite)
        self.setAccessibleDescription(self.tr("About the drive of this folder"))
        self.setObjectName("warningText")
        self.setWordWrap(True)
        self.setVisible(False)
        self.subject = subject
        self._pending = ""
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(_SETTLE_MS)
        self._settle.timeout.connect(lambda: self.check(self._pending))

    def watch(self, folder: str) -> None:
        """Check ``folder`` once it stops changing (a path being typed)."""
        self._pending = folder
        self._settle.start()

    def check(self, folder: str | Path) -> None:
        """Check ``folder`` now: show the warning if its drive keeps no permissions."""
        self._settle.stop()
        text = str(folder).strip()
        kind = private.filesystem_type(Path(text)) if text else None
        wanted = self.text_for(kind) if private.has_no_permissions(kind) else ""
        if wanted != self.text():
            self.setText(wanted)
        self.setVisible(bool(wanted))

    def text_for(self, kind: str | None) -> str:
        name = drive_name(kind or "")
        if self.subject == VAULT:
            return self.tr(
                "This drive is formatted {name}, which keeps no owner and no permissions: "
                "the vault's files are encrypted, but anyone who plugs the drive in can copy "
                "or delete them. Prefer a drive formatted NTFS, APFS or ext4, or encrypt the "
                "whole drive."
            ).format(name=name)
        if private.max_file_size(kind) is not None:
            return self.tr(
                "This drive is formatted {name}, which keeps no owner and no permissions and "
                "holds no file over 4 GiB: the package is encrypted, but anyone who plugs "
                "the drive in can copy or delete it, and a larger package is refused."
            ).format(name=name)
        return self.tr(
            "This drive is formatted {name}, which keeps no owner and no permissions: the "
            "package is encrypted, but anyone who plugs the drive in can copy or delete it."
        ).format(name=name)
