"""Reading a STREAM payload: verified plaintext, sequential or random access.

See ``stream`` for the construction. Chunks are verified before a byte of them is
returned; on a seekable source a caller asking for many whole chunks gets them read
with one system call and opened straight into its buffer. A reader belongs to one
thread at a time.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.crypto.age.chunks import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    TAG_SIZE,
    chunk_nonce,
    open_chunks,
)
from app.errors import AuthenticationError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Whole chunks read and opened in one go when the caller's buffer takes them (512 KiB).
_READ_BATCH = 8


def seek_position(position: int, size: int, offset: int, whence: int) -> int:
    """Where ``seek(offset, whence)`` lands from ``position`` in a stream of ``size``
    bytes; ValueError for an unknown ``whence`` or a position before the start."""
    base = {os.SEEK_SET: 0, os.SEEK_CUR: position, os.SEEK_END: size}.get(whence)
    if base is None:
        raise ValueError(f"invalid whence ({whence})")
    if base + offset < 0:
        raise ValueError("negative seek position")
    return base + offset


def read_in_pieces(readinto: Callable[[bytearray], int], size: int | None, piece: int) -> bytes:
    """Up to ``size`` bytes (all with -1 or None) from ``readinto``, gathered ``piece``
    bytes at a time, so a huge ``size`` allocates nothing up front; stops only when
    ``readinto`` returns 0 (a short read is not the end)."""
    remaining = -1 if size is None or size < 0 else size
    parts: list[bytes] = []
    while remaining:
        buffer = bytearray(piece if remaining < 0 else min(remaining, piece))
        got = readinto(buffer)
        if not got:
            break
        parts.append(bytes(buffer) if got == len(buffer) else bytes(buffer[:got]))
        if remaining > 0:
            remaining -= got
    return b"".join(parts)


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
        self._batch: memoryview | None = None  # for runs of chunks, made on first use
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
        self._pos = seek_position(self._pos, self.size, offset, whence)
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all with -1 or None), fewer only at the end of the plaintext.

        Gathered in bounded pieces, so a huge ``size`` allocates nothing up front. Loops
        until ``readinto`` returns 0: a short read is not the end, because a chunk that
        fails authentication is reported on the call after the good bytes before it, and
        stopping early would pass a truncated plaintext off as complete.
        """
        return read_in_pieces(self.readinto, size, 16 * CHUNK_SIZE)

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
                if within == 0 and want - filled >= 2 * CHUNK_SIZE:
                    got = self._load_run(index, view[filled:])
                    if got:
                        self._pos += got
                        return got
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

    def _load_run(self, index: int, target: memoryview) -> int:
        """Whole non-final chunks from ``index`` on into ``target``; 0 when none apply.

        Only on a seekable source, where the layout says which chunks are full and not
        final. A chunk that fails here is left to ``_load``, which tells a damaged
        chunk from an early final one.
        """
        if not self._random_access:
            return 0
        count = min(len(target) // CHUNK_SIZE, _READ_BATCH, self._chunks - 1 - index)
        if count < 2:
            return 0
        if self._batch is None:
            self._batch = memoryview(bytearray(_READ_BATCH * ENCRYPTED_CHUNK_SIZE))
        offset = self._start + index * ENCRYPTED_CHUNK_SIZE
        if self._src_pos != offset:
            self._src.seek(offset)
        length = count * ENCRYPTED_CHUNK_SIZE
        got = self._fill(self._batch, length)
        self._src_pos = offset + got
        if got != length:
            raise AuthenticationError("The encrypted file changed size while being read.")
        verified = open_chunks(self._aead, index, self._batch, count, target)
        return verified * CHUNK_SIZE

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
                got: int = self._aead.decrypt_into(chunk_nonce(index, last), ciphertext, None, out)
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
        got = self._fill(self._cipher_view, length)
        self._src_pos = self._start + offset + got
        if got != length:
            raise AuthenticationError("The encrypted file changed size while being read.")
        return got

    def _read_next(self) -> int:
        got = self._fill(self._cipher_view, ENCRYPTED_CHUNK_SIZE)
        if got == 0:
            raise AuthenticationError("The encrypted data is truncated (no final chunk).")
        return got

    def _fill(self, buffer: memoryview, length: int) -> int:
        got = 0
        while got < length:
            n = self._src.readinto(buffer[got:length])  # type: ignore[attr-defined]  # BinaryIO lacks readinto in typeshed; real files have it
            if not n:
                break
            got += n
        return got
