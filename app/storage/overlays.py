"""Overlays (blob format version 2): a working copy stored as its original's blob with
some byte ranges replaced, every other byte at the offset it has in the original.

The format and why it is safe are described in :mod:`app.storage.blobs`, which stores and
opens these files. Here: the description itself (:class:`Overlay`, its encoding and its
strict decoding), turning a copy's changes into patches, the reader that lays the
patches over the original's plaintext, and the one decrypting pass that hashes the
original and the copy together when a copy is made. Nothing here touches a file or a
key; :class:`~app.storage.blobs.BlobStore` hands in the readers and keys.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import io
import os
import struct
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.crypto.age.stream_reader import read_in_pieces, seek_position
from app.errors import AuthenticationError, CancelledError, FormatError
from app.storage.blob_ids import BLOB_ID

if TYPE_CHECKING:
    from app.storage.blobs import BlobReader

# A description larger than this is not an overlay (such a copy is written whole).
OVERLAY_LIMIT = 16 * 1024 * 1024
_OVERLAY_HEAD = struct.Struct(">32s32sQ32sI")  # base id, binding, size, sha256, count
_PATCH = struct.Struct(">QQI")  # offset, length, literal length
_BINDING_LABEL = b"evidence-vault overlay base\x00"
# The pass that makes a copy: blocks of this size, this many in flight.
PASS_SIZE = 1024 * 1024
PASS_RING = 4


Patch = tuple[int, int, bytes]  # offset, length, literal (the rest of the length zeros)


@dataclass(frozen=True)
class Overlay:
    """What a version-2 blob says: its base and the patches laid over it."""

    base_id: str
    binding: bytes
    base_size: int
    base_sha256: str
    patches: tuple[Patch, ...]

    def encode(self) -> bytes:
        parts = [
            _OVERLAY_HEAD.pack(
                self.base_id.encode("ascii"),
                self.binding,
                self.base_size,
                bytes.fromhex(self.base_sha256),
                len(self.patches),
            )
        ]
        for offset, length, literal in self.patches:
            parts.append(_PATCH.pack(offset, length, len(literal)))
            parts.append(literal)
        return b"".join(parts)

    @classmethod
    def decode(cls, data: bytes) -> Overlay:
        """The overlay ``data`` describes; FormatError for anything out of shape."""
        bad = FormatError("A working copy's stored description is damaged.")
        if len(data) < _OVERLAY_HEAD.size:
            raise bad
        raw_id, binding, size, digest, count = _OVERLAY_HEAD.unpack_from(data)
        base_id = raw_id.decode("ascii", "replace")
        if not BLOB_ID.fullmatch(base_id):
            raise bad
        at = _OVERLAY_HEAD.size
        patches: list[Patch] = []
        end = 0
        for _ in range(count):
            if at + _PATCH.size > len(data):
                raise bad
            offset, length, literal_length = _PATCH.unpack_from(data, at)
            at += _PATCH.size
            if offset < end or length == 0 or literal_length > length or offset + length > size:
                raise bad
            if at + literal_length > len(data):
                raise bad
            patches.append((offset, length, data[at : at + literal_length]))
            at += literal_length
            end = offset + length
        if at != len(data):
            raise bad
        return cls(base_id, binding, size, digest.hex(), tuple(patches))


def overlay_patches(size: int, changes: Iterable[tuple[int, bytes]]) -> tuple[Patch, ...]:
    """``changes`` (offset, replacement bytes) of a file of ``size`` bytes as patches:
    in order, trailing zeros not stored. ValueError when two overlap or one runs past
    the end (such a copy is not an overlay)."""
    patches: list[Patch] = []
    end = 0
    for offset, data in sorted(changes, key=lambda change: change[0]):
        if not data:
            continue
        if offset < end or offset + len(data) > size:
            raise ValueError("changes overlap or run past the end of the file")
        patches.append((offset, len(data), bytes(data).rstrip(b"\x00")))
        end = offset + len(data)
    return tuple(patches)


def overlay_size(patches: Sequence[Patch]) -> int:
    """Bytes of the description of an overlay with ``patches`` (at most OVERLAY_LIMIT)."""
    return _OVERLAY_HEAD.size + sum(_PATCH.size + len(literal) for _, _, literal in patches)


def overlay_fits(size: int, changes: Iterable[tuple[int, bytes]]) -> bool:
    """Whether ``changes`` to a file of ``size`` bytes can be stored as an overlay:
    none overlaps another or runs past the end, and the description is small enough."""
    try:
        return overlay_size(overlay_patches(size, changes)) <= OVERLAY_LIMIT
    except ValueError:
        return False


def apply_patches(
    patches: Sequence[Patch], ends: Sequence[int], view: memoryview, start: int
) -> None:
    """Lay the patches over ``view``, which holds bytes ``start`` on of the base."""
    stop = start + len(view)
    index = bisect.bisect_right(ends, start)  # the first patch ending after ``start``
    while index < len(patches) and patches[index][0] < stop:
        offset, length, literal = patches[index]
        low, high = max(start, offset), min(stop, offset + length)
        literal_end = min(high, offset + len(literal))
        if low < literal_end:
            view[low - start : literal_end - start] = literal[low - offset : literal_end - offset]
        zeros_from = max(low, offset + len(literal))
        if zeros_from < high:
            view[zeros_from - start : high - start] = bytes(high - zeros_from)
        index += 1


def binding(file_key: bytes, stream_nonce: bytes, base_id: str) -> bytes:
    message = _BINDING_LABEL + stream_nonce + base_id.encode("ascii")
    return hmac.new(file_key, message, "sha256").digest()


class OverlayReader(io.RawIOBase):
    """The plaintext of an overlay blob: its base's, with the patches laid over it.

    Seekable like :class:`BlobReader` (every chunk of the base is verified as it is
    read). Bytes read in order from the start are also hashed: once the last byte of
    the base has been, the hash must be the one the overlay recorded, or the read fails
    (and every read after it), so a whole reading of the copy checks its base too.
    Closing it closes the base.
    """

    def __init__(self, base: BlobReader, overlay: Overlay) -> None:
        super().__init__()
        self._base = base
        self._overlay = overlay
        self._ends = [offset + length for offset, length, _ in overlay.patches]
        self.size: int = overlay.base_size
        self._pos = 0
        self._digest = hashlib.sha256()
        self._hashed = 0  # base bytes hashed in order from the start
        self._failure: AuthenticationError | None = None

    @property
    def base_id(self) -> str:
        return self._overlay.base_id

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check_open()
        self._pos = seek_position(self._pos, self.size, offset, whence)
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all with -1 or None), gathered in bounded pieces."""
        return read_in_pieces(self.readinto, size, PASS_SIZE)

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: Any) -> int:
        self._check_open()
        if self._failure is not None:
            raise self._failure
        view = memoryview(buffer).cast("B")
        if not len(view):
            return 0
        if self._pos >= self.size:
            # The end: only once the base's reader has verified its final chunk.
            self._base.seek(self.size)
            if self._base.readinto(view[:1]):
                raise self._fail("The original a working copy is built on is longer than recorded.")
            return 0
        if self._base.tell() != self._pos:
            self._base.seek(self._pos)
        count = self._base.readinto(view[: min(len(view), self.size - self._pos)])
        if not count:
            raise self._fail("The original a working copy is built on is shorter than recorded.")
        if self._hashed == self._pos and self._hashed < self.size:
            self._digest.update(view[:count])
            self._hashed += count
            if self._hashed == self.size and self._digest.hexdigest() != self._overlay.base_sha256:
                view[:count] = bytes(count)
                raise self._fail(
                    "The original a working copy is built on no longer matches its recorded "
                    "SHA-256; the copy cannot be trusted."
                )
        apply_patches(self._overlay.patches, self._ends, view[:count], self._pos)
        self._pos += count
        return count

    def _fail(self, message: str) -> AuthenticationError:
        self._failure = AuthenticationError(message)
        return self._failure

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on a closed overlay reader")

    def close(self) -> None:
        try:
            base = getattr(self, "_base", None)
            if base is not None:
                base.close()
        finally:
            super().close()


