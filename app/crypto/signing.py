"""The device signing identity (Ed25519) and SSHSIG signatures, as ``ssh-keygen -Y`` makes them.

Packages, custody logs and receipts are signed in OpenSSH's SSHSIG format (PROTOCOL.sshsig)
so that anyone can check them with ``ssh-keygen -Y verify`` and an ``allowed_signers`` file,
without this program. Each purpose has its own namespace, which is part of what is signed:
a receipt signature can never pass as a package signature.

The verifier is strict: armor lines exact, base64 canonical, magic, version 1, empty
reserved field, sha512 or sha256, Ed25519 only, sizes capped, no trailing bytes. The
private key is stored only wrapped under a vault subkey (``wrap_private_key``).
Pure functions and immutable values; safe on any thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from secrets import token_bytes

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.crypto.allowed_signers import namespace_allowed, parse_signer_line
from app.crypto.recovery import crockford_encode
from app.errors import (
    AuthenticationError,
    FormatError,
    SignatureRejectedError,
    UnsupportedVersionError,
)
from app.sanitize import for_display

NAMESPACE_PACKAGE = "evidence-vault-package@v1"
NAMESPACE_CUSTODY = "evidence-vault-custody@v1"
NAMESPACE_RECEIPT = "evidence-vault-receipt@v1"

KEY_TYPE = "ssh-ed25519"
_SIG_MAGIC = b"SSHSIG"
_SIG_VERSION = 1
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
_ARMOR_WIDTH = 70  # what ssh-keygen writes; any width is read
_HASHES = {"sha512": hashlib.sha512, "sha256": hashlib.sha256}
# An Ed25519 SSHSIG is about 300 bytes; these caps leave room and nothing more.
MAX_ARMORED_LENGTH = 16 * 1024
MAX_NAMESPACE_LENGTH = 256
MAX_TRUSTED_TEXT = 1024 * 1024
MAX_TRUSTED_KEYS = 10_000

_WRAP_MAGIC = b"EVSIGKEY"
_WRAP_VERSION = 1
_WRAP_HEADER = struct.Struct(">8sB")
_WRAP_NONCE = 12
_WRAP_LENGTH = _WRAP_HEADER.size + _WRAP_NONCE + 32 + 16
_WRAP_AAD = b"evidence-vault/v1/device-signing-key\x00"


# --- SSH wire encoding (RFC 4251 section 5) ---------------------------------------------


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


class _Reader:
    """Reads SSH wire fields from untrusted bytes; every length is checked before slicing."""

    def __init__(self, data: bytes, what: str) -> None:
        self._data = data
        self._offset = 0
        self._what = what

    def raw(self, length: int) -> bytes:
        if length > len(self._data) - self._offset:
            raise FormatError(f"The {self._what} is truncated.")
        value = self._data[self._offset : self._offset + length]
        self._offset += length
        return value

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.raw(4))[0]
        return value

    def string(self, cap: int) -> bytes:
        length = self.uint32()
        if length > cap:
            raise FormatError(f"The {self._what} has an oversized field.")
        return self.raw(length)

    def text(self, cap: int) -> str:
        try:
            return self.string(cap).decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError(f"The {self._what} has a field that is not UTF-8.") from None

    def end(self) -> None:
        if self._offset != len(self._data):
            raise FormatError(f"The {self._what} has trailing bytes.")


def _public_blob(raw: bytes) -> bytes:
    return _string(KEY_TYPE.encode()) + _string(raw)


def _raw_from_blob(blob: bytes) -> bytes:
    reader = _Reader(blob, "public key")
    key_type = reader.text(64)
    if key_type != KEY_TYPE:
        raise FormatError(f"Only Ed25519 keys are supported, not {for_display(key_type)}.")
    raw = reader.string(32)
    reader.end()
    if len(raw) != 32:
        raise FormatError("An Ed25519 public key is 32 bytes.")
    return raw


def _b64decode(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise FormatError(f"The {what} is not valid base64.") from None
    # Only the canonical encoding is accepted, so one signature has one text form.
    if base64.b64encode(data).decode("ascii") != text:
        raise FormatError(f"The {what} is not canonical base64.")
    return data


# --- Keys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningPublicKey:
    """An Ed25519 public key. ``principal`` and ``namespaces`` come from an allowed_signers
    line when the key was read from one; equality depends on the key alone."""

    raw: bytes
    principal: str | None = field(default=None, compare=False)
    namespaces: tuple[str, ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise FormatError("An Ed25519 public key is 32 bytes.")

    @classmethod
    def parse_openssh(cls, line: str) -> SigningPublicKey:
        """``ssh-ed25519 AAAA... [comment]`` or an allowed_signers line."""
        parsed = parse_signer_line(line)
        blob = _b64decode(parsed.key_base64, "public key")
        if parsed.key_type != KEY_TYPE:
            raise FormatError(
                f"Only Ed25519 keys are supported, not {for_display(parsed.key_type, limit=40)}."
            )
        return cls(_raw_from_blob(blob), parsed.principal, parsed.namespaces)

    def openssh(self) -> str:
        return f"{KEY_TYPE} {base64.b64encode(_public_blob(self.raw)).decode('ascii')}"

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256(_public_blob(self.raw)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")

    def short_fingerprint(self) -> str:
        """80 bits of the SHA-256 fingerprint as four Crockford groups, read aloud by phone."""
        return _short_form(hashlib.sha256(_public_blob(self.raw)).digest())

    def allowed_signers_line(self, principal: str, namespaces: Sequence[str] | None = None) -> str:
        if not re.fullmatch(r"[A-Za-z0-9._@+=:/-]{1,256}", principal):
            raise ValueError("A principal is letters, digits and . _ @ + = : / - only.")
        options = ""
        if namespaces is not None:
            for namespace in namespaces:
                if not re.fullmatch(r"[A-Za-z0-9._@+=:/-]{1,256}", namespace):
                    raise ValueError("A namespace is letters, digits and . _ @ + = : / - only.")
            if not namespaces:
                raise ValueError("Give at least one namespace, or None for any.")
            options = f'namespaces="{",".join(namespaces)}" '
        return f"{principal} {options}{self.openssh()}"

    def __repr__(self) -> str:
        return f"SigningPublicKey({self.fingerprint}, principal={self.principal!r})"

    def allows(self, namespace: str) -> bool:
        """Whether an allowed_signers ``namespaces=`` restriction (if any) admits ``namespace``."""
        return self.namespaces is None or namespace_allowed(namespace, self.namespaces)


class DeviceIdentity:
    """This device's Ed25519 signing key. ``repr`` never shows the private part."""

    __slots__ = ("_private", "public_key")

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = private_key
        raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = SigningPublicKey(raw)

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, raw: bytes) -> DeviceIdentity:
        if len(raw) != 32:
            raise FormatError("An Ed25519 private key seed is 32 bytes.")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def private_bytes(self) -> bytes:
        return self._private.private_bytes_raw()

    @property
    def fingerprint(self) -> str:
        return self.public_key.fingerprint

    def sign(self, namespace: str, data: bytes) -> str:
        """An armored SSHSIG over ``data`` (sha512), as ``ssh-keygen -Y sign -n namespace``."""
        _check_namespace(namespace)
        signed = _signed_data(namespace, "sha512", hashlib.sha512(data).digest())
        signature = _string(KEY_TYPE.encode()) + _string(self._private.sign(signed))
        blob = (
            _SIG_MAGIC
            + struct.pack(">I", _SIG_VERSION)
            + _string(_public_blob(self.public_key.raw))
            + _string(namespace.encode("utf-8"))
            + _string(b"")
            + _string(b"sha512")
            + _string(signature)
        )
        body = base64.b64encode(blob).decode("ascii")
        lines = [body[i : i + _ARMOR_WIDTH] for i in range(0, len(body), _ARMOR_WIDTH)]
        return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END]) + "\n"

    def __repr__(self) -> str:
        return f"DeviceIdentity({self.fingerprint})"


