"""What the program writes outside the vault that only its user may read gets the same
protection on Windows as its 0700/0600 modes give on Linux and macOS: the folder a
verification unpacks a package into (the evidence in plain) and the recovery shares.
Windows is imitated: ``icacls`` is recorded, renames go through a fake ``MoveFileExW``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import parse_trusted_signers
from app.formats.package.verify import verify_package
from app.platform import files, private
from app.storage.vault import Vault
from tests.package.support import ACTOR, trusted_line


class Windows:
    def __init__(self) -> None:
        self.icacls: list[list[str]] = []
        self.moves: list[tuple[str, str, int]] = []

    def run(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.icacls.append(list(command))
        return subprocess.CompletedProcess(command, 0, "", "")

    def MoveFileExW(self, source: str, target: str, flags: int) -> int:
        self.moves.append((source, target, flags))
        os.replace(source, target)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Windows:
    imitation = Windows()
    monkeypatch.setattr(private, "_run", imitation.run)
    monkeypatch.setattr(files, "_kernel32", lambda: imitation)
    monkeypatch.setenv("USERNAME", "amina")
    monkeypatch.setenv("USERDOMAIN", "LAPTOP")
    return imitation


def test_an_unpacked_package_is_in_a_folder_only_the_user_reads(
    vault: Vault,
    sealed_id: str,
    platform: X25519Identity,
    stick: Path,
    tmp_path: Path,
    windows: Windows,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    ).path
    out = tmp_path / "unpacked"
    trusted = parse_trusted_signers(trusted_line(vault))
    monkeypatch.setattr(sys, "platform", "win32")
    report = verify_package(lambda: package.open("rb"), [platform], trusted, unpack_to=out)
    monkeypatch.setattr(sys, "platform", "linux")
    assert report.unpacked_to is not None, report.message
    bag = Path(report.unpacked_to)
    assert (bag / "bagit.txt").is_file()
    staging = out / (bag.name + ".partial")
    # The folder is protected before a byte of the package is written into it; what is
    # created inside inherits the ACL, and the rename keeps it.
    assert windows.icacls == [
        ["icacls", str(staging), "/inheritance:r", "/grant:r", "LAPTOP\\amina:(OI)(CI)F", "/Q"]
    ]
    assert windows.moves == [(str(staging), str(bag), 0x1 | 0x8)]


def test_recovery_shares_are_readable_by_the_user_alone(
    tmp_path: Path, windows: Windows, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli.coercion_commands import write_shares

    chosen = tmp_path / "Desktop"
    chosen.mkdir()
    monkeypatch.setattr(sys, "platform", "win32")
    paths = write_shares(chosen, ["one two three\n", "four five six\n"])
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths == [str(chosen / "share-1.txt"), str(chosen / "share-2.txt")]
    # The folder the user chose is left as it is; each share is restricted before a
    # word of it is written, then renamed into place.
    assert windows.icacls == [
        ["icacls", f"{path}.partial", "/inheritance:r", "/grant:r", "LAPTOP\\amina:F", "/Q"]
        for path in paths
    ]
    # Bytes as written, on every system (no CR added in text mode).
    assert (chosen / "share-1.txt").read_bytes() == b"one two three\n"


def test_secret_keys_written_outside_the_vault_are_restricted(
    tmp_path: Path, windows: Windows, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cli import run

    monkeypatch.setattr(sys, "platform", "win32")
    assert run(["keys", "new-recipient", "--out", str(tmp_path / "coordinator.txt")]) == 0
    assert run(["age", "keygen", "-o", str(tmp_path / "identity.txt")]) == 0
    monkeypatch.setattr(sys, "platform", "linux")
    assert [command[1] for command in windows.icacls] == [
        str(tmp_path / "coordinator.txt"),
        str(tmp_path / "identity.txt.partial"),
    ]
    assert all(command[-2] == "LAPTOP\\amina:F" for command in windows.icacls)


def test_a_stick_without_permissions_is_written_without_an_acl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT and exFAT keep no ACL: icacls fails there, and the share is written anyway
    (init warns about such drives); on a volume that keeps permissions the failure is an
    error."""
    refused = subprocess.CompletedProcess([], 5, "", "This operation is not supported.")
    env = {"USERNAME": "amina"}
    target = tmp_path / "share-1.txt"
    target.write_bytes(b"")
    assert not private.protect_where_possible(
        target, folder=False, system="win32", run=lambda c: refused, environ=env,
        kind_of=lambda p: "exfat",
    )  # fmt: skip
    with pytest.raises(OSError, match="not supported"):
        private.protect_where_possible(
            target, folder=False, system="win32", run=lambda c: refused, environ=env,
            kind_of=lambda p: "ntfs",
        )  # fmt: skip
    granted = subprocess.CompletedProcess([], 0, "", "")
    assert private.protect_where_possible(
        target, folder=False, system="win32", run=lambda c: granted, environ=env,
        kind_of=lambda p: "ntfs",
    )  # fmt: skip
