"""app/platform/files.py on each system, imitated here: durable syncs, written-through
renames, SQLite durability, the folder lock, and SQLite URIs for every kind of drive."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from app.platform import files


def test_macos_syncs_with_full_fsync(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append((fd, -1)))
    files.fsync_file(7, system="darwin", fcntl_call=lambda fd, op: calls.append((fd, op)))
    assert calls == [(7, files.DARWIN_F_FULLFSYNC)]


def test_macos_falls_back_to_fsync_where_full_fsync_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)

    def refuse(fd: int, op: int) -> None:
        raise OSError(45, "Operation not supported")  # a FAT or SMB volume

    files.fsync_file(7, system="darwin", fcntl_call=refuse)
    assert synced == [7]


def test_linux_and_windows_use_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)

    def never(fd: int, op: int) -> None:
        raise AssertionError("F_FULLFSYNC outside macOS")

    files.fsync_file(3, system="linux", fcntl_call=never)
    files.fsync_file(4, system="win32", fcntl_call=never)
    assert synced == [3, 4]


def test_folder_sync_opens_the_folder_except_on_windows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, *args: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", spy)
    files.fsync_dir(tmp_path, system="win32")
    assert opened == []
    files.fsync_dir(tmp_path, system="linux")
    assert opened == [str(tmp_path)]


class FakeKernel32:
    def __init__(self, ok: bool = True) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self.ok = ok

    def MoveFileExW(self, source: str, target: str, flags: int) -> int:
        self.calls.append((source, target, flags))
        if self.ok:
            Path(source).replace(target)
        return int(self.ok)


def test_windows_renames_are_written_through(tmp_path: Path) -> None:
    source, target = tmp_path / "keyslots.partial", tmp_path / "keyslots"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    kernel32 = FakeKernel32()
    files.replace(source, target, system="win32", kernel32=kernel32)
    assert kernel32.calls == [(str(source), str(target), 0x1 | 0x8)]
    assert target.read_bytes() == b"new"
    with pytest.raises(OSError, match="MoveFileExW"):
        files.replace(target, source, system="win32", kernel32=FakeKernel32(ok=False))


def test_posix_renames_with_os_replace(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    source.write_bytes(b"x")
    files.replace(source, target, system="darwin", kernel32=object())
    assert target.read_bytes() == b"x" and not source.exists()


def test_sqlite_full_fsync_on_macos_only() -> None:
    assert files.sqlite_durability_pragmas(system="darwin") == (
        "PRAGMA fullfsync = ON",
        "PRAGMA checkpoint_fullfsync = ON",
    )
    assert files.sqlite_durability_pragmas(system="linux") == ()
    assert files.sqlite_durability_pragmas(system="win32") == ()


def test_the_lock_uses_flock_on_posix_and_msvcrt_on_windows(tmp_path: Path) -> None:
    calls: list[tuple[Any, ...]] = []
    fcntl_like = SimpleNamespace(
        LOCK_EX=2, LOCK_NB=4, LOCK_UN=8, flock=lambda fd, op: calls.append(("flock", op))
    )
    msvcrt_like = SimpleNamespace(
        LK_NBLCK=2, LK_UNLCK=0, locking=lambda fd, op, n: calls.append(("locking", op, n))
    )
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT | files.binary_flags(), 0o600)
    try:
        files.lock_exclusive(fd, system="linux", module=fcntl_like)
        files.unlock(fd, system="darwin", module=fcntl_like)
        files.lock_exclusive(fd, system="win32", module=msvcrt_like)
        files.unlock(fd, system="win32", module=msvcrt_like)
    finally:
        os.close(fd)
    assert calls == [("flock", 6), ("flock", 8), ("locking", 2, 1), ("locking", 0, 1)]


def test_the_real_lock_is_exclusive(tmp_path: Path) -> None:
    first = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT | files.binary_flags(), 0o600)
    second = os.open(tmp_path / "lock", os.O_RDWR | files.binary_flags())
    try:
        files.lock_exclusive(first)
        with pytest.raises(OSError):
            files.lock_exclusive(second)
        files.unlock(first)
        files.lock_exclusive(second)
    finally:
        os.close(first)
        os.close(second)


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("C:\\Users\\d\\AppData\\Local\\Evidence Vault\\vault\\vault.db",
         "file:///C:/Users/d/AppData/Local/Evidence%20Vault/vault/vault.db"),
        ("Z:\\vaults\\v1\\vault.db", "file:///Z:/vaults/v1/vault.db"),  # a mapped drive
        ("\\\\server\\share\\v#1\\vault.db", "file:////server/share/v%231/vault.db"),
        ("\\\\?\\UNC\\server\\share\\vault.db", "file:////server/share/vault.db"),
        ("\\\\?\\C:\\long\\vault.db", "file:///C:/long/vault.db"),
    ],
)
def test_windows_sqlite_uris_have_an_empty_authority(path: str, uri: str) -> None:
    assert files.sqlite_uri(path, system="win32") == uri


def test_the_old_uri_had_an_authority_sqlite_refuses() -> None:
    from pathlib import PureWindowsPath

    assert PureWindowsPath("\\\\server\\share\\vault.db").as_uri() == (
        "file://server/share/vault.db"
    )


def test_posix_sqlite_uri_is_resolved_and_quoted(tmp_path: Path) -> None:
    target = tmp_path / "a b?c" / "vault.db"
    target.parent.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target.parent)
    assert files.sqlite_uri(link / "vault.db", system="linux") == (
        "file://" + str(tmp_path.resolve()).replace(" ", "%20") + "/a%20b%3Fc/vault.db"
    )


def test_write_back_so_far_syncs_data_except_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(files.os, "fdatasync", synced.append, raising=False)
    target = tmp_path / "data"
    target.write_bytes(b"x" * 4096)
    fd = os.open(target, os.O_RDONLY | files.binary_flags())
    try:
        files.write_back_so_far(fd, system="win32")
        assert synced == []
        files.write_back_so_far(fd, system="linux")
        files.write_back_so_far(fd, system="darwin")
        assert synced == [fd, fd]
    finally:
        os.close(fd)
    assert target.read_bytes() == b"x" * 4096


def test_write_back_so_far_ignores_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fd: int) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(files.os, "fdatasync", refuse, raising=False)
    files.write_back_so_far(3, system="linux")
