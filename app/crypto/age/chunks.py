"""STREAM chunk arithmetic: sizes, nonces, and sealing or opening runs of full chunks.

Runs of full, non-final chunks are the hot path of both directions; they are processed
straight between the caller's buffers and one batch buffer, one chunk after another so
each stays in the CPU cache between the cipher and the copy. (Spreading chunks over
helper threads was measured slower on a busy two-core machine: every hand-off waited for
the scheduler.) Pure functions, any thread.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE


def chunk_nonce(index: int, last: bool) -> bytes:
    """The 12-byte chunk nonce: 11-byte big-endian counter, then the final-chunk flag."""
    return ((index << 8) | last).to_bytes(12, "big")


def seal_chunks(
    aead: ChaCha20Poly1305, first_index: int, plain: memoryview, count: int, out: memoryview
) -> None:
    """Seal ``count`` full chunks of ``plain`` as non-final chunks into ``out``."""
    encrypt_into = aead.encrypt_into
    for i in range(count):
        encrypt_into(
            chunk_nonce(first_index + i, False),
            plain[i * CHUNK_SIZE : (i + 1) * CHUNK_SIZE],
            None,
            out[i * ENCRYPTED_CHUNK_SIZE : (i + 1) * ENCRYPTED_CHUNK_SIZE],
        )


def open_chunks(
    aead: ChaCha20Poly1305, first_index: int, cipher: memoryview, count: int, out: memoryview
) -> int:
    """Open ``count`` full non-final chunks into ``out``; how many verified before a failure.

    The chunk that failed is zeroed in ``out``: nothing unverified is left for the caller.
    """
    decrypt_into = aead.decrypt_into
    for i in range(count):
        target = out[i * CHUNK_SIZE : (i + 1) * CHUNK_SIZE]
        try:
            decrypt_into(
                chunk_nonce(first_index + i, False),
                cipher[i * ENCRYPTED_CHUNK_SIZE : (i + 1) * ENCRYPTED_CHUNK_SIZE],
                None,
                target,
            )
        except InvalidTag:
            target[:] = bytes(CHUNK_SIZE)
            return i
    return count
