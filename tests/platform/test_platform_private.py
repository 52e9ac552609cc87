"""app/platform/private.py, links.py, paths.py and children.py on each system, imitated
here: private folders (ACLs on Windows), elevation, FAT and exFAT volumes, the FAT32
file limit, links and shortcuts, the per-user data folder, and the child's memory limit."""

from __future__ import annotations

import ctypes
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from app.errors import StorageError
from app.platform import children, links, paths, private


class Icacls:
    def __init__(self, returncode: int = 0) -> None:
        self.commands: list[list[str]] = []
        self.returncode = returncode

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(command))
        return subprocess.CompletedProcess(command, self.returncode, "", "Access is denied.")


def test_windows_gives_a_folder_a_protected_acl_for_the_user(tmp_path: Path) -> None:
    run = Icacls()
    env = {"USERNAME": "amina", "USERDOMAIN": "LAPTOP"}
    private.protect(tmp_path, folder=True, system="win32", run=run, environ=env)
    private.protect(tmp_path / "keyslots", folder=False, system="win32", run=run, environ=env)
    assert run.commands == [
        ["icacls", str(tmp_path), "/inheritance:r", "/grant:r", "LAPTOP\\amina:(OI)(CI)F", "/Q"],
        ["icacls", str(tmp_path / "keyslots"), "/inheritance:r", "/grant:r", "LAPTOP\\amina:F",
         "/Q"],
    ]


def test_windows_acl_failure_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="Access is denied"):
        private.protect(
            tmp_path, folder=True, system="win32", run=Icacls(5), environ={"USERNAME": "a"}
        )
    with pytest.raises(OSError, match="not known"):
        private.protect(tmp_path, folder=True, system="win32", run=Icacls(), environ={})


def test_posix_uses_modes(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir(mode=0o755)
    (folder / "f").write_bytes(b"")
    never = Icacls()
    private.protect(folder, folder=True, system="linux", run=never)
    private.protect(folder / "f", folder=False, system="darwin", run=never)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "f").stat().st_mode) == 0o600
    assert never.commands == []


def test_elevation_is_asked_of_windows_only() -> None:
    admin = SimpleNamespace(IsUserAnAdmin=lambda: 1)
    user = SimpleNamespace(IsUserAnAdmin=lambda: 0)
    assert private.is_elevated(system="win32", shell32=admin)
    assert not private.is_elevated(system="win32", shell32=user)
    assert not private.is_elevated(system="linux", shell32=admin)
    assert not private.is_elevated(system="darwin", shell32=admin)


LINUX_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/sdb1 /media/amina/STICK vfat rw,nosuid,nodev 0 0
/dev/sdc1 /media/amina/BIG\\040ONE exfat rw 0 0
"""
DARWIN_MOUNTS = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk4s1 on /Volumes/NO NAME (msdos, local, nodev, nosuid, noowners)
/dev/disk5s1 on /Volumes/BIG (exfat, local, nodev, nosuid, noowners)
"""


def test_linux_and_macos_find_the_volume_type() -> None:
    def linux(path: str) -> str | None:
        return private.filesystem_type(Path(path), system="linux", read_mounts=lambda: LINUX_MOUNTS)

    def darwin(path: str) -> str | None:
        read = lambda: DARWIN_MOUNTS  # noqa: E731
        return private.filesystem_type(Path(path), system="darwin", read_mounts=read)

    assert linux("/home/amina/vault") == "ext4"
    assert linux("/media/amina/STICK/vault") == "vfat"
    assert linux("/media/amina/BIG ONE/vault") == "exfat"
    assert linux("/media/amina/STICKY") == "ext4"  # a prefix is not a mount point
    assert darwin("/Users/amina/vault") == "apfs"
    assert darwin("/Volumes/NO NAME/vault") == "msdos"
    assert darwin("/Volumes/BIG") == "exfat"


