"""Schema step 4: sealed packages this vault wrote or received.

A row is one package file: ``origin`` 'local' (sealed and exported here, ``testimony_id``
set) or 'imported' (received from a documenter's stick; opaque unless this vault holds a
recipient identity). ``blob_id`` names the package ciphertext kept inside the vault's
blob store (the age file, encrypted once more under the vault's media key); it is NULL
for a local export that was written only to a folder (no copy kept). ``sha256`` and
``size`` are of the age file itself, so a forwarded copy is provably the same bytes.
``verification`` holds the last verification report (JSON) when one could be made. The
sync outbox refers to rows here by ``id``.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 4


def apply(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE packages (
            id TEXT PRIMARY KEY,
            testimony_id TEXT REFERENCES testimonies(id),
            origin TEXT NOT NULL CHECK (origin IN ('local', 'imported')),
            kind TEXT NOT NULL CHECK (kind IN ('testimony', 'withdrawal-notice', 'unknown')),
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
    conn.execute("CREATE INDEX packages_by_testimony ON packages(testimony_id)")
    conn.execute("CREATE UNIQUE INDEX packages_by_sha256 ON packages(sha256)")
    conn.execute("CREATE INDEX packages_by_blob ON packages(blob_id)")
