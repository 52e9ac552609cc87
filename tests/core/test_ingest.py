"""Importing media into a draft testimony: one pass, one transaction, nothing half-done."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from core_support import ACTOR, add_case, sample_input
from exif_samples import exif_tiff, jpeg_with_exif

from app.core.custody import events, verify_all
from app.core.ingest import Attachment, get_attachment, import_attachment, list_attachments
from app.core.testimonies import add_testimony, mark_sealed
from app.crypto.kdf import FLOOR
from app.errors import (
    CancelledError,
    EvidenceVaultError,
    ImmutableRecordError,
    NotFoundError,
    StorageError,
)
from app.storage.database import transaction
from app.storage.vault import Vault
from tests.system_probes import more_than_fits, small_volume, special_file


def attach(vault: Vault, testimony_id: str, source: Path, **options: Any) -> Attachment:
    """Import through core with the vault's parts, as the session's use case does."""
    return import_attachment(
        vault.connection, vault.blobs, vault.device, testimony_id, source, **options
    )


PASSPHRASE = "ingest test passphrase"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A vault with one case and one draft testimony, created once per module."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, params=FLOOR)
    with vault:
        case = add_case(vault.connection, vault.device)
        testimony = add_testimony(
            vault.connection, vault.device, case.id, sample_input(), ACTOR
        )
    return folder, testimony.id


@pytest.fixture
def vault(template: tuple[Path, str], tmp_path: Path) -> Iterator[Vault]:
    copy = tmp_path / "vault"
    shutil.copytree(template[0], copy)
    with Vault.unlock(copy, PASSPHRASE) as opened:
        yield opened


@pytest.fixture
def draft(template: tuple[Path, str]) -> str:
    return template[1]


def _blob_files(vault: Vault) -> list[Path]:
    return sorted(p for p in (vault.folder / "blobs").rglob("*") if p.is_file())


def _stored_bytes(vault: Vault, blob_id: str) -> bytes:
    with vault.blobs.open(blob_id) as reader:
        return reader.read()


def _rows(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM attachments").fetchone()[0])


def test_import_records_hash_size_and_custody(vault: Vault, draft: str, tmp_path: Path) -> None:
    data = random.Random(5).randbytes(200_000)
    source = tmp_path / "recording.bin"
    source.write_bytes(data)
    seen: list[tuple[int, int]] = []
    attachment = attach(vault, draft, source, progress=lambda d, t: seen.append((d, t)))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert attachment.original_name == "recording.bin"
    assert attachment.media_type == "application/octet-stream"
    assert attachment.imported_at.endswith("Z")
    assert seen[-1] == (len(data), len(data))
    assert _stored_bytes(vault, attachment.blob_id) == data
    assert get_attachment(vault.connection, attachment.id) == attachment
    assert list_attachments(vault.connection, draft) == [attachment]

    chain = events(vault.connection, draft)
    imported = [e for e in chain if e.action == "attachment_imported"]
    assert len(imported) == 1
    assert imported[0].details["sha256"] == attachment.sha256
    assert imported[0].details["size"] == len(data)
    assert imported[0].details["attachment_id"] == attachment.id
    assert verify_all(vault.connection, [vault.device.public_key]) == []


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537])
def test_boundary_sizes(vault: Vault, draft: str, tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    source = tmp_path / "f"
    source.write_bytes(data)
    attachment = attach(vault, draft, source)
    assert attachment.size == size
    assert _stored_bytes(vault, attachment.blob_id) == data


def test_jpeg_with_gps_sets_has_location(vault: Vault, draft: str, tmp_path: Path) -> None:
    source = tmp_path / "IMG_0001.JPG"
    source.write_bytes(jpeg_with_exif(exif_tiff(gps=(53.9, 27.5667))))
    attachment = attach(vault, draft, source)
    assert attachment.media_type == "image/jpeg"
    assert attachment.has_location
    assert attachment.metadata["latitude"] == pytest.approx(53.9, abs=1e-4)
    assert attachment.metadata["camera_model"] == "Model 7"
    assert attachment.metadata_note is None
    stored = get_attachment(vault.connection, attachment.id)
    assert stored.has_location and stored.metadata == attachment.metadata


def test_jpeg_without_gps(vault: Vault, draft: str, tmp_path: Path) -> None:
    source = tmp_path / "no_gps.jpg"
    source.write_bytes(jpeg_with_exif(exif_tiff(gps=None)))
    assert not attach(vault, draft, source).has_location


@pytest.mark.parametrize("cut", [10, 50, 100, 150])
def test_truncated_image_is_kept_byte_for_byte_with_a_note(
    vault: Vault, draft: str, tmp_path: Path, cut: int
) -> None:
    data = jpeg_with_exif()[:cut]
    source = tmp_path / "broken.jpg"
    source.write_bytes(data)
    attachment = attach(vault, draft, source)
    assert attachment.metadata_note
    assert _stored_bytes(vault, attachment.blob_id) == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()


def test_garbage_behind_jpeg_magic_is_kept_with_a_note(
    vault: Vault, draft: str, tmp_path: Path
) -> None:
    data = b"\xff\xd8\xff\xe1\xff\xff" + random.Random(1).randbytes(5000)
    source = tmp_path / "crafted.jpg"
    source.write_bytes(data)
    attachment = attach(vault, draft, source)
    assert attachment.metadata_note
    assert _stored_bytes(vault, attachment.blob_id) == data


def test_sealed_testimony_refuses_and_writes_nothing(
    vault: Vault, draft: str, tmp_path: Path
) -> None:
    with transaction(vault.connection):
        mark_sealed(vault.connection, draft, "2024-03-02T00:00:00Z")
    source = tmp_path / "late.bin"
    source.write_bytes(b"too late")
    with pytest.raises(ImmutableRecordError):
        attach(vault, draft, source)
    assert _blob_files(vault) == [] and _rows(vault) == 0


def test_sealed_during_the_import_removes_the_blob(
    vault: Vault, draft: str, tmp_path: Path
) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(3 * 1024 * 1024))

    def seal_meanwhile(done: int, total: int) -> None:
        if done == 1024 * 1024:
            with transaction(vault.connection):
                mark_sealed(vault.connection, draft, "2024-03-02T00:00:00Z")

    with pytest.raises(ImmutableRecordError):
        attach(vault, draft, source, progress=seal_meanwhile)
    assert _blob_files(vault) == [] and _rows(vault) == 0


def test_unknown_testimony(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "x"
    source.write_bytes(b"x")
    with pytest.raises(NotFoundError):
        attach(vault, "00000000-0000-4000-8000-000000000000", source)


def test_missing_source(vault: Vault, draft: str, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        attach(vault, draft, tmp_path / "not there")


def test_cancel_leaves_nothing(vault: Vault, draft: str, tmp_path: Path) -> None:
    source = tmp_path / "video.mp4"
    source.write_bytes(os.urandom(4 * 1024 * 1024))
    reads = 0

    def cancel() -> bool:
        nonlocal reads
        reads += 1
        return reads > 2

    with pytest.raises(CancelledError) as caught:
        attach(vault, draft, source, cancel=cancel)
    assert isinstance(caught.value, EvidenceVaultError)
    assert _blob_files(vault) == [] and _rows(vault) == 0
    assert [e.action for e in events(vault.connection, draft)] == ["creation"]


class _FullDisk:
    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.room = 100_000

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if size > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= size
        return self.inner.write(data) or size

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        self.inner.close()


def test_injected_disk_full_records_nothing(
    vault: Vault, draft: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(os.urandom(2 * 1024 * 1024))
    monkeypatch.setattr(vault.blobs, "destination_wrapper", _FullDisk)
    with pytest.raises(StorageError):
        attach(vault, draft, source)
    assert _blob_files(vault) == [] and _rows(vault) == 0
    monkeypatch.setattr(vault.blobs, "destination_wrapper", None)
    assert attach(vault, draft, source).size == 2 * 1024 * 1024  # disk freed


def test_full_filesystem_records_nothing(
    template: tuple[Path, str], draft: str, tmp_path: Path
) -> None:
    # A small volume of its own, made the way each system allows (tests/system_probes.py).
    with small_volume(tmp_path / "small") as volume:
        folder = volume / "vault"
        shutil.copytree(template[0], folder)
        source = tmp_path / "too_big.bin"
        source.write_bytes(os.urandom(more_than_fits(volume)))
        small = tmp_path / "small.bin"
        small.write_bytes(b"fits")
        with Vault.unlock(folder, PASSPHRASE) as vault:
            kept = attach(vault, draft, small)
            with pytest.raises(StorageError):
                attach(vault, draft, source)
            assert _rows(vault) == 1
            assert [p.name for p in _blob_files(vault)] == [kept.blob_id]
        with Vault.unlock(folder, PASSPHRASE) as vault:
            assert list_attachments(vault.connection, draft) == [kept]


def test_symlink_and_fifo_are_refused(vault: Vault, draft: str, tmp_path: Path) -> None:
    target = tmp_path / "real.jpg"
    target.write_bytes(b"real")
    link = tmp_path / "link.jpg"
    link.symlink_to(target)
    with pytest.raises(EvidenceVaultError, match="symbolic link"):
        attach(vault, draft, link)
    fifo = special_file(tmp_path)  # a FIFO, or Windows's NUL device (tests/system_probes.py)
    with pytest.raises(EvidenceVaultError, match="regular files"):
        attach(vault, draft, fifo)  # must not hang waiting for a writer
    assert _rows(vault) == 0


def test_names_are_kept_as_given(vault: Vault, draft: str, tmp_path: Path) -> None:
    tricky = "photo\u202egpj.exe"
    source = tmp_path / tricky
    source.write_bytes(b"x")
    attachment = attach(vault, draft, source)
    assert attachment.original_name == tricky
    assert "\u202e" not in attachment.display_name and "\\u202e" in attachment.display_name
    chain = events(vault.connection, draft)
    assert "\u202e" not in chain[-1].details["name"]

    raw_name = os.fsencode(str(tmp_path)) + b"/bad\xff\xfename.jpg"
    with open(raw_name, "wb") as handle:
        handle.write(b"y")
    odd = attach(vault, draft, Path(os.fsdecode(raw_name)))
    assert odd.original_name == "bad\\xff\\xfename.jpg"


def test_file_from_a_stream_source(vault: Vault, draft: str, tmp_path: Path) -> None:
    # A sanity check that the one-pass writer does not depend on the file's size.
    data = b"a" * 100 + b"\n"
    source = tmp_path / "notes.txt"
    source.write_bytes(data)
    attachment = attach(vault, draft, source)
    assert attachment.media_type == "text/plain"
    assert io.BytesIO(_stored_bytes(vault, attachment.blob_id)).read() == data


def _changing_source(tmp_path: Path, change: str) -> tuple[Path, Any]:
    """A 4 MiB source and a progress callback that changes it after the first read."""
    source = tmp_path / "recording.mp4"
    source.write_bytes(os.urandom(4 * 1024 * 1024))
    done = False

    def progress(read: int, total: int) -> None:
        nonlocal done
        if done:
            return
        done = True
        if change == "shrink":
            os.truncate(source, 2 * 1024 * 1024)
        elif change == "rewrite":
            with source.open("r+b") as handle:
                handle.seek(3 * 1024 * 1024)
                handle.write(os.urandom(1024 * 1024))
            later = source.stat().st_mtime_ns + 5_000_000_000
            os.utime(source, ns=(later, later))
        else:
            with source.open("ab") as handle:
                handle.write(os.urandom(1024 * 1024))

    return source, progress


@pytest.mark.parametrize("change", ["shrink", "rewrite"])
def test_file_that_shrinks_or_is_rewritten_while_imported_is_refused(
    vault: Vault, draft: str, tmp_path: Path, change: str
) -> None:
    source, progress = _changing_source(tmp_path, change)
    with pytest.raises(EvidenceVaultError, match="import it again"):
        attach(vault, draft, source, progress=progress)
    assert _blob_files(vault) == [] and _rows(vault) == 0
    assert [e.action for e in events(vault.connection, draft)] == ["creation"]


def test_file_that_grows_while_imported_is_stored_as_read(
    vault: Vault, draft: str, tmp_path: Path
) -> None:
    source, progress = _changing_source(tmp_path, "grow")
    attachment = attach(vault, draft, source, progress=progress)
    stored = _stored_bytes(vault, attachment.blob_id)
    assert attachment.size >= 4 * 1024 * 1024
    assert source.read_bytes()[: len(stored)] == stored
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


def test_heic_with_exif_past_the_head_warns_of_its_location(
    vault: Vault, draft: str, tmp_path: Path
) -> None:
    from media_samples import exiftool, heic_with_exif_at_the_end

    source = heic_with_exif_at_the_end(tmp_path)
    truth = exiftool(source, "GPSLatitude", "GPSLongitude")
    attachment = attach(vault, draft, source)
    assert attachment.media_type == "image/heic" and attachment.has_location
    assert attachment.metadata["latitude"] == pytest.approx(truth["GPSLatitude"], abs=1e-6)
    assert attachment.metadata["longitude"] == pytest.approx(truth["GPSLongitude"], abs=1e-6)
