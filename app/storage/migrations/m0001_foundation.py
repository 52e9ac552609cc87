"""Schema step 1: vault settings and this device's signing identity."""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 1


def apply(conn: Connection) -> None:
    conn.execute(
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT"
    )
    # One row: the Ed25519 identity that signs custody events and packages. The private
    # key is stored wrapped with a subkey of the master key, so a database page that
    # leaks through some other bug still does not give the signing key.
    conn.execute(
        """
        CREATE TABLE device (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            public_key BLOB NOT NULL,
            wrapped_private_key BLOB NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT
        """
    )
