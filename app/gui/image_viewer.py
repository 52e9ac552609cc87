"""A window showing one image decoded from decrypted bytes in memory. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QScrollArea, QVBoxLayout, QWidget

from app.gui.widgets import StatusLabel


class ImageViewer(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.image_label = StatusLabel(self.tr("Image"), self.tr("Decrypting…"))
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image_label)
        scroll.setWidgetResizable(True)
        column = QVBoxLayout(self)
        column.addWidget(scroll)
        self.resize(900, 700)

    def show_bytes(self, data: bytes | None) -> None:
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.image_label.setText(self.tr("This image cannot be shown."))
            return
        fitted = image.scaled(
            self.size() * 0.95,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.image_label.setPixmap(QPixmap.fromImage(fitted))
