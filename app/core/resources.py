"""Finding the files under ``resources/`` from a source checkout and from a frozen bundle.

A PyInstaller bundle unpacks its data next to the program and names that folder in
``sys._MEIPASS``; a source checkout keeps ``resources/`` beside the ``app`` package. Every
reader of vocabularies, translations, icons and stylesheets goes through this one helper so
the two layouts cannot drift apart. Pure and thread-safe.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from app.errors import NotFoundError


def resources_root() -> Path:
    """The folder that holds the program's resources in this installation."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(relative: str) -> Path:
    """The path of ``relative`` (POSIX style, e.g. ``vocabulary/violations.json``).

    Only plain relative names are accepted: a resource name never comes from a user, and
    refusing ``..`` keeps a mistake from reading outside the bundle.
    """
    parts = relative.split("/")
    if PurePosixPath(relative).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise ValueError(f"not a plain relative resource name: {relative!r}")
    path = resources_root().joinpath(*parts)
    if not path.is_file():
        raise NotFoundError(f"The program's resource file {relative} is missing.")
    return path
