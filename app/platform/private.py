"""Folders and files only their owner can read, on every system.

POSIX: the mode bits (0700 folders, 0600 files). Windows ignores them (``chmod`` there
only sets the read-only flag), so a folder the program creates *or* is given gets an
explicit, protected ACL: inheritance from the parent removed, full control for the
current user alone, inherited by everything created inside (``icacls``, part of every
Windows since Vista). A vault is not created from an elevated process on Windows (its
files would belong to the Administrators group). FAT and exFAT volumes (most USB sticks)
have no permissions at all: :func:`permission_warning` says so. FAT32 holds no file over
4 GiB: :func:`check_fits` refuses such a file before a byte of it is written.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.errors import StorageError

DIR_MODE = 0o700
FILE_MODE = 0o600
CREATE_NO_WINDOW = 0x08000000  # no console window flashes from the windowed program

# File system type names as each system reports them (Linux /proc, macOS mount(8),
# Windows GetVolumeInformationW), lower-cased.
FAT_TYPES = frozenset({"vfat", "msdos", "fat", "fat12", "fat16", "fat32"})
NO_PERMISSION_TYPES = FAT_TYPES | {"exfat"}
FAT32_MAX_FILE = 4 * 1024**3 - 1  # 4 GiB less one byte: a FAT directory entry's size field

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _system(system: str | None) -> str:
    return sys.platform if system is None else system


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    flags = CREATE_NO_WINDOW if sys.platform == "win32" else 0
    return subprocess.run(
        list(command), capture_output=True, text=True, check=False, creationflags=flags
    )


def windows_user(environ: Mapping[str, str] | None = None) -> str:
    """``DOMAIN\\user`` of the current user, as icacls names an account."""
    environ = os.environ if environ is None else environ
    user = environ.get("USERNAME", "")
    if not user:
        raise OSError("The current Windows user is not known (USERNAME is empty).")
    domain = environ.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain else user


def protect(
    path: Path,
    *,
    folder: bool,
    system: str | None = None,
    run: Runner | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Make ``path`` readable and writable by the current user only (``OSError`` if not).

    Windows: ``icacls PATH /inheritance:r /grant:r USER:(OI)(CI)F`` for a folder (what is
    created inside inherits it), ``USER:F`` for a file. POSIX: ``chmod`` 0700 or 0600.
    """
    if _system(system) != "win32":
        path.chmod(DIR_MODE if folder else FILE_MODE)
        return
    grant = f"{windows_user(environ)}:{'(OI)(CI)F' if folder else 'F'}"
    result = (run or _run)(["icacls", str(path), "/inheritance:r", "/grant:r", grant, "/Q"])
    if result.returncode != 0:
        detail = (result.stderr or result.stdout or "").strip().splitlines()
        raise OSError(f"Cannot restrict the folder to this user: {' '.join(detail[:1])}")


def protect_where_possible(
    path: Path,
    *,
    folder: bool,
    system: str | None = None,
    run: Runner | None = None,
    environ: Mapping[str, str] | None = None,
    kind_of: Callable[[Path], str | None] | None = None,
) -> bool:
    """:func:`protect`, except on a volume that keeps no permissions (FAT, exFAT: most
    sticks), where there is nothing to set and ``icacls`` or ``chmod`` fails: False
    there (:func:`permission_warning` is what to tell the user). Other failures raise."""
    try:
        protect(path, folder=folder, system=system, run=run, environ=environ)
    except OSError:
        if has_no_permissions((kind_of or filesystem_type)(path)):
            return False
        raise
    return True


def is_elevated(*, system: str | None = None, shell32: Any = None) -> bool:
    """Windows: the process runs with an administrator's token (UAC elevated)."""
    if _system(system) != "win32":
        return False
    if shell32 is None:
        import ctypes

        shell32 = getattr(ctypes, "windll").shell32  # noqa: B009 - Windows only
    return bool(shell32.IsUserAnAdmin())


ELEVATED_MESSAGE = (
    "Evidence Vault is running as administrator. A vault created now would belong to the "
    "Administrators group instead of you. Start it again without 'Run as administrator'."
)


def _mount_point_type(path: str, mounts: Sequence[tuple[str, str]]) -> str | None:
    """The type of the longest mount point containing ``path``."""
    best: tuple[int, str] | None = None
    for point, kind in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), kind)
    return None if best is None else best[1].lower()


