"""The command line's output encoding.

Python writes to a pipe or a file in the locale's code page on Windows (cp1252 for a
Western locale): Cyrillic or Arabic output then raises ``UnicodeEncodeError``, after the
command's work was committed. A console is unaffected (Python writes UTF-16 to it).
POSIX systems with a C or non-UTF-8 locale have the same fault. The CLI therefore
writes UTF-8 everywhere.
"""

from __future__ import annotations

from typing import Any


def use_utf8(*streams: Any) -> None:
    """Switch each text stream that is not UTF-8 to UTF-8 (keeping its error mode)."""
    for stream in streams:
        encoding = str(getattr(stream, "encoding", "") or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