def hash_with_patches(
    reader: BlobReader,
    patches: Sequence[Patch],
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
    head_size: int,
) -> tuple[int, str, str, bytes]:
    """(size, base SHA-256, copy SHA-256, copy's head) in one decrypting pass.

    This thread decrypts blocks into a small ring of buffers; one helper hashes the
    base and another the copy (hashlib releases the GIL, and so does the cipher), so on
    two cores the pass costs about the sum of the three divided by two. Until the first
    patch the two hashes are one: the copy's state is forked from the base's there, so
    a file changed only near its end is hashed once.
    """
    ends = [offset + length for offset, length, _ in patches]
    first = patches[0][0] if patches else -1
    base_digest = hashlib.sha256()
    copy_digest: Any = None  # shares base_digest until the first patch
    buffers = [memoryview(bytearray(PASS_SIZE)) for _ in range(PASS_RING)]
    pending: list[list[Future[None]]] = [[] for _ in range(PASS_RING)]
    base_hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="overlay-base-sha256")
    copy_hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="overlay-copy-sha256")
    head = bytearray()
    at = 0
    turn = 0

    def settle(futures: list[Future[None]]) -> None:
        for waiting in futures:
            waiting.result()
        futures.clear()

    try:
        while True:
            if cancel is not None and cancel():
                raise CancelledError("The working copy was cancelled.")
            slot = turn % PASS_RING
            settle(pending[slot])
            count = reader.readinto(buffers[slot])
            if not count:
                break
            block = buffers[slot][:count]
            end = at + count
            copy_block = block
            touched = bisect.bisect_right(ends, at)  # the first patch ending after ``at``
            if touched < len(patches) and patches[touched][0] < end:
                copy_block = memoryview(bytearray(block))  # the base's bytes stay as read
                apply_patches(patches, ends, copy_block, at)
            if len(head) < head_size:
                head += copy_block[: head_size - len(head)]
            if copy_digest is None and 0 <= first < end:
                for futures in pending:  # the base's hash is up to date before the fork
                    settle(futures)
                split = first - at
                base_digest.update(block[:split])
                copy_digest = base_digest.copy()
                block, copy_block = block[split:], copy_block[split:]
            futures = pending[slot]
            futures.append(base_hasher.submit(base_digest.update, block))
            if copy_digest is not None:
                futures.append(copy_hasher.submit(copy_digest.update, copy_block))
            at = end
            turn += 1
            if progress is not None:
                progress(at)
        for futures in pending:
            settle(futures)
    finally:
        base_hasher.shutdown(wait=True, cancel_futures=True)
        copy_hasher.shutdown(wait=True, cancel_futures=True)
    base_sha256 = base_digest.hexdigest()
    copy_sha256 = base_sha256 if copy_digest is None else copy_digest.hexdigest()
    return at, base_sha256, copy_sha256, bytes(head)
