"""STREAM payload and whole-file round trips, chunk boundaries, seeking, writer rules."""

from __future__ import annotations

import io
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.age import Decryptor, Encryptor, X25519Identity, decrypt, encrypt
from app.crypto.age.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    PayloadReader,
    PayloadWriter,
    derive_payload_key,
)
from app.errors import AuthenticationError, FormatError

C = CHUNK_SIZE
BOUNDARY_SIZES = [0, 1, C - 1, C, C + 1, 2 * C - 1, 2 * C, 2 * C + 1, 3 * C + 17]
KEY = derive_payload_key(bytes(range(16)), bytes(16))
DATA = os.urandom(4 * C + 1000)


def _payload(plaintext: bytes, write_sizes: list[int] | None = None) -> bytes:
    out = io.BytesIO()
    with PayloadWriter(out, KEY) as writer:
        view = memoryview(plaintext)
        offset = 0
        for size in write_sizes or []:
            writer.write(view[offset : offset + size])
            offset += size
        writer.write(bytearray(view[offset:]))
    return out.getvalue()


def _expected_length(size: int) -> int:
    chunks = max(1, -(-size // C))
    return size + chunks * TAG_SIZE


def test_payload_key_matches_hkdf_definition() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    file_key, nonce = os.urandom(16), os.urandom(16)
    expected = HKDF(hashes.SHA256(), 32, salt=nonce, info=b"payload").derive(file_key)
    assert derive_payload_key(file_key, nonce) == expected
    with pytest.raises(FormatError):
        derive_payload_key(file_key, nonce[:15])


@pytest.mark.parametrize("size", BOUNDARY_SIZES)
def test_boundary_sizes_round_trip(size: int, pipe) -> None:  # type: ignore[no-untyped-def]
    plaintext = DATA[:size]
    payload = _payload(plaintext)
    assert len(payload) == _expected_length(size)
    reader = PayloadReader(io.BytesIO(payload), KEY)
    assert reader.size == size
    assert reader.read() == plaintext
    assert PayloadReader(pipe(payload, max_read=1000), KEY).read() == plaintext


@pytest.mark.parametrize("size", BOUNDARY_SIZES)
def test_whole_file_boundary_sizes(size: int, identity: X25519Identity, pipe) -> None:  # type: ignore[no-untyped-def]
    encrypted = io.BytesIO()
    encrypt(io.BytesIO(DATA[:size]), encrypted, [identity.recipient])
    out = io.BytesIO()
    decrypt(io.BytesIO(encrypted.getvalue()), out, [identity])
    assert out.getvalue() == DATA[:size]
    out = io.BytesIO()
    decrypt(pipe(encrypted.getvalue(), max_read=777), out, [identity])
    assert out.getvalue() == DATA[:size]


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 3 * C + 5),
    cuts=st.lists(st.integers(0, 3 * C), max_size=6),
    read_size=st.sampled_from([1, 7, 1000, C - 1, C, C + 1, 5 * C]),
    seekable=st.booleans(),
)
def test_round_trip_any_write_and_read_pattern(
    size: int, cuts: list[int], read_size: int, seekable: bool, pipe
) -> None:
    plaintext = DATA[:size]
    bounds = sorted(min(c, size) for c in cuts)
    writes = [b - a for a, b in zip([0, *bounds], bounds, strict=False)]
    payload = _payload(plaintext, writes)
    assert len(payload) == _expected_length(size)
    source = io.BytesIO(payload) if seekable else pipe(payload, max_read=4096)
    reader = PayloadReader(source, KEY)
    got = bytearray()
    while part := reader.read(read_size):
        got += part
    assert bytes(got) == plaintext
    assert reader.read(10) == b""


def test_payload_offset_reads_from_inside_a_larger_file() -> None:
    plaintext = DATA[: C + 5]
    container = io.BytesIO(b"prefix-bytes" + _payload(plaintext))
    reader = PayloadReader(container, KEY, payload_offset=12)
    assert reader.size == C + 5
    reader.seek(C)
    assert reader.read() == plaintext[C:]


@settings(max_examples=40, deadline=None)
@given(
    size=st.sampled_from([0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 17]),
    ops=st.lists(
        st.tuples(st.integers(-2 * C, 4 * C), st.sampled_from([0, 1, 2]), st.integers(0, 2 * C)),
        min_size=1,
        max_size=12,
    ),
)
def test_random_seeks_match_the_plaintext(size: int, ops: list[tuple[int, int, int]]) -> None:
    plaintext = DATA[:size]
    reader = PayloadReader(io.BytesIO(_payload(plaintext)), KEY)
    assert reader.seekable()
    model = io.BytesIO(plaintext)
    for offset, whence, length in ops:
        base = {0: 0, 1: model.tell(), 2: size}[whence]
        if base + offset < 0:
            with pytest.raises(ValueError):
                reader.seek(offset, whence)
            continue
        assert reader.seek(offset, whence) == model.seek(offset, whence)
        assert reader.read(length) == model.read(length)
        assert reader.tell() == model.tell()


