"""Tampered age files: every byte flip, truncations, swapped and appended chunks.

Each damaged file must fail with a typed error, and whatever plaintext was released
before the failure must be a prefix of the original made only of chunks that verified
(never a byte of the damaged chunk).
"""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.age import Decryptor, X25519Identity, encrypt
from app.crypto.age.stream import CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, NONCE_SIZE
from app.errors import AuthenticationError, FormatError

C = CHUNK_SIZE
E = ENCRYPTED_CHUNK_SIZE
IDENTITY = X25519Identity.generate()
SMALL = os.urandom(300)
LARGE = os.urandom(2 * C + 500)


def _encrypt(plaintext: bytes) -> tuple[bytes, int]:
    """The age file and the offset of its first payload chunk."""
    out = io.BytesIO()
    encrypt(io.BytesIO(plaintext), out, [IDENTITY.recipient])
    data = out.getvalue()
    return data, data.index(b"\n---") + len("\n--- ") + 43 + 1 + NONCE_SIZE


SMALL_FILE, SMALL_START = _encrypt(SMALL)
LARGE_FILE, LARGE_START = _encrypt(LARGE)


def _released_before_failure(data: bytes, *, seekable: bool = True) -> tuple[bytes, Exception]:
    # readinto hands over every verified byte before reporting damage on the next call.
    released = bytearray()
    piece = bytearray(10_000)
    source = io.BytesIO(data) if seekable else io.BufferedReader(_OneWay(data))
    try:
        reader = Decryptor(source, [IDENTITY])  # type: ignore[arg-type]
        while got := reader.readinto(piece):
            released += piece[:got]
    except (FormatError, AuthenticationError) as error:
        return bytes(released), error
    raise AssertionError(f"damaged file decrypted ({len(released)} bytes)")


class _OneWay(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def, override]
        return self._data.readinto(b)


def _assert_verified_prefix(released: bytes, plaintext: bytes, first_bad_chunk: int) -> None:
    assert plaintext.startswith(released)
    assert len(released) % C == 0 or len(released) == len(plaintext)
    assert len(released) <= first_bad_chunk * C


def test_every_byte_flip_of_a_small_file_is_rejected() -> None:
    for position in range(len(SMALL_FILE)):
        for mask in (0x01, 0x80):
            damaged = bytearray(SMALL_FILE)
            damaged[position] ^= mask
            released, _ = _released_before_failure(bytes(damaged))
            assert released == b"", position


@pytest.mark.slow
def test_byte_flips_across_chunks(full_run: bool) -> None:
    # Every byte in full runs; in CI the first and last 48 bytes of every chunk (where
    # the counter, flag and tag meet) and a stride through the middle.
    if full_run:
        positions = range(LARGE_START, len(LARGE_FILE))
    else:
        positions = sorted(
            {
                p
                for k in range(3)
                for p in [
                    *range(LARGE_START + k * E, LARGE_START + k * E + 48),
                    *range(LARGE_START + (k + 1) * E - 48, LARGE_START + (k + 1) * E),
                    *range(LARGE_START + k * E, LARGE_START + (k + 1) * E, 997),
                ]
                if p < len(LARGE_FILE)
            }
        )
    for position in positions:
        damaged = bytearray(LARGE_FILE)
        damaged[position] ^= 0x04
        released, error = _released_before_failure(bytes(damaged))
        assert type(error) is AuthenticationError
        _assert_verified_prefix(released, LARGE, (position - LARGE_START) // E)


@settings(max_examples=50, deadline=None)
@given(position=st.integers(0, len(LARGE_FILE) - 1), mask=st.integers(1, 255))
def test_random_flips_with_random_masks(position: int, mask: int) -> None:
    damaged = bytearray(LARGE_FILE)
    damaged[position] ^= mask
    for seekable in (True, False):
        released, _ = _released_before_failure(bytes(damaged), seekable=seekable)
        bad_chunk = max(0, (position - LARGE_START) // E)
        _assert_verified_prefix(released, LARGE, bad_chunk)


def _cut_points() -> list[int]:
    points = set(range(0, LARGE_START + 20))
    for k in range(4):
        boundary = LARGE_START + k * E
        points.update(range(boundary - 17, boundary + 18))
    return sorted(p for p in points if 0 <= p < len(LARGE_FILE))


@pytest.mark.parametrize("seekable", [True, False], ids=["seekable", "stream"])
def test_truncation_at_and_around_chunk_boundaries(seekable: bool) -> None:
    for length in _cut_points():
        released, error = _released_before_failure(LARGE_FILE[:length], seekable=seekable)
        if length < LARGE_START:
            assert isinstance(error, FormatError) or type(error) is AuthenticationError
            assert released == b""
        else:
            assert type(error) is AuthenticationError, (length, error)
            whole_chunks = (length - LARGE_START) // E
            _assert_verified_prefix(released, LARGE, whole_chunks)


def _chunks(data: bytes, start: int) -> list[bytes]:
    return [data[i : i + E] for i in range(start, len(data), E)]


@pytest.mark.parametrize("seekable", [True, False], ids=["seekable", "stream"])
def test_swapped_dropped_and_repeated_chunks(seekable: bool) -> None:
    head = LARGE_FILE[:LARGE_START]
    first, second, last = _chunks(LARGE_FILE, LARGE_START)
    cases = {
        "swap 0-1": ([second, first, last], 0),
        "swap 1-2": ([first, last, second], 1),
        "drop middle": ([first, last], 1),
        "repeat first": ([first, first, second, last], 1),
        "last twice": ([first, second, last, last], 3),
        "last moved first": ([last, first, second], 0),
    }
    for name, (parts, bad_chunk) in cases.items():
        released, error = _released_before_failure(head + b"".join(parts), seekable=seekable)
        assert type(error) is AuthenticationError, name
        _assert_verified_prefix(released, LARGE, bad_chunk)


@pytest.mark.parametrize("extra", [1, 15, 16, 17, E - 1, E, E + 1])
@pytest.mark.parametrize("seekable", [True, False], ids=["seekable", "stream"])
def test_appended_bytes_are_rejected(extra: int, seekable: bool) -> None:
    for plaintext, data in ((SMALL, SMALL_FILE), (LARGE, LARGE_FILE)):
        released, error = _released_before_failure(
            data + os.urandom(extra), seekable=seekable
        )
        assert type(error) is AuthenticationError
        assert plaintext.startswith(released)


def test_appended_bytes_after_a_full_final_chunk() -> None:
    plaintext = os.urandom(2 * C)
    data, _ = _encrypt(plaintext)
    for seekable in (True, False):
        released, error = _released_before_failure(data + b"\x00", seekable=seekable)
        assert type(error) is AuthenticationError
        assert "after its final chunk" in str(error)
        assert plaintext.startswith(released)


@pytest.mark.parametrize("size", [-1, 3 * C])
def test_read_never_reports_a_damaged_file_as_complete(size: int) -> None:
    # read(-1) and a large read(n) hand back the good chunks first; the damage must still
    # surface as an error before the caller sees the end of the plaintext.
    damaged = bytearray(LARGE_FILE)
    damaged[LARGE_START + E + 10] ^= 0x01  # inside the second chunk
    reader = Decryptor(io.BytesIO(bytes(damaged)), [IDENTITY])
    with pytest.raises(AuthenticationError):
        reader.read(size)  # one call asks for everything: it may not return short
