"""The SQLCipher connection: key check, safety pragmas, transactions, nothing in clear."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlcipher3

from app.errors import AuthenticationError, NotFoundError
from app.storage.database import (
    EXPECTED_PRAGMAS,
    DatabaseKeyError,
    open_database,
    read_pragmas,
    transaction,
)
from tests.owner_only import is_owner_only

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
MARKER = "witness statement marker 7f3a"


def _make(path: Path, key: bytes = KEY) -> None:
    conn = open_database(path, key, create=True)
    with transaction(conn):
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES (?)", (MARKER,))
    conn.close()


def test_reopens_with_the_right_key(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    _make(path)
    conn = open_database(path, KEY)
    assert conn.execute("SELECT body FROM notes").fetchall() == [(MARKER,)]
    conn.close()


def test_wrong_key_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    _make(path)
    with pytest.raises(DatabaseKeyError) as caught:
        open_database(path, OTHER_KEY)
    assert isinstance(caught.value, AuthenticationError)


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    with pytest.raises(NotFoundError):
        open_database(path, KEY)
    assert not path.exists()


def test_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    plain = sqlcipher3.connect(str(path))
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    with pytest.raises(DatabaseKeyError):
        open_database(path, KEY)


def test_safety_pragmas_are_in_effect(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    _make(path)
    conn = open_database(path, KEY)
    assert read_pragmas(conn) == EXPECTED_PRAGMAS
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_nothing_readable_on_disk_and_files_private(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # as a careless caller would have it; still 0600
    try:
        path = tmp_path / "vault.db"
        conn = open_database(path, KEY, create=True)
        with transaction(conn):
            conn.execute("CREATE TABLE notes (body TEXT)")
            conn.execute("INSERT INTO notes VALUES (?)", (MARKER,))
        for suffix in ("", "-wal", "-shm"):
            file = tmp_path / f"vault.db{suffix}"
            if file.exists():
                assert is_owner_only(file), suffix
                assert MARKER.encode() not in file.read_bytes()
        conn.close()
    finally:
        os.umask(previous)
    assert MARKER.encode() not in path.read_bytes()


def test_transaction_rolls_back_on_error_and_nests(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    _make(path)
    conn = open_database(path, KEY)
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO notes VALUES ('lost')")
        raise RuntimeError("crash in the middle")
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    with transaction(conn):
        conn.execute("INSERT INTO notes VALUES ('outer')")
        with pytest.raises(RuntimeError), transaction(conn):
            conn.execute("INSERT INTO notes VALUES ('inner')")
            raise RuntimeError("inner fails")
    bodies = {row[0] for row in conn.execute("SELECT body FROM notes")}
    assert bodies == {MARKER, "outer"}
    assert not conn.in_transaction
    conn.close()


def test_key_must_be_32_bytes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        open_database(tmp_path / "vault.db", b"short", create=True)
