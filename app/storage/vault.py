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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3

from app.crypto.kdf import Argon2Params, calibrate
from app.crypto.keyslots import change_passphrase, create_keyslots, new_master_key, unlock
from app.crypto.recovery import RecoveryKey
from app.crypto.signing import DeviceIdentity, unwrap_private_key, wrap_private_key
from app.crypto.subkeys import VaultKeys, derive_vault_keys
from app.errors import (
    FormatError,
    NotFoundError,
    StorageError,
    VaultExistsError,
    VaultLockedError,
)
from app.fsutil import ensure_private_dir
from app.storage.blobs import BlobStore
from app.storage.database import (
    Connection,
    DatabaseDamagedError,
    is_disk_error,
    open_database,
    storage_error,
    transaction,
)
from app.storage.folder_lock import FolderLock
from app.storage.keyslot_file import read_keyslots, write_keyslots
from app.storage.migrations import migrate

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
    ) -> None:
        self._folder: Path | None = folder
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
            slots = create_keyslots(master_key, passphrase, recovery, params)
            keys = derive_vault_keys(master_key)
            del master_key  # only the slots and the subkeys are needed from here on

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
            write_keyslots(keyslots, slots)  # last: from now on the folder holds a vault
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
        return cls(folder, connection, keys, device, folder_lock, []), recovery

    @classmethod
    def unlock(cls, folder: Path, secret: str) -> Vault:
        """Open the vault in ``folder`` with the passphrase or the recovery key text.

        WrongPassphraseError when neither opens it; NotFoundError naming what is missing
        when the folder has no vault or lost a part of one; VaultInUseError when another
        program has it open. Nothing on disk changes unless the vault opens; then
        unfinished media files of an interrupted import are removed and listed in
        :attr:`cleaned`.
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
            master_key = unlock(read_keyslots(keyslots), secret)
            keys = derive_vault_keys(master_key)
            del master_key
            connection = open_database(database, keys.database)
            migrate(connection)
            row = connection.execute(
                "SELECT wrapped_private_key FROM device WHERE id = 1"
            ).fetchone()
            if row is None:
                raise FormatError("The vault has no device signing key.")
            device = unwrap_private_key(keys.signing_wrap, bytes(row[0]))
            vault = cls(folder, connection, keys, device, folder_lock, [])
            # Only .partial files here: they never have a row. Complete blobs without a
            # row are judged by the integrity check, after it has verified the database
            # (a damaged database must never make evidence look like an orphan).
            vault.cleaned = vault.sweep_leftovers(orphans=False)
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
        being written right now are skipped.
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
        for blob_id in list(blobs.iter_blob_ids()):
            if blob_id not in referenced and blob_id not in busy:
                blobs.delete(blob_id)
                cleaned.append(
                    f"Removed a media file {blob_id} that no record uses "
                    "(an import was interrupted before it was recorded)."
                )
        return cleaned

    def change_passphrase(
        self, current_secret: str, new_passphrase: str, *, record_change: Recorder | None = None
    ) -> None:
        """Re-wrap the master key under ``new_passphrase`` (the data is not re-encrypted).

        ``current_secret`` may be the passphrase or the recovery key. The key slot file
        is replaced inside the transaction that records the "key_changed" custody event,
        so the event is never committed for a change that did not happen.
        """
        connection = self.connection
        path = self.folder / KEYSLOTS_NAME
        fresh = change_passphrase(read_keyslots(path), current_secret, new_passphrase)
        with transaction(connection):
            if record_change is not None:
                record_change(connection, self.device)
            write_keyslots(path, fresh)

    def lock(self) -> None:
        """Close the database and drop every key reference. Safe to call twice.

        Python cannot wipe immutable ``bytes``; dropping the last reference is what it
        allows, and SQLCipher wipes its own copy (cipher_memory_security) on close.
        """
        connection, self._connection = self._connection, None
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
