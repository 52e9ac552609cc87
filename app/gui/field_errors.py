"""A refused field's error, shown under that field in the error colour.

Core names the field it refused by its path in the record (``consent.given_at``,
``incidents[1].place``); the editor finds the widget for the path and this places a
word-wrapped label right under it, whatever the widget is (a line, a date picker, a
list) and whatever holds it (a form row, a row of two fields in a form, a column). A
word-wrapped label takes the width it is given, so an error never widens the window.
GUI thread only.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QLabel, QLayout, QWidget

from app.gui.widgets import StatusLabel


def _path_to(layout: QLayout, target: QWidget) -> list[tuple[QLayout, int]] | None:
    """The layouts from ``layout`` down to the one holding ``target``, with the index of
    the item that leads there in each."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is target:
            return [(layout, index)]
        inner = item.layout()
        if inner is not None:
            found = _path_to(inner, target)
            if found is not None:
                return [(layout, index), *found]
    return None


def place_under(widget: QWidget, label: QLabel) -> bool:
    """Put ``label`` under ``widget`` in the nearest layout that stacks things vertically;
    False when ``widget`` is in no layout of its parent."""
    parent = widget.parentWidget()
    top = parent.layout() if parent is not None else None
    path = _path_to(top, widget) if top is not None else None
    if path is None:
        return False
    for layout, index in reversed(path):
        if isinstance(layout, QFormLayout):
            # Typed as returning object; it is (row, role).
            row, _role = cast(tuple[int, object], layout.getItemPosition(index))
            layout.insertRow(row + 1, "", label)
            return True
        if isinstance(layout, QBoxLayout) and layout.direction() in (
            QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop
        ):
            layout.insertWidget(index + 1, label)
            return True
    return False


class FieldErrors:
    """The error labels of one screen, by field path; each made once, then reused."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        # The field's own accessible description, given back when its error goes.
        self._fields: dict[str, tuple[QWidget, str]] = {}

    def show(self, path: str, widget: QWidget, text: str) -> QLabel | None:
        """Show ``text`` under ``widget`` (the field at ``path``); None when it has no
        place in a layout (the caller shows the error elsewhere)."""
        label = self._labels.get(path)
        if label is None:
            # Read as its text, described by the field it is about.
            label = StatusLabel(widget.accessibleName())
            label.setObjectName("errorText")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            if not place_under(widget, label):
                label.deleteLater()
                return None
            self._labels[path] = label
        label.setText(text)
        # Read by a screen reader with the field itself.
        if path not in self._fields:
            self._fields[path] = (widget, widget.accessibleDescription())
        widget.setAccessibleDescription(text)
        self._set_visible(label, True)
        return label

    def clear(self, prefix: str = "") -> None:
        """Hide the errors of the fields whose path starts with ``prefix``."""
        for path, label in self._labels.items():
            if path.startswith(prefix) and label.text():
                self._set_visible(label, False)
                label.clear()
                if path in self._fields:
                    widget, description = self._fields.pop(path)
                    widget.setAccessibleDescription(description)

    def visible(self) -> dict[str, str]:
        """Path to text of the errors shown now (for tests and the editor's summary)."""
        return {path: label.text() for path, label in self._labels.items() if label.text()}

    @staticmethod
    def _set_visible(label: QLabel, visible: bool) -> None:
        # A hidden row of a form still takes its spacing; hide the row, not only the label.
        parent = label.parentWidget()
        form = parent.layout() if parent is not None else None
        if isinstance(form, QFormLayout):
            row, _role = cast(tuple[int, object], form.getWidgetPosition(label))
            if row >= 0:
                form.setRowVisible(row, visible)
                return
        label.setVisible(visible)
