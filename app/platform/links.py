"""Links a chosen file or folder must not be: the same refusal on every system.

Linux and macOS: symbolic links. Windows has three kinds: symbolic links, junctions
(both reparse points, which ``lstat`` reports through ``st_file_attributes``) and
Explorer's ``.lnk`` shortcuts, ordinary files that point elsewhere (importing one would
store the shortcut, not the photo the user meant).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FILE_ATTRIBUTE_REPARSE_POINT = 0x400


def link_kind(
    path: Path, *, system: str | None = None, lstat: Callable[[Path], Any] | None = None
) -> str | None:
    """``"symbolic link"``, ``"junction"``, ``"shortcut"``, or None for a plain entry.

    A missing path is None (the caller reports it as missing).
    """
    current = sys.platform if system is None else system
    if current == "win32" and path.name.lower().endswith(".lnk"):
        return "shortcut"
    try:
        info = (lstat or os.lstat)(path)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "symbolic link"
    if current == "win32" and getattr(info, "st_file_attributes", 0) & FILE_ATTRIBUTE_REPARSE_POINT:
        return "junction"
    return None


def link_refusal(kind: str, subject: str = "The file chosen") -> str:
    """The message for a refused link: ``subject`` is what the user gave."""
    if kind == "shortcut":
        kind = "Windows shortcut (.lnk)"
    return f"{subject} is a {kind}; choose the file it points to."
