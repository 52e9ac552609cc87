"""Every file that holds the vault's data is synced and renamed the platform's way, not
only the ones written through ``atomic_writer``: the media blobs (the evidence itself),
the key file's guard and erasures, a blob's re-wrapped key, the files a verification
unpacks, and the database (SQLite's own full sync on macOS). macOS is imitated by a
``fcntl`` that records ``F_FULLFSYNC``; Windows by a kernel32 whose ``MoveFileExW``
records its flags."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.platform import files, private
from app.storage.blobs import BlobStore

F_FULLFSYNC = files.DARWIN_F_FULLFSYNC


@pytest.fixture
def full_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """macOS imitated: the files (device, inode) synced with ``F_FULLFSYNC``. The program
    imports ``fcntl`` where it runs as macOS; here that is a module of the test's own,
    so the imitation runs on Windows too, which has no ``fcntl``."""
    synced: list[tuple[int, int]] = []

    def darwin_fcntl(fd: int, op: int, *args: Any) -> Any:
        assert op == F_FULLFSYNC, op  # the only call the program makes as macOS
        info = os.fstat(fd)
        synced.append((info.st_dev, info.st_ino))
        os.fsync(fd)
        return 0

    darwin = types.ModuleType("fcntl")
    darwin.fcntl = darwin_fcntl  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setitem(sys.modules, "fcntl", darwin)
    return synced


class WindowsKernel32:
    """``MoveFileExW`` as Windows has it, recording each rename's flags."""

    def __init__(self) -> None:
        self.moves: list[tuple[str, str, int]] = []

    def MoveFileExW(self, source: str, target: str, flags: int) -> int:
        self.moves.append((source, target, flags))
        os.replace(source, target)
        return 1


@pytest.fixture
def windows_renames(monkeypatch: pytest.MonkeyPatch) -> WindowsKernel32:
    """Windows imitated for renames (and for the ACLs folders get, which succeed)."""
    kernel32 = WindowsKernel32()

    def icacls(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(files, "_kernel32", lambda: kernel32)
    monkeypatch.setattr(private, "_run", icacls)
    monkeypatch.setenv("USERNAME", "amina")
    return kernel32


def _store(tmp_path: Path) -> BlobStore:
    folder = tmp_path / "blobs"
    folder.mkdir(mode=0o700)
    return BlobStore(folder, secrets.token_bytes(32))


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def test_a_blob_is_synced_with_full_fsync_on_macos(
    full_fsyncs: list[tuple[int, int]], tmp_path: Path
) -> None:
    store = _store(tmp_path)
    written = store.write(io.BytesIO(b"photo" * 1000))
    assert _identity(store.path_of(written.blob_id)) in full_fsyncs


def test_a_blob_is_renamed_written_through_on_windows(
    windows_renames: WindowsKernel32, tmp_path: Path
) -> None:
    store = _store(tmp_path)
    written = store.write(io.BytesIO(b"photo" * 1000))
    final = store.path_of(written.blob_id)
    assert (str(final.with_name(final.name + ".partial")), str(final), 0x1 | 0x8) in (
        windows_renames.moves
    )
    assert final.is_file()


def test_the_unlock_counter_and_erasures_use_full_fsync_on_macos(
    full_fsyncs: list[tuple[int, int]], tmp_path: Path
) -> None:
    from app.crypto import keyfile
    from app.storage.keyslot_file import erase_slots_in_place, write_guard

    path = tmp_path / "keyslots"
    path.write_bytes(bytes(keyfile.FILE_LENGTH))
    write_guard(path, keyfile.Guard(10, 3))
    assert full_fsyncs == [_identity(path)]
    erase_slots_in_place(path)
    assert full_fsyncs[1:] and set(full_fsyncs[1:]) == {_identity(path)}


def test_the_database_asks_sqlite_for_full_fsync_on_macos(
    full_fsyncs: list[tuple[int, int]], tmp_path: Path
) -> None:
    from app.storage.database import open_database

    conn = open_database(tmp_path / "vault.db", secrets.token_bytes(32), create=True)
    try:
        assert conn.execute("PRAGMA fullfsync").fetchone()[0] == 1
        assert conn.execute("PRAGMA checkpoint_fullfsync").fetchone()[0] == 1
    finally:
        conn.close()


def test_linux_databases_keep_sqlites_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage.database import open_database

    monkeypatch.setattr(sys, "platform", "linux")  # on macOS itself the default is changed

    conn = open_database(tmp_path / "vault.db", secrets.token_bytes(32), create=True)
    try:
        assert conn.execute("PRAGMA fullfsync").fetchone()[0] == 0
    finally:
        conn.close()
