"""The keyslot file, version 2: a fixed layout that says nothing about what it holds.

Version 1 (:mod:`app.crypto.keyslots`) had a visible kind per slot and a variable slot
count. Version 2 has exactly ``SLOT_COUNT`` slots whatever is set (passphrase, recovery
key, recovery shares, duress passphrase); an unused slot, an unused journal and an unused
legacy slot are random bytes of the same shape. The kind of a slot is inside its
ciphertext. So the file has the same size and structure with or without a duress
passphrase or shares.

One Argon2id derivation per unlock: the secret (with a label for its kind: passphrase,
recovery key, share secret) and the file's salt give the key ``K``; ``K`` is then tried on
every slot, always all of them, in index order (ChaCha20-Poly1305, microseconds each).
Every attempt costs the same whichever slot opens, or none. A recovery key also tries the
``legacy`` slot: a version-1 recovery slot carried over verbatim when a version-1 file is
migrated (its wrapping key needs the recovery key, which is never stored); every recovery
key attempt derives for it, used or not, so the time does not say whether it is.

Binary layout (big-endian), exactly ``FILE_LENGTH`` bytes::

    magic "EVKEYSLT" | version u16 = 2 | memory KiB u32 | passes u32 | lanes u32 | salt 16
    slot x 8:  nonce 12 | ChaCha20-Poly1305(K, kind u8 | extra 7 | key 32) (56)
    journal x 2: nonce 12 | ChaCha20-Poly1305(J, other key 32 | old u8 | new u8 | zero 6) (56)
    state:     nonce 12 | ChaCha20-Poly1305(S, count u64 | head 32 | kinds 8 | legacy u8
                                              | zero 7) (72)
    legacy:    a version-1 slot (89)
    guard:     limit u8 | failures u8      (not authenticated: read before any unlock)

The associated data of every AEAD is a label, the header (magic, version, Argon2id
parameters, salt) and the field's name: lowering the parameters or moving the salt makes
every tag fail.

``state`` is sealed under a key derived from the master key: the rollback anchor (the
number of custody events and the newest event's hash when the vault was last locked) and
which slot holds what, so a change made with one secret keeps the slots of the others. The
``journal`` is the re-key journal: while a re-key is in progress, entry 0 (under a key from
the old master key) holds the new master key and entry 1 (from the new one) the old, with
which slots belong to each; whoever unlocks during that time learns both and can undo it.

A duress slot (kind 4) opens with a passphrase like the passphrase slot, but its ``key``
is not a master key: it is the duress secret ``D`` from which the decoy's keys are
derived (:func:`duress_subkey`), and its ``extra`` bytes say when it was set (u48 Unix
seconds) and whether a prepared decoy is stored (flags u8, bit 0). ``extra`` is zero in
every other slot.
"""

from __future__ import annotations

import enum
import secrets
import struct
import unicodedata
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.crypto import keyslots as v1
from app.crypto.kdf import (
    Argon2Params,
    DeriveFunction,
    check_cost,
    derive_key,
    looks_calibrated,
)
from app.crypto.recovery import RecoveryKey, mistyped_groups
from app.errors import (
    FormatError,
    KeyFileAlteredError,
    RecoveryKeyTypoError,
    UnsupportedVersionError,
    WrongPassphraseError,
)

MAGIC = v1.MAGIC
VERSION = 2
SLOT_COUNT = 8
KEY_LENGTH = 32
SALT_LENGTH = 16
NONCE_LENGTH = 12
TAG_LENGTH = 16

_HEADER = struct.Struct(">8sHIII16s")
HEADER_LENGTH = _HEADER.size
_SLOT_PLAIN = 40
_JOURNAL_PLAIN = 40
_STATE_PLAIN = 56
SLOT_LENGTH = NONCE_LENGTH + _SLOT_PLAIN + TAG_LENGTH
JOURNAL_LENGTH = NONCE_LENGTH + _JOURNAL_PLAIN + TAG_LENGTH
STATE_LENGTH = NONCE_LENGTH + _STATE_PLAIN + TAG_LENGTH
LEGACY_LENGTH = v1._SLOT_LENGTH
GUARD_LENGTH = 2
GUARD_OFFSET = _HEADER.size + SLOT_COUNT * SLOT_LENGTH + 2 * JOURNAL_LENGTH + STATE_LENGTH + (
    LEGACY_LENGTH
)
FILE_LENGTH = GUARD_OFFSET + GUARD_LENGTH
HEAD_LENGTH = 32

