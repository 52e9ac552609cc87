"""Version-2 blobs (overlays): a base blob with byte ranges replaced in place.

Each overlay is compared with the same changes applied to the plaintext in memory, read
whole and at random offsets; tampering, a missing or substituted base, a crash while
writing and the orphan helpers are checked against a real store on disk.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import threading
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import AuthenticationError, CancelledError, FormatError, NotFoundError, StorageError
from app.storage import blobs as blob_module
from app.storage import overlays
from app.storage.blobs import HEAD_SIZE, MAGIC, OVERLAY_MAGIC, BlobStore
from app.storage.overlays import OVERLAY_LIMIT, Overlay, OverlayReader, overlay_patches
from app.storage.vault_keys import rewrap_all_blobs

MEDIA_KEY = bytes(range(100, 132))
MIB = 1024 * 1024


def _data(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def _applied(data: bytes, changes: list[tuple[int, bytes]]) -> bytes:
    copy = bytearray(data)
    for offset, replacement in changes:
        copy[offset : offset + len(replacement)] = replacement
    return bytes(copy)


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", MEDIA_KEY)


def _base(store: BlobStore, data: bytes) -> str:
    written = store.write(io.BytesIO(data))
    store.release(written.blob_id)
    return written.blob_id


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# Changes at the start, across a 64 KiB chunk and a 1 MiB pass block, a long run of
# zeros with a header (a blanked box), one byte, and the very last bytes.
SIZE = 3 * MIB + 12345
CHANGES = [
    (0, b"\x00\x00\x00\x10free" + bytes(8)),
    (65536 - 3, b"ACROSS-A-CHUNK"),
    (MIB - 5, b"\x00\x00\x01\x00free" + bytes(2 * MIB)),
    (3 * MIB + 100, b"!"),
    (SIZE - 4, b"END."),
]


def test_an_overlay_reads_as_its_base_with_the_changes(store: BlobStore) -> None:
    data = _data(SIZE)
    base_id = _base(store, data)
    expected = _applied(data, CHANGES)

    written, base_sha256 = store.write_overlay(base_id, CHANGES)

    assert base_sha256 == hashlib.sha256(data).hexdigest()
    assert written.size == SIZE
    assert written.sha256 == hashlib.sha256(expected).hexdigest()
    assert written.head == expected[:HEAD_SIZE]
    stored = store.path_of(written.blob_id).read_bytes()
    assert stored.startswith(OVERLAY_MAGIC)
    assert len(stored) < 4096  # a description, not a second copy (zeros are not stored)
    with store.open(written.blob_id) as reader:
        assert isinstance(reader, OverlayReader)
        assert reader.seekable() and reader.size == SIZE
        assert reader.read() == expected
        assert reader.read() == b""
        rng = random.Random(5)
        for _ in range(60):
            start = rng.randrange(0, SIZE)
            length = rng.randrange(0, 300_000)
            reader.seek(start)
            assert reader.read(length) == expected[start : start + length]
        reader.seek(-4, os.SEEK_END)
        assert reader.read() == b"END."
    overlay = store.overlay_of(written.blob_id)
    assert overlay is not None and overlay.base_id == base_id
    assert store.overlay_of(base_id) is None
    with store.open(base_id) as reader:
        assert reader.read() == data  # the base is not written to


@pytest.mark.parametrize(
    "changes",
    [
        [],  # nothing changed: the copy's hash is the base's
        [(SIZE - 10, b"tail")],  # one hash until the very end, then forked
        [(2 * MIB, b"exactly at a block boundary")],
    ],
)
def test_copy_hash_and_head_whatever_the_changes(
    store: BlobStore, changes: list[tuple[int, bytes]]
) -> None:
    data = _data(SIZE, seed=2)
    base_id = _base(store, data)
    expected = _applied(data, changes)
    written, base_sha256 = store.write_overlay(base_id, changes)
    assert base_sha256 == hashlib.sha256(data).hexdigest()
    assert written.sha256 == hashlib.sha256(expected).hexdigest()
    assert written.head == expected[:HEAD_SIZE]
    with store.open(written.blob_id) as reader:
        assert reader.read() == expected


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=300_000),
    raw=st.lists(
        st.tuples(st.integers(min_value=0, max_value=299_999), st.binary(min_size=1, max_size=70)),
        max_size=8,
    ),
    reads=st.lists(
        st.tuples(st.integers(min_value=0, max_value=300_000), st.integers(0, 100_000)),
        max_size=10,
    ),
)
def test_any_overlay_matches_the_changes_applied_in_memory(
    tmp_path_factory: pytest.TempPathFactory,
    size: int,
    raw: list[tuple[int, bytes]],
    reads: list[tuple[int, int]],
) -> None:
    store = BlobStore(tmp_path_factory.mktemp("blobs"), MEDIA_KEY)
    changes: list[tuple[int, bytes]] = []
    end = 0
    for offset, replacement in sorted(raw):
        if offset >= end and offset + len(replacement) <= size:
            changes.append((offset, replacement))
            end = offset + len(replacement)
    data = _data(size, seed=size)
    base_id = _base(store, data)
    expected = _applied(data, changes)
    written, _ = store.write_overlay(base_id, changes)
    assert written.sha256 == hashlib.sha256(expected).hexdigest()
    with store.open(written.blob_id) as reader:
        for start, length in reads:
            reader.seek(start)
            assert reader.read(length) == expected[start : start + length]
        reader.seek(0)
        assert reader.read() == expected


def test_changes_that_overlap_or_run_past_the_end_are_not_an_overlay(store: BlobStore) -> None:
    base_id = _base(store, _data(1000))
    with pytest.raises(ValueError):
        store.write_overlay(base_id, [(10, b"abcd"), (12, b"xy")])
    with pytest.raises(ValueError):
        store.write_overlay(base_id, [(998, b"abc")])
    with pytest.raises(ValueError):  # a description beyond the limit: written whole instead
        store.write_overlay(base_id, [(0, b"\x01" * (OVERLAY_LIMIT + 1))])
    assert list(store.iter_blob_ids()) == [base_id]
    assert store.in_flight() == frozenset()


def test_an_overlay_of_an_overlay_is_refused(store: BlobStore) -> None:
    base_id = _base(store, _data(5000))
    written, _ = store.write_overlay(base_id, [(0, b"x")])
    with pytest.raises(FormatError, match="from an original"):
        store.write_overlay(written.blob_id, [(1, b"y")])


@pytest.mark.parametrize("where", ["wrap", "description", "last byte"])
def test_a_changed_byte_of_the_overlay_file_is_refused(store: BlobStore, where: str) -> None:
    base_id = _base(store, _data(200_000))
    written, _ = store.write_overlay(base_id, [(100, b"patched")])
    path = store.path_of(written.blob_id)
    raw = bytearray(path.read_bytes())
    offset = {"wrap": len(MAGIC) + 20, "description": 90, "last byte": len(raw) - 1}[where]
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(AuthenticationError):
        store.open(written.blob_id)


def test_a_truncated_overlay_file_is_refused(store: BlobStore) -> None:
    base_id = _base(store, _data(200_000))
    written, _ = store.write_overlay(base_id, [(100, b"patched")])
    path = store.path_of(written.blob_id)
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(AuthenticationError):
        store.open(written.blob_id)


def test_an_overlay_renamed_to_its_base_or_another_id_does_not_open(store: BlobStore) -> None:
    base_id = _base(store, _data(1000))
    written, _ = store.write_overlay(base_id, [(0, b"x")])
    other = "cd" + "0" * 30
    (store.folder / "cd").mkdir(mode=0o700)
    store.path_of(written.blob_id).rename(store.path_of(other))
    with pytest.raises(AuthenticationError):
        store.open(other)


def _forge(store: BlobStore, overlay: Overlay) -> str:
    """An overlay written with the media key, as only someone holding it could."""
    aead = store._cipher()
    body = overlay.encode()
    stored = store._store(
        None,
        lambda new_id, partial: store._write_partial(
            aead, new_id, io.BytesIO(body), partial, None, None, magic=OVERLAY_MAGIC
        ),
    )
    store.release(stored.blob_id)
    return stored.blob_id


def test_an_overlay_naming_another_base_is_refused(store: BlobStore) -> None:
    """Even written with the key, a description pointing at another blob than the one it
    was made over does not open: the binding is to the base's own file key."""
    first = _base(store, _data(4000, seed=1))
    second = _base(store, _data(4000, seed=2))
    written, _ = store.write_overlay(first, [(0, b"x")])
    overlay = store.overlay_of(written.blob_id)
    assert overlay is not None
    forged = _forge(store, Overlay(second, *_rest(overlay)))
    with pytest.raises(AuthenticationError, match="not its original"):
        store.open(forged)


