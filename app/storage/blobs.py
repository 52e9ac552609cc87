"""The encrypted blob store: one file per media item under a random name.

Every blob file ``blobs/<2 hex>/<32 hex>`` starts with the same header::

    magic   b"EVBLOB\\x00" + version               8 bytes (the last byte is the version)
    nonce   random                                 12 bytes
    wrapped ChaCha20-Poly1305(media key, file key,  48 bytes (32-byte key + 16-byte tag)
            aad = magic + blob id)
    stream  random payload nonce                   16 bytes
    payload age v1 STREAM with derive_payload_key(file key, stream nonce)

Version 1 (``EVBLOB\\0\\1``): the payload is the media file itself.

Version 2 (``EVBLOB\\0\\2``), an *overlay*: the payload is not content but a short
description of it, a version-1 blob (the *base*) with some byte ranges replaced, every
other byte at the offset it has in the base. A working copy whose metadata was blanked
in place (MP4/MOV boxes turned into ``free`` boxes, TIFF and HEIC EXIF values zeroed)
is stored this way: its sealed original is the base, so the copy costs one decrypting
pass to hash instead of a second encrypted gigabyte on the disk. The payload, all
integers big-endian::

    base id       32 bytes   the base's blob id (lowercase hex, ASCII)
    binding       32 bytes   HMAC-SHA256(base file key, b"evidence-vault overlay base\\x00"
                             + base stream nonce + base id): this base file, no other
    base size      8 bytes   the base's plaintext size (the copy has the same size)
    base sha256   32 bytes   the base's plaintext SHA-256
    count          4 bytes   number of patches, in increasing offset, not overlapping
    patches       count x    offset (8) + length (8) + literal length (4) + literal:
                             bytes [offset, offset + length) of the copy are the literal
                             followed by zeros (a blanked box is its header and zeros)

The payload is encrypted and authenticated like any blob's, and the version is in the
key wrap's associated data, so neither the base id nor a patch can be changed or a
version swapped without the media key. Reading an overlay (an ``OverlayReader``,
returned by :meth:`BlobStore.open` like any reader, seekable) reads the base and lays the
patches over it; it fails closed when the base is missing, is not the file bound above,
has another size, or (on a reading of the whole copy from the start, as the check and
an export do) does not hash to the recorded SHA-256. A base is a sealed original: its
row cannot be deleted while the copy's row names it (``derived_from`` is a foreign key
and sealed attachments are never removed), and the orphan sweep also keeps any blob an
overlay on disk names (:meth:`BlobStore.overlay_bases`). Copies that change lengths
(dropped JPEG segments, a rewritten PDF, blurred faces) stay version-1 blobs. The
description, its reader and the pass that makes one are in :mod:`app.storage.overlays`;
this module stores and opens the files.

A fresh random file key per blob means equal files give unrelated ciphertexts, and the
blob id in the AAD stops a wrapped key from being swapped onto another blob. The
STREAM payload decrypts as a stream and seeks (media playback) without a temp file.

Writing reads the source once: hash, keep the head (for type sniffing and EXIF),
encrypt and write in the same pass, with memory bounded by one read buffer and the
head. The file appears under its final name only after ``fsync``; until then it is
``<id>.partial``, which :meth:`BlobStore.remove_partials` clears after a crash.
Thread: any thread may write a blob (the work is CPU and disk, not the database).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.crypto.age.stream import PayloadReader, PayloadWriter, derive_payload_key
from app.errors import (
    AuthenticationError,
    CancelledError,
    EvidenceVaultError,
    FormatError,
    NotFoundError,
    StorageError,
    UnsupportedVersionError,
    VaultLockedError,
)
from app.fsutil import FILE_MODE, PARTIAL_SUFFIX, ensure_private_dir, fsync_dir
from app.platform import files
from app.platform.files import binary_flags, write_back_so_far
from app.storage.blob_ids import BLOB_ID, check_blob_id
from app.storage.overlays import (
    OVERLAY_LIMIT,
    Overlay,
    OverlayReader,
    binding,
    hash_with_patches,
    overlay_patches,
    overlay_size,
)

MAGIC = b"EVBLOB\x00\x01"  # version 1: the payload is the content
OVERLAY_MAGIC = b"EVBLOB\x00\x02"  # version 2: the payload describes an overlay
MAGICS = (MAGIC, OVERLAY_MAGIC)
MAGIC_FAMILY = MAGIC[:7]
FILE_KEY_SIZE = 32
WRAP_NONCE_SIZE = 12
WRAPPED_KEY_SIZE = FILE_KEY_SIZE + 16
STREAM_NONCE_SIZE = 16
HEADER_SIZE = len(MAGIC) + WRAP_NONCE_SIZE + WRAPPED_KEY_SIZE + STREAM_NONCE_SIZE
READ_SIZE = 1024 * 1024
RING_SIZE = 3  # read buffers in flight: one being read, one or two being hashed
HASH_ON_HELPER_THREAD = True  # off only to measure the difference
# Enough for the EXIF block of any camera (EXIF lives in the first 64 KiB of a JPEG;
# HEIC and TIFF place it early too) while staying small in memory.
HEAD_SIZE = 512 * 1024
# What a blob holds so far is written back every this many bytes while it is written,
# so the fsync at the end waits for the last few MiB instead of the whole file.
WRITEBACK_STEP = 16 * 1024 * 1024
_PARTIAL = re.compile(r"([0-9a-f]{32})" + re.escape(PARTIAL_SUFFIX))

Progress = Callable[[int], None]
Cancel = Callable[[], bool]
DestinationWrapper = Callable[[BinaryIO], BinaryIO]


@dataclass(frozen=True)
class BlobWritten:
    blob_id: str
    size: int
    sha256: str
    head: bytes  # the first HEAD_SIZE plaintext bytes, for sniffing and EXIF


class _EarlyWriteback:
    """The blob file, written back to the disk each ``WRITEBACK_STEP`` written.

    The write-back runs on a helper thread (it waits for the disk; the encryption need
    not wait with it); while one runs, the next step does not ask again. :meth:`close`
    waits for the last one, before the descriptor is synced and closed.
    """

    def __init__(self, raw: BinaryIO, fd: int) -> None:
        self._raw, self._fd = raw, fd
        self._written = 0
        self._kicked = 0
        self._helper: ThreadPoolExecutor | None = None
        self._last: Future[None] | None = None

    def write(self, data: Any) -> int:
        count = self._raw.write(data)
        count = len(data) if count is None else count
        self._written += count
        if self._written - self._kicked >= WRITEBACK_STEP:
            if self._helper is None:
                self._helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="blob-sync")
            if self._last is None or self._last.done():  # else the next step asks again
                self._last = self._helper.submit(write_back_so_far, self._fd)
                self._kicked = self._written
        return count

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if self._helper is not None:
            self._helper.shutdown(wait=True)
            self._helper = None


class BlobReader(PayloadReader):
    """The plaintext of one blob; closing it closes the blob file too."""

    def __init__(self, handle: BinaryIO, payload_key: bytes, *, payload_offset: int) -> None:
        self._handle = handle
        super().__init__(handle, payload_key, payload_offset=payload_offset)

    def close(self) -> None:
        try:
            super().close()
        finally:
            handle = getattr(self, "_handle", None)
            if handle is not None:
                handle.close()


MediaReader = BlobReader | OverlayReader


class BlobStore:
    """Blobs of one vault, encrypted under its media key."""

    def __init__(
        self,
        folder: Path,
        media_key: bytes,
        *,
        destination_wrapper: DestinationWrapper | None = None,
    ) -> None:
        if len(media_key) != 32:
            raise ValueError("the media key must be 32 bytes")
        self.folder = folder
        self._aead: ChaCha20Poly1305 | None = ChaCha20Poly1305(media_key)
        # Lets tests put a failing disk between the encryptor and the file.
        self.destination_wrapper = destination_wrapper
        # Blobs being written or written but not yet committed: never orphans.
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()

    # -- paths ---------------------------------------------------------------------------

    def path_of(self, blob_id: str) -> Path:
        check_blob_id(blob_id)
        return self.folder / blob_id[:2] / blob_id

    def _cipher(self) -> ChaCha20Poly1305:
        if self._aead is None:
            raise VaultLockedError("The vault is locked.")
        return self._aead

    def forget_key(self) -> None:
        """Drop the media key (on lock)."""
        self._aead = None

    # -- writing -------------------------------------------------------------------------

    def write(
        self,
        source: BinaryIO,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        blob_id: str | None = None,
    ) -> BlobWritten:
        """Encrypt everything ``source`` yields into a new blob, reading it once.

        The blob stays "in flight" (safe from the orphan sweep) until :meth:`release`.
        Raises CancelledError when ``cancel()`` turns true, StorageError when the disk
        refuses; in both cases no file of this blob remains. ``blob_id`` None draws a
        random id (always, except for a blob whose id its owner derives from a key: the
        duress decoy's).
        """
        aead = self._cipher()
        return self._store(
            blob_id,
            lambda new_id, partial: self._write_partial(
                aead, new_id, source, partial, progress, cancel
            ),
        )

    def write_overlay(
        self,
        base_id: str,
        changes: Iterable[tuple[int, bytes]],
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> tuple[BlobWritten, str]:
        """A new version-2 blob: the blob ``base_id`` with ``changes`` (offset, bytes of
        the same length) laid over it; and the SHA-256 of the base as it was read.

        The base is decrypted once and hashed twice as it streams, as itself and as the
        copy, so the returned ``BlobWritten`` names the copy's size, SHA-256 and head as
        if the copy had been written whole. Only then is the small overlay file written,
        in-flight, synced and renamed into place like any blob. The caller compares the
        base's hash with its record (and deletes the overlay if it differs). ValueError
        for changes that overlap or run past the end or whose description would exceed
        OVERLAY_LIMIT (such a copy is written whole instead); the errors of
        :meth:`open` for the base, CancelledError, StorageError.
        """
        aead = self._cipher()
        check_blob_id(base_id)
        handle, file_key, stream_nonce, magic = self._open_file(aead, base_id)
        if magic != MAGIC:
            handle.close()
            raise FormatError("A working copy is made from an original, not from a copy.")
        with BlobReader(
            handle, derive_payload_key(file_key, stream_nonce), payload_offset=HEADER_SIZE
        ) as base:
            size = base.size or 0
            patches = overlay_patches(size, changes)
            if overlay_size(patches) > OVERLAY_LIMIT:
                raise ValueError("the changes are too large to store as an overlay")
            read, base_sha256, copy_sha256, head = hash_with_patches(
                base, patches, progress, cancel, HEAD_SIZE
            )
        if read != size:
            raise AuthenticationError("A stored media file changed size while being read.")
        body = Overlay(
            base_id, binding(file_key, stream_nonce, base_id), size, base_sha256, patches
        ).encode()
        stored = self._store(
            None,
            lambda new_id, partial: self._write_partial(
                aead, new_id, io.BytesIO(body), partial, None, None, magic=OVERLAY_MAGIC
            ),
        )
        return BlobWritten(stored.blob_id, size, copy_sha256, head), base_sha256

    def _store(
        self, blob_id: str | None, produce: Callable[[str, Path], BlobWritten]
    ) -> BlobWritten:
        """Run ``produce(blob id, partial path)``, then put the file under its name."""
        blob_id = secrets.token_hex(16) if blob_id is None else check_blob_id(blob_id)
        with self._in_flight_lock:
            self._in_flight.add(blob_id)
        folder = self.folder / blob_id[:2]
        final = folder / blob_id
        partial = folder / (blob_id + PARTIAL_SUFFIX)
        try:
            if not folder.is_dir():
                ensure_private_dir(self.folder)  # parents would get the umask's mode
                ensure_private_dir(folder)
            result = produce(blob_id, partial)
            files.replace(partial, final)  # written through on Windows
            fsync_dir(folder)
        except BaseException as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            self.release(blob_id)
            if isinstance(error, OSError):
                raise StorageError(f"Cannot write to the vault: {error.strerror}") from None
            raise
        return result

    def _write_partial(
        self,
        aead: ChaCha20Poly1305,
        blob_id: str,
        source: BinaryIO,
        partial: Path,
        progress: Progress | None,
        cancel: Cancel | None,
        *,
        magic: bytes = MAGIC,
    ) -> BlobWritten:
        file_key = secrets.token_bytes(FILE_KEY_SIZE)
        wrap_nonce = secrets.token_bytes(WRAP_NONCE_SIZE)
        stream_nonce = secrets.token_bytes(STREAM_NONCE_SIZE)
        wrapped = aead.encrypt(wrap_nonce, file_key, magic + blob_id.encode("ascii"))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | binary_flags()
        fd = os.open(partial, flags | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        early: _EarlyWriteback | None = None
        try:
            raw: BinaryIO = open(fd, "wb", buffering=0, closefd=False)  # noqa: SIM115 -- closed below; the fd outlives it for fsync
            early = _EarlyWriteback(raw, fd)
            sink = cast(BinaryIO, early)  # only write and flush are used
            wrapper = self.destination_wrapper
            destination = sink if wrapper is None else wrapper(sink)
            destination.write(magic + wrap_nonce + wrapped + stream_nonce)
            writer = PayloadWriter(destination, derive_payload_key(file_key, stream_nonce))
            digest = hashlib.sha256()
            try:
                size, head = self._pump(source, writer, digest, progress, cancel)
                writer.close()
            except BaseException:
                writer.abort()
                raise
            raw.close()
            files.fsync_file(fd)  # F_FULLFSYNC on macOS
        finally:
            if early is not None:
                early.close()  # its helper ends before the descriptor does
            os.close(fd)
        return BlobWritten(blob_id, size, digest.hexdigest(), bytes(head))

    @staticmethod
    def _pump(
        source: BinaryIO,
        writer: PayloadWriter,
        digest: Any,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> tuple[int, bytes]:
        """Read ``source`` once into a small ring of buffers; hash and encrypt each.

        hashlib releases the GIL, so for files beyond one buffer the hash runs on a
        helper thread while this one encrypts: the import costs about the slower of the
        two instead of their sum. A buffer is reused only after its hash is done (and
        ``writer.write`` has returned, so encryption no longer reads it).
        """
        buffers = [memoryview(bytearray(READ_SIZE)) for _ in range(RING_SIZE)]
        pending: list[Future[None] | None] = [None] * RING_SIZE
        hasher: ThreadPoolExecutor | None = None
        head = bytearray()
        size = 0
        turn = 0
        try:
            while True:
                if cancel is not None and cancel():
                    raise CancelledError("The import was cancelled.")
                slot = turn % RING_SIZE
                waiting = pending[slot]
                if waiting is not None:
                    waiting.result()
                try:
                    count = source.readinto(buffers[slot])  # type: ignore[attr-defined]  # BinaryIO lacks readinto in typeshed
                except OSError as error:  # a stick pulled out, a failing disk
                    raise StorageError(
                        f"Cannot read the file being imported: {error.strerror}"
                    ) from None
                if not count:
                    break
                chunk = buffers[slot][:count]
                if hasher is None and count == READ_SIZE and HASH_ON_HELPER_THREAD:
                    hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="blob-sha256")
                if hasher is not None:
                    # One worker: updates run in submission order, as SHA-256 needs.
                    pending[slot] = hasher.submit(digest.update, chunk)
                else:
                    digest.update(chunk)
                writer.write(chunk)
                if len(head) < HEAD_SIZE:
                    head += chunk[: HEAD_SIZE - len(head)]
                size += count
                turn += 1
                if progress is not None:
                    progress(size)
            for waiting in pending:
                if waiting is not None:
                    waiting.result()
        finally:
            if hasher is not None:
                hasher.shutdown(wait=True, cancel_futures=True)
        return size, bytes(head)

    def release(self, blob_id: str) -> None:
        """The blob is committed (or deleted): the orphan sweep may judge it again."""
        with self._in_flight_lock:
            self._in_flight.discard(blob_id)

    def in_flight(self) -> frozenset[str]:
        with self._in_flight_lock:
            return frozenset(self._in_flight)

    # -- reading -------------------------------------------------------------------------

    def open(self, blob_id: str) -> MediaReader:
        """A seekable reader of the blob's plaintext; the caller closes it.

        Raises NotFoundError for a missing blob (or, for an overlay, a missing base),
        FormatError for a file that is not a blob, AuthenticationError when the key wrap
        does not verify (tampering) or an overlay's base is not the one it was made
        over. The payload itself is checked chunk by chunk as it is read.
        """
        aead = self._cipher()
        handle, file_key, stream_nonce, magic = self._open_file(aead, blob_id)
        payload_key = derive_payload_key(file_key, stream_nonce)
        if magic == MAGIC:
            return BlobReader(handle, payload_key, payload_offset=HEADER_SIZE)
        with BlobReader(handle, payload_key, payload_offset=HEADER_SIZE) as described:
            overlay = self._read_overlay(described)
        return self._overlay_reader(aead, overlay)

    def overlay_of(self, blob_id: str) -> Overlay | None:
        """What the blob overlays, or None for a blob that holds its content itself."""
        aead = self._cipher()
        handle, file_key, stream_nonce, magic = self._open_file(aead, blob_id)
        payload_key = derive_payload_key(file_key, stream_nonce)
        with BlobReader(handle, payload_key, payload_offset=HEADER_SIZE) as described:
            return None if magic == MAGIC else self._read_overlay(described)

    def overlay_bases(self, blob_ids: Iterable[str]) -> tuple[set[str], list[str]]:
        """The bases that the overlays among ``blob_ids`` name, and the ids of overlays
        whose description could not be read (their base is then unknown). Costs one
        small read per blob and a decryption per overlay."""
        bases: set[str] = set()
        unreadable: list[str] = []
        for blob_id in blob_ids:
            try:
                with self.path_of(blob_id).open("rb") as handle:
                    if handle.read(len(MAGIC)) != OVERLAY_MAGIC:
                        continue
                overlay = self.overlay_of(blob_id)
            except FileNotFoundError:
                continue
            except (OSError, EvidenceVaultError):
                unreadable.append(blob_id)
                continue
            if overlay is not None:
                bases.add(overlay.base_id)
        return bases, unreadable

    @staticmethod
    def _read_overlay(described: BlobReader) -> Overlay:
        data = described.read(OVERLAY_LIMIT + 1)
        if len(data) > OVERLAY_LIMIT:
            raise FormatError("A working copy's stored description is larger than allowed.")
        return Overlay.decode(data)

    def _overlay_reader(self, aead: ChaCha20Poly1305, overlay: Overlay) -> OverlayReader:
        try:
            handle, file_key, stream_nonce, magic = self._open_file(aead, overlay.base_id)
        except NotFoundError:
            raise NotFoundError(
                "The original a working copy is built on is missing from the vault; the "
                "copy cannot be read without it."
            ) from None
        try:
            if magic != MAGIC:
                raise FormatError("A working copy is built on another copy, not an original.")
            if not hmac.compare_digest(
                binding(file_key, stream_nonce, overlay.base_id), overlay.binding
            ):
                raise AuthenticationError(
                    "A working copy is built on a media file that is not its original "
                    "(damaged or altered)."
                )
            base = BlobReader(
                handle, derive_payload_key(file_key, stream_nonce), payload_offset=HEADER_SIZE
            )
        except BaseException:
            handle.close()
            raise
        if base.size != overlay.base_size:
            base.close()
            raise AuthenticationError(
                "The original a working copy is built on does not have its recorded size."
            )
        return OverlayReader(base, overlay)

    def _open_file(
        self, aead: ChaCha20Poly1305, blob_id: str
    ) -> tuple[BinaryIO, bytes, bytes, bytes]:
        """The open blob file past its header, its file key, stream nonce and magic."""
        path = self.path_of(blob_id)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise NotFoundError("A stored media file is missing from the vault.") from None
        except OSError as error:
            raise StorageError(f"Cannot read a stored media file: {error.strerror}") from None
        try:
            header = handle.read(HEADER_SIZE)
            file_key, stream_nonce, magic = self._unwrap(aead, blob_id, header)
        except BaseException:
            handle.close()
            raise
        return handle, file_key, stream_nonce, magic

    @staticmethod
    def _unwrap(aead: ChaCha20Poly1305, blob_id: str, header: bytes) -> tuple[bytes, bytes, bytes]:
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC_FAMILY):
            raise FormatError("A stored media file is not in the vault's blob format.")
        magic = header[: len(MAGIC)]
        if magic not in MAGICS:
            raise UnsupportedVersionError("A stored media file has an unknown format version.")
        at = len(MAGIC)
        wrap_nonce = header[at : at + WRAP_NONCE_SIZE]
        at += WRAP_NONCE_SIZE
        wrapped = header[at : at + WRAPPED_KEY_SIZE]
        at += WRAPPED_KEY_SIZE
        stream_nonce = header[at : at + STREAM_NONCE_SIZE]
        try:
            file_key = aead.decrypt(wrap_nonce, wrapped, magic + blob_id.encode("ascii"))
        except InvalidTag:
            raise AuthenticationError(
                "A stored media file failed authentication (damaged or altered)."
            ) from None
        return file_key, stream_nonce, magic

    # -- housekeeping --------------------------------------------------------------------

    def delete(self, blob_id: str) -> None:
        """Remove a blob file. A missing file is not an error.

        No overwrite first: on flash storage (SSDs, USB sticks) the controller writes
        the new bytes elsewhere, so overwriting gives no assurance; the content is
        ciphertext under a key that dies with the vault anyway.
        """
        path = self.path_of(blob_id)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"Cannot remove a stored media file: {error.strerror}") from None
        fsync_dir(path.parent)
        self.release(blob_id)

    def _files(self) -> Iterator[tuple[Path, str]]:
        if not self.folder.is_dir():
            return
        for sub in sorted(self.folder.iterdir()):
            if not (sub.is_dir() and re.fullmatch(r"[0-9a-f]{2}", sub.name)):
                continue
            for entry in sorted(sub.iterdir()):
                yield entry, sub.name

    def iter_blob_ids(self) -> Iterator[str]:
        """Ids of every complete blob on disk (not the .partial ones)."""
        for entry, prefix in self._files():
            if BLOB_ID.fullmatch(entry.name) and entry.name.startswith(prefix):
                yield entry.name

    def remove_partials(self) -> list[str]:
        """Remove blobs left half-written by a crash; returns their ids.

        A .partial file never has a database row (rows are written after the rename),
        so removing it loses nothing. Blobs being written right now are left alone.
        """
        busy = self.in_flight()
        removed = []
        for entry, _prefix in self._files():
            match = _PARTIAL.fullmatch(entry.name)
            if match and match.group(1) not in busy:
                try:
                    entry.unlink()
                except OSError as error:
                    raise StorageError(
                        f"Cannot remove an unfinished media file: {error.strerror}"
                    ) from None
                removed.append(match.group(1))
        return removed
