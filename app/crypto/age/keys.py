"""X25519 recipients and identities: their strings, generation, and stanza wrapping.

A recipient is ``age1...`` (Bech32 of the public key), an identity is
``AGE-SECRET-KEY-1...`` (upper-case Bech32 of the private scalar). Wrapping follows the
age v1 X25519 recipient type: an ephemeral key agreement, HKDF-SHA256 with the two
public keys as salt, and ChaCha20-Poly1305 with a zero nonce over the 16-byte file key.
Objects are immutable and safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.crypto.age import bech32
from app.crypto.age.header import Stanza, b64decode_canonical, b64encode_unpadded
from app.errors import FormatError

RECIPIENT_HRP = "age"
IDENTITY_HRP = "age-secret-key-"
STANZA_TYPE = "X25519"
FILE_KEY_SIZE = 16
_KEY_SIZE = 32
_WRAP_INFO = b"age-encryption.org/v1/X25519"
_ZERO_NONCE = bytes(12)
# An identity file is a few lines; anything far larger is not one.
MAX_IDENTITY_FILE = 1024 * 1024


def _public_bytes(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _wrap_key(shared_secret: bytes, share: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=share + recipient, info=_WRAP_INFO
    ).derive(shared_secret)


class X25519Recipient:
    """A public key files are encrypted to."""

    __slots__ = ("_key", "_raw")

    def __init__(self, public_key: X25519PublicKey) -> None:
        self._key = public_key
        self._raw = _public_bytes(public_key)

    @classmethod
    def parse(cls, untrusted_text: str) -> X25519Recipient:
        try:
            hrp, data = bech32.decode(untrusted_text.strip())
        except FormatError as error:
            raise FormatError(f"This is not an age X25519 recipient (age1...): {error}") from None
        if hrp != RECIPIENT_HRP or len(data) != _KEY_SIZE:
            raise FormatError("This is not an age X25519 recipient (age1...).")
        return cls(X25519PublicKey.from_public_bytes(data))

    def __str__(self) -> str:
        return bech32.encode(RECIPIENT_HRP, self._raw)

    def __repr__(self) -> str:
        return f"X25519Recipient({self!s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    @property
    def public_bytes(self) -> bytes:
        return self._raw

    def wrap(self, file_key: bytes) -> Stanza:
        """The stanza that lets this recipient's identity recover ``file_key``."""
        ephemeral = X25519PrivateKey.generate()
        share = _public_bytes(ephemeral.public_key())
        try:
            shared_secret = ephemeral.exchange(self._key)
        except ValueError:  # a low-order point gives the all-zero secret
            raise FormatError("The recipient is not a usable X25519 key.") from None
        body = ChaCha20Poly1305(_wrap_key(shared_secret, share, self._raw)).encrypt(
            _ZERO_NONCE, file_key, None
        )
        return Stanza(STANZA_TYPE, (b64encode_unpadded(share).decode("ascii"),), body)


class X25519Identity:
    """A private key that opens files encrypted to its recipient."""

    __slots__ = ("_key", "_recipient")

    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._key = private_key
        self._recipient = X25519Recipient(private_key.public_key())

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def parse(cls, untrusted_text: str) -> X25519Identity:
        try:
            hrp, data = bech32.decode(untrusted_text.strip())
        except FormatError:
            raise FormatError("This is not an age X25519 identity (AGE-SECRET-KEY-1...).") from None
        if hrp != IDENTITY_HRP or len(data) != _KEY_SIZE:
            raise FormatError("This is not an age X25519 identity (AGE-SECRET-KEY-1...).")
        return cls(X25519PrivateKey.from_private_bytes(data))

    def __str__(self) -> str:
        raw = self._key.private_bytes_raw()
        return bech32.encode(IDENTITY_HRP, raw).upper()

    def __repr__(self) -> str:
        # Never the secret: reprs end up in logs and tracebacks.
        return f"X25519Identity(recipient={self._recipient!s})"

    @property
    def recipient(self) -> X25519Recipient:
        return self._recipient

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        """The file key from the first X25519 stanza addressed to us, else None.

        Malformed X25519 stanzas are a FormatError even when another would match:
        the header is then not one any honest encoder writes.
        """
        # Every X25519 stanza is checked before any is tried (other recipient types
        # and grease are not ours and are skipped).
        ours = [parse_x25519_stanza(s) for s in stanzas if s.type == STANZA_TYPE]
        for share, body in ours:
            try:
                shared_secret = self._key.exchange(X25519PublicKey.from_public_bytes(share))
            except ValueError:
                raise FormatError("An X25519 stanza has a low-order share.") from None
            wrap_key = _wrap_key(shared_secret, share, self._recipient.public_bytes)
            try:
                return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, body, None)
            except InvalidTag:
                continue
        return None


def parse_x25519_stanza(stanza: Stanza) -> tuple[bytes, bytes]:
    """(ephemeral share, wrapped file key) after checking the stanza's exact shape."""
    if len(stanza.arguments) != 1:
        raise FormatError("An X25519 stanza must have exactly one argument.")
    share = b64decode_canonical(stanza.arguments[0].encode("ascii"))
    if len(share) != _KEY_SIZE:
        raise FormatError("An X25519 stanza's share has the wrong size.")
    if len(stanza.body) != FILE_KEY_SIZE + 16:
        raise FormatError("An X25519 stanza's body has the wrong size.")
    return share, stanza.body


def parse_identities(text: str) -> list[X25519Identity]:
    """Identities from an identity file (age-keygen's format: '#' comments, blank lines)."""
    if len(text) > MAX_IDENTITY_FILE:
        raise FormatError("The identity file is too large.")
    identities: list[X25519Identity] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(X25519Identity.parse(line))
        except FormatError:
            # The line number, never the line: it may be a secret key.
            raise FormatError(f"Line {number} of the identity file is not an identity.") from None
    if not identities:
        raise FormatError("The identity file holds no identity.")
    return identities


def parse_recipients(text: str) -> list[X25519Recipient]:
    """Recipients from a recipients file: one per line, '#' comments, blank lines."""
    if len(text) > MAX_IDENTITY_FILE:
        raise FormatError("The recipients file is too large.")
    recipients: list[X25519Recipient] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            recipients.append(X25519Recipient.parse(line))
        except FormatError:
            raise FormatError(f"Line {number} of the recipients file is not a recipient.") from None
    if not recipients:
        raise FormatError("The recipients file holds no recipient.")
    return recipients
