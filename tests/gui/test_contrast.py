"""Contrast of what shows where the keyboard is and what a field holds (WCAG 2.2, 1.4.3
and 1.4.11): every focus indicator stands out 3:1 from what surrounds it (the control's
own fill and the window), placeholder text (it carries the date format) reads 4.5:1 on
the field, and the border of every input 3:1 against the field and the window.

The colours come from the style sheet the program applies (resources/style/app.qss) and,
for placeholder text, from the palette of the real widgets; the ratio is the one the
sealed-version test in test_keyboard_walk.py uses.
"""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from app.core.resources import resources_root
from app.gui.application import Gui

from .conftest import create_vault
from .flow_steps import add_case, add_testimony, workspace_of
from .test_keyboard_walk import contrast

SHEET = resources_root() / "style" / "app.qss"
FIELDS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QComboBox", "QDateEdit",
          "QDateTimeEdit", "QSpinBox")  # fmt: skip
INPUTS = (*FIELDS, "QPushButton")
VIEWS = ("QListView", "QTreeView", "QTableView")
Selector = tuple[str, frozenset[str]]


def parse(sheet: str) -> dict[Selector, dict[str, str]]:
    """Simple selectors (a type and pseudo-states, such as ``QPushButton:default:focus``)
    and their declarations; sub-controls, object names and descendants are left out."""
    rules: dict[Selector, dict[str, str]] = {}
    text = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    for match in re.finditer(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _, value in (item.partition(":") for item in match[2].split(";"))
            if value.strip()
        )  # fmt: skip
        for selector in match[1].split(","):
            selector = selector.strip()
            if not re.fullmatch(r"[A-Za-z]+(:[a-z-]+)*", selector):
                continue
            kind, *states = selector.split(":")
            rules.setdefault((kind, frozenset(states)), {}).update(declarations)
    return rules


def style(rules: dict[Selector, dict[str, str]], kind: str, *states: str) -> dict[str, str]:
    """What applies to ``kind`` in ``states``: rules with fewer pseudo-states first, so
    the more specific ones win, as in Qt's cascade."""
    merged: dict[str, str] = {}
    for size in range(len(states) + 1):
        for subset in combinations(states, size):
            declarations = rules.get((kind, frozenset(subset)), {})
            if "border" in declarations:  # the shorthand resets colour and width
                merged.pop("border-color", None)
                merged.pop("border-width", None)
            merged.update(declarations)
    return merged


def _colour(value: str) -> QColor:
    [hex_colour] = re.findall(r"#[0-9a-fA-F]{6}\b", value)
    return QColor(hex_colour)


def border(declarations: dict[str, str]) -> tuple[QColor, int]:
    colour = declarations.get("border-color") or declarations["border"]
    width = declarations.get("border-width") or declarations["border"]
    return _colour(colour), int(re.findall(r"(\d+)px", width)[0])


def background(declarations: dict[str, str]) -> QColor:
    return _colour(declarations.get("background-color") or declarations["background"])


@pytest.fixture(scope="module")
def rules() -> dict[Selector, dict[str, str]]:
    return parse(SHEET.read_text(encoding="utf-8"))


def window(rules: dict[Selector, dict[str, str]]) -> QColor:
    colour = background(style(rules, "QMainWindow"))
    assert background(style(rules, "QDialog")) == colour
    return colour


def test_the_sheet_is_read_as_qt_reads_it() -> None:
    rules = parse("""/* a comment { } */
        QPushButton { background: #ffffff; border: 1px solid #b9b5aa; }
        QPushButton:default { background: #4a7a8c; }
        QPushButton:focus { border: 2px solid #2f5f70; }
        QLabel#title, QGroupBox::title { color: #000000; }""")
    assert set(rules) == {("QPushButton", frozenset()), ("QPushButton", frozenset({"default"})),
                          ("QPushButton", frozenset({"focus"}))}  # fmt: skip
    focused_default = style(rules, "QPushButton", "default", "focus")
    assert background(focused_default) == QColor("#4a7a8c")
    assert border(focused_default) == (QColor("#2f5f70"), 2)
    assert contrast(QColor("#2f5f70"), QColor("#4a7a8c")) < 1.5  # the ring issue 13 found


@pytest.mark.parametrize("kind", INPUTS)
def test_input_borders_stand_out(rules: dict[Selector, dict[str, str]], kind: str) -> None:
    rest = style(rules, kind)
    colour, _width = border(rest)
    for around in (background(rest), window(rules)):
        assert contrast(colour, around) >= 3, (kind, colour.name(), around.name())


@pytest.mark.parametrize(
    ("kind", "states"),
    [*((kind, ()) for kind in (*INPUTS, *VIEWS)), ("QPushButton", ("default",))],
)
def test_focus_indicators_stand_out(
    rules: dict[Selector, dict[str, str]], kind: str, states: tuple[str, ...]
) -> None:
    assert (kind, frozenset({*states, "focus"})) in rules or (kind, frozenset({"focus"})) in \
        rules, f"{kind}: no focus rule, the focus does not show"
    focused = style(rules, kind, *states, "focus")
    ring, width = border(focused)
    assert width >= 2, (kind, states, "a 1 px change is too thin to see")
    assert ring != border(style(rules, kind, *states))[0], (kind, states)
    inside = background(focused) if "background" in focused else QColor("#ffffff")
    for around in (inside, window(rules)):
        assert contrast(ring, around) >= 3, (kind, states, ring.name(), around.name())


def _seen(text: QColor, base: QColor) -> QColor:
    """``text`` as it shows over ``base`` (a placeholder colour often has alpha)."""
    alpha = text.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in (
        (text.redF(), base.redF()), (text.greenF(), base.greenF()),
        (text.blueF(), base.blueF()))))  # fmt: skip


def test_placeholder_text_reads(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Contrast")
    add_testimony(qtbot, gui, "P-1")
    editor = workspace_of(gui).editor
    editor.add_incident_button.click()
    fields: list[QWidget] = [
        field
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit)
        for field in gui.window.findChildren(kind)
        if field.placeholderText() and field.isVisibleTo(gui.window)
    ]  # fmt: skip
    shown = {field.placeholderText() for field in fields}
    assert editor._incident_boxes()[0].date_from.placeholderText() in shown  # the date format
    for field in fields:
        palette = field.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = _seen(palette.color(QPalette.ColorRole.PlaceholderText), base)
        assert contrast(text, base) >= 4.5, (field.placeholderText(), text.name(), base.name())
