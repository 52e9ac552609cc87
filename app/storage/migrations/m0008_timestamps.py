"""Schema step 8: trusted timestamps (RFC 3161) over sealed versions.

One row in ``timestamp_tokens`` per token an authority granted: the root of the hash
tree it stamps, the whole response (DER) and the attested time. One row in
``timestamp_proofs`` per sealed version the token covers: its leaf (the sealed content
digest) and its proof path to the root (app/formats/timestamps.py). Both are
append-only like the custody log they are recorded in: a token is evidence, and a
later program must never silently lose one. No foreign key to ``testimonies``: the
proof of a time must outlive whatever happens to the record's row.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 8

_STATEMENTS = (
    """
    CREATE TABLE timestamp_tokens (
        id INTEGER PRIMARY KEY,
        authority TEXT NOT NULL,
        root TEXT NOT NULL CHECK (length(root) = 64),
        token BLOB NOT NULL,
        attested_at TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE timestamp_proofs (
        testimony_id TEXT NOT NULL,
        token_id INTEGER NOT NULL REFERENCES timestamp_tokens (id),
        leaf TEXT NOT NULL CHECK (length(leaf) = 64),
        path_json TEXT NOT NULL,
        PRIMARY KEY (testimony_id, token_id)
    ) STRICT, WITHOUT ROWID
    """,
    "CREATE INDEX timestamp_proofs_by_token ON timestamp_proofs (token_id)",
    """
    CREATE TRIGGER timestamp_tokens_append_only_update BEFORE UPDATE ON timestamp_tokens
    BEGIN SELECT RAISE(ABORT, 'timestamp tokens are append-only'); END
    """,
    """
    CREATE TRIGGER timestamp_tokens_append_only_delete BEFORE DELETE ON timestamp_tokens
    BEGIN SELECT RAISE(ABORT, 'timestamp tokens are append-only'); END
    """,
    """
    CREATE TRIGGER timestamp_proofs_append_only_update BEFORE UPDATE ON timestamp_proofs
    BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END
    """,
    """
    CREATE TRIGGER timestamp_proofs_append_only_delete BEFORE DELETE ON timestamp_proofs
    BEGIN SELECT RAISE(ABORT, 'timestamp proofs are append-only'); END
    """,
)


def apply(conn: Connection) -> None:
    for statement in _STATEMENTS:
        conn.execute(statement)
