"""The keyslot file beside the vault database: the master key, wrapped once per secret.

Each slot holds Argon2id parameters, a salt, a nonce and the 256-bit vault master key
encrypted with ChaCha20-Poly1305 under the key Argon2id derives from the slot's secret
(the passphrase, or the printed recovery key). ChaCha20-Poly1305 because it is the AEAD
the rest of the vault already uses (age STREAM) and runs in constant time on laptops
without AES instructions; every wrap has a fresh salt and so a fresh key, and the nonce is
random as well, so nonce reuse cannot happen.

The associated data binds the format version, the slot kind, the KDF parameters and the
salt: lowering the parameters in the file, or relabelling the recovery slot as a passphrase
slot, makes the tag fail instead of silently weakening the vault.

Binary layout (big-endian), exact length, no trailing bytes::

    magic "EVKEYSLT" | version u16 = 1 | slot count u8 (1..8)
    per slot: kind u8 (1 passphrase, 2 recovery) | memory KiB u32 | passes u32 | lanes u32
              | salt 16 | nonce 12 | wrapped master key 48 (32 + tag)

Unlocking runs on a worker thread (it takes about a second by design). Python cannot wipe
``bytes``; callers should drop references to the master key when the vault locks.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import struct
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.crypto.kdf import Argon2Params, DeriveFunction, derive_key
from app.crypto.recovery import RecoveryKey, mistyped_groups
from app.errors import (
    FormatError,
    PassphraseRejectedError,
    RecoveryKeyTypoError,
    UnsupportedVersionError,
    WrongPassphraseError,
)

MAGIC = b"EVKEYSLT"
VERSION = 1
MASTER_KEY_LENGTH = 32
SALT_LENGTH = 16
NONCE_LENGTH = 12
WRAPPED_LENGTH = MASTER_KEY_LENGTH + 16
MAX_SLOTS = 8
MAX_PASSPHRASE_LENGTH = 1024

_HEADER = struct.Struct(">8sHB")
_SLOT_PARAMS = struct.Struct(">BIII")
_SLOT_LENGTH = _SLOT_PARAMS.size + SALT_LENGTH + NONCE_LENGTH + WRAPPED_LENGTH
MAX_FILE_LENGTH = _HEADER.size + MAX_SLOTS * _SLOT_LENGTH
_AAD_LABEL = b"evidence-vault/v1/keyslot\x00"


class SlotKind(enum.Enum):
    PASSPHRASE = "passphrase"  # noqa: S105 -- the name of a slot kind, not a password
    RECOVERY = "recovery"


_KIND_CODES = {SlotKind.PASSPHRASE: 1, SlotKind.RECOVERY: 2}
_KINDS_BY_CODE = {code: kind for kind, code in _KIND_CODES.items()}


@dataclass(frozen=True)
class Keyslot:
    kind: SlotKind
    params: Argon2Params
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.kind, SlotKind) or not isinstance(self.params, Argon2Params):
            raise FormatError("A key slot has an unknown kind or no Argon2id parameters.")
        if (
            len(self.salt) != SALT_LENGTH
            or len(self.nonce) != NONCE_LENGTH
            or len(self.wrapped_key) != WRAPPED_LENGTH
        ):
            raise FormatError("A key slot has a salt, nonce or wrapped key of the wrong size.")

    def _header(self) -> bytes:
        params = self.params
        code = _KIND_CODES[self.kind]
        packed = _SLOT_PARAMS.pack(code, params.memory_kib, params.iterations, params.lanes)
        return packed + self.salt


@dataclass(frozen=True)
class KeyslotFile:
    version: int
    slots: tuple[Keyslot, ...]

    def __post_init__(self) -> None:
        if self.version != VERSION:
            raise UnsupportedVersionError(
                f"This keyslot file has version {self.version}; this program reads {VERSION}."
            )
        if not 1 <= len(self.slots) <= MAX_SLOTS:
            raise FormatError(f"A keyslot file holds 1 to {MAX_SLOTS} slots.")

    def of_kind(self, kind: SlotKind) -> tuple[Keyslot, ...]:
        return tuple(slot for slot in self.slots if slot.kind is kind)


def new_master_key() -> bytes:
    return secrets.token_bytes(MASTER_KEY_LENGTH)


def _aad(version: int, slot_header: bytes) -> bytes:
    return _AAD_LABEL + MAGIC + struct.pack(">H", version) + slot_header


def _passphrase_bytes(passphrase: str) -> bytes:
    # NFC so that "é" typed as one code point (macOS, Windows) or as e + combining accent
    # (some Linux input methods) is the same passphrase. surrogatepass keeps encoding total:
    # odd input never raises here, it just fails to unlock.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def _has_line_breaking(text: str) -> bool:
    """Control characters and the Unicode line and paragraph separators."""
    return any(unicodedata.category(c) == "Cc" or c in "\u2028\u2029" for c in text)


def _check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise PassphraseRejectedError("An empty passphrase is not accepted.")
    if len(passphrase) > MAX_PASSPHRASE_LENGTH:
        raise PassphraseRejectedError(
            f"A passphrase may have at most {MAX_PASSPHRASE_LENGTH} characters."
        )
    if _has_line_breaking(passphrase):
        # A control character (a form feed, U+2028...) is where a file or a terminal may
        # cut the line: the vault could later open with less than was chosen.
        raise PassphraseRejectedError(
            "A passphrase cannot hold control characters or line separators."
        )
    if RecoveryKey.looks_like_recovery_key(passphrase) or mistyped_groups(passphrase):
        # The unlock box would read it as the recovery key (or one with a typo) and never
        # try the passphrase slot.
        raise PassphraseRejectedError("A recovery key cannot also be used as the passphrase.")


def _wrap(
    kind: SlotKind,
    secret: bytes,
    master_key: bytes,
    params: Argon2Params,
    derive: DeriveFunction,
) -> Keyslot:
    salt = secrets.token_bytes(SALT_LENGTH)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    unsealed = Keyslot(kind, params, salt, nonce, bytes(WRAPPED_LENGTH))
    wrapping_key = derive(secret, salt, params)
    wrapped = ChaCha20Poly1305(wrapping_key).encrypt(
        nonce, master_key, _aad(VERSION, unsealed._header())
    )
    return Keyslot(kind, params, salt, nonce, wrapped)


def create_keyslots(
    master_key: bytes,
    passphrase: str,
    recovery: RecoveryKey,
    params: Argon2Params,
    *,
    derive: DeriveFunction = derive_key,
) -> KeyslotFile:
    """A new file with one passphrase slot and one recovery slot for ``master_key``."""
    if len(master_key) != MASTER_KEY_LENGTH:
        raise ValueError(f"The vault master key is {MASTER_KEY_LENGTH} bytes.")
    _check_new_passphrase(passphrase)
    return KeyslotFile(
        VERSION,
        (
            _wrap(SlotKind.PASSPHRASE, _passphrase_bytes(passphrase), master_key, params, derive),
            _wrap(SlotKind.RECOVERY, recovery.secret_bytes(), master_key, params, derive),
        ),
    )


def unlock(slots: KeyslotFile, secret: str, *, derive: DeriveFunction = derive_key) -> bytes:
    """The master key, given the passphrase or the recovery key text.

    Every slot of the kind the secret selects is tried, even after one opened, and a file
    with no slot of that kind still costs one derivation: the time taken says nothing about
    which slot or whether any matched. ``WrongPassphraseError`` when none opens, and
    before any derivation ``RecoveryKeyTypoError`` (one) when the secret is a recovery key
    typed with a mistake: it names the group to check, and the typo costs no Argon2id run.
    """
    mistyped = mistyped_groups(secret)
    if mistyped:
        raise RecoveryKeyTypoError(mistyped)
    if RecoveryKey.looks_like_recovery_key(secret):
        kind = SlotKind.RECOVERY
        secret_bytes = RecoveryKey.parse(secret).secret_bytes()
    else:
        kind = SlotKind.PASSPHRASE
        secret_bytes = _passphrase_bytes(secret)
    candidates = slots.of_kind(kind)
    if not candidates:
        decoy = slots.slots[0]
        derive(secret_bytes, hashlib.sha256(decoy.salt).digest()[:SALT_LENGTH], decoy.params)
    master_key: bytes | None = None
    for slot in candidates:
        wrapping_key = derive(secret_bytes, slot.salt, slot.params)
        try:
            opened = ChaCha20Poly1305(wrapping_key).decrypt(
                slot.nonce, slot.wrapped_key, _aad(slots.version, slot._header())
            )
        except InvalidTag:
            continue
        if master_key is None:
            master_key = opened
    if master_key is None:
        raise WrongPassphraseError()
    return master_key


def change_passphrase(
    slots: KeyslotFile,
    current_secret: str,
    new_passphrase: str,
    params: Argon2Params | None = None,
    *,
    derive: DeriveFunction = derive_key,
) -> KeyslotFile:
    """The same master key under ``new_passphrase``; the recovery slot is kept as it is.

    ``current_secret`` may be the recovery key: that is how a forgotten passphrase is reset.
    ``params`` defaults to those of the current passphrase slot.
    """
    _check_new_passphrase(new_passphrase)
    master_key = unlock(slots, current_secret, derive=derive)
    old = slots.of_kind(SlotKind.PASSPHRASE)
    if params is None:
        params = old[0].params if old else slots.slots[0].params
    fresh = _wrap(
        SlotKind.PASSPHRASE, _passphrase_bytes(new_passphrase), master_key, params, derive
    )
    kept = [slot for slot in slots.slots if slot.kind is not SlotKind.PASSPHRASE]
    # The passphrase slot goes first, where create_keyslots puts it.
    return KeyslotFile(slots.version, (fresh, *kept))


def serialize(slots: KeyslotFile) -> bytes:
    parts = [_HEADER.pack(MAGIC, slots.version, len(slots.slots))]
    for slot in slots.slots:
        parts += [slot._header(), slot.nonce, slot.wrapped_key]
    return b"".join(parts)


def parse(data: bytes) -> KeyslotFile:
    """A keyslot file from untrusted bytes; ``FormatError`` or ``UnsupportedVersionError``."""
    if len(data) > MAX_FILE_LENGTH:
        raise FormatError("The keyslot file is larger than any valid one.")
    if len(data) < _HEADER.size:
        raise FormatError("The keyslot file is truncated.")
    magic, version, count = _HEADER.unpack_from(data, 0)
    if magic != MAGIC:
        raise FormatError("This is not an Evidence Vault keyslot file.")
    if version != VERSION:
        raise UnsupportedVersionError(
            f"This keyslot file has version {version}; this program reads {VERSION}."
        )
    if not 1 <= count <= MAX_SLOTS:
        raise FormatError(f"A keyslot file holds 1 to {MAX_SLOTS} slots, not {count}.")
    if len(data) != _HEADER.size + count * _SLOT_LENGTH:
        raise FormatError("The keyslot file is truncated or has trailing bytes.")
    slots = []
    offset = _HEADER.size
    for _ in range(count):
        code, memory_kib, iterations, lanes = _SLOT_PARAMS.unpack_from(data, offset)
        offset += _SLOT_PARAMS.size
        kind = _KINDS_BY_CODE.get(code)
        if kind is None:
            raise FormatError("The keyslot file has a slot of an unknown kind.")
        # Argon2Params refuses values below the floor or above the cap right here, long
        # before anything would be derived with them.
        params = Argon2Params(memory_kib, iterations, lanes)
        salt = data[offset : offset + SALT_LENGTH]
        offset += SALT_LENGTH
        nonce = data[offset : offset + NONCE_LENGTH]
        offset += NONCE_LENGTH
        wrapped = data[offset : offset + WRAPPED_LENGTH]
        offset += WRAPPED_LENGTH
        slots.append(Keyslot(kind, params, salt, nonce, wrapped))
    return KeyslotFile(version, tuple(slots))
