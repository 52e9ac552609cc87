"""The vault folder: create, unlock, lock, change the passphrase.

Layout of a vault folder (0700, files 0600)::

    keyslots          the master key wrapped per secret (passphrase, recovery key)
    vault.db          SQLCipher 4 database (+ vault.db-wal, vault.db-shm while open)
    blobs/xx/<id>     encrypted media, see app/storage/blobs.py
    lock              held with an exclusive OS lock while a program has the vault open

``keyslots`` is written last when a vault is created: a folder holds a vault exactly
when it has that file. An unlocked :class:`Vault` owns the single database connection;
SQLite binds it to the thread that unlocked, which must be the vault worker thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3

from app.crypto import keyfile
from app.crypto.kdf import Argon2Params, calibrate
from app.crypto.keyfile import Guard, Journal, Kind, Secret, State
from app.crypto.keyslots import _check_new_passphrase, new_master_key
from app.crypto.recovery import RecoveryKey
from app.crypto.signing import DeviceIdentity, unwrap_private_key, wrap_private_key
from app.crypto.subkeys import VaultKeys, derive_vault_keys
from app.errors import (
    EvidenceVaultError,
    FormatError,
    NotFoundError,
    StorageError,
    VaultExistsError,
    VaultLockedError,
    WrongPassphraseError,
)
from app.fsutil import ensure_private_dir
from app.platform import paths, private
from app.storage import duress as duress_keys
from app.storage import vault_keys
from app.storage.blobs import BlobStore
from app.storage.database import (
    Connection,
    DatabaseDamagedError,
    is_disk_error,
    open_database,
    set_read_only,
    storage_error,
    transaction,
)
from app.storage.duress import DecoyFiller
from app.storage.folder_lock import FolderLock
from app.storage.keyslot_file import read_any, write_guard, write_keyfile
from app.storage.migrations import migrate
from app.storage.vault_keys import SecretInput, WipeTimes, as_secret

KEYSLOTS_NAME = "keyslots"
DATABASE_NAME = "vault.db"
BLOBS_NAME = "blobs"
LOCK_NAME = "lock"
Progress = Callable[[float], None]
# Called inside the transaction that makes a change to the vault's keys or creates it,
# so that the layer above records the change (a custody event) atomically with it.
# Storage itself writes no domain records.
Recorder = Callable[[Connection, DeviceIdentity], None]


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def holds_vault(folder: Path) -> bool:
    """Whether ``folder`` has a vault (or the remains of one) that creating would overwrite."""
    return (folder / KEYSLOTS_NAME).exists() or (folder / DATABASE_NAME).exists()


def referenced_blob_ids(connection: Connection) -> set[str]:
    """Every blob id the database refers to (see :meth:`Vault.sweep_leftovers`)."""
    referenced: set[str] = set()
    tables = [
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        columns = {str(row[1]) for row in connection.execute(f"PRAGMA table_info({quoted})")}
        if "blob_id" in columns:
            rows = connection.execute(
                f"SELECT DISTINCT blob_id FROM {quoted} WHERE blob_id IS NOT NULL"  # noqa: S608 - name read from sqlite_master, quoted
            )
            referenced.update(str(row[0]) for row in rows)
    if "settings" in tables:
        # A prepared duress decoy: a blob no record uses, under a key the vault lacks.
        row = connection.execute(
            "SELECT value FROM settings WHERE key = ?", (duress_keys.DECOY_BLOB_SETTING,)
        ).fetchone()
        if row is not None:
            referenced.add(str(row[0]))
    return referenced


def _has_foreign_files(folder: Path) -> bool:
    """Whether ``folder`` holds anything besides hidden files and what a failed creation
    of ours may have left (the lock file, an empty blobs folder)."""
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StorageError(f"Cannot read the folder: {error.strerror}") from None
    for entry in entries:
        if entry.name.startswith(".") or entry.name == LOCK_NAME:
            continue
        if paths.is_system_entry(entry.name):  # System Volume Information, $RECYCLE.BIN
            continue
        if entry.name == BLOBS_NAME and entry.is_dir() and not any(entry.iterdir()):
            continue
        return True
    return False


class Vault:
    """An unlocked vault. Every accessor raises VaultLockedError after :meth:`lock`."""

    def __init__(
        self,
        folder: Path,
        connection: Connection,
        keys: VaultKeys,
        device: DeviceIdentity,
        folder_lock: FolderLock,
        cleaned: list[str],
        *,
        master_key: bytes | None = None,
        rollback: str | None = None,
    ) -> None:
        self._folder: Path | None = folder
        # Kept while unlocked (as the subkeys are) for the rollback anchor, re-key and
        # key changes; dropped on lock.
        self._master_key: bytes | None = master_key
        # Why the vault is open read-only (its database is older than its keys), or None.
        self.rollback: str | None = rollback
        self._connection: Connection | None = connection
        self._keys: VaultKeys | None = keys
        self._device: DeviceIdentity | None = device
        self._blobs: BlobStore | None = BlobStore(folder / BLOBS_NAME, keys.media)
        self._folder_lock: FolderLock | None = folder_lock
        # What unlocking tidied up (unfinished imports from a crash), for the user to see.
        self.cleaned: list[str] = cleaned

    # -- creating and opening --------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        *,
        params: Argon2Params | None = None,
        progress: Progress | None = None,
        record_creation: Recorder | None = None,
    ) -> tuple[Vault, RecoveryKey]:
        """A new vault in ``folder`` (created if missing) and its recovery key, which the
        user must write down: it is shown once and never stored in clear.

        ``params`` None calibrates Argon2id to this machine (about a second). Refuses a
        folder that already holds a vault (VaultExistsError); the passphrase is checked
        before anything is written.
        """
        folder = Path(folder)
        if private.is_elevated():
            raise EvidenceVaultError(private.ELEVATED_MESSAGE)
        if holds_vault(folder):
            raise VaultExistsError("This folder already holds a vault; choose another folder.")
        if _has_foreign_files(folder):
            # The folder becomes 0700 and ours: never do that to someone's Documents.
            raise VaultExistsError(
                "This folder already contains files; choose a new or empty folder for the vault."
            )
        ensure_private_dir(folder)
        folder_lock = FolderLock(folder, LOCK_NAME)
        created: list[Path] = []
        connection: Connection | None = None
        try:
            if holds_vault(folder):  # created by another program while we took the lock
                raise VaultExistsError("This folder already holds a vault; choose another folder.")
            master_key = new_master_key()
            recovery = RecoveryKey.generate()
            if params is None:
                params = calibrate(progress=progress)
            slots = keyfile.create(master_key, passphrase, recovery, params)
            keys = derive_vault_keys(master_key)

            database = folder / DATABASE_NAME
            created += [database, *(folder / (DATABASE_NAME + x) for x in ("-wal", "-shm"))]
            connection = open_database(database, keys.database, create=True)
            migrate(connection)
            device = DeviceIdentity.generate()
            with transaction(connection):
                connection.execute(
                    "INSERT INTO device (id, public_key, wrapped_private_key, created_at)"
                    " VALUES (1, ?, ?, ?)",
                    (
                        device.public_key.raw,
                        wrap_private_key(keys.signing_wrap, device),
                        _utc_now(),
                    ),
                )
                if record_creation is not None:
                    record_creation(connection, device)
            ensure_private_dir(folder / BLOBS_NAME)
            keyslots = folder / KEYSLOTS_NAME
            created.append(keyslots)
            write_keyfile(keyslots, slots)  # last: from now on the folder holds a vault
        except BaseException:
            if connection is not None:
                connection.close()
            for path in created:
                with contextlib.suppress(OSError):
                    path.unlink()
            with contextlib.suppress(OSError):
                (folder / BLOBS_NAME).rmdir()  # only if still empty
            folder_lock.release()
            raise
        if progress is not None:
            progress(1.0)
        vault = cls(folder, connection, keys, device, folder_lock, [], master_key=master_key)
        return vault, recovery

    @classmethod
    def unlock(
        cls, folder: Path, secret: SecretInput, *, decoy: DecoyFiller | None = None
    ) -> Vault:
        """Open the vault in ``folder`` with the passphrase or the recovery key text.

        WrongPassphraseError when neither opens it; NotFoundError naming what is missing
        when the folder has no vault or lost a part of one; VaultInUseError when another
        program has it open. Nothing on disk changes unless the vault opens (or the
        failed-unlock guard counts the attempt, or wipes the vault when it reaches its
        limit); then unfinished media files of an interrupted import are removed and
        listed in :attr:`cleaned`, an interrupted re-key is undone, and a version-1
        keyslot file opened with the passphrase is rewritten as version 2.

        When the database is older than the anchor sealed with the keys, the vault opens
        read-only and :attr:`rollback` says why.

        The duress passphrase, if one is set, erases this vault's keys, deletes its
        database and media, and opens a decoy vault made in its place
        (:mod:`app.storage.duress`; ``decoy`` records its creation and content).
        """
        folder = Path(folder)
        keyslots = folder / KEYSLOTS_NAME
        database = folder / DATABASE_NAME
        if not keyslots.is_file():
            if database.exists():
                raise NotFoundError(
                    "The vault's key slot file (keyslots) is missing. Without it the vault "
                    "cannot be opened: restore it from a backup of this vault folder. (If "
                    "creating this vault was interrupted, it never held anything: choose "
                    "another folder and create the vault again.)"
                )
            raise NotFoundError("There is no vault in this folder.")
        if not database.is_file():
            raise NotFoundError(
                "The vault database (vault.db) is missing from the vault folder. "
                "Restore it from a backup of this vault folder."
            )
        folder_lock = FolderLock(folder, LOCK_NAME)
        connection: Connection | None = None
        try:
            opened = vault_keys.open_keys(
                keyslots, secret, wipe=lambda: cls._wipe_unlocked(folder, folder_lock)
            )
            master_key = opened.master_key
            notes: list[str] = []
            if opened.kind is Kind.DURESS and opened.keyfile is not None:
                connection, keys, device, master_key = duress_keys.become_decoy(
                    keyslots, database, folder / BLOBS_NAME, opened.keyfile, opened, decoy
                )
                vault = cls(
                    folder, connection, keys, device, folder_lock, [], master_key=master_key
                )
                vault.cleaned = vault.sweep_leftovers(orphans=False)
                threading.Thread(
                    target=duress_keys.delete_moved_aside, args=(folder,), daemon=True
                ).start()
                return vault
            if opened.journal is not None and opened.keyfile is not None:
                vault_keys.roll_back(
                    keyslots, database, folder / BLOBS_NAME, opened.keyfile, opened.journal
                )
                master_key = opened.journal.old_key
                notes.append(
                    "A re-key was interrupted; it was undone: the vault opens with the "
                    "passphrase and recovery key it had before (run rekey again)."
                )
            # A duress unlock killed before it finished deleting the real vault's files.
            duress_keys.delete_moved_aside(folder)
            keys = derive_vault_keys(master_key)
            connection = open_database(database, keys.database)
            migrate(connection)
            row = connection.execute(
                "SELECT wrapped_private_key FROM device WHERE id = 1"
            ).fetchone()
            if row is None:
                raise FormatError("The vault has no device signing key.")
            device = unwrap_private_key(keys.signing_wrap, bytes(row[0]))
            rollback = cls._rollback_finding(keyslots, master_key, connection)
            if rollback is not None:
                set_read_only(connection, True)
            vault = cls(
                folder, connection, keys, device, folder_lock, [],
                master_key=master_key, rollback=rollback,
            )
            # Only .partial files here: they never have a row. Complete blobs without a
            # row are judged by the integrity check, after it has verified the database
            # (a damaged database must never make evidence look like an orphan).
            vault.cleaned = notes + vault.sweep_leftovers(orphans=False)
        except sqlcipher3.DatabaseError as error:
            if connection is not None:
                connection.close()
            folder_lock.release()
            if is_disk_error(error):
                raise storage_error(error) from None
            raise DatabaseDamagedError(
                "The vault database is damaged: a part needed to open the vault does not "
                "verify. Restore the vault folder from a backup."
            ) from None
        except BaseException:
            if connection is not None:
                connection.close()
            folder_lock.release()
            raise
        return vault

    @staticmethod
    def _rollback_finding(path: Path, master_key: bytes, connection: Connection) -> str | None:
        found = read_any(path)
        if not isinstance(found, keyfile.KeyFile):
            return None
        state = keyfile.open_state(found, master_key)
        return None if state is None else vault_keys.rollback_finding(connection, state)

    @staticmethod
    def _wipe_unlocked(folder: Path, folder_lock: FolderLock) -> None:
        wipe(folder)

    # -- while unlocked ----------------------------------------------------------------------

    def _require(self, value: Any) -> Any:
        if value is None:
            raise VaultLockedError("The vault is locked.")
        return value

    @property
    def is_locked(self) -> bool:
        return self._connection is None

    @property
    def folder(self) -> Path:
        folder: Path = self._require(self._folder)
        return folder

    @property
    def connection(self) -> Connection:
        connection: Connection = self._require(self._connection)
        return connection

    @property
    def blobs(self) -> BlobStore:
        blobs: BlobStore = self._require(self._blobs)
        return blobs

    @property
    def device(self) -> DeviceIdentity:
        device: DeviceIdentity = self._require(self._device)
        return device

    def sweep_leftovers(self, *, orphans: bool = True) -> list[str]:
        """Remove what interrupted imports left: ``.partial`` files, and (``orphans``)
        complete blobs that no database row refers to (a crash between the blob's rename
        and the commit). Returns one line per file removed; an interrupted import is
        not damage. Call with ``orphans`` only once the database is known to be intact.

        A reference is any non-NULL value in a column named ``blob_id`` of any table, so
        tables added later that keep blobs are respected without changes here. Blobs
        being written right now are skipped, and so is the base of any working copy
        stored as an overlay that stays (its original's row names it anyway; this holds
        even if a row were missing). When such an overlay cannot be read, nothing is
        removed: its base is unknown.
        """
        blobs = self.blobs
        cleaned = [
            f"Removed an unfinished media file {blob_id} (an import was interrupted)."
            for blob_id in blobs.remove_partials()
        ]
        if not orphans:
            return cleaned
        referenced = referenced_blob_ids(self.connection)
        busy = blobs.in_flight()
        present = list(blobs.iter_blob_ids())
        unused = [b for b in present if b not in referenced and b not in busy]
        if not unused:
            return cleaned
        bases, unreadable = blobs.overlay_bases(b for b in present if b not in unused)
        if unreadable:
            return cleaned
        for blob_id in unused:
            if blob_id not in bases:
                blobs.delete(blob_id)
                cleaned.append(
                    f"Removed a media file {blob_id} that no record uses "
                    "(an import was interrupted before it was recorded)."
                )
        return cleaned

    def change_passphrase(
        self,
        current_secret: SecretInput,
        new_passphrase: str,
        *,
        record_change: Recorder | None = None,
    ) -> None:
        """Re-wrap the master key under ``new_passphrase`` (the data is not re-encrypted).

        ``current_secret`` may be the passphrase, the recovery key or the secret recovery
        shares combine to. The key slot file is replaced inside the transaction that
        records the "key_changed" custody event, so the event is never committed for a
        change that did not happen. A version-1 file is written as version 2.
        """
        connection = self.connection
        path = self.folder / KEYSLOTS_NAME
        _check_new_passphrase(new_passphrase)
        master_key = self._master()
        self._verify_secret(current_secret)
        found = read_any(path)
        new_secret = Secret("passphrase", keyfile.passphrase_bytes(new_passphrase))
        if isinstance(found, keyfile.KeyFile):
            state = vault_keys.state_of(found, master_key)
            fresh = self._place(found, state, Kind.PASSPHRASE, new_secret, master_key)
        else:
            fresh = keyfile.from_version1(found, master_key, new_passphrase)
        with transaction(connection):
            if record_change is not None:
                record_change(connection, self.device)
            write_keyfile(path, fresh)

    def _master(self) -> bytes:
        master_key: bytes = self._require(self._master_key)
        return master_key

    def _verify_secret(self, secret: SecretInput) -> None:
        """WrongPassphraseError unless ``secret`` opens this vault's master key."""
        found = read_any(self.folder / KEYSLOTS_NAME)
        if isinstance(found, keyfile.KeyFile):
            opened = keyfile.unlock(found, as_secret(secret))
            key = opened.master_key
        else:
            key = vault_keys._open_version1(
                self.folder / KEYSLOTS_NAME, found, as_secret(secret)
            ).master_key
        if key != self._master():
            raise WrongPassphraseError()

    @staticmethod
    def _place(
        found: keyfile.KeyFile, state: State, kind: Kind, secret: Secret, master_key: bytes
    ) -> keyfile.KeyFile:
        """``found`` with the slot of ``kind`` replaced (or added) for ``secret``."""
        existing = state.slots_of(kind)
        index = existing[0] if existing else keyfile.free_slot(state)
        kinds = list(state.kinds)
        kinds[index] = kind
        key = keyfile.derive(found, secret)
        placed = keyfile.clear_slots(found, existing[1:])
        for extra in existing[1:]:
            kinds[extra] = 0
        placed = keyfile.with_slot(placed, index, keyfile.seal_slot(placed, key, kind, master_key))
        updated = State(state.count, state.head, tuple(kinds), state.legacy)
        return keyfile.seal_state(placed, master_key, updated)

    # -- keys beyond the passphrase -------------------------------------------------------

    def set_shares_secret(
        self, master_secret: bytes, *, record_change: Recorder | None = None
    ) -> None:
        """A slot that the secret recovery shares combine to opens the vault; it
        replaces the slot of any earlier shares (which then open nothing)."""
        path = self.folder / KEYSLOTS_NAME
        found = vault_keys.require_version2(path, "Recovery shares")
        master_key = self._master()
        state = vault_keys.state_of(found, master_key)
        fresh = self._place(found, state, Kind.SHARES, Secret.shares(master_secret), master_key)
        with transaction(self.connection):
            if record_change is not None:
                record_change(self.connection, self.device)
            write_keyfile(path, fresh)

    def set_duress(
        self,
        duress: Secret,
        decoy_content: bytes | None,
        *,
        record_change: Recorder | None = None,
    ) -> None:
        """Set (or replace) the duress passphrase and the decoy it opens: empty, or
        ``decoy_content`` (stored as one blob under keys from the duress secret). The
        keyslot file keeps its size and layout. FormatError when ``duress`` is the
        passphrase or has the form of a recovery key."""
        connection = self.connection
        path = self.folder / KEYSLOTS_NAME
        found = vault_keys.require_version2(path, "A duress passphrase")
        master_key = self._master()
        state = vault_keys.state_of(found, master_key)
        duress_secret = secrets.token_bytes(keyfile.KEY_LENGTH)
        fresh = duress_keys.seal_duress(
            found, state, master_key, duress, duress_secret, int(time.time()),
            has_decoy=decoy_content is not None,
        )
        old_blob = self._decoy_blob()
        new_blob = None
        if decoy_content is not None:
            new_blob = duress_keys.write_decoy_blob(
                self.folder / BLOBS_NAME, duress_secret, decoy_content
            )
        try:
            with transaction(connection):
                if record_change is not None:
                    record_change(connection, self.device)
                self._store_decoy_blob(new_blob)
                write_keyfile(path, fresh)
        except BaseException:
            if new_blob is not None:
                self.blobs.delete(new_blob)
            raise
        if old_blob is not None and old_blob != new_blob:
            self.blobs.delete(old_blob)

    def unset_duress(self, *, record_change: Recorder | None = None) -> bool:
        """Remove the duress passphrase and its prepared decoy; False when none was set."""
        connection = self.connection
        path = self.folder / KEYSLOTS_NAME
        found = vault_keys.require_version2(path, "A duress passphrase")
        master_key = self._master()
        state = vault_keys.state_of(found, master_key)
        if not state.slots_of(Kind.DURESS):
            return False
        old_blob = self._decoy_blob()
        with transaction(connection):
            if record_change is not None:
                record_change(connection, self.device)
            self._store_decoy_blob(None)
            write_keyfile(path, duress_keys.clear_duress(found, state, master_key))
        if old_blob is not None:
            self.blobs.delete(old_blob)
        return True

    def _decoy_blob(self) -> str | None:
        row = self.connection.execute(
            "SELECT value FROM settings WHERE key = ?", (duress_keys.DECOY_BLOB_SETTING,)
        ).fetchone()
        return None if row is None else str(row[0])

    def _store_decoy_blob(self, blob_id: str | None) -> None:
        self.connection.execute(
            "DELETE FROM settings WHERE key = ?", (duress_keys.DECOY_BLOB_SETTING,)
        )
        if blob_id is not None:
            self.connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)",
                (duress_keys.DECOY_BLOB_SETTING, blob_id),
            )

    def slot_kinds(self) -> list[str]:
        """The kinds of the slots in use, in slot order (what only the keys can read)."""
        found = read_any(self.folder / KEYSLOTS_NAME)
        if not isinstance(found, keyfile.KeyFile):
            return [slot.kind.value for slot in found.slots]
        state = vault_keys.state_of(found, self._master())
        return [Kind(code).name.lower() for code in state.kinds if code]

    def failed_unlock_limit(self) -> int:
        """After how many failed unlocks in a row the vault wipes itself (0: never)."""
        found = read_any(self.folder / KEYSLOTS_NAME)
        return found.guard.limit if isinstance(found, keyfile.KeyFile) else 0

    def set_failed_unlock_limit(self, limit: int) -> None:
        """Set the limit (3..255, or 0 for off) in the keyslot file's guard bytes."""
        keyfile.check_failed_unlock_limit(limit)
        self._master()
        path = self.folder / KEYSLOTS_NAME
        vault_keys.require_version2(path, "Wiping after failed unlocks")
        write_guard(path, Guard(limit, 0))

    def rekey(
        self,
        current_secret: SecretInput,
        new_passphrase: str | None,
        *,
        record_change: Recorder | None = None,
        after_journal: Callable[[str], None] | None = None,
    ) -> RecoveryKey:
        """A new master key for everything: the database re-encrypted, every blob's file
        key and the device key re-wrapped, new passphrase and recovery slots; the old
        recovery key and any recovery shares open nothing afterwards. The duress slot, if
        any, is kept. Crash-safe (see :mod:`app.storage.vault_keys`); ``after_journal``
        is called with the name of each step done (tests use it to crash on purpose).

        ``new_passphrase`` None keeps the passphrase, which ``current_secret`` must then
        be. Returns the new recovery key, to be shown once.
        """
        connection = self.connection
        path = self.folder / KEYSLOTS_NAME
        step = after_journal or (lambda _name: None)
        old_key = self._master()
        self._verify_secret(current_secret)
        secret = as_secret(current_secret)
        if new_passphrase is None:
            if secret.kind != "passphrase":
                raise FormatError(
                    "Re-keying with the recovery key needs a new passphrase as well."
                )
            passphrase_secret = secret
        else:
            _check_new_passphrase(new_passphrase)
            passphrase_secret = Secret("passphrase", keyfile.passphrase_bytes(new_passphrase))
        found = read_any(path)
        if not isinstance(found, keyfile.KeyFile):
            text = passphrase_secret.value.decode("utf-8", "surrogatepass")
            found = keyfile.from_version1(found, old_key, text)
            write_keyfile(path, found)
        old_state = vault_keys.state_of(found, old_key)
        new_key = new_master_key()
        recovery = RecoveryKey.generate()
        used = frozenset(i for i, code in enumerate(old_state.kinds) if code)
        duress = frozenset(old_state.slots_of(Kind.DURESS))
        kinds = [0] * keyfile.SLOT_COUNT
        for index in duress:
            kinds[index] = Kind.DURESS
        staged = found
        choices = ((Kind.PASSPHRASE, passphrase_secret), (Kind.RECOVERY, Secret.recovery(recovery)))
        for kind, chosen in choices:
            index = keyfile.free_slot(State(kinds=tuple(kinds)), avoid=used)
            kinds[index] = kind
            sealed = keyfile.seal_slot(staged, keyfile.derive(staged, chosen), kind, new_key)
            staged = keyfile.with_slot(staged, index, sealed)
        new_slots = frozenset(i for i, code in enumerate(kinds) if code)
        journal = Journal(old_key, new_key, used, new_slots)
        write_keyfile(path, keyfile.seal_journal(staged, journal))  # step 1
        step("journal")
        old_keys = derive_vault_keys(old_key)
        new_keys = derive_vault_keys(new_key)
        vault_keys.rekey_database(connection, new_keys.database)  # step 2
        step("database")
        device = vault_keys.rewrap_device(connection, new_keys, [old_keys])
        step("device")
        vault_keys.rewrap_all_blobs(self.folder / BLOBS_NAME, new_keys.media, [old_keys.media])
        step("blobs")
        count, head = vault_keys.custody_anchor(connection)
        # The old slots, the journal and a carried-over version-1 recovery slot go.
        settled = keyfile.clear_journal(keyfile.clear_slots(staged, used - new_slots))
        settled = dataclasses.replace(settled, legacy=keyfile.blank(found.params).legacy)
        settled = keyfile.seal_state(settled, new_key, State(count, head, tuple(kinds)))
        with transaction(connection):
            if record_change is not None:
                record_change(connection, device)
            write_keyfile(path, settled)  # step 3: from here the new secrets open it
        step("settled")
        self._master_key = new_key
        self._keys = new_keys
        self._device = device
        if self._blobs is not None:
            self._blobs.forget_key()
        self._blobs = BlobStore(self.folder / BLOBS_NAME, new_keys.media)
        return recovery

    def accept_rollback(self, *, record_change: Recorder | None = None) -> None:
        """The user accepts the database as it is: writes are allowed again and the
        anchor is set to the database's custody log as it now stands."""
        connection = self.connection
        set_read_only(connection, False)
        with transaction(connection):
            if record_change is not None:
                record_change(connection, self.device)
        vault_keys.accept_anchor(self.folder / KEYSLOTS_NAME, self._master(), connection)
        self.rollback = None

    def store_anchor(self) -> None:
        """Seal the custody log's current count and head with the keys (the rollback
        anchor); done on lock. Never while read-only, never lowered."""
        if self.rollback is not None or self._master_key is None or self._connection is None:
            return
        vault_keys.store_anchor(self.folder / KEYSLOTS_NAME, self._master_key, self._connection)

    def lock(self) -> None:
        """Close the database and drop every key reference. Safe to call twice.

        Python cannot wipe immutable ``bytes``; dropping the last reference is what it
        allows, and SQLCipher wipes its own copy (cipher_memory_security) on close.
        """
        with contextlib.suppress(EvidenceVaultError, OSError, sqlcipher3.Error):
            self.store_anchor()
        connection, self._connection = self._connection, None
        self._master_key = None
        if self._blobs is not None:
            self._blobs.forget_key()
        self._keys = None
        self._device = None
        self._blobs = None
        self._folder = None
        try:
            if connection is not None:
                connection.close()
        finally:
            if self._folder_lock is not None:
                self._folder_lock.release()
                self._folder_lock = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.lock()

    def __repr__(self) -> str:
        return "Vault(locked)" if self.is_locked else "Vault(unlocked)"


def wipe(folder: Path) -> WipeTimes:
    """Crypto-erase the vault in ``folder`` (keyslots overwritten in place, flushed, then
    removed), then delete its database and blobs. Needs no secret: anyone who can delete
    the folder could. The folder itself stays (it may be the user's choice of place)."""
    folder = Path(folder)
    others = [
        DATABASE_NAME,
        DATABASE_NAME + "-wal",
        DATABASE_NAME + "-shm",
        DATABASE_NAME + "-journal",
        BLOBS_NAME,
        LOCK_NAME,
    ]
    return vault_keys.wipe_folder(folder, KEYSLOTS_NAME, others)
