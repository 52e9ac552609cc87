"""Key slots: unlocking with the passphrase or the recovery key, tamper resistance, re-wrapping.

Tests that show the real thing use real Argon2id at the floor (~0.2 s a derivation) and
share one keyslot file. Tests about the file format and its tamper resistance go through
every bit of a serialized file, so they pass a cheap stand-in for Argon2id through the
``derive`` parameter; the AEAD, the parser and the parameter checks stay real.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import keyslots
from app.crypto.kdf import FLOOR, Argon2Params, derive_key
from app.crypto.keyslots import (
    KeyslotFile,
    SlotKind,
    change_passphrase,
    create_keyslots,
    new_master_key,
    parse,
    serialize,
    unlock,
)
from app.crypto.recovery import RecoveryKey
from app.crypto.subkeys import derive_vault_keys
from app.errors import (
    AuthenticationError,
    FormatError,
    NotFoundError,
    PassphraseRejectedError,
    UnsupportedVersionError,
    WrongPassphraseError,
)
from app.storage.keyslot_file import read_keyslots, write_keyslots
from tests.owner_only import is_owner_only

PASSPHRASE = "correct horse battery staple"
HEADER = 11  # magic 8, version 2, count 1
SLOT = 89  # kind 1, params 12, salt 16, nonce 12, wrapped 48


@dataclass
class CountingDerive:
    """Wraps a derive function and records every call, to show what each attempt costs."""

    inner: Callable[[bytes, bytes, Argon2Params], bytes]
    calls: list[Argon2Params] = field(default_factory=list)

    def __call__(self, secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
        self.calls.append(params)
        return self.inner(secret, salt, params)


def cheap_derive(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
    packed = struct.pack(">III", params.memory_kib, params.iterations, params.lanes)
    return hashlib.blake2b(secret + b"|" + salt + b"|" + packed, digest_size=32).digest()


def derive_ignoring_params(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
    # Leaves the associated data as the only thing that binds the parameters.
    return hashlib.blake2b(secret + b"|" + salt, digest_size=32).digest()


@dataclass(frozen=True)
class Vault:
    master_key: bytes
    recovery: RecoveryKey
    slots: KeyslotFile


@pytest.fixture(scope="module")
def real() -> Vault:
    master_key = new_master_key()
    recovery = RecoveryKey.generate()
    return Vault(master_key, recovery, create_keyslots(master_key, PASSPHRASE, recovery, FLOOR))


@pytest.fixture
def cheap() -> Vault:
    master_key = new_master_key()
    recovery = RecoveryKey.generate()
    slots = create_keyslots(master_key, PASSPHRASE, recovery, FLOOR, derive=cheap_derive)
    return Vault(master_key, recovery, slots)


# --- Real Argon2id ------------------------------------------------------------------------


def test_passphrase_unlocks_and_each_attempt_costs_one_full_derivation(real: Vault) -> None:
    counting = CountingDerive(derive_key)
    assert unlock(real.slots, PASSPHRASE, derive=counting) == real.master_key
    assert counting.calls == [FLOOR]


def test_recovery_key_opens_what_the_passphrase_opens(real: Vault) -> None:
    assert unlock(real.slots, real.recovery.formatted()) == real.master_key
    typed = real.recovery.formatted().lower().replace("-", " ")
    assert unlock(real.slots, typed) == real.master_key


def test_wrong_passphrase_costs_a_full_derivation_too(real: Vault) -> None:
    counting = CountingDerive(derive_key)
    with pytest.raises(WrongPassphraseError):
        unlock(real.slots, "correct horse battery stable", derive=counting)
    assert counting.calls == [FLOOR]
    assert isinstance(WrongPassphraseError(), AuthenticationError)


def test_a_file_without_a_slot_of_that_kind_still_costs_a_derivation(real: Vault) -> None:
    only_recovery = KeyslotFile(1, real.slots.of_kind(SlotKind.RECOVERY))
    counting = CountingDerive(derive_key)
    with pytest.raises(WrongPassphraseError):
        unlock(only_recovery, PASSPHRASE, derive=counting)
    assert counting.calls == [FLOOR]


def test_change_passphrase_rewraps_the_same_master_key(real: Vault) -> None:
    changed = change_passphrase(real.slots, PASSPHRASE, "a new passphrase for the vault")
    with pytest.raises(WrongPassphraseError):
        unlock(changed, PASSPHRASE)
    assert unlock(changed, "a new passphrase for the vault") == real.master_key
    assert unlock(changed, real.recovery.formatted()) == real.master_key
    # The recovery slot is untouched, byte for byte.
    assert changed.of_kind(SlotKind.RECOVERY) == real.slots.of_kind(SlotKind.RECOVERY)
    assert changed.of_kind(SlotKind.PASSPHRASE) != real.slots.of_kind(SlotKind.PASSPHRASE)


def test_recovery_key_resets_a_forgotten_passphrase(real: Vault) -> None:
    reset = change_passphrase(real.slots, real.recovery.formatted(), "chosen after forgetting")
    assert unlock(reset, "chosen after forgetting") == real.master_key
    with pytest.raises(WrongPassphraseError):
        unlock(reset, PASSPHRASE)


def test_passphrase_is_unicode_normalised(tmp_path: Path) -> None:
    composed = "Свобода café Grüße"  # é and ü as single code points (NFC)
    decomposed = "Свобода cafe\u0301 Gru\u0308ße"  # as letter + combining mark (NFD)
    assert composed != decomposed
    master_key = new_master_key()
    slots = create_keyslots(master_key, composed, RecoveryKey.generate(), FLOOR)
    assert unlock(slots, decomposed) == master_key


# --- Logic with a cheap derivation ----------------------------------------------------------


def test_serialize_parse_round_trip_and_file_on_disk(cheap: Vault, tmp_path: Path) -> None:
    data = serialize(cheap.slots)
    assert len(data) == HEADER + 2 * SLOT
    assert data.startswith(b"EVKEYSLT\x00\x01\x02")
    assert parse(data) == cheap.slots
    path = tmp_path / "keyslots"
    write_keyslots(path, cheap.slots)
    assert is_owner_only(path)
    assert read_keyslots(path) == cheap.slots
    assert unlock(read_keyslots(path), PASSPHRASE, derive=cheap_derive) == cheap.master_key


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        read_keyslots(tmp_path / "keyslots")


def test_every_truncation_and_any_extension_is_a_format_error(cheap: Vault) -> None:
    data = serialize(cheap.slots)
    for length in range(len(data)):
        with pytest.raises(FormatError):
            parse(data[:length])
    with pytest.raises(FormatError):
        parse(data + b"\x00")
    with pytest.raises(FormatError):
        parse(data + bytes(10_000))


def _flip_outcomes(
    data: bytes, position: int, bit: int, vault: Vault, derive: Callable[..., bytes]
) -> None:
    flipped = bytearray(data)
    flipped[position] ^= 1 << bit
    try:
        slots = parse(bytes(flipped))
    except FormatError:
        return  # includes UnsupportedVersionError
    assert position >= HEADER, "a changed header must never parse"
    slot_index = (position - HEADER) // SLOT
    secrets = {0: PASSPHRASE, 1: vault.recovery.formatted()}
    for index, secret in secrets.items():
        try:
            opened = unlock(slots, secret, derive=derive)
        except WrongPassphraseError:
            continue
        # Only the slot that was not touched may still open, and only to the right key.
        assert index != slot_index, f"changed slot {index} still opened (byte {position})"
        assert opened == vault.master_key


def test_every_bit_flip_is_rejected_never_a_wrong_key(cheap: Vault) -> None:
    data = serialize(cheap.slots)
    for position in range(len(data)):
        for bit in range(8):
            _flip_outcomes(data, position, bit, cheap, cheap_derive)


def test_byte_flips_with_real_argon2(full_run: bool) -> None:
    master_key = new_master_key()
    recovery = RecoveryKey.generate()
    vault = Vault(master_key, recovery, create_keyslots(master_key, PASSPHRASE, recovery, FLOOR))
    data = serialize(vault.slots)
    # The CI slice changes the passphrase slot's memory (still valid parameters, so real
    # derivations run) and its wrapped key once each; --full flips every byte.
    positions = range(len(data)) if full_run else [HEADER + 4, HEADER + 60]
    for position in positions:
        _flip_outcomes(data, position, 0, vault, derive_key)


def test_unknown_versions_are_unsupported(cheap: Vault) -> None:
    data = serialize(cheap.slots)
    for version in (0, 2, 0xFFFF):
        crafted = data[:8] + struct.pack(">H", version) + data[10:]
        with pytest.raises(UnsupportedVersionError, match=f"version {version}"):
            parse(crafted)
    with pytest.raises(UnsupportedVersionError):
        KeyslotFile(2, cheap.slots.slots)


def _with_params(data: bytes, slot: int, memory: int, passes: int, lanes: int) -> bytes:
    at = HEADER + slot * SLOT + 1
    return data[:at] + struct.pack(">III", memory, passes, lanes) + data[at + 12 :]


@pytest.mark.parametrize(
    ("memory", "passes", "lanes", "message"),
    [
        (65535, 3, 4, "below the minimum"),
        (1024, 1, 1, "below the minimum"),
        (65536, 2, 4, "below the minimum"),
        (65536, 3, 3, "below the minimum"),
        (0, 0, 0, "below the minimum"),
        (0xFFFFFFFF, 3, 4, "exceed the maximum"),
        (4 * 1024 * 1024 + 1, 3, 4, "exceed the maximum"),
        (65536, 101, 4, "exceed the maximum"),
        (65536, 3, 65, "exceed the maximum"),
    ],
)
def test_crafted_parameters_are_refused_before_any_derivation(
    cheap: Vault, memory: int, passes: int, lanes: int, message: str
) -> None:
    crafted = _with_params(serialize(cheap.slots), 1, memory, passes, lanes)
    with pytest.raises(FormatError, match=message):
        parse(crafted)
    with pytest.raises(FormatError, match=message):
        Argon2Params(memory, passes, lanes)


def test_lowered_parameters_fail_even_if_the_kdf_ignored_them() -> None:
    master_key = new_master_key()
    strong = Argon2Params(262144, 4, 4)
    slots = create_keyslots(
        master_key, PASSPHRASE, RecoveryKey.generate(), strong, derive=derive_ignoring_params
    )
    data = serialize(slots)
    assert unlock(parse(data), PASSPHRASE, derive=derive_ignoring_params) == master_key
    downgraded = parse(_with_params(data, 0, 65536, 3, 4))
    with pytest.raises(WrongPassphraseError):
        unlock(downgraded, PASSPHRASE, derive=derive_ignoring_params)


def test_relabelled_slots_do_not_open(cheap: Vault) -> None:
    data = bytearray(serialize(cheap.slots))
    first, second = HEADER, HEADER + SLOT
    data[first], data[second] = data[second], data[first]
    swapped = parse(bytes(data))
    assert [slot.kind for slot in swapped.slots] == [SlotKind.RECOVERY, SlotKind.PASSPHRASE]
    for secret in (PASSPHRASE, cheap.recovery.formatted()):
        with pytest.raises(WrongPassphraseError):
            unlock(swapped, secret, derive=derive_ignoring_params)
        with pytest.raises(WrongPassphraseError):
            unlock(swapped, secret, derive=cheap_derive)


def test_slot_count_and_kind_are_checked(cheap: Vault) -> None:
    data = serialize(cheap.slots)
    for count in (0, 9, 255):
        with pytest.raises(FormatError, match="1 to 8 slots"):
            parse(data[:10] + bytes([count]) + data[11:])
    with pytest.raises(FormatError, match="unknown kind"):
        parse(data[:HEADER] + b"\x07" + data[HEADER + 1 :])
    with pytest.raises(FormatError):
        KeyslotFile(1, ())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_refused_cleanly(data: bytes) -> None:
    with pytest.raises(FormatError):
        parse(data)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_random_damage_to_a_valid_file_never_yields_a_wrong_key(data: st.DataObject) -> None:
    master_key = b"\x42" * 32
    recovery = RecoveryKey(b"\x07" * 20)
    slots = create_keyslots(master_key, PASSPHRASE, recovery, FLOOR, derive=cheap_derive)
    original = bytearray(serialize(slots))
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    try:
        damaged = parse(bytes(original))
    except FormatError:
        return
    for secret in (PASSPHRASE, recovery.formatted()):
        with contextlib.suppress(WrongPassphraseError):
            assert unlock(damaged, secret, derive=cheap_derive) == master_key


def test_change_passphrase_with_wrong_secret_and_new_parameters(cheap: Vault) -> None:
    with pytest.raises(WrongPassphraseError):
        change_passphrase(cheap.slots, "not it", "whatever new", derive=cheap_derive)
    stronger = Argon2Params(131072, 4, 4)
    changed = change_passphrase(
        cheap.slots, PASSPHRASE, "whatever new", stronger, derive=cheap_derive
    )
    assert changed.of_kind(SlotKind.PASSPHRASE)[0].params == stronger
    assert changed.of_kind(SlotKind.RECOVERY)[0].params == FLOOR
    assert unlock(changed, "whatever new", derive=cheap_derive) == cheap.master_key
    assert parse(serialize(changed)) == changed


@pytest.mark.parametrize(
    "new_passphrase",
    ["", "x" * 1025, "RECOVERY"],
)
def test_unusable_new_passphrases_are_refused(cheap: Vault, new_passphrase: str) -> None:
    if new_passphrase == "RECOVERY":
        new_passphrase = RecoveryKey.generate().formatted()
    counting = CountingDerive(cheap_derive)
    with pytest.raises(PassphraseRejectedError):
        change_passphrase(cheap.slots, PASSPHRASE, new_passphrase, derive=counting)
    with pytest.raises(PassphraseRejectedError):
        create_keyslots(new_master_key(), new_passphrase, cheap.recovery, FLOOR, derive=counting)
    assert counting.calls == []  # refused before any work


def test_master_key_length_is_checked() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        create_keyslots(b"short", PASSPHRASE, RecoveryKey.generate(), FLOOR, derive=cheap_derive)
    assert len(new_master_key()) == 32
    assert new_master_key() != new_master_key()


def test_keyslot_file_is_small_and_bounded() -> None:
    assert keyslots.MAX_FILE_LENGTH == HEADER + 8 * SLOT


# --- Subkeys from the master key -------------------------------------------------------------


def _hkdf_sha256(key: bytes, info: bytes) -> bytes:
    """RFC 5869 written out with hmac, as an independent check of the library call."""
    prk = hmac.new(b"\x00" * 32, key, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_vault_subkeys_are_hkdf_under_distinct_labels() -> None:
    master_key = bytes(range(32))
    keys = derive_vault_keys(master_key)
    assert keys.database == _hkdf_sha256(master_key, b"evidence-vault/v1/database-key")
    assert keys.media == _hkdf_sha256(master_key, b"evidence-vault/v1/media-key")
    assert keys.signing_wrap == _hkdf_sha256(master_key, b"evidence-vault/v1/signing-key-wrap")
    assert len({keys.database, keys.media, keys.signing_wrap, master_key}) == 4
    assert derive_vault_keys(master_key) == keys
    assert derive_vault_keys(bytes(32)).database != keys.database
    assert master_key.hex() not in repr(keys) and keys.database.hex() not in repr(keys)
    with pytest.raises(ValueError, match="32 bytes"):
        derive_vault_keys(b"short")
