"""The age v1 file format (age-encryption.org/v1) on `cryptography` primitives.

X25519 recipients and identities, the strictly parsed header with its MAC, and the
STREAM payload (``stream``) that the vault's media blobs share. Sealed packages are
age files so that the standard ``age`` tool opens them. Qt-free; any thread, one
object per thread at a time.
"""

from __future__ import annotations

from app.crypto.age.encryption import Decryptor, Encryptor, decrypt, encrypt
from app.crypto.age.keys import (
    X25519Identity,
    X25519Recipient,
    parse_identities,
    parse_recipients,
)

__all__ = [
    "Decryptor",
    "Encryptor",
    "X25519Identity",
    "X25519Recipient",
    "decrypt",
    "encrypt",
    "parse_identities",
    "parse_recipients",
]
