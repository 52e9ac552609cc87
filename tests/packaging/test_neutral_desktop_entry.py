"""The desktop entry of the neutral disguise: it starts the window with ``--neutral``
under the names the disguised window announces, and names the program nowhere."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from app.__main__ import NEUTRAL_FLAG
from app.gui.application import NEUTRAL_ID, NEUTRAL_NAME

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "notes.desktop"


def test_neutral_entry_starts_the_disguised_window_under_its_names() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(ENTRY.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Name"] == NEUTRAL_NAME and entry["StartupWMClass"] == NEUTRAL_NAME
    assert entry["Exec"].split() == [NEUTRAL_ID, NEUTRAL_FLAG]
    assert entry["Icon"] == NEUTRAL_ID
    assert f"applications/{NEUTRAL_ID}.desktop" in ENTRY.read_text(encoding="utf-8")
    shown = " ".join(entry.values()).casefold()
    assert "evidence" not in shown and "vault" not in shown
    assert (ROOT / "resources" / "icons" / f"{NEUTRAL_ID}.svg").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="not installed")
def test_neutral_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
