"""The calm look: the bundled stylesheet applied over Qt's Fusion style. GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyleFactory

from app.core.resources import resources_root


def apply_style(app: QApplication) -> None:
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    sheet = resources_root() / "style" / "app.qss"
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
