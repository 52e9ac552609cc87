"""The SQLCipher connection: opening with a raw key, the safety pragmas, transactions.

One connection per unlocked vault, owned by the vault worker thread (the connection is
opened with ``check_same_thread`` on, so a stray call from another thread fails loudly).
The connection runs with ``isolation_level=None``: nothing happens implicitly, every
change goes through :func:`transaction`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlcipher3

from app.errors import (
    AuthenticationError,
    FormatError,
    NotFoundError,
    ReadOnlyVaultError,
    StorageError,
)
from app.fsutil import FILE_MODE
from app.platform.files import binary_flags, sqlite_durability_pragmas, sqlite_uri

KEY_SIZE = 32

# Set after the key is checked, in this order. Each is read back by check_pragmas().
_PRAGMAS: tuple[tuple[str, str], ...] = (
    ("journal_mode", "WAL"),
    # FULL: a commit that returned is on disk even after a power cut (WAL + NORMAL
    # could lose the last commits, and a lost commit is lost evidence).
    ("synchronous", "FULL"),
    # Sorts and temporary indexes never spill decrypted rows into temp files.
    ("temp_store", "MEMORY"),
    ("secure_delete", "ON"),
    ("foreign_keys", "ON"),
)
# What PRAGMA x answers (as text) when the setting is in effect.
EXPECTED_PRAGMAS: dict[str, str] = {
    "journal_mode": "wal",
    "synchronous": "2",
    "temp_store": "2",
    "secure_delete": "1",
    "foreign_keys": "1",
    "cipher_memory_security": "1",
}



class Cursor(Protocol):
    """What the vault's code reads from a query (sqlcipher3 ships no type stubs)."""

    rowcount: int
    lastrowid: int | None

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The one SQLCipher connection of an unlocked vault, as the layers above use it.

    Rows stay ``Any``: their columns are typed where each query is read.
    """

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def close(self) -> None: ...

_savepoints = itertools.count(1)


class DatabaseKeyError(AuthenticationError):
    """The vault database does not open with the key derived for it."""


class DatabaseDamagedError(FormatError):
    """A database page failed its check while the vault was being opened."""


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or with ``create``, create) the SQLCipher database at ``path``.

    Raises NotFoundError when the file is missing and ``create`` is false (SQLite would
    otherwise silently create an empty database), DatabaseKeyError when the key does not
    open it, StorageError when the disk refuses.
    """
    if len(key) != KEY_SIZE:
        raise ValueError("the database key must be 32 bytes")
    if not create and not path.is_file():
        raise NotFoundError("The vault database (vault.db) is missing from the vault folder.")
    if create:
        _create_private_file(path)
    # Not Path.as_uri(): a UNC or mapped drive gets an authority SQLite refuses.
    uri = f"{sqlite_uri(path)}?mode=rw"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    except sqlcipher3.Error as error:
        raise StorageError(f"Cannot open the vault database: {error}") from None
    try:
        # The key must be the very first statement: SQLCipher derives nothing before it.
        # A raw 256-bit key in x'..' form skips SQLCipher's own PBKDF2 (ours is Argon2id).
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Wipe SQLCipher's freed memory so page plaintext does not linger on the heap.
        conn.execute("PRAGMA cipher_memory_security = ON")
        # SQLCipher would print every failed page check to stderr; damage is reported
        # through our own errors and the integrity check instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        for pragma in sqlite_durability_pragmas():  # macOS: F_FULLFSYNC for commits
            conn.execute(pragma)
        try:
            # PRAGMA key never fails by itself; the first real read checks it.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise DatabaseKeyError(
                "The vault database does not open with this vault's key "
                "(the file is damaged or belongs to another vault)."
            ) from None
        for name, value in _PRAGMAS:
            conn.execute(f"PRAGMA {name} = {value}").fetchall()
    except BaseException:
        conn.close()
        raise
    opened: Connection = conn
    return opened


def _create_private_file(path: Path) -> None:
    # An empty file is an empty database. Creating it ourselves makes it 0600 whatever
    # the umask, and SQLite gives the -wal and -shm files the mode of the database.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | binary_flags(), FILE_MODE)
    except FileExistsError:
        return
    except OSError as error:
        raise StorageError(f"Cannot create the vault database: {error.strerror}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(FILE_MODE)


def read_pragmas(conn: Connection) -> dict[str, str]:
    """The current value of every safety pragma, as text (for tests and the check)."""
    return {
        name: str(conn.execute(f"PRAGMA {name}").fetchone()[0]).lower()
        for name in EXPECTED_PRAGMAS
    }


# Primary result codes that mean the disk, not the program, refused.
_DISK_ERRORS = frozenset({"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN"})


def is_disk_error(error: BaseException) -> bool:
    """Whether a SQLite failure comes from the disk (full, I/O, read-only, removed)."""
    name = getattr(error, "sqlite_errorname", None)
    # Extended codes (SQLITE_IOERR_WRITE) keep the primary code as their prefix.
    return isinstance(name, str) and "_".join(name.split("_")[:2]) in _DISK_ERRORS


def storage_error(error: BaseException) -> StorageError:
    """The StorageError shown for a SQLite failure of the disk."""
    return StorageError(f"The vault database could not be written: {error}")


def _transaction_open(conn: Connection) -> bool:
    # Read afresh: the statements since the last look may have ended the transaction.
    return conn.in_transaction


READ_ONLY_MESSAGE = (
    "This vault is open read-only: its database is older than its keys (it may have "
    "been replaced with an older copy). Nothing can be changed until you decide: "
    "evidence-vault check --accept-rollback accepts the database as it is."
)


def set_read_only(conn: Connection, read_only: bool) -> None:
    """Refuse (or allow again) every write on this connection (SQLite's query_only)."""
    conn.execute(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}").fetchall()


def is_read_only(conn: Connection) -> bool:
    return bool(int(conn.execute("PRAGMA query_only").fetchone()[0]))


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Run the block in one transaction: all of it commits, or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock up front so a transaction never fails
    half-way for a lock it could not upgrade. Nested use becomes a savepoint, so a
    function may open a transaction whether or not its caller already did.
    """
    if conn.in_transaction:
        name = f"sp{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    if is_read_only(conn):
        raise ReadOnlyVaultError(READ_ONLY_MESSAGE)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.OperationalError as error:
        if is_disk_error(error):
            raise storage_error(error) from None
        raise
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as error:
        if _transaction_open(conn):
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
        if isinstance(error, sqlcipher3.Error) and is_disk_error(error):
            raise storage_error(error) from None
        raise
