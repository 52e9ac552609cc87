"""The window fits the screen at 1x and at 2x scale: a 1920x1080 screen at 2x leaves
960x540 logical pixels, and every screen (first run, case list, editor, Settings) must fit
there in the longest language, Belarusian, with no button narrower than its label. Each
scale runs in its own process (the scale is fixed when Qt starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
          "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip


@pytest.mark.parametrize("scale", [1, 2])
def test_every_screen_fits_a_1920x1080_screen(tmp_path: Path, scale: int) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               QT_SCALE_FACTOR=str(scale), PYTHONPATH=str(ROOT))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.scale_session", "be", str(tmp_path / "vault")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    _x, _y, width, height = report["screen"]
    assert (width, height) == (1920 // scale, 1080 // scale)
    for name in ("create", "recovery", "list", "editor", "settings"):
        seen = report[name]
        minimum_width, minimum_height = seen["minimum"]
        assert minimum_width <= width and minimum_height <= height, (name, seen)
        x, y, frame_width, frame_height = seen["frame"]
        assert x >= 0 and y >= 0, (name, seen)
        assert x + frame_width <= width and y + frame_height <= height, (name, seen)
        assert not seen["clipped"], (name, seen["clipped"])
