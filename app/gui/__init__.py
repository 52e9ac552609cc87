"""The desktop interface; the only package that imports PySide6."""

from __future__ import annotations

from pathlib import Path


def launch(vault_folder: Path | None = None, *, neutral: bool = False) -> int:
    """Run the window until it closes; on ``vault_folder``, else the default folder;
    disguised as a notes program when ``neutral``."""
    from app.gui.application import run_application

    return run_application(folder=vault_folder, neutral=neutral)
