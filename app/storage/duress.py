"""The duress passphrase on disk: its slot, the prepared decoy, and what typing it does.

Setting one adds a slot of kind ``DURESS`` to the keyslot file. The file keeps its size
and layout (eight slots whatever is set, kinds only inside the ciphertext), so nothing
on disk says whether a duress passphrase exists. The slot holds a random duress secret
``D`` (never the master key) and the time it was set. A decoy the documenter prepared
is stored as one blob of the ordinary shape, under a media key derived from ``D`` and
at an id derived from ``D``; the real vault's settings name that id only so that its
orphan sweep keeps the blob.

Typing the duress passphrase at unlock (:func:`become_decoy`), after the same single
Argon2id derivation as any unlock:

1. the prepared decoy, if any, is read into memory;
2. every secret in the keyslot file is overwritten in place with random bytes and
   flushed (crypto-erase: from here no passphrase, recovery key or share opens the real
   master key);
3. the real database and media folder are renamed out of the way (deleted right after
   the decoy is open, in the background: see :func:`delete_moved_aside`);
4. a decoy vault is made in the same folder, the same layout: a new master key, a new
   database with a new device key, its creation dated when the duress passphrase was
   set, filled with the prepared cases; then a keyslot file with the same Argon2id
   parameters and salt, the duress passphrase as its passphrase (sealed with the key
   this attempt already derived: no second derivation, no calibration), and a recovery
   slot of random bytes (the decoy has a recovery slot like any vault; nobody holds its
   key). The failed-unlock limit is kept.

Storage only: the caller (the session) passes the function that records the decoy's
creation and content, as :meth:`app.storage.vault.Vault.create` takes a recorder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.crypto import keyfile
from app.crypto.keyfile import Guard, Kind, Secret, State
from app.crypto.keyslots import new_master_key
from app.crypto.signing import DeviceIdentity, wrap_private_key
from app.crypto.subkeys import VaultKeys, derive_vault_keys
from app.errors import EvidenceVaultError, FormatError
from app.fsutil import ensure_private_dir, fsync_dir
from app.platform import files
from app.storage.blobs import BlobStore
from app.storage.database import Connection, open_database, transaction
from app.storage.keyslot_file import erase_slots_in_place, write_keyfile
from app.storage.migrations import migrate
from app.storage.vault_keys import KeysOpened, custody_anchor

# The real vault's settings row naming the prepared decoy's blob (kept from the sweep).
DECOY_BLOB_SETTING = "duress-decoy-blob"
MAX_DECOY_BYTES = 16 * 1024 * 1024

# Records the decoy's creation and fills it (conn, device, created at, prepared content);
# called inside the transaction that creates the decoy's device.
DecoyFiller = Callable[[Connection, DeviceIdentity, datetime, bytes | None], None]


def decoy_blob_id(duress_secret: bytes) -> str:
    return keyfile.duress_subkey(duress_secret, "decoy-blob-id")[:16].hex()


def decoy_media_key(duress_secret: bytes) -> bytes:
    return keyfile.duress_subkey(duress_secret, "decoy-media")


# -- setting ------------------------------------------------------------------------------


def seal_duress(
    found: keyfile.KeyFile,
    state: State,
    master_key: bytes,
    duress: Secret,
    duress_secret: bytes,
    set_at: int,
    *,
    has_decoy: bool,
) -> keyfile.KeyFile:
    """``found`` with the duress slot set (an earlier one replaced) and the state
    updated. FormatError when ``duress`` is not a passphrase or opens another slot
    (it is the vault's passphrase)."""
    if duress.kind != "passphrase":
        raise FormatError(
            "A duress passphrase cannot have the form of a recovery key: it would be read "
            "as one at unlock."
        )
    key = keyfile.derive(found, duress)
    if any(kind is not Kind.DURESS for _i, kind, _k in keyfile.open_slots(found, key)):
        raise FormatError("The duress passphrase must differ from the vault's passphrase.")
    existing = state.slots_of(Kind.DURESS)
    index = existing[0] if existing else keyfile.free_slot(state)
    kinds = list(state.kinds)
    for extra in existing[1:]:
        kinds[extra] = 0
    kinds[index] = Kind.DURESS
    placed = keyfile.clear_slots(found, existing[1:])
    extra_bytes = keyfile.duress_extra(set_at, has_decoy=has_decoy)
    sealed = keyfile.seal_slot(placed, key, Kind.DURESS, duress_secret, extra=extra_bytes)
    placed = keyfile.with_slot(placed, index, sealed)
    updated = State(state.count, state.head, tuple(kinds), state.legacy)
    return keyfile.seal_state(placed, master_key, updated)


def clear_duress(found: keyfile.KeyFile, state: State, master_key: bytes) -> keyfile.KeyFile:
    """``found`` without a duress slot (its place random bytes again)."""
    existing = state.slots_of(Kind.DURESS)
    kinds = [0 if code == Kind.DURESS else code for code in state.kinds]
    cleared = keyfile.clear_slots(found, existing)
    updated = State(state.count, state.head, tuple(kinds), state.legacy)
    return keyfile.seal_state(cleared, master_key, updated)


def write_decoy_blob(blobs: Path, duress_secret: bytes, content: bytes) -> str:
    """Store the prepared decoy as a blob under keys from the duress secret; its id.
    The blob stays in flight for the caller's store only, so nothing sweeps it here."""
    if len(content) > MAX_DECOY_BYTES:
        raise FormatError("A prepared decoy is at most 16 MiB.")
    store = BlobStore(blobs, decoy_media_key(duress_secret))
    written = store.write(io.BytesIO(content), blob_id=decoy_blob_id(duress_secret))
    store.forget_key()
    return written.blob_id


# -- typing it ------------------------------------------------------------------------------


def _read_decoy(blobs: Path, duress_secret: bytes) -> bytes | None:
    """The prepared decoy's content, or None when there is none that verifies."""
    store = BlobStore(blobs, decoy_media_key(duress_secret))
    try:
        with store.open(decoy_blob_id(duress_secret)) as reader:
            data = reader.read(MAX_DECOY_BYTES + 1)
    except (EvidenceVaultError, OSError):
        return None
    finally:
        store.forget_key()
    return data if len(data) <= MAX_DECOY_BYTES else None


# What the real vault left is renamed under this prefix and deleted once the decoy is
# open: deleting thousands of media files first would make a duress unlock slower than a
# real one. The name is neutral, and any unlock removes such leftovers of a killed run.
ASIDE_PREFIX = ".tmp-"


def _move_aside(paths: list[Path], blobs: Path) -> None:
    """Rename the real database files and media folder out of the decoy's way (a rename
    takes the same short time whatever the media's size)."""
    token = secrets.token_hex(8)
    for number, path in enumerate([*paths, blobs]):
        with contextlib.suppress(FileNotFoundError):
            files.replace(path, path.with_name(f"{ASIDE_PREFIX}{token}-{number}"))


def delete_moved_aside(folder: Path) -> None:
    """Delete what :func:`become_decoy` moved aside (ciphertext whose keys are erased)."""
    try:
        leftovers = [entry for entry in folder.iterdir() if entry.name.startswith(ASIDE_PREFIX)]
    except OSError:
        return
    for entry in leftovers:
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _decoy_time(set_at: int) -> datetime:
    # Whole seconds would stand out among timestamps with microseconds.
    return datetime.fromtimestamp(set_at, UTC) + timedelta(
        microseconds=secrets.randbelow(1_000_000)
    )


def _decoy_keyfile(
    found: keyfile.KeyFile, opened: KeysOpened, master_key: bytes, count: int, head: bytes
) -> keyfile.KeyFile:
    fresh = dataclasses.replace(
        keyfile.blank(found.params), salt=found.salt, guard=Guard(found.guard.limit, 0)
    )
    state = State()
    passphrase_index = keyfile.free_slot(state)
    kinds = [0] * keyfile.SLOT_COUNT
    kinds[passphrase_index] = Kind.PASSPHRASE
    kinds[keyfile.free_slot(State(kinds=tuple(kinds)))] = Kind.RECOVERY  # random bytes
    sealed = keyfile.seal_slot(fresh, opened.secret_key, Kind.PASSPHRASE, master_key)
    fresh = keyfile.with_slot(fresh, passphrase_index, sealed)
    return keyfile.seal_state(fresh, master_key, State(count, head, tuple(kinds)))


def become_decoy(
    keyslots: Path,
    database: Path,
    blobs: Path,
    found: keyfile.KeyFile,
    opened: KeysOpened,
    fill: DecoyFiller | None,
) -> tuple[Connection, VaultKeys, DeviceIdentity, bytes]:
    """Erase the real vault and put a decoy in its place (see the module docstring);
    returns the decoy's open connection, keys, device and master key."""
    duress_secret = opened.master_key
    set_at, has_decoy = keyfile.read_duress_extra(opened.extra)
    content = _read_decoy(blobs, duress_secret) if has_decoy else None
    erase_slots_in_place(keyslots)
    others = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm",
                                                                         "-journal")]
    _move_aside([database, *others], blobs)
    master_key = new_master_key()
    keys = derive_vault_keys(master_key)
    connection = open_database(database, keys.database, create=True)
    try:
        # The schema's steps without a flush each (they are most of the time a decoy
        # adds to an unlock); the device's transaction below commits under FULL again,
        # which flushes the whole log, so the decoy is on disk when it opens.
        connection.execute("PRAGMA synchronous = OFF").fetchall()
        migrate(connection)
        connection.execute("PRAGMA synchronous = FULL").fetchall()
        device = DeviceIdentity.generate()
        created = _decoy_time(set_at)
        with transaction(connection):
            connection.execute(
                "INSERT INTO device (id, public_key, wrapped_private_key, created_at)"
                " VALUES (1, ?, ?, ?)",
                (
                    device.public_key.raw,
                    wrap_private_key(keys.signing_wrap, device),
                    created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                ),
            )
            if fill is not None:
                fill(connection, device, created, content)
        ensure_private_dir(blobs)
        count, head = custody_anchor(connection)
        write_keyfile(keyslots, _decoy_keyfile(found, opened, master_key, count, head))
        with contextlib.suppress(OSError):
            fsync_dir(keyslots.parent)
    except BaseException:
        connection.close()
        raise
    return connection, keys, device, master_key