_AAD_LABEL = b"evidence-vault/v2/keyfile\x00"
_SECRET_LABELS = {
    "passphrase": b"evidence-vault/v2/passphrase\x00",
    "recovery": b"evidence-vault/v2/recovery-key\x00",
    "shares": b"evidence-vault/v2/recovery-shares\x00",
}
_LABEL_STATE = b"evidence-vault/v2/keyfile-state"
_LABEL_JOURNAL_OLD = b"evidence-vault/v2/rekey-journal-old"
_LABEL_JOURNAL_NEW = b"evidence-vault/v2/rekey-journal-new"
_LABEL_DURESS = b"evidence-vault/v2/duress/"
EXTRA_LENGTH = 7
DURESS_HAS_DECOY = 0x01
MIN_FAILED_UNLOCK_LIMIT = 3
MAX_FAILED_UNLOCK_LIMIT = 255


class Kind(enum.IntEnum):
    """What a slot holds; 0 in the state means a free slot."""

    PASSPHRASE = 1
    RECOVERY = 2
    SHARES = 3
    DURESS = 4


@dataclass(frozen=True)
class Secret:
    """A secret typed or read at unlock, with the kind it selects."""

    kind: str  # "passphrase", "recovery" or "shares"
    value: bytes

    def __repr__(self) -> str:
        return f"Secret({self.kind}, <hidden>)"

    @classmethod
    def from_text(cls, text: str) -> Secret:
        """The passphrase, or the recovery key when ``text`` is a correctly checked one.

        ``RecoveryKeyTypoError`` naming the group to check when ``text`` is a recovery key
        typed with a mistake: decided from the text alone, before any derivation.
        """
        mistyped = mistyped_groups(text)
        if mistyped:
            raise RecoveryKeyTypoError(mistyped)
        if RecoveryKey.looks_like_recovery_key(text):
            return cls("recovery", RecoveryKey.parse(text).secret_bytes())
        return cls("passphrase", passphrase_bytes(text))

    @classmethod
    def recovery(cls, key: RecoveryKey) -> Secret:
        return cls("recovery", key.secret_bytes())

    @classmethod
    def shares(cls, master_secret: bytes) -> Secret:
        return cls("shares", master_secret)


def passphrase_bytes(passphrase: str) -> bytes:
    # As in version 1: NFC, and surrogatepass so odd input fails to unlock, never raises.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Guard:
    """Wipe after failed unlocks: ``limit`` 0 is off. Plain bytes, read before unlock."""

    limit: int = 0
    failures: int = 0


@dataclass(frozen=True)
class State:
    """What only the master key reads: the rollback anchor and the slots' kinds."""

    count: int = 0
    head: bytes = bytes(HEAD_LENGTH)
    kinds: tuple[int, ...] = (0,) * SLOT_COUNT
    legacy: bool = False

    def slots_of(self, kind: Kind) -> list[int]:
        return [index for index, code in enumerate(self.kinds) if code == kind]


@dataclass(frozen=True)
class Journal:
    """A re-key in progress: both master keys and which slots belong to each."""

    old_key: bytes
    new_key: bytes
    old_slots: frozenset[int]
    new_slots: frozenset[int]


@dataclass(frozen=True)
class KeyFile:
    params: Argon2Params
    salt: bytes
    slots: tuple[bytes, ...]
    journal: tuple[bytes, bytes]
    state: bytes
    legacy: bytes
    guard: Guard = Guard()

    def header(self) -> bytes:
        p = self.params
        return _HEADER.pack(MAGIC, VERSION, p.memory_kib, p.iterations, p.lanes, self.salt)


