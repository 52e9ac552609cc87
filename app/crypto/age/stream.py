"""The age v1 STREAM payload: ChaCha20-Poly1305 over 64 KiB chunks.

Chunk ``i`` is sealed with the nonce ``i`` (11 bytes, big-endian) followed by a flag
byte, 1 on the final chunk and 0 otherwise, so truncation at a chunk boundary, chunk
reordering and appended data are all detected. The age file format and the vault's
media blobs both use it. Here "payload" means the chunk sequence *after* the 16-byte
nonce from which ``derive_payload_key`` makes the key; the caller writes and reads that
nonce. The reader lives in ``stream_reader`` and is re-exported here.

Memory stays bounded (a chunk of plaintext and a batch of ciphertext); the hot loops
reuse their buffers and seal straight from the caller's buffer (``chunks``). A writer
belongs to one thread at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.crypto.age.chunks import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    chunk_nonce,
    seal_chunks,
)
from app.crypto.age.stream_reader import PayloadReader
from app.errors import EvidenceVaultError, FormatError

if TYPE_CHECKING:
    from types import TracebackType

    from _typeshed import ReadableBuffer

NONCE_SIZE = 16
# Chunks are sealed into a 512 KiB batch written with one system call; small enough that
# a batch and the caller's buffer stay in the CPU cache.
_BATCH = 8
_MAX_CHUNKS = 1 << 88  # the 11-byte counter


def derive_payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """The payload key: HKDF-SHA256(ikm=file_key, salt=nonce, info="payload")."""
    if len(nonce) != NONCE_SIZE:
        raise FormatError("The payload nonce must be 16 bytes.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=nonce, info=b"payload").derive(
        file_key
    )


class PayloadWriter:
    """Plaintext in, STREAM chunks out to ``dst``; ``close`` seals the final chunk.

    Deliberately not an ``io.IOBase``: those close themselves when garbage-collected,
    and closing here writes the final chunk, which would make an interrupted write look
    like a complete, shorter file.
    """

    def __init__(self, dst: BinaryIO, payload_key: bytes) -> None:
        self._dst = dst
        self._aead = ChaCha20Poly1305(payload_key)
        # The last chunk written so far is held back until more data proves it is not
        # the final one.
        self._plain = bytearray(CHUNK_SIZE)
        self._plain_view = memoryview(self._plain)
        self._plain_len = 0
        self._out = memoryview(bytearray(_BATCH * ENCRYPTED_CHUNK_SIZE))
        self._out_len = 0
        self._index = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        if self._closed:
            raise ValueError("write to a closed payload writer")
        view = memoryview(data).cast("B")
        total = len(view)
        offset = 0
        if self._plain_len:
            offset = min(CHUNK_SIZE - self._plain_len, total)
            self._plain_view[self._plain_len : self._plain_len + offset] = view[:offset]
            self._plain_len += offset
            if offset == total:
                return total
            self._seal(self._plain_view, last=False)
            self._plain_len = 0
        # Whole chunks straight from the caller's buffer, keeping at least one byte back
        # (so a full chunk too) until the next write or close says what comes after.
        while (count := (total - offset - 1) // CHUNK_SIZE) > 0:
            free = (len(self._out) - self._out_len) // ENCRYPTED_CHUNK_SIZE
            if free == 0:
                self._flush_out()
                continue
            count = min(count, free)
            self._check_counter(count)
            end = self._out_len + count * ENCRYPTED_CHUNK_SIZE
            seal_chunks(
                self._aead,
                self._index,
                view[offset : offset + count * CHUNK_SIZE],
                count,
                self._out[self._out_len : end],
            )
            self._out_len = end
            self._index += count
            offset += count * CHUNK_SIZE
        rest = total - offset
        self._plain_view[:rest] = view[offset:]
        self._plain_len = rest
        return total

    def _check_counter(self, count: int) -> None:
        if self._index + count > _MAX_CHUNKS:
            raise EvidenceVaultError("The payload is larger than the format allows.")

    def _seal(self, chunk: memoryview, *, last: bool) -> None:
        self._check_counter(1)
        if self._out_len + ENCRYPTED_CHUNK_SIZE > len(self._out):
            self._flush_out()
        end = self._out_len + len(chunk) + TAG_SIZE
        self._out_len += self._aead.encrypt_into(
            chunk_nonce(self._index, last), chunk, None, self._out[self._out_len : end]
        )
        self._index += 1

    def _flush_out(self) -> None:
        _write_all(self._dst, self._out[: self._out_len])
        self._out_len = 0

    def flush(self) -> None:
        """Push every sealed chunk to ``dst`` (the held-back last chunk stays)."""
        if not self._closed:
            self._flush_out()
            self._dst.flush()

    def close(self) -> None:
        """Seal the final chunk (empty only for an empty payload) and write it out."""
        if self._closed:
            return
        try:
            self._seal(self._plain_view[: self._plain_len], last=True)
            self._flush_out()
            self._dst.flush()
        finally:
            self._discard()

    def abort(self) -> None:
        """Stop without a final chunk: what was written reads as truncated."""
        if not self._closed:
            self._discard()

    def _discard(self) -> None:
        self._closed = True
        self._plain[:] = bytes(CHUNK_SIZE)  # drop the plaintext copy we hold
        self._plain_len = 0
        self._out_len = 0

    def __enter__(self) -> PayloadWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _write_all(dst: BinaryIO, data: memoryview) -> None:
    done = 0
    while done < len(data):
        written = dst.write(data[done:])
        # A raw file may write part of the buffer; buffered ones return the length.
        done += len(data) - done if written is None else written

__all__ = [
    "CHUNK_SIZE",
    "ENCRYPTED_CHUNK_SIZE",
    "NONCE_SIZE",
    "TAG_SIZE",
    "PayloadReader",
    "PayloadWriter",
    "derive_payload_key",
]
