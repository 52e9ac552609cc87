"""Crash-safe file primitives shared by the key slots, the blob store and exports.

A file becomes visible under its final name only once its bytes are on disk: write to
``NAME.partial`` in the same folder, flush, ``fsync``, ``os.replace``, then ``fsync`` the
folder so the rename itself survives a power cut. Files are 0600 and folders 0700.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from app.errors import StorageError
from app.platform import files, private
from app.platform.files import binary_flags

PARTIAL_SUFFIX = ".partial"
FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing and make it 0700; on Windows give it a
    protected ACL for the current user alone (chmod does nothing there)."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        private.protect(path, folder=True)
    except OSError as error:
        raise StorageError(f"Cannot create the folder: {error.strerror}") from None


def fsync_dir(path: Path) -> None:
    """Make a rename or creation inside ``path`` durable (a no-op where unsupported)."""
    files.fsync_dir(path)


@contextlib.contextmanager
def atomic_writer(path: Path, *, owner_only: bool = False) -> Iterator[BinaryIO]:
    """Yield a file whose content replaces ``path`` atomically when the block ends.

    On any exception the partial file is removed and the original stays untouched.
    ``owner_only``: a secret written outside the vault (a key, a recovery share), so on
    Windows, which ignores the 0600 mode, the file gets a protected ACL for this user
    before a byte is written (where the volume keeps permissions at all).
    """
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | binary_flags(), FILE_MODE)
    except OSError as error:
        raise StorageError(f"Cannot write {path.name}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if owner_only:
                _protect_file(partial, path)
            yield handle
            handle.flush()
            files.fsync_file(handle.fileno())  # F_FULLFSYNC on macOS
        files.replace(partial, path)  # written through on Windows
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(error, OSError):
            raise StorageError(f"Cannot write {path.name}: {error.strerror}") from None
        raise
    fsync_dir(path.parent)


def _protect_file(partial: Path, path: Path) -> None:
    try:
        private.protect_where_possible(partial, folder=False)
    except OSError as error:
        raise StorageError(f"Cannot restrict {path.name} to this user: {error}") from None


def atomic_write_bytes(path: Path, data: bytes, *, owner_only: bool = False) -> None:
    with atomic_writer(path, owner_only=owner_only) as handle:
        handle.write(data)