def _rest(overlay: Overlay) -> tuple[bytes, int, str, tuple[tuple[int, int, bytes], ...]]:
    return overlay.binding, overlay.base_size, overlay.base_sha256, overlay.patches


def test_a_base_that_no_longer_hashes_as_recorded_fails_a_whole_reading(
    store: BlobStore,
) -> None:
    data = _data(300_000)
    base_id = _base(store, data)
    written, _ = store.write_overlay(base_id, [(10, b"x")])
    overlay = store.overlay_of(written.blob_id)
    assert overlay is not None
    forged = _forge(
        store, Overlay(base_id, overlay.binding, overlay.base_size, "00" * 32, overlay.patches)
    )
    with store.open(forged) as reader:
        reader.seek(1000)
        assert reader.read(100) == data[1000:1100]  # random access: chunk by chunk
        reader.seek(0)
        with pytest.raises(AuthenticationError, match="no longer matches its recorded SHA-256"):
            reader.read()
        with pytest.raises(AuthenticationError):  # and it stays failed
            reader.read(1)


def test_a_base_of_another_size_is_refused(store: BlobStore) -> None:
    base_id = _base(store, _data(3000))
    written, _ = store.write_overlay(base_id, [(0, b"x")])
    overlay = store.overlay_of(written.blob_id)
    assert overlay is not None
    forged = _forge(store, Overlay(base_id, overlay.binding, 2999, overlay.base_sha256, ()))
    with pytest.raises(AuthenticationError, match="recorded size"):
        store.open(forged)


