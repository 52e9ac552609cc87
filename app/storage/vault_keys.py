"""The vault's keys on disk beyond a plain unlock: the failed-unlock guard, migrating a
version-1 keyslot file, the re-key journal and its undoing, the rollback anchor, and
wiping. Storage only: no domain records (the session records custody events).

Re-key, crash-safe in three steps (see :meth:`app.storage.vault.Vault.rekey`):

1. the keyslot file is replaced by one holding the old slots, the new slots and the
   journal (both master keys, each sealed under the other's journal key);
2. the database is re-encrypted (SQLCipher's ``PRAGMA rekey``, one transaction), the
   device signing key re-wrapped, and every blob's file key re-wrapped in place;
3. the keyslot file is replaced by one holding only the new slots.

A crash before step 3 leaves a journal: the next unlock, with any old or new secret,
learns both master keys from it and undoes steps 2 and 1 (:func:`roll_back`), every part
of which can be repeated after another crash. So a vault always opens with the old
secrets or, once step 3 is on disk, the new ones.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from app.crypto import keyfile, keyslots
from app.crypto.keyfile import EXTRA_LENGTH, Guard, Journal, KeyFile, Secret, State
from app.crypto.signing import DeviceIdentity, unwrap_private_key, wrap_private_key
from app.crypto.subkeys import VaultKeys, derive_vault_keys
from app.errors import (
    AuthenticationError,
    FormatError,
    StorageError,
    WrongPassphraseError,
)
from app.fsutil import fsync_dir
from app.platform.files import binary_flags, fsync_file, read_at, write_at
from app.storage import blobs as blob_format
from app.storage.database import Connection, DatabaseKeyError, open_database, transaction
from app.storage.keyslot_file import erase_keyslots, read_any, write_guard, write_keyfile

SecretInput = str | Secret


def as_secret(secret: SecretInput) -> Secret:
    return secret if isinstance(secret, Secret) else Secret.from_text(secret)


@dataclass(frozen=True)
class KeysOpened:
    """What an unlock found in the keyslot file."""

    master_key: bytes
    kind: keyfile.Kind
    keyfile: KeyFile | None  # None: still a version-1 file (opened with the recovery key)
    journal: Journal | None
    secret_key: bytes = b""  # what the secret derived (a duress unlock reuses it)
    extra: bytes = bytes(EXTRA_LENGTH)  # the slot's extra bytes (duress: set at)


# -- unlocking: guard, version 1, migration -------------------------------------------


def open_keys(path: Path, secret: SecretInput, *, wipe: Callable[[], None]) -> KeysOpened:
    """The master key ``secret`` opens, counting the attempt first when the vault wipes
    itself after failed unlocks (``wipe`` is called, then WrongPassphraseError raised,
    when the limit is reached). A version-1 file opened with the passphrase is migrated
    to version 2 here (atomically)."""
    found = read_any(path)
    if isinstance(found, keyslots.KeyslotFile):
        return _open_version1(path, found, as_secret(secret))
    # A recovery key typed with a mistake is named from the text alone, before the
    # attempt is counted: it tells an attacker nothing and costs no derivation.
    parsed = as_secret(secret)
    guard = found.guard
    if guard.limit:
        if guard.failures >= guard.limit:
            # The attempt that reached the limit was killed before it could wipe.
            wipe()
            raise WrongPassphraseError()
        write_guard(path, Guard(guard.limit, guard.failures + 1))
    try:
        opened = keyfile.unlock(found, parsed)
    except WrongPassphraseError:
        if guard.limit and guard.failures + 1 >= guard.limit:
            wipe()
        raise
    if guard.limit:
        write_guard(path, Guard(guard.limit, 0))
    current = keyfile.with_guard(found, Guard(guard.limit, 0))
    return KeysOpened(
        opened.master_key, opened.kind, current, opened.journal, opened.secret_key, opened.extra
    )


def _open_version1(path: Path, old: keyslots.KeyslotFile, secret: Secret) -> KeysOpened:
    text_secret = secret.value if secret.kind == "passphrase" else None
    if secret.kind == "recovery":
        master_key = _unlock_version1(old, keyslots.SlotKind.RECOVERY, secret.value)
        return KeysOpened(master_key, keyfile.Kind.RECOVERY, None, None)
    if text_secret is None:
        raise WrongPassphraseError()
    master_key = _unlock_version1(old, keyslots.SlotKind.PASSPHRASE, text_secret)
    migrated = keyfile.from_version1(old, master_key, text_secret.decode("utf-8", "surrogatepass"))
    write_keyfile(path, migrated)
    return KeysOpened(master_key, keyfile.Kind.PASSPHRASE, migrated, None)


def _unlock_version1(old: keyslots.KeyslotFile, kind: keyslots.SlotKind, value: bytes) -> bytes:
    from app.crypto.kdf import derive_key

    master_key: bytes | None = None
    candidates = old.of_kind(kind)
    for slot in candidates:
        wrapping_key = derive_key(value, slot.salt, slot.params)
        try:
            opened = ChaCha20Poly1305(wrapping_key).decrypt(
                slot.nonce, slot.wrapped_key, keyslots._aad(old.version, slot._header())
            )
        except InvalidTag:
            continue
        master_key = master_key or opened
    if master_key is None:
        raise WrongPassphraseError()
    return master_key


def require_version2(path: Path, what: str) -> KeyFile:
    found = read_any(path)
    if isinstance(found, keyslots.KeyslotFile):
        raise FormatError(
            f"{what} needs the vault's keys in the current format: unlock it once with "
            "the passphrase (not the recovery key), then try again."
        )
    return found


def state_of(found: KeyFile, master_key: bytes) -> State:
    state = keyfile.open_state(found, master_key)
    if state is None:
        raise AuthenticationError("The keyslot file's state does not verify with this key.")
    return state


# -- the rollback anchor ----------------------------------------------------------------


def custody_anchor(conn: Connection) -> tuple[int, bytes]:
    """How many custody events the database holds and the newest one's hash."""
    count = int(conn.execute("SELECT count(*) FROM custody_events").fetchone()[0])
    row = conn.execute(
        "SELECT event_hash FROM custody_events ORDER BY at DESC, seq DESC, chain_id DESC"
        " LIMIT 1"
    ).fetchone()
    head = bytes.fromhex(str(row[0])) if row is not None else bytes(keyfile.HEAD_LENGTH)
    return count, head


