"""Where per-user data lives, and what a system puts in the root of every drive.

Windows: ``%LOCALAPPDATA%`` (``C:\\Users\\NAME\\AppData\\Local``) and not ``%APPDATA%``
(Roaming), which a domain profile copies to the server at every sign-out. macOS:
``~/Library/Application Support``. Linux and other Unix: ``$XDG_DATA_HOME`` or
``~/.local/share``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# Folders Windows, macOS and Linux create in the root of a drive by themselves: a stick
# holding only these is empty. (Names starting with a dot are skipped by the callers.)
SYSTEM_ROOT_ENTRIES = frozenset(
    {"system volume information", "$recycle.bin", "recycled", "recycler", "lost+found"}
)


def is_system_entry(name: str) -> bool:
    """Whether ``name`` is an entry the system itself keeps in a drive's root."""
    return name.lower() in SYSTEM_ROOT_ENTRIES


def user_data_root(
    *,
    system: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """The folder per-user application data goes in, not copied to other machines."""
    system = sys.platform if system is None else system
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if system == "win32":
        local = environ.get("LOCALAPPDATA", "")
        return Path(local) if local else home / "AppData" / "Local"
    if system == "darwin":
        return home / "Library" / "Application Support"
    xdg = environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    return Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
