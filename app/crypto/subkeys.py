"""Purpose-specific keys derived from the vault master key with HKDF-SHA256.

The master key never encrypts anything itself: the database, the media blobs and the
wrapped device signing key each get their own key under a distinct label, so a weakness
in one use cannot be turned against another. Pure functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER_KEY_LENGTH = 32
SUBKEY_LENGTH = 32

LABEL_DATABASE = b"evidence-vault/v1/database-key"
LABEL_MEDIA = b"evidence-vault/v1/media-key"
LABEL_SIGNING_WRAP = b"evidence-vault/v1/signing-key-wrap"


@dataclass(frozen=True)
class VaultKeys:
    """The keys one unlocked vault works with; ``repr`` hides them."""

    database: bytes = field(repr=False)
    media: bytes = field(repr=False)
    signing_wrap: bytes = field(repr=False)


def _expand(master_key: bytes, label: bytes) -> bytes:
    # No salt: the master key is already 256 uniformly random bits, which is the case
    # RFC 5869 section 3.1 allows; the label alone separates the uses.
    return HKDF(algorithm=hashes.SHA256(), length=SUBKEY_LENGTH, salt=None, info=label).derive(
        master_key
    )


def derive_vault_keys(master_key: bytes) -> VaultKeys:
    if len(master_key) != MASTER_KEY_LENGTH:
        raise ValueError(f"The vault master key is {MASTER_KEY_LENGTH} bytes.")
    return VaultKeys(
        database=_expand(master_key, LABEL_DATABASE),
        media=_expand(master_key, LABEL_MEDIA),
        signing_wrap=_expand(master_key, LABEL_SIGNING_WRAP),
    )
