"""Text files the user gives, as Windows tools write them.

Notepad (before Windows 10 1903) and many Windows programs start UTF-8 with a byte order
mark; PowerShell 5's ``>`` and ``Out-File`` write UTF-16. A UTF-8 BOM is dropped (it is
not part of the text: left in, it becomes the first character of a passphrase or makes
JSON invalid); UTF-16 is refused by name, with the way out, instead of a puzzling
"not UTF-8" or "not JSON".
"""

from __future__ import annotations

import codecs


class TextEncodingError(ValueError):
    """The bytes are not UTF-8 text; the message says what they are and what to do."""


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: in ASCII-heavy text every other byte is zero."""
    sample = raw[:512]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > len(odd) * 0.4 or even.count(0) > len(even) * 0.4


def decode_user_text(raw: bytes, what: str) -> str:
    """``raw`` as UTF-8 (with or without a BOM); :class:`TextEncodingError` otherwise.

    ``what`` names the file in the message: "The testimony file".
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        not raw.startswith(codecs.BOM_UTF8) and _looks_like_utf16(raw)
    ):
        raise TextEncodingError(
            f"{what} is UTF-16 text (as PowerShell and some Windows tools save it); "
            "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)."
        )
    try:
        return raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise TextEncodingError(f"{what} is not UTF-8 text.") from None
