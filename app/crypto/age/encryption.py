"""Whole age v1 files: header, payload nonce and STREAM payload, both directions.

``Encryptor`` writes the header at once and then encrypts what it is given;
``Decryptor`` reads and authenticates the header before it returns, so a file for
someone else or a forged header fails before any byte is read. Each object belongs to
one thread at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import BinaryIO

from app.crypto.age.header import parse_header, serialize_header, verify_mac
from app.crypto.age.keys import FILE_KEY_SIZE, X25519Identity, X25519Recipient
from app.crypto.age.stream import (
    CHUNK_SIZE,
    NONCE_SIZE,
    PayloadReader,
    PayloadWriter,
    derive_payload_key,
)
from app.errors import EvidenceVaultError, FormatError, NoMatchingIdentityError

# encrypt()/decrypt() move data in 8-chunk steps: whole chunks go straight through
# without a copy, and the buffer stays within the CPU cache.
_COPY_SIZE = 8 * CHUNK_SIZE


class Encryptor(PayloadWriter):
    """A writer that encrypts to ``recipients`` with a fresh random file key.

    Use as a context manager: leaving the block normally writes the final chunk; an
    exception leaves the output without one, so it can never pass for a whole file.
    """

    def __init__(self, dst: BinaryIO, recipients: Sequence[X25519Recipient]) -> None:
        if not recipients:
            raise EvidenceVaultError("At least one recipient is needed to encrypt.")
        file_key = os.urandom(FILE_KEY_SIZE)
        stanzas = [recipient.wrap(file_key) for recipient in recipients]
        nonce = os.urandom(NONCE_SIZE)
        dst.write(serialize_header(stanzas, file_key) + nonce)
        super().__init__(dst, derive_payload_key(file_key, nonce))

    def __enter__(self) -> Encryptor:
        return self


class Decryptor(PayloadReader):
    """A reader of an age file's plaintext; seekable when ``src`` is.

    Raises FormatError, NoMatchingIdentityError or AuthenticationError from the
    constructor when the header is malformed, not for us, or forged.
    """

    def __init__(self, src: BinaryIO, identities: Sequence[X25519Identity]) -> None:
        header = parse_header(src)
        file_key = None
        for identity in identities:
            file_key = identity.unwrap(header.stanzas)
            if file_key is not None:
                break
        if file_key is None:
            raise NoMatchingIdentityError("The file is not encrypted to any identity given.")
        verify_mac(header, file_key)
        nonce = _read_exact(src, NONCE_SIZE)
        if len(nonce) != NONCE_SIZE:
            raise FormatError("The encrypted file ends before its payload nonce.")
        super().__init__(src, derive_payload_key(file_key, nonce))


def _read_exact(src: BinaryIO, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = src.read(size - len(data))
        if not part:
            break
        data += part
    return data


def encrypt(src: BinaryIO, dst: BinaryIO, recipients: Sequence[X25519Recipient]) -> None:
    """Encrypt all of ``src`` into ``dst`` as an age file to ``recipients``."""
    with Encryptor(dst, recipients) as writer:
        _pump(_readinto_of(src), writer.write)


def decrypt(src: BinaryIO, dst: BinaryIO, identities: Sequence[X25519Identity]) -> None:
    """Decrypt the age file in ``src`` into ``dst``; raises on any damage.

    Only verified chunks reach ``dst``; on an error ``dst`` holds a prefix of the
    plaintext, so callers writing a file use an atomic writer and discard it.
    """
    with Decryptor(src, identities) as reader:
        _pump(reader.readinto, dst.write)


def _readinto_of(src: BinaryIO) -> Callable[[memoryview], int | None]:
    """``src.readinto``, or an equivalent over ``read`` for objects that only read."""
    readinto: Callable[[memoryview], int | None] | None = getattr(src, "readinto", None)
    if readinto is not None:
        return readinto

    def via_read(buffer: memoryview) -> int:
        data = src.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    return via_read


def _pump(
    read_into: Callable[[memoryview], int | None], write: Callable[[memoryview], object]
) -> None:
    """Copy through one reused buffer until ``read_into`` gives 0."""
    buffer = memoryview(bytearray(_COPY_SIZE))
    try:
        while got := read_into(buffer):
            write(buffer[:got])
    finally:
        buffer[:] = bytes(_COPY_SIZE)  # plaintext passed through it
