"""The age v1 STREAM payload: ChaCha20-Poly1305 over 64 KiB chunks.

Chunk ``i`` is sealed with the nonce ``i`` (11 bytes, big-endian) followed by a flag
byte, 1 on the final chunk and 0 otherwise, so truncation at a chunk boundary, chunk
reordering and appended data are all detected. The age file format and the vault's
media blobs both use it. Here "payload" means the chunk sequence *after* the 16-byte
nonce from which ``derive_payload_key`` makes the key; the caller writes and reads that
nonce.

Memory stays bounded (a chunk of plaintext and a batch of ciphertext); the hot loops
reuse their buffers and decrypt straight into the caller's buffer where they can. A
writer or reader belongs to one thread at a time.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import AuthenticationError, EvidenceVaultError, FormatError

if TYPE_CHECKING:
    from types import TracebackType

    from _typeshed import ReadableBuffer, WriteableBuffer

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
NONCE_SIZE = 16
# Sealed chunks are gathered and written 16 at a time: fewer system calls, ~1 MiB held.
_WRITE_BATCH = 16
_MAX_CHUNKS = 1 << 88  # the 11-byte counter


def derive_payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """The payload key: HKDF-SHA256(ikm=file_key, salt=nonce, info="payload")."""
    if len(nonce) != NONCE_SIZE:
        raise FormatError("The payload nonce must be 16 bytes.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=nonce, info=b"payload").derive(
        file_key
    )


def _chunk_nonce(index: int, last: bool) -> bytes:
    return ((index << 8) | last).to_bytes(12, "big")


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
        self._out = bytearray(_WRITE_BATCH * ENCRYPTED_CHUNK_SIZE)
        self._out_view = memoryview(self._out)
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
        # Whole chunks straight from the caller's buffer, keeping the last one back.
        while total - offset > CHUNK_SIZE:
            self._seal(view[offset : offset + CHUNK_SIZE], last=False)
            offset += CHUNK_SIZE
        rest = total - offset
        self._plain_view[:rest] = view[offset:]
        self._plain_len = rest
        return total

    def _seal(self, chunk: memoryview, *, last: bool) -> None:
        if self._index >= _MAX_CHUNKS:
            raise EvidenceVaultError("The payload is larger than the format allows.")
        if self._out_len + ENCRYPTED_CHUNK_SIZE > len(self._out):
            self._flush_out()
        end = self._out_len + len(chunk) + TAG_SIZE
        self._out_len += self._aead.encrypt_into(
            _chunk_nonce(self._index, last), chunk, None, self._out_view[self._out_len : end]
        )
        self._index += 1

    def _flush_out(self) -> None:
        done = 0
        while done < self._out_len:
            written = self._dst.write(self._out_view[done : self._out_len])
            # A raw file may write part of the buffer; buffered ones return the length.
            done += self._out_len - done if written is None else written
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
        self._seal(self._plain_view[: self._plain_len], last=True)
        self._flush_out()
        self._dst.flush()
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


class PayloadReader(io.RawIOBase):
    """STREAM chunks from ``src`` in, verified plaintext out; seekable on seekable files.

    No byte of a chunk is returned before its tag verifies. A missing final chunk, an
    empty final chunk after data, and data after the final chunk are errors raised when
    the reader reaches them, after the authentic chunks before them were returned; the
    end of the plaintext is only reported once the final chunk has verified. ``size``
    (seekable sources) is computed from the file length and is only authenticated when
    the final chunk is read. The reader does not close ``src``.
    """

    def __init__(
        self, src: BinaryIO, payload_key: bytes, *, payload_offset: int | None = None
    ) -> None:
        super().__init__()
        self._src = src
        self._aead = ChaCha20Poly1305(payload_key)
        self._cipher = bytearray(ENCRYPTED_CHUNK_SIZE)
        self._cipher_view = memoryview(self._cipher)
        self._plain = bytearray(CHUNK_SIZE)
        self._plain_view = memoryview(self._plain)
        self._plain_len = 0
        self._plain_index = -1  # which chunk _plain holds
        self._pos = 0
        self._end: int | None = None  # plaintext end, once the final chunk verified
        self._final_index = -1
        self._missing_final = False
        self._after_final_checked = False
        self._failure: AuthenticationError | None = None
        try:
            self._random_access = bool(src.seekable())
        except (OSError, ValueError):
            self._random_access = False
        self.size: int | None = None
        if self._random_access:
            self._start = src.tell() if payload_offset is None else payload_offset
            self._src_pos = src.seek(0, os.SEEK_END)
            self._cipher_size = max(self._src_pos - self._start, 0)
            self._chunks = -(-self._cipher_size // ENCRYPTED_CHUNK_SIZE)
            tail = self._cipher_size - (self._chunks - 1) * ENCRYPTED_CHUNK_SIZE
            self.size = (self._chunks - 1) * CHUNK_SIZE + max(tail - TAG_SIZE, 0)
            self.size = max(self.size, 0)
        elif payload_offset is not None:
            raise ValueError("payload_offset needs a seekable source")

    # -- io.RawIOBase -------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._random_access

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check_open()
        if not self._random_access:
            raise io.UnsupportedOperation("the encrypted source is not seekable")
        assert self.size is not None
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self.size}.get(whence)
        if base is None:
            raise ValueError(f"invalid whence ({whence})")
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while part := self.read(16 * CHUNK_SIZE):
                parts.append(part)
            return b"".join(parts)
        buffer = bytearray(size)
        got = self.readinto(buffer)
        return bytes(buffer) if got == size else bytes(buffer[:got])

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, b: WriteableBuffer) -> int:
        self._check_open()
        if self._failure is not None:
            raise self._failure
        return self._readinto(memoryview(b).cast("B"))

    def close(self) -> None:
        # getattr: a subclass constructor may fail before ours ran, and IOBase still
        # closes the half-built object when it is collected.
        plain = getattr(self, "_plain", None)
        if plain is not None and not self.closed:
            plain[:] = bytes(CHUNK_SIZE)
            self._plain_index = -1
        super().close()

    # -- chunk logic ----------------------------------------------------------------

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on a closed payload reader")

    def _readinto(self, view: memoryview) -> int:
        want = len(view)
        filled = 0
        try:
            while filled < want:
                got = self._step(view, filled)
                if not got:
                    break
                filled += got
        except AuthenticationError as error:
            self._failure = error  # later reads must not skip past the damage
            if filled == 0:
                raise
            # The verified bytes already copied are returned; the next call raises.
        return filled

    def _step(self, view: memoryview, filled: int) -> int:
        """Move up to one chunk's worth into ``view[filled:]``; 0 only at the end."""
        want = len(view)
        while True:
            if self._end is not None and self._pos >= self._end:
                self._check_after_final()
                return 0
            if self._end is None and self.size is not None and self._pos >= self.size:
                self._reach_end()
                continue
            index, within = divmod(self._pos, CHUNK_SIZE)
            if self._plain_index != index:
                if within == 0 and want - filled >= CHUNK_SIZE:
                    # Whole chunk wanted: decrypt straight into the caller's buffer.
                    got = self._load(index, view[filled : filled + CHUNK_SIZE])
                    self._pos += got
                    if got:
                        return got
                    continue  # the empty final chunk of an empty payload
                self._plain_len = self._load(index, self._plain_view)
                self._plain_index = index
            take = min(self._plain_len - within, want - filled)
            if take <= 0:  # only past the end of a final chunk, which set _end
                continue
            view[filled : filled + take] = self._plain_view[within : within + take]
            self._pos += take
            return take

    def _reach_end(self) -> None:
        """Seekable source at or past ``size``: verify the final chunk before EOF."""
        if self._missing_final or self._chunks == 0:
            raise AuthenticationError("The encrypted data is truncated (no final chunk).")
        self._plain_len = self._load(self._chunks - 1, self._plain_view)
        self._plain_index = self._chunks - 1
        if self._end is None:
            raise AuthenticationError("The encrypted data is truncated (no final chunk).")

    def _check_after_final(self) -> None:
        if self._after_final_checked:
            return
        if self._random_access:
            trailing = self._final_index != self._chunks - 1
        else:
            trailing = bool(self._src.read(1))
        if trailing:
            raise AuthenticationError("The encrypted data has bytes after its final chunk.")
        self._after_final_checked = True

    def _load(self, index: int, target: memoryview) -> int:
        """Read and verify chunk ``index`` into ``target``; its plaintext length."""
        if self._random_access:
            length = self._read_at(index)
            full_is_last = index == self._chunks - 1
        else:
            length = self._read_next()
            full_is_last = False
        if length < TAG_SIZE:
            raise AuthenticationError("The encrypted data is truncated.")
        if length == TAG_SIZE and index > 0:
            raise AuthenticationError("The encrypted data ends with an empty chunk.")
        ciphertext = self._cipher_view[:length]
        out = target[: length - TAG_SIZE]
        # A short chunk can only be the final one; a full one is tried as the layout
        # predicts, then as the other kind, so authentic data before damage is kept.
        flags = (True,) if length < ENCRYPTED_CHUNK_SIZE else (full_is_last, not full_is_last)
        for last in flags:
            try:
                got: int = self._aead.decrypt_into(_chunk_nonce(index, last), ciphertext, None, out)
            except InvalidTag:
                continue
            if last:
                self._end = index * CHUNK_SIZE + got
                self._final_index = index
            elif full_is_last:
                self._missing_final = True
            return got
        out[:] = bytes(len(out))  # decrypt_into leaves unverified plaintext behind
        raise AuthenticationError("The encrypted data failed its integrity check.")

    def _read_at(self, index: int) -> int:
        offset = index * ENCRYPTED_CHUNK_SIZE
        if index >= self._chunks:
            raise AuthenticationError("The encrypted data is truncated.")
        length = min(ENCRYPTED_CHUNK_SIZE, self._cipher_size - offset)
        if self._src_pos != self._start + offset:
            self._src.seek(self._start + offset)
        got = self._fill(length)
        self._src_pos = self._start + offset + got
        if got != length:
            raise AuthenticationError("The encrypted file changed size while being read.")
        return got

    def _read_next(self) -> int:
        got = self._fill(ENCRYPTED_CHUNK_SIZE)
        if got == 0:
            raise AuthenticationError("The encrypted data is truncated (no final chunk).")
        return got

    def _fill(self, length: int) -> int:
        got = 0
        while got < length:
            n = self._src.readinto(self._cipher_view[got:length])  # type: ignore[attr-defined]  # BinaryIO lacks readinto in typeshed; real files have it
            if not n:
                break
            got += n
        return got
