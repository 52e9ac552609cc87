"""File names every system can create, and names that fold together somewhere.

A package that unpacks on Linux must unpack the same on Windows and macOS, so its member
names are held to the strictest rules of the three:

- Windows device names are no file's name, whatever the extension or case (``CON``,
  ``nul.txt``, ``com1.jpg``, ``CONIN$``, and ``COM¹`` with a superscript digit);
- ``:`` names an alternate data stream on NTFS (``photo.jpg:hidden``), and ``< > " | ?
  *`` cannot be in a Windows name at all;
- Windows drops trailing dots and spaces (``report.`` and ``report`` are one file);
- Windows and macOS compare names without case (``A.txt`` is ``a.txt``), and macOS
  compares them after Unicode normalisation (``é`` composed is ``é`` decomposed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_DEVICE = re.compile(r"(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9¹²³])", re.IGNORECASE)
_FORBIDDEN = frozenset('<>:"|?*')


def component_problem(part: str) -> str | None:
    """Why one path component cannot be created on some system, or None."""
    if any(char in _FORBIDDEN for char in part):
        if ":" in part:
            return f"'{part}' names an alternate data stream (':') on Windows"
        return f"'{part}' holds a character Windows does not allow in a name"
    if part.endswith((".", " ")):
        return f"'{part}' ends with a dot or a space, which Windows drops"
    stem = part.split(".", 1)[0].rstrip(" ")
    if _DEVICE.fullmatch(stem):
        return f"'{part}' is a Windows device name"
    return None


def path_problem(path: str) -> str | None:
    """Why a ``/``-separated relative path cannot be created everywhere, or None."""
    for part in path.split("/"):
        problem = component_problem(part)
        if problem is not None:
            return problem
    return None


def fold(path: str) -> str:
    """The key under which Windows or macOS would see two names as one file."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).casefold())


def collisions(paths: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct names that are one file on Windows or macOS."""
    first: dict[str, str] = {}
    found = []
    for path in paths:
        key = fold(path)
        if key in first and first[key] != path:
            found.append((first[key], path))
        first.setdefault(key, path)
    return found