@dataclass(frozen=True)
class Opened:
    """The result of an unlock: the master key of the slot that opened, its kind and
    index, and the re-key journal if one is pending."""

    master_key: bytes
    kind: Kind
    index: int  # -1 for the legacy slot
    journal: Journal | None
    # The key the secret derived in this file (kept for a duress unlock, which seals the
    # decoy's passphrase slot with it instead of deriving again), and the slot's extra.
    secret_key: bytes = b""
    extra: bytes = bytes(EXTRA_LENGTH)


# -- helpers ---------------------------------------------------------------------------


def _random(length: int) -> bytes:
    return secrets.token_bytes(length)


def _subkey(master_key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master_key)


def _aad(header: bytes, field: bytes) -> bytes:
    return _AAD_LABEL + header + b"\x00" + field


def _seal(key: bytes, header: bytes, field: bytes, plain: bytes) -> bytes:
    nonce = _random(NONCE_LENGTH)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plain, _aad(header, field))


def _open(key: bytes, header: bytes, field: bytes, sealed: bytes) -> bytes | None:
    try:
        return ChaCha20Poly1305(key).decrypt(
            sealed[:NONCE_LENGTH], sealed[NONCE_LENGTH:], _aad(header, field)
        )
    except InvalidTag:
        return None


def derive(
    keyfile: KeyFile, secret: Secret, *, derive_fn: DeriveFunction = derive_key
) -> bytes:
    """The one Argon2id derivation of an attempt: ``K`` for ``secret`` in this file."""
    return derive_fn(_SECRET_LABELS[secret.kind] + secret.value, keyfile.salt, keyfile.params)


def seal_slot(
    keyfile: KeyFile,
    secret_key: bytes,
    kind: Kind,
    master_key: bytes,
    *,
    extra: bytes = bytes(EXTRA_LENGTH),
) -> bytes:
    if len(master_key) != KEY_LENGTH:
        raise ValueError("A master key is 32 bytes.")
    if len(extra) != EXTRA_LENGTH:
        raise ValueError("A slot's extra field is 7 bytes.")
    plain = bytes([int(kind)]) + extra + master_key
    return _seal(secret_key, keyfile.header(), b"slot", plain)


def duress_extra(set_at: int, *, has_decoy: bool) -> bytes:
    """The extra bytes of a duress slot: when it was set (Unix seconds) and flags."""
    if not 0 <= set_at < 1 << 48:
        raise ValueError("The time a duress slot was set does not fit in 48 bits.")
    return set_at.to_bytes(6, "big") + bytes([DURESS_HAS_DECOY if has_decoy else 0])


def read_duress_extra(extra: bytes) -> tuple[int, bool]:
    """(set at, has a prepared decoy) from a duress slot's extra bytes."""
    return int.from_bytes(extra[:6], "big"), bool(extra[6] & DURESS_HAS_DECOY)


def duress_subkey(duress_secret: bytes, purpose: str) -> bytes:
    """A key for ``purpose`` (e.g. "decoy-media", "decoy-blob-id") from the duress secret."""
    return _subkey(duress_secret, _LABEL_DURESS + purpose.encode("ascii"))


def random_slot() -> bytes:
    return _random(SLOT_LENGTH)


# -- building --------------------------------------------------------------------------


def blank(params: Argon2Params) -> KeyFile:
    """A file with a fresh salt and nothing in it: every field random."""
    legacy_params = v1._SLOT_PARAMS.pack(
        2, params.memory_kib, params.iterations, params.lanes
    )
    return KeyFile(
        params=params,
        salt=_random(SALT_LENGTH),
        slots=tuple(random_slot() for _ in range(SLOT_COUNT)),
        journal=(_random(JOURNAL_LENGTH), _random(JOURNAL_LENGTH)),
        state=_random(STATE_LENGTH),
        legacy=legacy_params + _random(LEGACY_LENGTH - len(legacy_params)),
    )


def free_slot(state: State, *, avoid: frozenset[int] = frozenset()) -> int:
    """A random free slot index (``FormatError`` when all are used)."""
    free = [i for i, code in enumerate(state.kinds) if code == 0 and i not in avoid]
    if not free:
        raise FormatError("Every key slot is in use.")
    return free[secrets.randbelow(len(free))]


def with_slot(keyfile: KeyFile, index: int, sealed: bytes) -> KeyFile:
    slots = list(keyfile.slots)
    slots[index] = sealed
    return replace(keyfile, slots=tuple(slots))