def test_windows_asks_the_volume(tmp_path: Path) -> None:
    class Kernel32:
        def __init__(self) -> None:
            self.roots: list[str] = []

        def GetVolumeInformationW(self, root: str, *args: Any) -> int:
            self.roots.append(root)
            args[-2].value = "FAT32"
            return 1

    kernel32 = Kernel32()
    kind = private.filesystem_type(Path("E:\\vault"), system="win32", kernel32=kernel32)
    assert kind == "fat32"
    assert kernel32.roots == ["E:\\"]


def test_fat_and_exfat_have_no_permissions_and_fat32_a_4_gib_limit() -> None:
    for kind in ("vfat", "msdos", "fat32", "FAT32", "exfat"):
        assert private.has_no_permissions(kind)
        assert "no owner and no permissions" in (private.permission_warning(kind) or "")
    for kind in ("ext4", "apfs", "ntfs", None):
        assert not private.has_no_permissions(kind)
        assert private.permission_warning(kind) is None
    assert private.max_file_size("vfat") == private.max_file_size("msdos") == 4 * 1024**3 - 1
    assert private.max_file_size("exfat") is None and private.max_file_size("ntfs") is None
    assert "4 GiB" in private.too_large_message(5 * 1024**3, "vfat")


def test_one_check_refuses_a_file_the_volume_cannot_hold(tmp_path: Path) -> None:
    limit = 4 * 1024**3 - 1
    for kind in ("vfat", "msdos", "FAT32"):
        private.check_fits(tmp_path, limit, kind_of=lambda path, kind=kind: kind)
        with pytest.raises(StorageError, match=r"5\.0 GiB.*cannot hold a file over 4 GiB") as no:
            private.check_fits(tmp_path, 5 * 1024**3, kind_of=lambda path, kind=kind: kind)
        assert no.value.code == "storage.too_large_for_drive"
    asked: list[Path] = []
    for kind in ("exfat", "ntfs", "apfs", "ext4", None):
        private.check_fits(tmp_path, 5 * 1024**3, kind_of=lambda path, kind=kind: asked.append(
            path) or kind)  # fmt: skip
    assert asked == [tmp_path] * 5  # the folder's own volume is asked


def test_shortcuts_and_junctions_are_links_on_windows(tmp_path: Path) -> None:
    shortcut = tmp_path / "Photo.jpg.LNK"
    shortcut.write_bytes(b"L\0\0\0")
    assert links.link_kind(shortcut, system="win32") == "shortcut"
    assert links.link_kind(shortcut, system="linux") is None  # an ordinary file there
    junction = SimpleNamespace(st_mode=stat.S_IFDIR | 0o700, st_file_attributes=0x400)
    assert links.link_kind(tmp_path, system="win32", lstat=lambda p: junction) == "junction"
    assert links.link_kind(tmp_path, system="linux", lstat=lambda p: junction) is None
    link = tmp_path / "link"
    link.symlink_to(shortcut)
    for system in ("linux", "darwin", "win32"):
        assert links.link_kind(link, system=system) == "symbolic link"
    assert links.link_kind(tmp_path / "missing", system="win32") is None
    assert "shortcut (.lnk)" in links.link_refusal("shortcut")


def test_the_data_folder_is_local_not_roaming_on_windows() -> None:
    home = Path("/home/d")
    local = paths.user_data_root(
        system="win32",
        environ={
            "APPDATA": "C:/Users/d/AppData/Roaming",
            "LOCALAPPDATA": "C:/Users/d/AppData/Local",
        },
        home=home,
    )
    assert str(local) == "C:/Users/d/AppData/Local"
    assert paths.user_data_root(system="win32", environ={}, home=home) == home / "AppData/Local"
    assert paths.user_data_root(system="darwin", environ={}, home=home) == (
        home / "Library/Application Support"
    )
    assert paths.user_data_root(system="linux", environ={}, home=home) == home / ".local/share"


def test_system_folders_in_a_drive_root() -> None:
    for name in ("System Volume Information", "$RECYCLE.BIN", "$Recycle.Bin", "lost+found"):
        assert paths.is_system_entry(name)
    assert not paths.is_system_entry("vault.db")


