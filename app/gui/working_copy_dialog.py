"""The "Make a working copy…" dialog: what to remove from the copy of a sealed file.

The original stays the evidence and is never changed; the copy is a new attachment with
the chosen metadata removed and its pixels untouched, recorded in the custody log with
both checksums. Both choices start ticked: a copy is usually made to be passed on.
"Blur faces" (JPEG, PNG and WebP photos, with the optional detector installed) makes the
copy a re-encoded photo with the faces blurred and no metadata at all; where it cannot
be offered it is shown disabled with the reason. GUI thread.
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

from app.core import faces


class WorkingCopyDialog(QDialog):
    def __init__(
        self, name: str, parent: QWidget | None = None, *, media_type: str = ""
    ) -> None:
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
        self.blur_faces = QCheckBox(self.tr("&Blur faces (the copy is re-encoded)"))
        self.blur_faces.toggled.connect(self._update)
        self.blur_note = QLabel()
        self.blur_note.setWordWrap(True)
        reason = self._blur_refusal(media_type)
        self.blur_faces.setEnabled(not reason)
        self.blur_faces.setToolTip(reason)
        self.blur_faces.setAccessibleDescription(reason)
        self.blur_note.setText(reason)
        self.blur_note.setVisible(bool(reason))
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
        column.addWidget(self.blur_faces)
        column.addWidget(self.blur_note)
        column.addWidget(self.buttons)
        self.make_button.setDefault(True)
        self.strip_location.setFocus()

    def _update(self) -> None:
        # A copy with nothing removed would only be a second original.
        wanted = (
            self.strip_location.isChecked()
            or self.strip_device.isChecked()
            or self.blur_faces.isChecked()
        )
        self.make_button.setEnabled(wanted)

    def _blur_refusal(self, media_type: str) -> str:
        """Why faces cannot be blurred in this file here ("" when they can)."""
        if media_type not in faces.FACE_TYPES:
            return self.tr("Faces can be blurred in JPEG, PNG and WebP photos only.")
        if not faces.available():
            return self.tr("The optional face detector is not installed on this computer.")
        return ""
