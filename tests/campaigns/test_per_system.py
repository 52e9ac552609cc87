"""The campaigns' per-system helpers (per_system.py), each branch run here: Linux for
real, macOS and Windows imitated (their folders, their kill, their registry export)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from per_system import (
    WINDOWS_REGISTRY_KEYS,
    ended_by_hard_kill,
    hard_kill,
    redirected_env,
    unredirectable_files,
)


def test_a_real_child_killed_hard_is_known_as_killed() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    hard_kill(child)
    child.wait(timeout=30)
    assert ended_by_hard_kill(child.returncode)
    done = subprocess.run([sys.executable, "-c", "pass"])
    assert not ended_by_hard_kill(done.returncode)


def test_windows_kill_terminates_and_is_told_from_a_traceback() -> None:
    class Child:
        killed = False

        def kill(self) -> None:
            self.killed = True

        def send_signal(self, number: int) -> None:
            raise AssertionError("Windows has no SIGKILL")

    child = Child()
    hard_kill(child, platform="win32")  # type: ignore[arg-type]
    assert child.killed
    assert ended_by_hard_kill(1, "", platform="win32")
    assert not ended_by_hard_kill(1, "Traceback (most recent call last):", platform="win32")
    assert not ended_by_hard_kill(0, "", platform="win32")
    assert not ended_by_hard_kill(-9, "", platform="win32")


def test_windows_per_user_folders_point_into_the_test_area(tmp_path: Path) -> None:
    env = redirected_env(tmp_path, {"PATH": "x"}, platform="win32")
    for name in ("USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP"):
        assert Path(env[name]).is_dir() and Path(env[name]).is_relative_to(tmp_path), name
    assert redirected_env(tmp_path, {"PATH": "x"}, platform="linux") == {"PATH": "x"}


def test_macos_library_files_changed_during_the_session_are_scanned(tmp_path: Path) -> None:
    preferences = tmp_path / "Library" / "Preferences"
    preferences.mkdir(parents=True)
    old = preferences / "com.example.older.plist"
    old.write_bytes(b"older")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    since = time.time() - 1
    new = preferences / "org.evidence-vault.plist"
    new.write_bytes(b"written during the session")
    (tmp_path / "Library" / "Caches" / "notes").mkdir(parents=True)
    cached = tmp_path / "Library" / "Caches" / "notes" / "cache.db"
    cached.write_bytes(b"cache")
    found = unredirectable_files(since, tmp_path / "scan", platform="darwin", home=tmp_path)
    assert sorted(found) == sorted([new, cached])


def test_windows_registry_keys_are_exported_for_the_scan(tmp_path: Path) -> None:
    asked: list[list[str]] = []

    def reg(argv: list[str]) -> int:
        asked.append(argv)
        if argv[2] == WINDOWS_REGISTRY_KEYS[2]:  # only QtProject exists here
            Path(argv[3]).write_text("Windows Registry Editor Version 5.00\n")
            return 0
        return 1

    found = unredirectable_files(0.0, tmp_path, platform="win32", run=reg)
    assert [argv[2] for argv in asked] == list(WINDOWS_REGISTRY_KEYS)
    assert found == [tmp_path / "registry-2.reg"]


def test_linux_leaves_nothing_outside_the_redirected_folders(tmp_path: Path) -> None:
    assert unredirectable_files(0.0, tmp_path, platform="linux") == []
