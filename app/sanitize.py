"""Making untrusted text safe to show or log.

File names, EXIF strings and package contents come from outside. Control characters
can rewrite a terminal line and bidirectional overrides can make ``gpj.exe`` read as
``exe.jpg``; both are replaced by a visible escape before anything is displayed.
"""

from __future__ import annotations

import unicodedata

# Bidirectional controls (embeddings, overrides, isolates, marks) that reorder text.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def for_display(untrusted: str, *, limit: int = 512) -> str:
    """Escape control, format and bidi characters; cut to ``limit`` characters."""
    out: list[str] = []
    for char in untrusted[:limit]:
        category = unicodedata.category(char)
        if char in _BIDI or category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            if char in "\n\t" and category == "Cc":
                out.append(" ")
            else:
                out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    if len(untrusted) > limit:
        out.append("…")
    return "".join(out)
