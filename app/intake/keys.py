"""The platform's long-lived keys on the intake server: making, storing and loading them.

- The platform age identity (``AGE-SECRET-KEY-1...``, in age-keygen's file format so the
  ``age`` tool can open accepted packages with it) and its recipient (``age1...``).
- The receipt-signing Ed25519 key, in OpenSSH's private key format (so ``ssh-keygen -Y
  sign`` can use it too), with its public line beside it.

Private files are created 0600 through ``atomic_write_bytes`` and are never logged.
Runs on the caller's thread.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.crypto.age.keys import X25519Identity, parse_identities
from app.crypto.signing import (
    MAX_TRUSTED_TEXT,
    NAMESPACE_RECEIPT,
    DeviceIdentity,
    SigningPublicKey,
    parse_trusted_signers,
)
from app.errors import FormatError, StorageError
from app.fsutil import atomic_write_bytes

MAX_KEY_FILE = 64 * 1024


def _read_small(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE + 1)
    except OSError as error:
        raise StorageError(f"Cannot read {path.name}: {error.strerror}") from None
    if len(data) > MAX_KEY_FILE:
        raise FormatError(f"{path.name} is too large to be a key file.")
    return data


class ReceiptKey:
    """The platform's receipt-signing key; satisfies ``receipts.ReceiptSigner``."""

    __slots__ = ("_identity",)

    def __init__(self, identity: DeviceIdentity) -> None:
        self._identity = identity

    @property
    def fingerprint(self) -> str:
        return self._identity.fingerprint

    @property
    def public_key(self) -> SigningPublicKey:
        return self._identity.public_key

    @property
    def public_key_openssh(self) -> str:
        return self._identity.public_key.openssh()

    def sign_receipt(self, message: bytes) -> str:
        return self._identity.sign(NAMESPACE_RECEIPT, message)

    def __repr__(self) -> str:
        return f"ReceiptKey({self.fingerprint})"


def generate_platform_keys(
    *, identity_file: Path, recipient_file: Path, receipt_key_file: Path
) -> None:
    identity = X25519Identity.generate()
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    identity_text = f"# created: {created}\n# public key: {identity.recipient}\n{identity}\n"
    atomic_write_bytes(identity_file, identity_text.encode("ascii"))
    atomic_write_bytes(recipient_file, f"{identity.recipient}\n".encode("ascii"))

    signing_key = Ed25519PrivateKey.generate()
    private_pem = signing_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    atomic_write_bytes(receipt_key_file, private_pem)
    public_line = DeviceIdentity(signing_key).public_key.openssh() + " evidence-vault-intake\n"
    atomic_write_bytes(receipt_key_file.with_suffix(".pub"), public_line.encode("ascii"))


def load_receipt_signer(path: Path) -> ReceiptKey:
    try:
        key = serialization.load_ssh_private_key(_read_small(path), password=None)
    except (ValueError, TypeError):
        raise FormatError("The receipt-signing key file is not an OpenSSH private key.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise FormatError("The receipt-signing key must be Ed25519.")
    return ReceiptKey(DeviceIdentity(key))


def load_platform_identities(path: Path) -> list[X25519Identity]:
    try:
        text = _read_small(path).decode("ascii")
    except UnicodeDecodeError:
        raise FormatError("The platform identity file is not text.") from None
    return parse_identities(text)


def load_trusted_signers(path: Path) -> list[SigningPublicKey]:
    """Device keys whose packages this platform accepts (allowed_signers format)."""
    if not path.exists():
        return []
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_TRUSTED_TEXT + 1)
    except OSError as error:
        raise StorageError(f"Cannot read {path.name}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError("The trusted signers file is not UTF-8 text.") from None
    return parse_trusted_signers(text)  # caps the length and the key count itself
