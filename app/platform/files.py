"""Opening, syncing, renaming and locking files the same way on every system.

Windows opens a descriptor in text mode unless ``O_BINARY`` is given (every 0x0A written
becomes 0x0D 0x0A, which corrupts key files and packages) and lets child processes
inherit it unless ``O_NOINHERIT`` is given. POSIX has neither flag (Python's descriptors
are not inheritable there already), so both read as 0.

Durability differs too: macOS ``fsync`` leaves the data in the drive's cache (only
``F_FULLFSYNC`` reaches the medium); Windows cannot open a folder to sync a rename, so
the rename itself is written through (``MoveFileExW`` with ``MOVEFILE_WRITE_THROUGH``).
Every function takes the system (``sys.platform`` by default) and, where it calls the
operating system's own interface, that interface, so the tests imitate each system.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from pathlib import Path
from typing import Any

MOVEFILE_REPLACE_EXISTING = 0x1
MOVEFILE_WRITE_THROUGH = 0x8
DARWIN_F_FULLFSYNC = 51  # <sys/fcntl.h>; Python's fcntl.F_FULLFSYNC where it exists


def binary_flags() -> int:
    """Flags every data file's ``os.open`` adds: binary, not inherited by children."""
    return getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)


def _system(system: str | None) -> str:
    return sys.platform if system is None else system


