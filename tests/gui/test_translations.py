"""The interface languages are complete and current.

``pyside6-lupdate`` is run over app/gui into a copy of each committed ``.ts``: a message
added, changed or removed in the code and not in the committed file (stale), a message
without a translation (unfinished), a placeholder lost in translation, or a committed
``.qm`` that does not match what ``pyside6-lrelease`` builds from the ``.ts`` fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui.i18n import LANGUAGES, Translations

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
TOOLS = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    messages = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            messages[(name, message.findtext("source") or "")] = message.find("translation")
    return messages


def _lupdate(target: Path, language: str) -> None:
    sources = sorted(str(p) for p in (ROOT / "app" / "gui").glob("*.py"))
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-no-obsolete", "-locations", "none",
         "-target-language", language, *sources, "-ts", str(target)],
        check=True, capture_output=True,
    )  # fmt: skip


@pytest.mark.parametrize("language", TRANSLATED)
def test_translation_is_current_and_complete(language: str, tmp_path: Path) -> None:
    committed = FOLDER / f"evidence_vault_{language}.ts"
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    _lupdate(fresh, language)
    before, after = _messages(committed), _messages(fresh)
    assert len(after) > 200
    assert set(after) == set(before), "stale: run pyside6-lupdate and translate the changes"
    for key, translation in after.items():
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), key
        text = translation.text or ""
        assert text.strip(), f"unfinished translation of {key}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key[1])), key


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_translation_matches_its_source(language: str, tmp_path: Path) -> None:
    source = FOLDER / f"evidence_vault_{language}.ts"
    built = tmp_path / f"evidence_vault_{language}.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), str(source), "-qm", str(built)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert built.read_bytes() == (FOLDER / built.name).read_bytes(), "run pyside6-lrelease"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("be", "Нататкі"), ("ru", "Заметки"), ("uk", "Нотатки"), ("en", "Notes")],
)
def test_installed_language_translates(qtbot: QtBot, qapp, language: str, expected: str) -> None:
    from PySide6.QtCore import QCoreApplication

    translations = Translations(qapp)
    try:
        assert translations.install(language)
        assert QCoreApplication.translate("MainWindow", "Notes") == expected
    finally:
        translations.install("en")