ROLLBACK_MESSAGE = (
    "This vault's database is older than its keys: it may have been replaced with an "
    "older copy. It is open read-only until you decide (evidence-vault check "
    "--accept-rollback accepts the database as it is)."
)


def rollback_finding(conn: Connection, state: State) -> str | None:
    """Why the database is older than the anchor sealed with the keys, or None."""
    if state.count == 0:
        return None
    count = int(conn.execute("SELECT count(*) FROM custody_events").fetchone()[0])
    present = conn.execute(
        "SELECT 1 FROM custody_events WHERE event_hash = ? LIMIT 1", (state.head.hex(),)
    ).fetchone()
    if count < state.count:
        return (
            f"{ROLLBACK_MESSAGE} (The keys remember {state.count} custody events; the "
            f"database holds {count}.)"
        )
    if present is None:
        return (
            f"{ROLLBACK_MESSAGE} (The newest custody event the keys remember is not in "
            "the database.)"
        )
    return None


def store_anchor(path: Path, master_key: bytes, conn: Connection) -> None:
    """Seal the database's current custody count and head into the keyslot file, if they
    moved on (atomic replace). Never lowers the anchor."""
    found = read_any(path)
    if isinstance(found, keyslots.KeyslotFile):
        return
    state = keyfile.open_state(found, master_key)
    if state is None:
        return
    count, head = custody_anchor(conn)
    if count < state.count or (count == state.count and head == state.head):
        return
    updated = State(count, head, state.kinds, state.legacy)
    write_keyfile(path, keyfile.seal_state(found, master_key, updated))


def accept_anchor(path: Path, master_key: bytes, conn: Connection) -> None:
    """Seal the database's current custody count and head even if lower (the user
    accepted a database older than the keys)."""
    found = require_version2(path, "Accepting the database")
    state = state_of(found, master_key)
    count, head = custody_anchor(conn)
    updated = State(count, head, state.kinds, state.legacy)
    write_keyfile(path, keyfile.seal_state(found, master_key, updated))


# -- blobs ------------------------------------------------------------------------------


def blob_paths(folder: Path) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    if not folder.is_dir():
        return found
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or len(sub.name) != 2:
            continue
        for entry in sorted(sub.iterdir()):
            name = entry.name
            if len(name) == 32 and name.startswith(sub.name) and all(
                c in "0123456789abcdef" for c in name
            ):
                found.append((name, entry))
    return found


