"""The encrypted blob store: round trips, seeking, tamper detection, failures."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import (
    AuthenticationError,
    CancelledError,
    FormatError,
    NotFoundError,
    StorageError,
    UnsupportedVersionError,
    VaultLockedError,
)
from app.storage.blobs import HEAD_SIZE, HEADER_SIZE, BlobStore
from tests.owner_only import is_owner_only
from tests.system_probes import more_than_fits, small_volume

MEDIA_KEY = bytes(range(100, 132))


def _data(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", MEDIA_KEY)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 3 * 1024 * 1024 + 7])
def test_round_trip(store: BlobStore, size: int) -> None:
    data = _data(size)
    written = store.write(io.BytesIO(data))
    assert written.size == size
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    assert written.head == data[:HEAD_SIZE]
    with store.open(written.blob_id) as reader:
        assert reader.size == size
        assert reader.read() == data
    assert list(store.iter_blob_ids()) == [written.blob_id]
    stored = store.path_of(written.blob_id).read_bytes()
    if size >= 64:
        assert data[:64] not in stored  # nothing in clear


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=200_000))
def test_round_trip_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    store = BlobStore(tmp_path_factory.mktemp("blobs"), MEDIA_KEY)
    written = store.write(io.BytesIO(data))
    with store.open(written.blob_id) as reader:
        assert reader.read() == data


def test_seekable_reading(store: BlobStore) -> None:
    data = _data(1024 * 1024 + 12345, seed=7)
    written = store.write(io.BytesIO(data))
    rng = random.Random(3)
    with store.open(written.blob_id) as reader:
        assert reader.seekable()
        for _ in range(40):
            start = rng.randrange(0, len(data))
            length = rng.randrange(0, 200_000)
            reader.seek(start)
            assert reader.read(length) == data[start : start + length]
        reader.seek(-10, os.SEEK_END)
        assert reader.read() == data[-10:]


def test_equal_files_give_unrelated_blobs(store: BlobStore) -> None:
    data = _data(5000)
    one = store.write(io.BytesIO(data))
    two = store.write(io.BytesIO(data))
    assert one.blob_id != two.blob_id and one.sha256 == two.sha256
    assert store.path_of(one.blob_id).read_bytes() != store.path_of(two.blob_id).read_bytes()


def _flip(path: Path, offset: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize(
    ("offset", "error"),
    [
        (0, FormatError),  # magic
        (9, AuthenticationError),  # key wrap nonce
        (30, AuthenticationError),  # wrapped file key
        (HEADER_SIZE - 3, AuthenticationError),  # stream nonce changes the payload key
        (HEADER_SIZE + 10, AuthenticationError),  # first payload chunk
        (HEADER_SIZE + 65536 + 16 + 100, AuthenticationError),  # second chunk
        (-1, AuthenticationError),  # the final tag
    ],
)
def test_flipped_byte_is_detected(store: BlobStore, offset: int, error: type[Exception]) -> None:
    data = _data(150_000)
    written = store.write(io.BytesIO(data))
    path = store.path_of(written.blob_id)
    _flip(path, offset if offset >= 0 else path.stat().st_size + offset)
    with pytest.raises(error), store.open(written.blob_id) as reader:
        reader.read()


def test_blob_renamed_to_another_id_does_not_open(store: BlobStore) -> None:
    one = store.write(io.BytesIO(b"first"))
    two = store.write(io.BytesIO(b"second"))
    store.path_of(two.blob_id).write_bytes(store.path_of(one.blob_id).read_bytes())
    with pytest.raises(AuthenticationError):
        store.open(two.blob_id)


def test_truncated_blob_is_detected(store: BlobStore) -> None:
    written = store.write(io.BytesIO(_data(200_000)))
    path = store.path_of(written.blob_id)
    with path.open("r+b") as handle:
        handle.truncate(HEADER_SIZE + 65536 + 16)  # cut at a chunk boundary
    with pytest.raises(AuthenticationError), store.open(written.blob_id) as reader:
        reader.read()


def test_newer_format_version_is_refused(store: BlobStore) -> None:
    written = store.write(io.BytesIO(b"x"))
    path = store.path_of(written.blob_id)
    raw = bytearray(path.read_bytes())
    raw[7] = 3
    path.write_bytes(bytes(raw))
    with pytest.raises(UnsupportedVersionError):
        store.open(written.blob_id)


def test_a_blob_relabelled_as_another_version_does_not_open(store: BlobStore) -> None:
    # The version is in the key wrap's associated data: a content blob cannot be passed
    # off as an overlay (version 2), nor the reverse.
    written = store.write(io.BytesIO(b"x"))
    path = store.path_of(written.blob_id)
    raw = bytearray(path.read_bytes())
    raw[7] = 2
    path.write_bytes(bytes(raw))
    with pytest.raises(AuthenticationError):
        store.open(written.blob_id)


def test_wrong_media_key_does_not_open(store: BlobStore, tmp_path: Path) -> None:
    written = store.write(io.BytesIO(b"evidence"))
    other = BlobStore(store.folder, bytes(32))
    with pytest.raises(AuthenticationError):
        other.open(written.blob_id)


def test_missing_and_malformed_ids(store: BlobStore) -> None:
    with pytest.raises(NotFoundError):
        store.open("0" * 32)
    for bad in ("../../etc/passwd", "ABCDEF" * 6, "0" * 31, ""):
        with pytest.raises(FormatError):
            store.open(bad)


def test_file_and_folder_modes(store: BlobStore) -> None:
    previous = os.umask(0o022)
    try:
        written = store.write(io.BytesIO(b"private"))
    finally:
        os.umask(previous)
    path = store.path_of(written.blob_id)
    assert is_owner_only(path)
    assert is_owner_only(path.parent)
    assert is_owner_only(store.folder)


def test_progress_and_cancel(store: BlobStore) -> None:
    seen: list[int] = []
    data = _data(3 * 1024 * 1024 + 1)
    store.write(io.BytesIO(data), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == len(data) and len(seen) == 4

    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    with pytest.raises(CancelledError):
        store.write(io.BytesIO(data), cancel=cancel)
    assert len(_files(store.folder)) == 1  # only the first blob; no partial left
    assert store.in_flight() == frozenset(store.iter_blob_ids())


class _FailingDisk:
    """A destination that accepts ``room`` bytes and then reports a full disk."""

    def __init__(self, inner: BinaryIO, room: int) -> None:
        self.inner = inner
        self.room = room

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


@pytest.mark.parametrize("room", [0, 100, 70_000, 2_000_000])
def test_injected_write_failure_is_a_storage_error(tmp_path: Path, room: int) -> None:
    store = BlobStore(
        tmp_path / "blobs", MEDIA_KEY, destination_wrapper=lambda raw: _FailingDisk(raw, room)
    )
    with pytest.raises(StorageError) as caught:
        store.write(io.BytesIO(_data(3 * 1024 * 1024)))
    assert "No space left" in str(caught.value)
    assert _files(tmp_path) == []
    assert store.in_flight() == frozenset()


class _FailingSource(io.RawIOBase):
    """A source that fails after one read, as a USB stick pulled out mid-import."""

    def __init__(self) -> None:
        self.reads = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.reads += 1
        if self.reads > 1:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        memoryview(buffer)[:1000] = b"x" * 1000
        return 1000


def test_source_read_failure_is_a_storage_error(store: BlobStore, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Cannot read the file being imported"):
        store.write(_FailingSource())  # type: ignore[arg-type]
    assert _files(tmp_path) == []


def test_full_filesystem_is_a_storage_error(tmp_path: Path) -> None:
    # A small volume of its own, made the way each system allows (tests/system_probes.py).
    with small_volume(tmp_path / "small") as volume:
        store = BlobStore(volume / "blobs", MEDIA_KEY)
        kept = store.write(io.BytesIO(b"small file that fits"))
        with pytest.raises(StorageError):
            store.write(io.BytesIO(_data(more_than_fits(volume))))
        assert [p.name for p in _files(volume / "blobs")] == [kept.blob_id]
        with store.open(kept.blob_id) as reader:
            assert reader.read() == b"small file that fits"


def test_partials_are_removed_unless_in_flight(store: BlobStore) -> None:
    kept = store.write(io.BytesIO(b"complete"))
    store.release(kept.blob_id)
    leftover = "ab" + "1" * 30
    (store.folder / "ab").mkdir(mode=0o700)
    (store.folder / "ab" / f"{leftover}.partial").write_bytes(b"half")
    busy = store.write(io.BytesIO(b"busy"))  # in flight until released
    busy_partial = store.path_of(busy.blob_id).with_name(busy.blob_id + ".partial")
    busy_partial.write_bytes(b"pretend it is still being written")
    assert store.remove_partials() == [leftover]
    assert busy_partial.exists()
    assert sorted(store.iter_blob_ids()) == sorted([kept.blob_id, busy.blob_id])
    store.delete(kept.blob_id)
    assert not store.path_of(kept.blob_id).exists()
    store.delete(kept.blob_id)  # a second delete is not an error


def test_forgotten_key_refuses_use(store: BlobStore) -> None:
    written = store.write(io.BytesIO(b"x"))
    store.forget_key()
    with pytest.raises(VaultLockedError):
        store.open(written.blob_id)
    with pytest.raises(VaultLockedError):
        store.write(io.BytesIO(b"y"))


def test_writing_writes_back_early_and_stays_whole(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from app.storage import blobs as blob_module

    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(blob_module, "WRITEBACK_STEP", 200_000)
    monkeypatch.setattr(
        blob_module,
        "write_back_so_far",
        lambda fd: asked.append((os.fstat(fd).st_size, threading.current_thread().name)),
    )
    data = _data(3_000_000)
    written = store.write(io.BytesIO(data))
    assert asked, "a blob beyond one step is written back before its final fsync"
    assert all(size >= 200_000 for size, _name in asked)
    assert all(name.startswith("blob-sync") for _size, name in asked)
    assert [size for size, _name in asked] == sorted(size for size, _name in asked)
    with store.open(written.blob_id) as reader:
        assert reader.read() == data
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    assert not [t for t in threading.enumerate() if t.name.startswith("blob-sync")]