def clear_slots(keyfile: KeyFile, indexes: list[int] | frozenset[int]) -> KeyFile:
    """The slots at ``indexes`` replaced with fresh random bytes."""
    slots = list(keyfile.slots)
    for index in indexes:
        slots[index] = random_slot()
    return replace(keyfile, slots=tuple(slots))


def seal_state(keyfile: KeyFile, master_key: bytes, state: State) -> KeyFile:
    if len(state.head) != HEAD_LENGTH or len(state.kinds) != SLOT_COUNT:
        raise ValueError("A state has a 32-byte head and one kind per slot.")
    plain = (
        struct.pack(">Q", state.count)
        + state.head
        + bytes(state.kinds)
        + bytes([1 if state.legacy else 0])
        + bytes(7)
    )
    sealed = _seal(_subkey(master_key, _LABEL_STATE), keyfile.header(), b"state", plain)
    return replace(keyfile, state=sealed)


def open_state(keyfile: KeyFile, master_key: bytes) -> State | None:
    plain = _open(_subkey(master_key, _LABEL_STATE), keyfile.header(), b"state", keyfile.state)
    if plain is None:
        return None
    (count,) = struct.unpack_from(">Q", plain, 0)
    head = plain[8:40]
    kinds = tuple(plain[40:48])
    if any(code not in (0, *iter(Kind)) for code in kinds):
        raise FormatError("The keyslot file's state names an unknown slot kind.")
    return State(count, head, kinds, plain[48] == 1)


def _bitmap(indexes: frozenset[int]) -> int:
    return sum(1 << index for index in indexes)


def _indexes(bitmap: int) -> frozenset[int]:
    return frozenset(i for i in range(SLOT_COUNT) if bitmap >> i & 1)


def seal_journal(keyfile: KeyFile, journal: Journal) -> KeyFile:
    bitmaps = bytes([_bitmap(journal.old_slots), _bitmap(journal.new_slots)]) + bytes(6)
    header = keyfile.header()
    entry_old = _seal(
        _subkey(journal.old_key, _LABEL_JOURNAL_OLD), header, b"journal0",
        journal.new_key + bitmaps,
    )
    entry_new = _seal(
        _subkey(journal.new_key, _LABEL_JOURNAL_NEW), header, b"journal1",
        journal.old_key + bitmaps,
    )
    return replace(keyfile, journal=(entry_old, entry_new))


def clear_journal(keyfile: KeyFile) -> KeyFile:
    return replace(keyfile, journal=(_random(JOURNAL_LENGTH), _random(JOURNAL_LENGTH)))


def open_journal(keyfile: KeyFile, master_key: bytes) -> Journal | None:
    """The pending re-key ``master_key`` takes part in, if any."""
    header = keyfile.header()
    plain = _open(
        _subkey(master_key, _LABEL_JOURNAL_OLD), header, b"journal0", keyfile.journal[0]
    )
    if plain is not None:
        return Journal(master_key, plain[:32], _indexes(plain[32]), _indexes(plain[33]))
    plain = _open(
        _subkey(master_key, _LABEL_JOURNAL_NEW), header, b"journal1", keyfile.journal[1]
    )
    if plain is not None:
        return Journal(plain[:32], master_key, _indexes(plain[32]), _indexes(plain[33]))
    return None


def with_guard(keyfile: KeyFile, guard: Guard) -> KeyFile:
    return replace(keyfile, guard=guard)


def check_failed_unlock_limit(limit: int) -> int:
    if limit != 0 and not MIN_FAILED_UNLOCK_LIMIT <= limit <= MAX_FAILED_UNLOCK_LIMIT:
        raise FormatError(
            f"The number of failed unlocks before a wipe is {MIN_FAILED_UNLOCK_LIMIT} to "
            f"{MAX_FAILED_UNLOCK_LIMIT} (or off)."
        )
    return limit


# -- creating and migrating ------------------------------------------------------------