def test_a_missing_base_fails_closed_with_a_clear_error(store: BlobStore) -> None:
    base_id = _base(store, _data(3000))
    written, _ = store.write_overlay(base_id, [(0, b"x")])
    store.delete(base_id)
    with pytest.raises(NotFoundError, match="original a working copy is built on is missing"):
        store.open(written.blob_id)
    assert store.overlay_of(written.blob_id) is not None  # the description itself is whole


def test_the_description_is_checked_before_use() -> None:
    good = Overlay("ab" * 16, bytes(32), 100, "11" * 32, ((0, 10, b"x"), (20, 5, b"")))
    assert Overlay.decode(good.encode()) == good
    for bad in (
        Overlay("AB" * 16, bytes(32), 100, "11" * 32, ()),  # not a blob id
        Overlay("ab" * 16, bytes(32), 100, "11" * 32, ((20, 5, b""), (0, 10, b"x"))),
        Overlay("ab" * 16, bytes(32), 100, "11" * 32, ((0, 10, b"x"), (5, 10, b""))),
        Overlay("ab" * 16, bytes(32), 100, "11" * 32, ((95, 10, b""),)),  # past the end
        Overlay("ab" * 16, bytes(32), 100, "11" * 32, ((0, 2, b"xyz"),)),  # literal > length
    ):
        with pytest.raises(FormatError):
            Overlay.decode(bad.encode())
    encoded = good.encode()
    for damaged in (encoded[:-1], encoded + b"\x00", encoded[:50]):
        with pytest.raises(FormatError):
            Overlay.decode(damaged)


def test_patches_keep_only_what_is_not_zeros() -> None:
    patches = overlay_patches(100, [(50, b"ab\x00c\x00\x00"), (0, bytes(10)), (80, b"")])
    assert patches == ((0, 10, b""), (50, 6, b"ab\x00c"))


class _FailingDisk:
    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        self.inner.flush()


