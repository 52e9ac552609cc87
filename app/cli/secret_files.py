"""Reading a secret (passphrase, duress passphrase) from a file, strictly.

What a script's file says is exactly what the vault is opened or created with: at most
4 KiB is read; the first line ends only at a line feed (a carriage return before it is
dropped, for files written on Windows); the text must be UTF-8, a byte-order mark is
accepted and UTF-16 is refused by name. ``str.splitlines`` would also cut at a form feed
or U+2028, which silently shortened passphrases. Main thread.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from app.errors import EvidenceVaultError

MAX_SECRET_FILE = 4096


def read_secret_file(path: Path, what: str) -> str:
    """The first line of the file ``path``, a ``what`` ("passphrase file") in messages."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SECRET_FILE + 1)
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the {what}: {error.strerror}") from None
    if len(data) > MAX_SECRET_FILE:
        raise EvidenceVaultError(f"The {what} is larger than 4 KiB; it holds one line.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EvidenceVaultError(f"The {what} is UTF-16 text; save it as UTF-8.")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EvidenceVaultError(f"The {what} is not UTF-8 text; save it as UTF-8.") from None
    return text.split("\n", 1)[0].removesuffix("\r")
