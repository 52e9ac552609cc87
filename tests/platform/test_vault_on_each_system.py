"""The vault folder on Windows, imitated here: an explicit ACL on folders created and
chosen, no vault created from an elevated process, stick roots with the folders Windows
keeps there accepted as empty, SQLite opened through a URI it accepts, and the default
folder under %LOCALAPPDATA%."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.crypto.kdf import FLOOR
from app.errors import EvidenceVaultError
from app.fsutil import ensure_private_dir
from app.platform import private
from app.storage import database
from app.storage.locations import default_vault_folder
from app.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"


def test_folders_get_a_protected_acl_on_windows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands: list[list[str]] = []

    def icacls(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        commands.append(list(command))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(private, "_run", icacls)
    monkeypatch.setenv("USERNAME", "amina")
    monkeypatch.setenv("USERDOMAIN", "LAPTOP")
    created = tmp_path / "created"
    ensure_private_dir(created)
    chosen = tmp_path / "chosen"  # a folder that exists already, picked by the user
    chosen.mkdir()
    ensure_private_dir(chosen)
    assert commands == [
        ["icacls", str(folder), "/inheritance:r", "/grant:r", "LAPTOP\\amina:(OI)(CI)F", "/Q"]
        for folder in (created, chosen)
    ]


def test_no_vault_is_created_from_an_elevated_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(private, "is_elevated", lambda: True)
    folder = tmp_path / "vault"
    with pytest.raises(EvidenceVaultError, match="administrator"):
        Vault.create(folder, PASSPHRASE, params=FLOOR)
    assert not folder.exists()


def test_a_stick_root_with_windows_system_folders_is_empty(tmp_path: Path) -> None:
    stick = tmp_path / "E"
    (stick / "System Volume Information").mkdir(parents=True)
    (stick / "$RECYCLE.BIN").mkdir()
    (stick / ".Trashes").mkdir()
    vault, _recovery = Vault.create(stick, PASSPHRASE, params=FLOOR)
    vault.lock()


def test_sqlite_is_opened_through_the_platform_uri(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[str] = []
    real = database.sqlite_uri

    def spy(path: Path) -> str:
        uri = real(path)
        seen.append(uri)
        return uri

    monkeypatch.setattr(database, "sqlite_uri", spy)
    folder = tmp_path / "a b#1?x"
    vault, _recovery = Vault.create(folder, PASSPHRASE, params=FLOOR)
    vault.lock()
    assert seen and seen[0].startswith("file:///") and "%231%3Fx" in seen[0]


def test_the_default_vault_folder_is_local_on_windows() -> None:
    folder = default_vault_folder(
        platform="win32",
        environ={
            "APPDATA": "C:/Users/d/AppData/Roaming",
            "LOCALAPPDATA": "C:/Users/d/AppData/Local",
        },
        home=Path("/home/d"),
    )
    assert str(folder).replace("\\", "/") == "C:/Users/d/AppData/Local/Evidence Vault/vault"


def test_init_on_a_fat_or_exfat_stick_warns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import run

    monkeypatch.setattr(private, "filesystem_type", lambda path: "exfat")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    stick = tmp_path / "stick" / "vault"
    argv = ["--vault", str(stick), "--passphrase-file", str(secret), "init", "--kdf-floor"]
    assert run(argv) == 0
    assert "no owner and no permissions" in capsys.readouterr().err