def create(
    master_key: bytes,
    passphrase: str,
    recovery: RecoveryKey,
    params: Argon2Params,
    *,
    derive_fn: DeriveFunction = derive_key,
    guard: Guard = Guard(),
) -> KeyFile:
    """A new file with a passphrase slot and a recovery slot (random places)."""
    v1._check_new_passphrase(passphrase)
    keyfile = replace(blank(params), guard=guard)
    state = State()
    kinds = list(state.kinds)
    for kind, secret in (
        (Kind.PASSPHRASE, Secret("passphrase", passphrase_bytes(passphrase))),
        (Kind.RECOVERY, Secret.recovery(recovery)),
    ):
        index = free_slot(replace(state, kinds=tuple(kinds)))
        kinds[index] = kind
        key = derive(keyfile, secret, derive_fn=derive_fn)
        keyfile = with_slot(keyfile, index, seal_slot(keyfile, key, kind, master_key))
    return seal_state(keyfile, master_key, replace(state, kinds=tuple(kinds)))


def from_version1(
    old: v1.KeyslotFile,
    master_key: bytes,
    passphrase: str,
    *,
    derive_fn: DeriveFunction = derive_key,
) -> KeyFile:
    """A version-1 file in the version-2 layout, given its passphrase: a new passphrase
    slot, and the old recovery slot carried verbatim as the legacy slot."""
    recovery_slots = old.of_kind(v1.SlotKind.RECOVERY)
    params = old.of_kind(v1.SlotKind.PASSPHRASE)[0].params if old.of_kind(
        v1.SlotKind.PASSPHRASE
    ) else old.slots[0].params
    keyfile = blank(params)
    index = free_slot(State())
    kinds = [0] * SLOT_COUNT
    kinds[index] = Kind.PASSPHRASE
    key = derive(keyfile, Secret("passphrase", passphrase_bytes(passphrase)), derive_fn=derive_fn)
    keyfile = with_slot(keyfile, index, seal_slot(keyfile, key, Kind.PASSPHRASE, master_key))
    legacy = bool(recovery_slots)
    if legacy:
        slot = recovery_slots[0]
        keyfile = replace(keyfile, legacy=slot._header() + slot.nonce + slot.wrapped_key)
    return seal_state(keyfile, master_key, State(kinds=tuple(kinds), legacy=legacy))


# -- unlocking -------------------------------------------------------------------------


def _legacy_slot(keyfile: KeyFile) -> v1.Keyslot | None:
    data = keyfile.legacy
    code, memory_kib, iterations, lanes = v1._SLOT_PARAMS.unpack_from(data, 0)
    try:
        params = Argon2Params(memory_kib, iterations, lanes)
    except FormatError:
        return None
    at = v1._SLOT_PARAMS.size
    salt = data[at : at + v1.SALT_LENGTH]
    nonce = data[at + v1.SALT_LENGTH : at + v1.SALT_LENGTH + v1.NONCE_LENGTH]
    wrapped = data[at + v1.SALT_LENGTH + v1.NONCE_LENGTH :]
    return v1.Keyslot(v1.SlotKind.RECOVERY, params, salt, nonce, wrapped) if code == 2 else None


def open_slots(keyfile: KeyFile, secret_key: bytes) -> list[tuple[int, Kind, bytes]]:
    """Every slot ``secret_key`` opens, trying all of them in index order."""
    return [(index, kind, key) for index, kind, key, _extra in _open_all(keyfile, secret_key)]


def _open_all(keyfile: KeyFile, secret_key: bytes) -> list[tuple[int, Kind, bytes, bytes]]:
    header = keyfile.header()
    found: list[tuple[int, Kind, bytes, bytes]] = []
    for index, sealed in enumerate(keyfile.slots):
        plain = _open(secret_key, header, b"slot", sealed)
        if plain is None:
            continue
        try:
            kind = Kind(plain[0])
        except ValueError:
            continue
        found.append((index, kind, plain[8:40], plain[1:8]))
    return found


