"""Schema step 3: attachments, the media files of a testimony.

A row points to an encrypted blob by ``blob_id``. Several rows may share a blob: a
correction version of a testimony re-uses its parent's media without copying them.
Any column named ``blob_id`` in any table counts as a reference to a blob when the
integrity check looks for orphans, so later tables that keep blobs follow that name.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 3


def apply(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            testimony_id TEXT NOT NULL REFERENCES testimonies(id),
            blob_id TEXT NOT NULL,
            original_name TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            media_type TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            metadata_json TEXT NOT NULL,
            has_location INTEGER NOT NULL CHECK (has_location IN (0, 1)),
            metadata_note TEXT,
            derived_from TEXT REFERENCES attachments(id)
        ) STRICT
        """
    )
    conn.execute("CREATE INDEX attachments_by_testimony ON attachments(testimony_id)")
    conn.execute("CREATE INDEX attachments_by_blob ON attachments(blob_id)")
