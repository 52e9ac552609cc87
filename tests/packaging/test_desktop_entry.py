"""The Linux desktop entry and the application icon: the entry is a valid key file whose
Icon is the application id the program announces (app.APP_ID), and the icon files are a
well-formed SVG and a 256x256 PNG."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "evidence-vault.desktop"
ICONS = ROOT / "resources" / "icons"


def test_desktop_entry_names_the_program_and_its_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(ENTRY.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "evidence-vault" and entry["Terminal"] == "false"
    assert entry["Icon"] == APP_ID
    assert entry["Categories"].endswith(";")
    assert f"{APP_ID}.desktop" in ENTRY.read_text(encoding="utf-8")  # install name given


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_are_well_formed() -> None:
    svg = ET.parse(ICONS / "evidence-vault.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    png = (ICONS / "evidence-vault.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256)