def unlock(
    keyfile: KeyFile, secret: Secret, *, derive_fn: DeriveFunction = derive_key
) -> Opened:
    """The master key ``secret`` opens, or ``WrongPassphraseError``. Constant work: one
    derivation (two for a recovery key: the legacy slot too) and every slot tried.
    Parameters no calibration chooses are refused before deriving (``check_cost``) or,
    when nothing opens, named as a possible tampering (``KeyFileAlteredError``)."""
    check_cost(keyfile.params)
    key = derive(keyfile, secret, derive_fn=derive_fn)
    found = [entry for entry in _open_all(keyfile, key) if _matches(entry[1], secret)]
    legacy_key: bytes | None = None
    if secret.kind == "recovery":
        legacy_key = _try_legacy(keyfile, secret.value, derive_fn)
    extra = bytes(EXTRA_LENGTH)
    if found:
        index, kind, master_key, extra = found[0]
    elif legacy_key is not None:
        index, kind, master_key = -1, Kind.RECOVERY, legacy_key
    elif not looks_calibrated(keyfile.params):
        raise KeyFileAlteredError()
    else:
        raise WrongPassphraseError()
    journal = None if kind is Kind.DURESS else open_journal(keyfile, master_key)
    return Opened(master_key, kind, index, journal, key, extra)


def _matches(kind: Kind, secret: Secret) -> bool:
    if secret.kind == "passphrase":
        return kind in (Kind.PASSPHRASE, Kind.DURESS)
    if secret.kind == "recovery":
        return kind is Kind.RECOVERY
    return kind is Kind.SHARES


def _try_legacy(keyfile: KeyFile, secret_bytes: bytes, derive_fn: DeriveFunction) -> bytes | None:
    slot = _legacy_slot(keyfile)
    params = slot.params if slot is not None else keyfile.params
    salt = slot.salt if slot is not None else keyfile.salt
    wrapping_key = derive_fn(secret_bytes, salt, params)
    if slot is None:
        return None
    try:
        return ChaCha20Poly1305(wrapping_key).decrypt(
            slot.nonce, slot.wrapped_key, v1._aad(v1.VERSION, slot._header())
        )
    except InvalidTag:
        return None


# -- bytes -----------------------------------------------------------------------------


def serialize(keyfile: KeyFile) -> bytes:
    guard = keyfile.guard
    data = b"".join(
        [
            keyfile.header(),
            *keyfile.slots,
            *keyfile.journal,
            keyfile.state,
            keyfile.legacy,
            bytes([guard.limit, guard.failures]),
        ]
    )
    if len(data) != FILE_LENGTH:
        raise ValueError("A version-2 keyslot file has a fixed length.")
    return data


def guard_bytes(guard: Guard) -> bytes:
    return bytes([guard.limit, guard.failures])


def parse(data: bytes) -> KeyFile:
    """A version-2 file from untrusted bytes; ``FormatError`` when it is not one."""
    if len(data) < _HEADER.size:
        raise FormatError("The keyslot file is truncated.")
    magic, version, memory_kib, iterations, lanes, salt = _HEADER.unpack_from(data, 0)
    if magic != MAGIC:
        raise FormatError("This is not an Evidence Vault keyslot file.")
    if version != VERSION:
        raise UnsupportedVersionError(
            f"This keyslot file has version {version}; this program reads 1 and {VERSION}."
        )
    if len(data) != FILE_LENGTH:
        raise FormatError("The keyslot file is truncated or has trailing bytes.")
    params = Argon2Params(memory_kib, iterations, lanes)
    at = _HEADER.size
    slots = []
    for _ in range(SLOT_COUNT):
        slots.append(data[at : at + SLOT_LENGTH])
        at += SLOT_LENGTH
    journal = (data[at : at + JOURNAL_LENGTH], data[at + JOURNAL_LENGTH : at + 2 * JOURNAL_LENGTH])
    at += 2 * JOURNAL_LENGTH
    state = data[at : at + STATE_LENGTH]
    at += STATE_LENGTH
    legacy = data[at : at + LEGACY_LENGTH]
    at += LEGACY_LENGTH
    guard = Guard(data[at], data[at + 1])
    return KeyFile(params, salt, tuple(slots), journal, state, legacy, guard)


def file_version(data: bytes) -> int:
    """The version field of a keyslot file (``FormatError`` if it is not one)."""
    if len(data) < 10 or data[:8] != MAGIC:
        raise FormatError("This is not an Evidence Vault keyslot file.")
    return int(struct.unpack_from(">H", data, 8)[0])
