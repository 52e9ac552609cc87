"""The vault's ``keyslots`` file on disk: read with a size cap, written atomically.

The format itself (parse, serialize, wrap, unwrap) is pure and lives in
:mod:`app.crypto.keyslots`; this module is the only one that touches the file.
"""

from __future__ import annotations

from pathlib import Path

from app.crypto.keyslots import MAX_FILE_LENGTH, KeyslotFile, parse, serialize
from app.errors import NotFoundError, StorageError
from app.fsutil import atomic_write_bytes


def read_keyslots(path: Path) -> KeyslotFile:
    try:
        with path.open("rb") as handle:
            # One byte past the largest valid file is enough to reject a bigger one.
            data = handle.read(MAX_FILE_LENGTH + 1)
    except FileNotFoundError:
        raise NotFoundError("The vault has no keyslot file.") from None
    except OSError as error:
        raise StorageError(f"Cannot read the keyslot file: {error.strerror}") from None
    return parse(data)


def write_keyslots(path: Path, slots: KeyslotFile) -> None:
    atomic_write_bytes(path, serialize(slots))
