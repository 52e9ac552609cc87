"""The "Make a working copy…" dialog: what to remove from the copy of a sealed file.

The original stays the evidence and is never changed; the copy is a new attachment with
the chosen metadata removed and its pixels untouched, recorded in the custody log with
both checksums. Both choices start ticked: a copy is usually made to be passed on. GUI
thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class WorkingCopyDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Make a working copy"))
        explanation = QLabel(
            self.tr(
                "A working copy of “{name}” to pass on. The original stays in the vault "
                "unchanged as the evidence; the copy keeps every pixel and frame, and the "
                "custody log records both checksums and what was removed."
            ).format(name=name)
        )
        explanation.setWordWrap(True)
        self.strip_location = QCheckBox(self.tr("Remove the &location (GPS position and place)"))
        self.strip_device = QCheckBox(
            self.tr("Remove the &camera (make, model, serial number, owner)")
        )
        for box in (self.strip_location, self.strip_device):
            box.setChecked(True)
            box.toggled.connect(self._update)
        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            self.tr("&Make the copy"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(explanation)
        column.addWidget(self.strip_location)
        column.addWidget(self.strip_device)
        column.addWidget(self.buttons)
        self.make_button.setDefault(True)
        self.strip_location.setFocus()

    def _update(self) -> None:
        # A copy with nothing removed would only be a second original.
        wanted = self.strip_location.isChecked() or self.strip_device.isChecked()
        self.make_button.setEnabled(wanted)
