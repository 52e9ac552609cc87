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


def _xvfb(screen: str) -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (scripts/setup installs it)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
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


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    yield from _xvfb("1280x800x24")


@pytest.fixture(scope="module")
def xvfb_full_hd() -> Iterator[str]:
    """A 1920x1080 screen, the common laptop screen, for the window at 2x scale."""
    yield from _xvfb("1920x1080x24")


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(
    xvfb_display: str, language: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _shoot(xvfb_display, language, tmp_path, request, scale=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_at_twice_the_scale_fit_a_full_hd_screen(
    xvfb_full_hd: str, language: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """At 2x (a high-density laptop screen) every screen and dialog fits 1920x1080."""
    for shot in _shoot(xvfb_full_hd, language, tmp_path, request, scale=2):
        width, height = _png_size(shot)
        assert width <= 1920 and height <= 1080, (shot.name, width, height)


def _shoot(
    display: str, language: str, tmp_path: Path, request: pytest.FixtureRequest, scale: int
) -> list[Path]:
    out = DOCS_OUT if request.config.getoption("--screenshots") else tmp_path / "shots"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_SCALE_FACTOR": str(scale),
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
    suffix = "" if scale == 1 else f"@{scale}x"
    shots = [out / f"{language}-{screen}{suffix}.png" for screen in SCREENS]
    for shot in shots:
        assert shot.stat().st_size > 10_000, shot
    return shots
