"""One program at a time per vault: an exclusive OS lock on a file in the vault folder.

``flock`` on Unix, ``msvcrt.locking`` on Windows. The OS drops the lock when the process
dies, so a crash never leaves the vault "in use". Any thread.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from app.errors import StorageError, VaultInUseError
from app.fsutil import FILE_MODE
from app.platform.files import binary_flags, lock_exclusive, unlock


class FolderLock:
    """An exclusive OS lock on ``VAULT/lock``: one program at a time per vault.

    The OS drops the lock when the process dies, so a crash never leaves the vault
    "in use". Opening the same vault twice inside one process is refused as well.
    """

    def __init__(self, folder: Path, name: str = "lock") -> None:
        path = folder / name
        try:
            self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT | binary_flags(), FILE_MODE)
        except OSError as error:
            raise StorageError(f"Cannot open the vault's lock file: {error.strerror}") from None
        try:
            lock_exclusive(self._fd)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise VaultInUseError(
                "This vault is already open in another window or program. "
                "Close it there first."
            ) from None

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                unlock(self._fd)
            os.close(self._fd)
            self._fd = None

