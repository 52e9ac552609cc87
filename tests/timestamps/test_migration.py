"""Schema steps 8 and 9 on a vault as step 7 left it: package rows survive the rebuild of
``packages`` byte for byte, a timestamp supplement becomes a kind a row may have, and
the timestamp tables refuse changes like the custody log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlite3

from app.storage.database import open_database, transaction
from app.storage.migrations import migrate

KEY = bytes(32)
ROW = ("p1", None, "imported", "unknown", "b1", 10, "a" * 64, "[]", None,
       "2026-01-01T00:00:00.000000Z", '{"ok": true}')


def test_rows_survive_and_the_new_kind_is_allowed(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "v.db", KEY, create=True)
    migrate(conn, target=7)
    with transaction(conn):
        conn.execute("INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ROW)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         ("p2", None, "imported", "timestamp-supplement", *ROW[4:6],
                          "b" * 64, *ROW[7:]))
    assert migrate(conn, target=9) == 2  # steps 8 and 9; later steps are not this test's
    assert conn.execute("SELECT * FROM packages").fetchall() == [ROW]
    with transaction(conn):
        conn.execute("INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     ("p2", None, "imported", "timestamp-supplement", *ROW[4:6], "b" * 64,
                      *ROW[7:]))
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        conn.execute("INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     ("p3", None, "imported", "other", *ROW[4:6], "c" * 64, *ROW[7:]))
    indexes = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'packages'"
        " AND name NOT LIKE 'sqlite_%'")}
    assert indexes == {"packages_by_testimony", "packages_by_sha256", "packages_by_blob"}
    with transaction(conn):
        conn.execute("INSERT INTO timestamp_tokens (authority, root, token, attested_at,"
                     " created_at) VALUES ('a', ?, x'00', 't', 't')", ("0" * 64,))
    for statement in ("UPDATE timestamp_tokens SET authority = 'b'",
                      "DELETE FROM timestamp_tokens"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"), transaction(conn):
            conn.execute(statement)