def rewrap_blob(path: Path, blob_id: str, target: bytes, sources: list[bytes]) -> bool:
    """Re-wrap one blob's file key under the media key ``target`` (in place, flushed).
    The payload is not touched (an overlay's description, which binds its base by the
    base's file key, stays true). Both versions share the header; the wrap's associated
    data is the file's own magic. False when it already was; AuthenticationError when no
    key of ``sources`` unwraps it either."""
    start = len(blob_format.MAGIC)
    length = blob_format.WRAP_NONCE_SIZE + blob_format.WRAPPED_KEY_SIZE
    fd = os.open(path, os.O_RDWR | binary_flags() | getattr(os, "O_NOFOLLOW", 0))
    try:
        header = read_at(fd, start + length, 0)
        if len(header) < start + length or header[:start] not in blob_format.MAGICS:
            raise FormatError("A stored media file is not in the vault's blob format.")
        aad = header[:start] + blob_id.encode("ascii")
        nonce = header[start : start + blob_format.WRAP_NONCE_SIZE]
        wrapped = header[start + blob_format.WRAP_NONCE_SIZE :]
        for key in [target, *sources]:
            try:
                file_key = ChaCha20Poly1305(key).decrypt(nonce, wrapped, aad)
            except InvalidTag:
                continue
            if key is target:
                return False
            new_nonce = secrets.token_bytes(blob_format.WRAP_NONCE_SIZE)
            rewrapped = ChaCha20Poly1305(target).encrypt(new_nonce, file_key, aad)
            write_at(fd, new_nonce + rewrapped, start)
            fsync_file(fd)
            return True
        raise AuthenticationError(
            "A stored media file failed authentication (damaged or altered)."
        )
    finally:
        os.close(fd)


def rewrap_all_blobs(folder: Path, target: bytes, sources: list[bytes]) -> int:
    """Every blob under ``target``; damaged ones are left for the integrity check."""
    changed = 0
    for blob_id, path in blob_paths(folder):
        with contextlib.suppress(AuthenticationError, FormatError, OSError):
            changed += rewrap_blob(path, blob_id, target, sources)
    return changed


# -- the device key and the database under either key ----------------------------------


def rewrap_device(conn: Connection, target: VaultKeys, sources: list[VaultKeys]) -> DeviceIdentity:
    """The device key re-wrapped under ``target`` (it may already be)."""
    row = conn.execute("SELECT wrapped_private_key FROM device WHERE id = 1").fetchone()
    if row is None:
        raise FormatError("The vault has no device signing key.")
    wrapped = bytes(row[0])
    for keys in [target, *sources]:
        try:
            device = unwrap_private_key(keys.signing_wrap, wrapped)
        except (AuthenticationError, FormatError):
            continue
        if keys is not target:
            with transaction(conn):
                conn.execute(
                    "UPDATE device SET wrapped_private_key = ? WHERE id = 1",
                    (wrap_private_key(target.signing_wrap, device),),
                )
        return device
    raise AuthenticationError("The device signing key does not open with the vault's keys.")


def rekey_database(conn: Connection, new_key: bytes) -> None:
    """Re-encrypt every page under ``new_key`` (SQLCipher, one transaction)."""
    try:
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"").fetchall()
        checkpoint(conn)
    except sqlcipher3.Error as error:
        raise StorageError(f"The vault database could not be re-encrypted: {error}") from None


def checkpoint(conn: Connection) -> None:
    """Copy the write-ahead log into the database file. After a re-key the log holds
    every page under the new key and the file still the old pages: until this is done,
    a page-by-page check of the file (and a copy of vault.db alone) sees the old key."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def open_either(path: Path, keys: list[VaultKeys]) -> tuple[Connection, VaultKeys]:
    """The database opened with the first of ``keys`` that opens it."""
    for candidate in keys:
        try:
            return open_database(path, candidate.database), candidate
        except DatabaseKeyError:
            continue
    raise DatabaseKeyError(
        "The vault database does not open with this vault's key "
        "(the file is damaged or belongs to another vault)."
    )


def roll_back(
    path: Path, database: Path, blobs: Path, found: KeyFile, journal: Journal
) -> None:
    """Undo an interrupted re-key: database, device key and blobs back under the old
    master key, then the new slots and the journal cleared. Repeatable after a crash."""
    old = derive_vault_keys(journal.old_key)
    new = derive_vault_keys(journal.new_key)
    conn, opened_with = open_either(database, [old, new])
    try:
        checkpoint(conn)  # a re-key killed before its own checkpoint
        if opened_with is new:
            rekey_database(conn, old.database)
        rewrap_device(conn, old, [new])
    finally:
        conn.close()
    rewrap_all_blobs(blobs, old.media, [new.media])
    settled = keyfile.clear_slots(found, journal.new_slots - journal.old_slots)
    write_keyfile(path, keyfile.clear_journal(settled))


# -- wiping -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WipeTimes:
    erase_seconds: float  # keyslots overwritten, flushed and removed
    total_seconds: float  # and the database, blobs and folder deleted


def wipe_folder(folder: Path, keyslots_name: str, others: list[str]) -> WipeTimes:
    """Crypto-erase the keyslot file first, then delete everything else of the vault.

    After the first step no secret opens anything, whatever happens to the rest (a
    crash, a pulled plug); the deletions only tidy ciphertext away.
    """
    started = time.perf_counter()
    erase_keyslots(folder / keyslots_name)
    erased = time.perf_counter()
    for name in others:
        target = folder / name
        try:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"Cannot delete a part of the vault: {error.strerror}") from None
    with contextlib.suppress(OSError):
        fsync_dir(folder)
    return WipeTimes(erased - started, time.perf_counter() - started)