class JobKernel32:
    def __init__(self) -> None:
        self.limits: children.ExtendedLimits | None = None
        self.assigned: list[tuple[int, int]] = []

    def CreateJobObjectW(self, attributes: None, name: None) -> int:
        return 77

    def SetInformationJobObject(self, job: int, kind: int, info: Any, size: int) -> int:
        assert kind == 9 and size == ctypes.sizeof(children.ExtendedLimits)
        self.limits = ctypes.cast(info, ctypes.POINTER(children.ExtendedLimits)).contents
        return 1

    def GetCurrentProcess(self) -> int:
        return -1

    def AssignProcessToJobObject(self, job: int, process: int) -> int:
        self.assigned.append((job, process))
        return 1


def test_windows_child_limits_itself_with_a_job_object() -> None:
    kernel32 = JobKernel32()
    held = children.limit_own_memory(256 * 1024**2, system="win32", kernel32=kernel32)
    assert held == children.ENFORCED
    assert kernel32.limits is not None
    assert kernel32.limits.ProcessMemoryLimit == 256 * 1024**2
    assert kernel32.limits.BasicLimitInformation.LimitFlags & 0x100
    assert kernel32.assigned == [(77, -1)]
    # The structure's size as Windows x64 defines it (sizeof in the Windows SDK).
    if ctypes.sizeof(ctypes.c_void_p) == 8:
        assert ctypes.sizeof(children.ExtendedLimits) == 144


def test_windows_job_failure_is_reported_not_raised() -> None:
    kernel32 = JobKernel32()
    kernel32.CreateJobObjectW = lambda a, n: 0  # type: ignore[method-assign]
    assert children.limit_own_memory(1, system="win32", kernel32=kernel32) == children.UNAVAILABLE


def test_posix_children_use_rlimit_as_and_macos_says_it_is_advisory() -> None:
    set_to: list[Any] = []
    resource_like = SimpleNamespace(
        RLIMIT_AS=9, setrlimit=lambda which, pair: set_to.append((which, pair))
    )
    assert children.limit_own_memory(5, system="linux", resource_module=resource_like) == (
        children.ENFORCED
    )
    assert children.limit_own_memory(5, system="darwin", resource_module=resource_like) == (
        children.ADVISORY
    )
    assert set_to == [(9, (5, 5)), (9, (5, 5))]

    def refuse(which: int, pair: tuple[int, int]) -> None:
        raise ValueError("not allowed to raise the maximum limit")

    refusing = SimpleNamespace(RLIMIT_AS=9, setrlimit=refuse)
    assert children.limit_own_memory(5, system="linux", resource_module=refusing) == (
        children.UNAVAILABLE
    )


def test_the_real_limit_holds_in_a_child_here(tmp_path: Path) -> None:
    script = (
        "from app.platform.children import limit_own_memory\n"
        "print(limit_own_memory(300 * 1024 * 1024))\n"
        "try:\n    bytearray(600 * 1024 * 1024)\nexcept MemoryError:\n    print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["enforced", "refused"]


def test_the_windows_keyring_keeps_the_token_on_this_machine() -> None:
    from app.platform.secrets_store import CRED_PERSIST_LOCAL_MACHINE, keep_local
    from app.sync.profile import KeyringTokenStore

    class Persistence:
        def __get__(self, owner: Any, kind: Any = None) -> int:
            return int(getattr(owner, "_persist", 3))  # CRED_PERSIST_ENTERPRISE: roams

        def __set__(self, owner: Any, value: int) -> None:
            owner._persist = value

    class WinVaultKeyring:  # keyring.backends.Windows, as far as persistence goes
        persist = Persistence()

        def set_password(self, service: str, username: str, password: str) -> None:
            self.stored = (service, username, password, self.persist)

    backend = WinVaultKeyring()
    KeyringTokenStore(backend, "a1b2").put("token")  # type: ignore[arg-type]
    assert backend.stored[3] == CRED_PERSIST_LOCAL_MACHINE == 2

    class SecretService:
        persist = "untouched"

    assert keep_local(SecretService()).persist == "untouched"