def fsync_file(fd: int, *, system: str | None = None, fcntl_call: Any = None) -> None:
    """Put a written file's bytes on the medium, not only in the drive's cache.

    macOS: ``fcntl(F_FULLFSYNC)`` (plain ``fsync`` there stops at the drive's cache), or
    ``fsync`` where the file system refuses it (some network and FAT volumes).
    Elsewhere ``fsync`` (``_commit`` on Windows, which flushes the file's buffers).
    """
    if _system(system) == "darwin":
        if fcntl_call is None:
            import fcntl  # POSIX only: imported where macOS is the system

            fcntl_call = fcntl.fcntl
        try:
            fcntl_call(fd, DARWIN_F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(path: Path, *, system: str | None = None) -> None:
    """Make a rename or creation inside ``path`` durable where a folder can be synced.

    Windows cannot open a folder as a file: :func:`replace` writes renames through there
    instead, and NTFS journals the folder itself. Elsewhere the folder is opened and
    synced (``F_FULLFSYNC`` on macOS); a file system that refuses is left as it is.
    """
    current = _system(system)
    if current == "win32":
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        fsync_file(fd, system=current)
    except OSError:
        pass
    finally:
        os.close(fd)


_CTYPES: Any = ctypes  # WinDLL and get_last_error exist on Windows only


def _kernel32() -> Any:
    return _CTYPES.WinDLL("kernel32", use_last_error=True)


def last_error() -> int:
    """The Win32 error of the last call made with ``use_last_error`` (0 elsewhere)."""
    get: Any = getattr(_CTYPES, "get_last_error", None)
    return int(get()) if get is not None else 0


def replace(source: Path, target: Path, *, system: str | None = None, kernel32: Any = None) -> None:
    """Rename ``source`` over ``target`` atomically; on Windows written through.

    ``MoveFileExW(REPLACE_EXISTING | WRITE_THROUGH)`` returns only once the rename is on
    the disk (``os.replace`` uses the same call without the write-through flag).
    """
    if _system(system) != "win32":
        source.replace(target)
        return
    kernel32 = _kernel32() if kernel32 is None else kernel32
    flags = MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH
    if not kernel32.MoveFileExW(str(source), str(target), flags):
        code = last_error()
        raise OSError(None, f"MoveFileExW failed (error {code})", str(source), code, str(target))


def sqlite_durability_pragmas(*, system: str | None = None) -> tuple[str, ...]:
    """Statements a database connection runs so a commit reaches the medium.

    macOS: SQLite's ``fullfsync`` and ``checkpoint_fullfsync`` (``F_FULLFSYNC`` for
    commits and for WAL checkpoints); elsewhere SQLite's ``fsync`` already does.
    """
    if _system(system) == "darwin":
        return ("PRAGMA fullfsync = ON", "PRAGMA checkpoint_fullfsync = ON")
    return ()


def lock_exclusive(fd: int, *, system: str | None = None, module: Any = None) -> None:
    """Take an exclusive lock on ``fd`` without waiting (``OSError`` when it is held).

    ``flock`` on POSIX, ``msvcrt.locking`` on its first byte on Windows. The system
    drops either when the process dies.
    """
    if _system(system) == "win32":
        if module is None:
            import msvcrt

            module = msvcrt
        os.lseek(fd, 0, os.SEEK_SET)
        module.locking(fd, module.LK_NBLCK, 1)
        return
    if module is None:
        import fcntl

        module = fcntl
    module.flock(fd, module.LOCK_EX | module.LOCK_NB)


def unlock(fd: int, *, system: str | None = None, module: Any = None) -> None:
    """Release :func:`lock_exclusive`."""
    if _system(system) == "win32":
        if module is None:
            import msvcrt

            module = msvcrt
        os.lseek(fd, 0, os.SEEK_SET)
        module.locking(fd, module.LK_UNLCK, 1)
        return
    if module is None:
        import fcntl

        module = fcntl
    module.flock(fd, module.LOCK_UN)


def sqlite_uri(path: str | os.PathLike[str], *, system: str | None = None) -> str:
    """A ``file:`` URI SQLite opens for ``path``, on every kind of drive.

    ``Path.as_uri()`` turns a UNC path (``\\\\server\\share\\vault``, and a mapped drive
    once resolved) into ``file://server/share/...``, an authority SQLite refuses. SQLite
    wants an empty authority: ``file:///C:/vault/db`` and ``file:////server/share/db``.
    Windows paths are made absolute but not resolved (resolving a mapped drive letter
    gives its UNC path); POSIX paths are resolved as before.
    """
    from urllib.parse import quote

    if _system(system) == "win32":
        import ntpath

        text = os.fspath(path)
        if not ntpath.isabs(text):
            text = ntpath.abspath(text)
        if text.startswith("\\\\?\\UNC\\"):
            text = "\\\\" + text[len("\\\\?\\UNC\\") :]
        elif text.startswith("\\\\?\\"):
            text = text[len("\\\\?\\") :]
        text = text.replace("\\", "/")
        if text.startswith("//"):
            return "file://" + quote(text, safe="/:")  # file:////server/share/...
        return "file:///" + quote(text, safe="/:")
    return "file://" + quote(os.path.realpath(path), safe="/")


def write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` at ``offset`` (``os.pwrite`` is POSIX only).

    Windows: seek, then write until done; the descriptor's position moves, so callers
    use a descriptor of their own (every caller opens the file for this write alone).
    """
    view = memoryview(data)
    pwrite = getattr(os, "pwrite", None)
    if pwrite is None:
        os.lseek(fd, offset, os.SEEK_SET)
    while view:
        written = pwrite(fd, view, offset) if pwrite is not None else os.write(fd, view)
        view = view[written:]
        offset += written


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes at ``offset`` (``os.pread`` is POSIX only); fewer at the end."""
    pread = getattr(os, "pread", None)
    if pread is not None:
        return bytes(pread(fd, size, offset))
    os.lseek(fd, offset, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_back_so_far(fd: int, *, system: str | None = None) -> None:
    """Write what a file being produced holds so far to the disk; waits for it.

    Called from a helper thread while a large file is still being written: the disk
    then works while the processor encrypts the rest, and the final sync has little
    left to do (left alone, Linux starts writing only after 30 s or once a tenth of the
    memory is dirty, so a 1 GiB blob waited about 1.6 s in its final ``fsync``). Not a
    durability step: :func:`fsync_file` (or ``os.fsync``) at the end still is one.
    POSIX: ``fdatasync`` (the pages stay cached, unlike ``POSIX_FADV_DONTNEED``, which
    drops the clean ones). Windows: nothing. Errors are ignored: the final sync reports.
    """
    if _system(system) == "win32":
        return
    sync = getattr(os, "fdatasync", None)
    if sync is None:
        return
    with contextlib.suppress(OSError):
        sync(fd)
