"""One program at a time per vault: an exclusive OS lock on a file in the vault folder.

``flock`` on Unix, ``msvcrt.locking`` on Windows. The OS drops the lock when the process
dies, so a crash never leaves the vault "in use". Any thread.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from app.errors import StorageError, VaultInUseError
from app.fsutil import FILE_MODE


class FolderLock:
    """An exclusive OS lock on ``VAULT/lock``: one program at a time per vault.

    The OS drops the lock when the process dies, so a crash never leaves the vault
    "in use". Opening the same vault twice inside one process is refused as well.
    """

    def __init__(self, folder: Path, name: str = "lock") -> None:
        path = folder / name
        try:
            self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as error:
            raise StorageError(f"Cannot open the vault's lock file: {error.strerror}") from None
        try:
            _lock_fd(self._fd)
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
                _unlock_fd(self._fd)
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":
    import msvcrt

    def _lock_fd(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