# --- Signatures ---------------------------------------------------------------------------


def _check_namespace(namespace: str) -> None:
    if not namespace or len(namespace.encode("utf-8")) > MAX_NAMESPACE_LENGTH:
        raise ValueError("A signature namespace is 1 to 256 bytes.")
    if "\x00" in namespace:
        raise ValueError("A signature namespace cannot contain NUL.")


def _signed_data(namespace: str, hash_name: str, digest: bytes) -> bytes:
    # The reserved field is always empty: ssh-keygen rebuilds it that way when verifying.
    return (
        _SIG_MAGIC
        + _string(namespace.encode("utf-8"))
        + _string(b"")
        + _string(hash_name.encode("ascii"))
        + _string(digest)
    )


def _dearmor(armored: str) -> bytes:
    if len(armored) > MAX_ARMORED_LENGTH:
        raise FormatError("The signature is larger than any Ed25519 SSH signature.")
    lines = armored.strip().replace("\r\n", "\n").split("\n")
    if len(lines) < 3 or lines[0] != _ARMOR_BEGIN or lines[-1] != _ARMOR_END:
        raise FormatError("This is not an armored SSH signature.")
    return _b64decode("".join(lines[1:-1]), "signature")


@dataclass(frozen=True)
class _Sshsig:
    public_raw: bytes
    namespace: str
    hash_name: str
    signature: bytes


def _parse_sshsig(blob: bytes) -> _Sshsig:
    reader = _Reader(blob, "signature")
    if reader.raw(len(_SIG_MAGIC)) != _SIG_MAGIC:
        raise FormatError("This is not an SSH signature (no SSHSIG magic).")
    version = reader.uint32()
    if version != _SIG_VERSION:
        raise UnsupportedVersionError(f"SSH signature version {version} is not supported.")
    public_raw = _raw_from_blob(reader.string(1024))
    namespace = reader.text(MAX_NAMESPACE_LENGTH)
    if reader.string(1024):
        raise FormatError("The signature's reserved field is not empty.")
    hash_name = reader.text(16)
    if hash_name not in _HASHES:
        raise FormatError(f"Signature hash {for_display(hash_name)} is not supported.")
    inner = _Reader(reader.string(1024), "signature")
    reader.end()
    if inner.text(64) != KEY_TYPE:
        raise FormatError("Only Ed25519 signatures are supported.")
    signature = inner.string(64)
    inner.end()
    if len(signature) != 64:
        raise FormatError("An Ed25519 signature is 64 bytes.")
    return _Sshsig(public_raw, namespace, hash_name, signature)


