"""The vault's ``keyslots`` file on disk: read with a size cap, written atomically,
its failed-unlock guard updated in place, and crypto-erased.

The formats themselves (parse, serialize, wrap, unwrap) are pure and live in
:mod:`app.crypto.keyslots` (version 1, still read) and :mod:`app.crypto.keyfile`
(version 2, written); this module is the only one that touches the file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from app.crypto import keyfile
from app.crypto.keyslots import MAX_FILE_LENGTH, KeyslotFile, parse, serialize
from app.errors import NotFoundError, StorageError
from app.fsutil import PARTIAL_SUFFIX, atomic_write_bytes, fsync_dir
from app.platform.files import binary_flags, fsync_file, write_at

_READ_CAP = max(MAX_FILE_LENGTH, keyfile.FILE_LENGTH)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            # One byte past the largest valid file is enough to reject a bigger one.
            return handle.read(_READ_CAP + 1)
    except FileNotFoundError:
        raise NotFoundError("The vault has no keyslot file.") from None
    except OSError as error:
        raise StorageError(f"Cannot read the keyslot file: {error.strerror}") from None


def read_keyslots(path: Path) -> KeyslotFile:
    """A version-1 file (``UnsupportedVersionError`` for any other version)."""
    data = _read(path)
    return parse(data[: MAX_FILE_LENGTH + 1])


def read_any(path: Path) -> KeyslotFile | keyfile.KeyFile:
    """The keyslot file in whichever version it is (1 or 2)."""
    data = _read(path)
    if keyfile.file_version(data) == keyfile.VERSION:
        return keyfile.parse(data)
    return parse(data[: MAX_FILE_LENGTH + 1])


def write_keyslots(path: Path, slots: KeyslotFile) -> None:
    atomic_write_bytes(path, serialize(slots))


def write_keyfile(path: Path, data: keyfile.KeyFile) -> None:
    """Replace the file atomically (a crash leaves the old or the new file)."""
    atomic_write_bytes(path, keyfile.serialize(data))


def write_guard(path: Path, guard: keyfile.Guard) -> None:
    """Update the failed-unlock counter in place and flush it to disk before returning.

    Two bytes inside one sector: the write is not split by a crash. Done before an
    attempt is checked, so killing the program does not reset the count.
    """
    try:
        fd = os.open(path, os.O_RDWR | binary_flags() | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise StorageError(f"Cannot update the keyslot file: {error.strerror}") from None
    try:
        write_at(fd, keyfile.guard_bytes(guard), keyfile.GUARD_OFFSET)
        fsync_file(fd)
    except OSError as error:
        raise StorageError(f"Cannot update the keyslot file: {error.strerror}") from None
    finally:
        os.close(fd)


def _overwrite(path: Path) -> bool:
    """Overwrite every byte of ``path`` in place with random bytes and flush; False when
    there was no such file."""
    try:
        fd = os.open(path, os.O_RDWR | binary_flags() | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        write_at(fd, secrets.token_bytes(size), 0)
        fsync_file(fd)
    finally:
        os.close(fd)
    return True


def erase_keyslots(path: Path) -> None:
    """Crypto-erase: overwrite the keyslot file (and a half-written copy of it, if a
    crash left one) in place, flush, then remove them. From the moment this returns no
    passphrase, recovery key or share opens the vault's data."""
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        for candidate in (path, partial):
            if _overwrite(candidate):
                candidate.unlink()
    except OSError as error:
        raise StorageError(f"Cannot erase the keyslot file: {error.strerror}") from None
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def erase_slots_in_place(path: Path) -> None:
    """Crypto-erase a version-2 file's secrets but keep the file: every slot, the
    journal, the state and the legacy slot overwritten in place with random bytes and
    flushed (header and guard untouched, so the file still parses and every secret is
    then simply wrong). A half-written copy left by a crash is erased and removed.
    Used by a duress unlock before the decoy's file replaces this one."""
    first = keyfile.HEADER_LENGTH  # the secrets lie between the header and the guard
    body = keyfile.GUARD_OFFSET - first
    try:
        fd = os.open(path, os.O_RDWR | binary_flags() | getattr(os, "O_NOFOLLOW", 0))
        try:
            write_at(fd, secrets.token_bytes(body), first)
            fsync_file(fd)
        finally:
            os.close(fd)
        partial = path.with_name(path.name + PARTIAL_SUFFIX)
        if _overwrite(partial):
            partial.unlink()
    except OSError as error:
        raise StorageError(f"Cannot erase the keyslot file: {error.strerror}") from None