def test_decryptor_seeks_on_a_real_file(tmp_path, identity: X25519Identity) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "clip.age"
    with path.open("wb") as handle:
        encrypt(io.BytesIO(DATA), handle, [identity.recipient])
    rng = random.Random(7)
    with path.open("rb") as handle:
        reader = Decryptor(handle, [identity])
        assert reader.size == len(DATA)
        for _ in range(50):
            start = rng.randrange(len(DATA) + 10)
            length = rng.randrange(3 * C)
            reader.seek(start)
            assert reader.read(length) == DATA[start : start + length]
        buffer = bytearray(2 * C + 3)
        reader.seek(C)
        assert reader.readinto(buffer) == len(buffer)
        assert bytes(buffer) == DATA[C : C + len(buffer)]


def test_stream_source_is_not_seekable(identity: X25519Identity, pipe) -> None:  # type: ignore[no-untyped-def]
    encrypted = io.BytesIO()
    encrypt(io.BytesIO(DATA[:10]), encrypted, [identity.recipient])
    reader = Decryptor(pipe(encrypted.getvalue()), [identity])
    assert not reader.seekable()
    assert reader.size is None
    with pytest.raises(io.UnsupportedOperation):
        reader.seek(0)
    assert reader.read() == DATA[:10]


def test_writer_exception_leaves_a_truncated_payload() -> None:
    out = io.BytesIO()
    with pytest.raises(RuntimeError), PayloadWriter(out, KEY) as writer:
        writer.write(DATA[: 2 * C + 1])
        raise RuntimeError("disk pulled")
    # What reached the output reads as truncated, never as a shorter whole file.
    with pytest.raises(AuthenticationError, match="truncated"):
        PayloadReader(io.BytesIO(out.getvalue()), KEY).read()


def test_encryptor_exception_leaves_no_final_chunk(identity: X25519Identity) -> None:
    out = io.BytesIO()
    with pytest.raises(RuntimeError), Encryptor(out, [identity.recipient]) as writer:
        writer.write(DATA[: C + 1])
        writer.flush()
        raise RuntimeError("interrupted")
    reader = Decryptor(io.BytesIO(out.getvalue()), [identity])
    assert reader.read(C) == DATA[:C]  # the sealed full chunk is authentic
    with pytest.raises(AuthenticationError, match="truncated"):
        reader.read()


def test_close_is_idempotent_and_write_after_close_fails() -> None:
    out = io.BytesIO()
    writer = PayloadWriter(out, KEY)
    assert writer.write(memoryview(b"abc")) == 3
    writer.close()
    length = len(out.getvalue())
    writer.close()
    assert len(out.getvalue()) == length == 3 + TAG_SIZE
    with pytest.raises(ValueError):
        writer.write(b"more")


def test_failure_is_sticky() -> None:
    payload = bytearray(_payload(DATA[: 2 * C]))
    payload[ENCRYPTED_CHUNK_SIZE + 5] ^= 1
    reader = PayloadReader(io.BytesIO(bytes(payload)), KEY)
    assert reader.read(C) == DATA[:C]
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            reader.read(1)
    reader.seek(0)
    with pytest.raises(AuthenticationError):
        reader.read(1)


@pytest.mark.parametrize("seekable", [True, False])
def test_failed_chunk_leaves_no_plaintext_in_the_callers_buffer(seekable: bool, pipe) -> None:  # type: ignore[no-untyped-def]
    payload = bytearray(_payload(DATA[:100]))
    payload[-1] ^= 1  # only the tag: the ciphertext still decrypts to the real bytes
    source = io.BytesIO(bytes(payload)) if seekable else pipe(bytes(payload))
    reader = PayloadReader(source, KEY)
    buffer = bytearray(b"\xaa" * (2 * C))
    with pytest.raises(AuthenticationError):
        reader.readinto(buffer)
    assert DATA[:100] not in bytes(buffer)


@pytest.mark.parametrize("bad_chunk", [0, 3, 7, 8, 12, 18, 19])
def test_damage_inside_a_run_of_whole_chunks(bad_chunk: int) -> None:
    # 20 chunks read with a 16-chunk buffer: runs of chunks are opened together, and
    # still only the chunks before the damaged one may come out.
    plaintext = os.urandom(19 * C + 10)
    payload = bytearray(_payload(plaintext))
    payload[bad_chunk * ENCRYPTED_CHUNK_SIZE + 20] ^= 1
    reader = PayloadReader(io.BytesIO(bytes(payload)), KEY)
    buffer = bytearray(16 * C)
    released = bytearray()
    with pytest.raises(AuthenticationError):
        while got := reader.readinto(buffer):
            released += buffer[:got]
    assert bytes(released) == plaintext[: bad_chunk * C]
    assert plaintext[bad_chunk * C : bad_chunk * C + C] not in bytes(buffer)


def test_encrypt_accepts_a_source_that_only_reads(identity: X25519Identity) -> None:
    class OnlyRead:
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, n: int) -> bytes:
            return self._data.read(min(n, 1000))  # short reads too

    encrypted = io.BytesIO()
    encrypt(OnlyRead(DATA[: C + 3]), encrypted, [identity.recipient])  # type: ignore[arg-type]
    out = io.BytesIO()
    decrypt(io.BytesIO(encrypted.getvalue()), out, [identity])
    assert out.getvalue() == DATA[: C + 3]
