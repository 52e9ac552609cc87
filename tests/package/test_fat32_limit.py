"""An export to a FAT32 stick that would pass 4 GiB is refused before a byte is written,
with a message that says why; exFAT, NTFS and the rest take it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import export
from app.core.export import export_package
from app.errors import StorageError
from app.platform import private
from app.storage.vault import Vault
from tests.package.support import ACTOR


def test_fat32_refuses_a_package_over_its_file_limit(
    monkeypatch: pytest.MonkeyPatch, vault: Vault, sealed_id: str, stick: Path
) -> None:
    # The testimony holds about 280 KB of media: imitate a 100 KB FAT32 limit.
    monkeypatch.setattr(export.private, "filesystem_type", lambda path: "vfat")
    monkeypatch.setattr(export.private, "FAT32_MAX_FILE", 100_000)
    with pytest.raises(StorageError, match=r"FAT32.*cannot hold a file over 4 GiB"):
        export_package(vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR)
    assert list(stick.iterdir()) == []


def test_other_file_systems_take_it(
    monkeypatch: pytest.MonkeyPatch, vault: Vault, sealed_id: str, stick: Path
) -> None:
    monkeypatch.setattr(export.private, "filesystem_type", lambda path: "exfat")
    monkeypatch.setattr(export.private, "FAT32_MAX_FILE", 100_000)
    result = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    )
    assert result.path.parent == stick
    assert private.max_file_size("exfat") is None