def test_a_failing_disk_leaves_no_overlay(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", MEDIA_KEY)
    base_id = _base(store, _data(100_000))
    store.destination_wrapper = _FailingDisk
    with pytest.raises(StorageError, match="No space left"):
        store.write_overlay(base_id, [(0, b"x")])
    assert [p.name for p in _files(tmp_path)] == [base_id]
    assert store.in_flight() == frozenset()


def test_a_cancelled_pass_leaves_nothing_and_stops_its_helpers(store: BlobStore) -> None:
    base_id = _base(store, _data(5 * MIB))
    seen: list[int] = []
    with pytest.raises(CancelledError):
        store.write_overlay(
            base_id, [(0, b"x")], progress=seen.append, cancel=lambda: len(seen) >= 2
        )
    assert seen == [MIB, 2 * MIB]
    assert list(store.iter_blob_ids()) == [base_id]
    assert not [t for t in threading.enumerate() if t.name.startswith("overlay-")]


def test_an_unfinished_overlay_is_never_listed_and_is_cleared(store: BlobStore) -> None:
    """A crash before the rename leaves only ``<id>.partial``: not a blob, removed."""
    base_id = _base(store, _data(100_000))
    written, _ = store.write_overlay(base_id, [(0, b"x")])
    store.release(written.blob_id)
    path = store.path_of(written.blob_id)
    path.rename(path.with_name(written.blob_id + ".partial"))
    assert list(store.iter_blob_ids()) == [base_id]
    assert store.remove_partials() == [written.blob_id]
    assert [p.name for p in _files(store.folder)] == [base_id]


def test_overlay_bases_names_the_bases_and_what_could_not_be_read(store: BlobStore) -> None:
    first = _base(store, _data(1000, seed=1))
    second = _base(store, _data(1000, seed=2))
    one, _ = store.write_overlay(first, [(0, b"x")])
    two, _ = store.write_overlay(second, [(0, b"y")])
    everything = [first, second, one.blob_id, two.blob_id]
    assert store.overlay_bases(everything) == ({first, second}, [])
    path = store.path_of(two.blob_id)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    assert store.overlay_bases(everything) == ({first}, [two.blob_id])


def test_re_keying_re_wraps_overlays_too(store: BlobStore) -> None:
    data = _data(200_000)
    base_id = _base(store, data)
    written, _ = store.write_overlay(base_id, [(5, b"patched")])
    new_key = bytes(range(1, 33))
    assert rewrap_all_blobs(store.folder, new_key, [MEDIA_KEY]) == 2
    with BlobStore(store.folder, new_key).open(written.blob_id) as reader:
        assert reader.read() == _applied(data, [(5, b"patched")])
    with pytest.raises(AuthenticationError):
        store.open(written.blob_id)  # the old media key opens nothing now


def test_the_pass_runs_its_hashes_on_two_helpers(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: set[str] = set()
    real = blob_module.hashlib.sha256

    class Spy:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def update(self, data: Any) -> None:
            names.add(threading.current_thread().name.split("_")[0])
            self.inner.update(data)

        def copy(self) -> Spy:
            return Spy(self.inner.copy())

        def hexdigest(self) -> str:
            return str(self.inner.hexdigest())

    base_id = _base(store, _data(3 * MIB))
    monkeypatch.setattr(blob_module.hashlib, "sha256", lambda: Spy(real()))
    store.write_overlay(base_id, [(10, b"x")])
    assert {"overlay-base-sha256", "overlay-copy-sha256"} <= names


def test_overlay_fits_says_which_changes_can_be_an_overlay() -> None:
    assert overlays.overlay_fits(100, [(0, b"ab"), (50, bytes(40))])
    assert not overlays.overlay_fits(100, [(0, b"abc"), (2, b"x")])  # overlap
    assert not overlays.overlay_fits(100, [(99, b"ab")])  # past the end
    big = 2 * OVERLAY_LIMIT
    assert overlays.overlay_fits(big, [(0, bytes(OVERLAY_LIMIT + 1))])  # zeros: not stored
    assert not overlays.overlay_fits(big, [(0, b"\x01" * (OVERLAY_LIMIT + 1))])
