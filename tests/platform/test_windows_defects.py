"""Two defects that would break the program on its first use on Windows, reproduced on
Linux by imitating what Windows does differently:

- a descriptor opened without ``O_BINARY`` is in text mode there (every 0x0A written
  becomes 0x0D 0x0A): the imitation defines ``os.O_BINARY`` as Windows does and records
  every descriptor opened for writing without it;
- since Python 3.12 ``os.set_blocking`` exists on Windows but works on pipes only: the
  imitation makes it fail on anything else, as it does there.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import ingest
from app.fsutil import atomic_write_bytes
from app.platform import files

WINDOWS_O_BINARY = 0x8000  # msvcrt's _O_BINARY


@pytest.fixture
def text_mode_opens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Names under tmp_path opened for writing without O_BINARY while Windows is imitated."""
    seen: list[str] = []
    real_open = os.open

    def windows_open(path: object, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR)
        name = os.fspath(path)  # type: ignore[arg-type]
        if writing and not flags & WINDOWS_O_BINARY and str(tmp_path) in str(name):
            seen.append(str(name))
        return real_open(path, flags & ~WINDOWS_O_BINARY, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "O_BINARY", WINDOWS_O_BINARY, raising=False)
    monkeypatch.setattr(os, "open", windows_open)
    yield seen


def test_atomic_writes_open_binary(text_mode_opens: list[str], tmp_path: Path) -> None:
    target = tmp_path / "keyslots"
    atomic_write_bytes(target, b"\x00\x0a\x0d\x0a")
    assert text_mode_opens == []
    assert target.read_bytes() == b"\x00\x0a\x0d\x0a"


def test_the_shared_flags_carry_binary_and_no_inherit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "O_BINARY", WINDOWS_O_BINARY, raising=False)
    monkeypatch.setattr(os, "O_NOINHERIT", 0x0080, raising=False)
    assert files.binary_flags() & WINDOWS_O_BINARY
    assert files.binary_flags() & 0x0080


def test_import_does_not_need_set_blocking_on_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def pipes_only(fd: int, blocking: bool) -> None:
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, "set_blocking works on pipes only")

    monkeypatch.setattr(os, "set_blocking", pipes_only)
    monkeypatch.delattr(os, "O_NONBLOCK")  # Windows has none
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8" + bytes(range(256)) * 10)
    handle, size = ingest._open_source(source)
    with handle:
        assert size == source.stat().st_size
        assert handle.read() == source.read_bytes()


@pytest.fixture
def windows_os(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os`` as on Windows for positioned reads and writes: no pread, no pwrite."""
    monkeypatch.delattr(os, "pwrite")
    monkeypatch.delattr(os, "pread")


def test_the_failed_unlock_counter_is_written_without_pwrite(
    windows_os: None, tmp_path: Path
) -> None:
    # Every unlock writes the guard first: with os.pwrite it failed on Windows each time.
    from app.crypto import keyfile
    from app.storage.keyslot_file import erase_slots_in_place, write_guard

    path = tmp_path / "keyslots"
    path.write_bytes(bytes(keyfile.FILE_LENGTH))
    guard = keyfile.Guard(10, 3)
    write_guard(path, guard)
    data = path.read_bytes()
    assert len(data) == keyfile.FILE_LENGTH
    assert data[keyfile.GUARD_OFFSET :] == keyfile.guard_bytes(guard)
    erase_slots_in_place(path)
    assert len(path.read_bytes()) == keyfile.FILE_LENGTH


def test_positioned_reads_and_writes_without_pread(windows_os: None, tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(b"0123456789")
    fd = os.open(path, os.O_RDWR | files.binary_flags())
    try:
        files.write_at(fd, b"ab", 4)
        assert files.read_at(fd, 4, 3) == b"3ab6"
        assert files.read_at(fd, 100, 8) == b"89"
    finally:
        os.close(fd)
    assert path.read_bytes() == b"0123ab6789"


def test_windows_shortcuts_and_junctions_are_refused_at_import(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app.errors import EvidenceVaultError

    shortcut = tmp_path / "photo.jpg.lnk"
    shortcut.write_bytes(b"L\0\0\0\x01\x14\x02\0")
    monkeypatch.setattr("sys.platform", "win32")
    with pytest.raises(EvidenceVaultError, match="shortcut"):
        ingest._open_source(shortcut)
    folder = tmp_path / "junction"
    folder.mkdir()
    real_lstat = os.lstat

    class Junction:
        st_mode = stat.S_IFREG | 0o600
        st_file_attributes = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT

    monkeypatch.setattr(
        os, "lstat", lambda p, **kw: Junction() if str(p).endswith("junction") else real_lstat(p)
    )
    with pytest.raises(EvidenceVaultError, match="junction"):
        ingest._open_source(folder)


def test_the_coordinator_key_file_is_written_binary(
    text_mode_opens: list[str], tmp_path: Path
) -> None:
    """The key file was written with CR CR LF on Windows (text mode over a line ending
    that already held a CR); age-keygen's format has LF alone."""
    from app.cli import run

    key = tmp_path / "coordinator.txt"
    assert run(["keys", "new-recipient", "--out", str(key)]) == 0
    assert text_mode_opens == []
    data = key.read_bytes()
    assert b"\r" not in data and data.count(b"\n") == 3
    assert data.splitlines()[2].startswith(b"AGE-SECRET-KEY-1")


def test_age_output_files_are_written_binary(text_mode_opens: list[str], tmp_path: Path) -> None:
    from app.cli import run

    identity = tmp_path / "identity.txt"
    assert run(["age", "keygen", "-o", str(identity)]) == 0
    recipient = next(
        line.split(": ", 1)[1]
        for line in identity.read_text(encoding="ascii").splitlines()
        if line.startswith("# public key: ")
    )
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"\n\r\n\x00" * 5000)
    sealed = tmp_path / "sealed.age"
    assert run(["age", "encrypt", "-r", recipient, "-o", str(sealed), str(plain)]) == 0
    opened = tmp_path / "opened.bin"
    assert run(["age", "decrypt", "-i", str(identity), "-o", str(opened), str(sealed)]) == 0
    assert text_mode_opens == []
    assert opened.read_bytes() == plain.read_bytes()
