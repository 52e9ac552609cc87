"""``evidence-vault self-test`` on a machine without a display leaves stderr empty: Qt's
offscreen platform's known "does not support propagateSizeHints()" line is dropped, and
only that line (any other output still reaches stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.gui
def test_installed_selftest_without_display_writes_nothing_to_stderr(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "evidence-vault"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)
    done = subprocess.run([str(command), "self-test"], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "shown and closed (offscreen" in done.stdout
    assert done.stderr == ""


FILTER_CHILD = textwrap.dedent("""
    import os, sys
    from app.selftest import filtered_stderr
    print("before", file=sys.stderr, flush=True)
    with filtered_stderr():
        os.write(2, b"This plugin does not support propagateSizeHints()\\n")
        os.write(2, b"a real warning\\nThis plugin does not support propagateSizeHints()")
        os.write(2, b"\\nhalf a ")
        os.write(2, b"line\\n" + b"x" * 200000 + b"\\n")
        print("from Python", file=sys.stderr)
        os.write(2, b"This plugin does not support propagateSizeHints()\\r\\nno newline at the end")
    print("after", file=sys.stderr, flush=True)
""")


def test_the_filter_drops_only_the_known_line() -> None:
    done = subprocess.run([sys.executable, "-c", FILTER_CHILD], capture_output=True,
                          cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (b"before\na real warning\nhalf a line\n" + b"x" * 200000
                           + b"\nfrom Python\nno newline at the endafter\n")
