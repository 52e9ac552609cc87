"""Opening files the same way on every system.

Windows opens a descriptor in text mode unless ``O_BINARY`` is given (every 0x0A written
becomes 0x0D 0x0A, which corrupts key files and packages) and lets child processes
inherit it unless ``O_NOINHERIT`` is given. POSIX has neither flag (Python's descriptors
are not inheritable there already), so both read as 0.
"""

from __future__ import annotations

import os


def binary_flags() -> int:
    """Flags every data file's ``os.open`` adds: binary, not inherited by children."""
    return getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
