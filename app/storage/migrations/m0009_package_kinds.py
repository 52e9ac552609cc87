"""Schema step 9: a package row may be a timestamp supplement.

A supplement carries the trusted timestamps (and the custody log) of a sealed version
whose package left before its token arrived (docs/package-format.md, "Trusted
timestamps"). SQLite cannot change a CHECK constraint in place, so ``packages`` is
rebuilt with the same columns, rows and indexes and one more allowed ``kind``. Nothing
refers to ``packages`` by foreign key (the outbox deliberately does not), and the step
runs in one transaction with its version bump.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 9


def apply(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE packages_kinds (
            id TEXT PRIMARY KEY,
            testimony_id TEXT REFERENCES testimonies(id),
            origin TEXT NOT NULL CHECK (origin IN ('local', 'imported')),
            kind TEXT NOT NULL CHECK (
                kind IN ('testimony', 'withdrawal-notice', 'timestamp-supplement', 'unknown')
            ),
            blob_id TEXT,
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            recipients_json TEXT NOT NULL,
            signer_fingerprint TEXT,
            created_at TEXT NOT NULL,
            verification_json TEXT,
            CHECK ((origin = 'local') = (testimony_id IS NOT NULL)),
            CHECK (origin = 'local' OR blob_id IS NOT NULL)
        ) STRICT
        """
    )
    conn.execute(
        "INSERT INTO packages_kinds (id, testimony_id, origin, kind, blob_id, size, sha256,"
        " recipients_json, signer_fingerprint, created_at, verification_json)"
        " SELECT id, testimony_id, origin, kind, blob_id, size, sha256, recipients_json,"
        " signer_fingerprint, created_at, verification_json FROM packages"
    )
    conn.execute("DROP TABLE packages")
    conn.execute("ALTER TABLE packages_kinds RENAME TO packages")
    conn.execute("CREATE INDEX packages_by_testimony ON packages(testimony_id)")
    conn.execute("CREATE UNIQUE INDEX packages_by_sha256 ON packages(sha256)")
    conn.execute("CREATE INDEX packages_by_blob ON packages(blob_id)")