def verify(
    armored_signature: str,
    data: bytes,
    namespace: str,
    trusted: Sequence[SigningPublicKey],
) -> SigningPublicKey:
    """The trusted key that made ``armored_signature`` over ``data`` for ``namespace``.

    ``FormatError`` for malformed input; ``SignatureRejectedError`` (an
    ``AuthenticationError``) with ``reason`` "wrong_namespace", "bad_signature" or
    "untrusted_signer".
    """
    parsed = _parse_sshsig(_dearmor(armored_signature))
    if parsed.namespace != namespace:
        raise SignatureRejectedError(
            "wrong_namespace",
            f"The signature was made for {for_display(parsed.namespace, limit=64)}, "
            f"not {namespace}.",
        )
    digest = _HASHES[parsed.hash_name](data).digest()
    try:
        Ed25519PublicKey.from_public_bytes(parsed.public_raw).verify(
            parsed.signature, _signed_data(namespace, parsed.hash_name, digest)
        )
    except InvalidSignature:
        raise SignatureRejectedError(
            "bad_signature", "The signature does not match the signed data."
        ) from None
    for key in trusted:
        if key.raw == parsed.public_raw and key.allows(namespace):
            return key
    signer = SigningPublicKey(parsed.public_raw)
    raise SignatureRejectedError(
        "untrusted_signer",
        f"The signature is valid but its key {signer.fingerprint} is not a trusted signer.",
    )


def parse_trusted_signers(text: str) -> list[SigningPublicKey]:
    """Keys from allowed_signers text (or bare public key lines); # comments and blanks skipped."""
    if len(text) > MAX_TRUSTED_TEXT:
        raise FormatError("The trusted signers list is too large.")
    keys: list[SigningPublicKey] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(keys) >= MAX_TRUSTED_KEYS:
            raise FormatError("The trusted signers list has too many keys.")
        try:
            keys.append(SigningPublicKey.parse_openssh(stripped))
        except FormatError as error:
            raise FormatError(f"Trusted signers, line {number}: {error}") from None
    return keys


# --- The wrapped private key ---------------------------------------------------------------


def wrap_private_key(wrap_key: bytes, identity: DeviceIdentity) -> bytes:
    """The identity's seed under ChaCha20-Poly1305 with ``wrap_key`` (a vault subkey)."""
    header = _WRAP_HEADER.pack(_WRAP_MAGIC, _WRAP_VERSION)
    nonce = token_bytes(_WRAP_NONCE)
    sealed = ChaCha20Poly1305(wrap_key).encrypt(nonce, identity.private_bytes(), _WRAP_AAD + header)
    return header + nonce + sealed


def unwrap_private_key(wrap_key: bytes, blob: bytes) -> DeviceIdentity:
    if len(blob) < _WRAP_HEADER.size:
        raise FormatError("The wrapped signing key is truncated.")
    magic, version = _WRAP_HEADER.unpack_from(blob, 0)
    if magic != _WRAP_MAGIC:
        raise FormatError("This is not a wrapped device signing key.")
    if version != _WRAP_VERSION:
        raise UnsupportedVersionError(f"Wrapped signing key version {version} is not supported.")
    if len(blob) != _WRAP_LENGTH:
        raise FormatError("The wrapped signing key has the wrong length.")
    header = blob[: _WRAP_HEADER.size]
    nonce = blob[_WRAP_HEADER.size : _WRAP_HEADER.size + _WRAP_NONCE]
    try:
        seed = ChaCha20Poly1305(wrap_key).decrypt(
            nonce, blob[_WRAP_HEADER.size + _WRAP_NONCE :], _WRAP_AAD + header
        )
    except InvalidTag:
        raise AuthenticationError(
            "The device signing key did not open: wrong vault key or damaged data."
        ) from None
    return DeviceIdentity.from_private_bytes(seed)


def _short_form(digest: bytes) -> str:
    symbols = crockford_encode(digest[:10])
    return "-".join(symbols[index : index + 4] for index in range(0, 16, 4))


def short_fingerprint_of(fingerprint: str) -> str:
    """The short form of a ``SHA256:`` key fingerprint (as custody events name the
    device), the same four groups :meth:`SigningPublicKey.short_fingerprint` gives, so
    every screen reads a device out one way; "" when ``fingerprint`` is not one."""
    if not fingerprint.startswith("SHA256:"):
        return ""
    encoded = fingerprint[len("SHA256:") :]
    try:
        digest = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        return ""
    return _short_form(digest) if len(digest) == 32 else ""
