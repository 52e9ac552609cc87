"""The desktop interface; the only package that imports PySide6."""

from __future__ import annotations


def launch() -> int:
    from app.gui.application import run_application

    return run_application()
