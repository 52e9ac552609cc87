from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import StorageError
from app.fsutil import atomic_write_bytes, atomic_writer, ensure_private_dir
from tests.owner_only import is_owner_only


def test_atomic_write_creates_private_file(tmp_path: Path) -> None:
    target = tmp_path / "slots"
    atomic_write_bytes(target, b"one")
    assert target.read_bytes() == b"one"
    assert is_owner_only(target)
    assert not (tmp_path / "slots.partial").exists()


def test_failure_midway_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "slots"
    atomic_write_bytes(target, b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"new but unfinished")
        raise RuntimeError("power cut")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slots"]


def test_unwritable_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        atomic_write_bytes(tmp_path / "missing" / "file", b"x")


def test_private_dir_mode(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "vault"
    ensure_private_dir(folder)
    assert is_owner_only(folder)
