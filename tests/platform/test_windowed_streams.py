"""The windowed executable (Windows, the macOS .app) started without a console has no
standard streams; the bundle's launcher gives it null ones so the self-test and CLI
messages do not raise there."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).resolve().parents[2] / "packaging" / "launcher.py"


def test_missing_streams_become_null_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("ev_launcher", LAUNCHER)
    assert spec is not None and spec.loader is not None
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    launcher._standard_streams()
    try:
        print("self-test: ok")  # would raise AttributeError on None
        print("error", file=sys.stderr)
    finally:
        sys.stdout.close()
        sys.stderr.close()
