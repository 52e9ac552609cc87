"""Screenshots of the main screens in every language, rendered under Xvfb into PNG files
for people to look at (not compared pixel by pixel). They go to the test's own folder;
``pytest tests/gui/test_screenshots.py --screenshots`` refreshes docs/screenshots/, the
pictures the README shows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.gui.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
DOCS_OUT = ROOT / "docs" / "screenshots"
SCREENS = ("1-create-vault", "2-recovery-key", "3-testimonies", "4-editor",
           "5-unlock-wrong-passphrase", "6-settings", "7-sync")  # fmt: skip


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (scripts/setup installs it)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as announced:
        number = announced.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait()


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(
    xvfb_display: str, language: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out = DOCS_OUT if request.config.getoption("--screenshots") else tmp_path / "shots"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DISPLAY": xvfb_display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "tests.gui.screenshot_run", str(out), str(tmp_path), language],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    for screen in SCREENS:
        shot = out / f"{language}-{screen}.png"
        assert shot.stat().st_size > 10_000, shot