def _linux_mounts(text: str) -> list[tuple[str, str]]:
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
            mounts.append((point, fields[2]))
    return mounts


def _darwin_mounts(text: str) -> list[tuple[str, str]]:
    # "/dev/disk4s1 on /Volumes/STICK (msdos, local, nodev, nosuid, noowners)"
    mounts = []
    for line in text.splitlines():
        match = re.match(r".+? on (.+) \(([^,)]+)", line)
        if match:
            mounts.append((match.group(1), match.group(2)))
    return mounts


def filesystem_type(
    path: Path,
    *,
    system: str | None = None,
    read_mounts: Callable[[], str] | None = None,
    kernel32: Any = None,
) -> str | None:
    """The file system holding ``path``, lower-cased (``ext4``, ``apfs``, ``ntfs``,
    ``vfat``, ``msdos``, ``exfat``...), or None when the system does not say."""
    current = _system(system)
    absolute = str(path) if path.is_absolute() or current == "win32" else str(path.absolute())
    try:
        if current == "win32":
            return _windows_filesystem(absolute, kernel32)
        if read_mounts is None:
            if current == "darwin":
                read_mounts = lambda: _run(["/sbin/mount"]).stdout  # noqa: E731
            else:
                read_mounts = lambda: Path("/proc/self/mounts").read_text(  # noqa: E731
                    encoding="utf-8", errors="surrogateescape"
                )
        text = read_mounts()
    except OSError:
        return None
    mounts = _darwin_mounts(text) if current == "darwin" else _linux_mounts(text)
    return _mount_point_type(absolute, mounts)


def _windows_filesystem(absolute: str, kernel32: Any) -> str | None:
    import ctypes
    import ntpath

    if not ntpath.isabs(absolute):
        absolute = ntpath.abspath(absolute)
    drive, _ = ntpath.splitdrive(absolute)
    if not drive:
        return None
    root = drive + "\\"
    if kernel32 is None:
        kernel32 = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
    name = ctypes.create_unicode_buffer(64)
    ok = kernel32.GetVolumeInformationW(root, None, 0, None, None, None, name, len(name))
    return name.value.lower() if ok and name.value else None


def has_no_permissions(kind: str | None) -> bool:
    """FAT and exFAT keep no owner and no permissions: anyone who plugs in reads all."""
    return kind is not None and kind.lower() in NO_PERMISSION_TYPES


def permission_warning(kind: str | None) -> str | None:
    """What to tell the user about a vault folder on a volume of type ``kind``."""
    if not has_no_permissions(kind):
        return None
    return (
        f"This drive is formatted {kind!s} (FAT or exFAT), which keeps no owner and no "
        "permissions: the vault's files are encrypted, but anyone who plugs it in can "
        "copy or delete them. Prefer a drive formatted NTFS, APFS or ext4, or encrypt "
        "the whole drive."
    )


def max_file_size(kind: str | None) -> int | None:
    """The largest file the volume type holds, where it is smaller than any package."""
    if kind is not None and kind.lower() in FAT_TYPES:
        return FAT32_MAX_FILE
    return None


def too_large_message(size: int, kind: str) -> str:
    gib = math.ceil(size * 10 / 1024**3) / 10
    return (
        f"The file to write is {gib:.1f} GiB, and the drive is formatted {kind} (FAT32), "
        "which cannot hold a file over 4 GiB; nothing was written. Use a drive formatted "
        "exFAT or NTFS, or export fewer or smaller files."
    )


def check_fits(
    folder: Path, size: int, *, kind_of: Callable[[Path], str | None] | None = None
) -> None:
    """Refuse (StorageError) a file of ``size`` bytes that the volume holding ``folder``
    cannot keep (FAT32: 4 GiB less one byte), before a byte of it is written.

    The one check for every file the program writes into a folder the user chose: an
    export (its size estimated from above), a package forwarded, a media file saved out
    of the vault, the largest file of a package unpacked, ``age -o`` output. Without it
    the copy fails with EFBIG after gigabytes were written.
    """
    kind = (kind_of or filesystem_type)(folder)
    limit = max_file_size(kind)
    if kind is None or limit is None or size <= limit:
        return
    raise StorageError(too_large_message(size, kind), code="storage.too_large_for_drive")
