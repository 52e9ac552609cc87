"""A file that would pass 4 GiB on a FAT32 stick is refused before a byte is written, with
a message that says why, wherever the program writes into a folder the user chose: an
export, a package forwarded, a media file saved out of the vault, a package unpacked by
``verify --unpack``, the output of ``age -o``. exFAT, NTFS and the rest take it. One
check (``app/platform/private.py`` ``check_fits``) serves them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import export
from app.core.coordinator import forward_package
from app.core.export import export_package, keep_package
from app.core.ingest import list_attachments
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import parse_trusted_signers
from app.errors import StorageError
from app.formats.package.verify import verify_package
from app.platform import private
from app.services import attachments, records
from app.services.session import Session
from app.storage.vault import Vault
from tests.package.support import ACTOR, record_data, trusted_line

TOO_LARGE = r"FAT32.*cannot hold a file over 4 GiB"


def _imitate(monkeypatch: pytest.MonkeyPatch, kind: str, limit: int) -> None:
    """The destination is on a volume of type ``kind``, FAT32's limit ``limit`` bytes."""
    monkeypatch.setattr(private, "filesystem_type", lambda path: kind)
    monkeypatch.setattr(private, "FAT32_MAX_FILE", limit)


def test_fat32_refuses_a_package_over_its_file_limit(
    monkeypatch: pytest.MonkeyPatch, vault: Vault, sealed_id: str, stick: Path
) -> None:
    # The testimony holds about 280 KB of media: imitate a 100 KB FAT32 limit.
    _imitate(monkeypatch, "vfat", 100_000)
    with pytest.raises(StorageError, match=TOO_LARGE) as refused:
        export_package(vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR)
    assert refused.value.code == "storage.too_large_for_drive"
    assert list(stick.iterdir()) == []


def test_other_file_systems_take_it(
    monkeypatch: pytest.MonkeyPatch, vault: Vault, sealed_id: str, stick: Path
) -> None:
    _imitate(monkeypatch, "exfat", 100_000)
    result = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    )
    assert result.path.parent == stick
    assert private.max_file_size("exfat") is None
    assert export.private is private  # the export asks the same check as the others


def test_a_package_forwarded_to_fat32_is_refused_before_it_is_copied(
    monkeypatch: pytest.MonkeyPatch, vault: Vault, sealed_id: str, stick: Path
) -> None:
    kept = keep_package(vault.connection, vault.blobs, vault.device, sealed_id, [], ACTOR)
    assert kept.size > 100_000
    _imitate(monkeypatch, "msdos", kept.size - 1)  # a byte too small
    with pytest.raises(StorageError, match=TOO_LARGE):
        forward_package(vault.connection, vault.blobs, vault.device, kept.package_id, stick, ACTOR)
    assert list(stick.iterdir()) == []
    _imitate(monkeypatch, "msdos", kept.size)  # exactly the limit fits
    target = forward_package(
        vault.connection, vault.blobs, vault.device, kept.package_id, stick, ACTOR
    )
    assert target.stat().st_size == kept.size


def test_a_media_file_saved_out_to_fat32_is_refused_before_it_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A long phone video saved out of the vault (the window's "Save a decrypted copy")."""
    session, _recovery = Session.create(tmp_path / "vault", "a passphrase for the stick test",
                                        params=FLOOR)  # fmt: skip
    with session:
        case = records.add_case(session, {"title": "Sticks"})
        testimony = records.add_testimony(session, case.id, record_data()).id
        video = tmp_path / "VID_0001.mp4"
        video.write_bytes(b"\0\0\0\x18ftypmp42" + bytes(200_000))
        attachments.attach(session, testimony, video)
        [stored] = list_attachments(session.connection, testimony)
        stick = tmp_path / "stick"
        stick.mkdir()
        _imitate(monkeypatch, "fat32", 200_000)
        with pytest.raises(StorageError, match=TOO_LARGE):
            attachments.export_decrypted_copy(session, stored.blob_id, stick / "copy.mp4")
        assert list(stick.iterdir()) == []
        _imitate(monkeypatch, "exfat", 200_000)
        written = attachments.export_decrypted_copy(session, stored.blob_id, stick / "copy.mp4")
        assert written == stored.size == video.stat().st_size


def test_a_package_unpacked_to_fat32_is_refused_before_a_file_is_written(
    monkeypatch: pytest.MonkeyPatch,
    vault: Vault,
    sealed_id: str,
    platform: X25519Identity,
    tmp_path: Path,
) -> None:
    """``verify --unpack``: the largest member (a 150 KB photo here) must fit."""
    package = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, tmp_path, [], ACTOR
    ).path
    trusted = parse_trusted_signers(trusted_line(vault))
    stick = tmp_path / "stick"
    stick.mkdir()
    _imitate(monkeypatch, "vfat", 100_000)
    with pytest.raises(StorageError, match=TOO_LARGE):
        verify_package(lambda: package.open("rb"), [platform], trusted, unpack_to=stick / "out")
    assert list(stick.iterdir()) == []
    _imitate(monkeypatch, "vfat", 150_000)  # the largest member fits exactly
    report = verify_package(
        lambda: package.open("rb"), [platform], trusted, unpack_to=stick / "out"
    )
    assert report.ok and report.unpacked_to


def test_age_output_to_fat32_is_refused_before_it_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import run

    identity = X25519Identity.generate()
    key = tmp_path / "key.txt"
    key.write_text(str(identity) + "\n")
    source = tmp_path / "video.mp4"
    source.write_bytes(bytes(200_000))
    stick = tmp_path / "stick"
    stick.mkdir()
    encrypt = ["age", "encrypt", "-r", str(identity.recipient), "-o", str(stick / "v.age")]
    _imitate(monkeypatch, "vfat", 200_000)  # the input fits; with age's overhead it does not
    assert run([*encrypt, str(source)]) == 1
    assert "cannot hold a file over 4 GiB" in capsys.readouterr().err
    assert list(stick.iterdir()) == []
    _imitate(monkeypatch, "exfat", 200_000)
    assert run([*encrypt, str(source)]) == 0
    encrypted = stick / "v.age"
    decrypt = ["age", "decrypt", "-i", str(key), "-o", str(stick / "back.mp4"), str(encrypted)]
    _imitate(monkeypatch, "vfat", encrypted.stat().st_size - 1)
    assert run(decrypt) == 1 and not (stick / "back.mp4").exists()
    _imitate(monkeypatch, "vfat", encrypted.stat().st_size)
    assert run(decrypt) == 0 and (stick / "back.mp4").read_bytes() == source.read_bytes()
