"""Schema step 6: audio recordings in progress, stored as they are captured.

A recording is kept as a numbered series of small encrypted segments (each a complete
blob, written and fsynced every few seconds) until it stops; then the segments are joined
into one attachment and these rows go away. After a crash the rows say which segments
belong together, so unlocking turns them into the attachment the interview produced.
The column is named ``blob_id`` so the integrity check counts segments as referenced.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 6


def apply(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE recordings (
            id TEXT PRIMARY KEY,
            testimony_id TEXT NOT NULL REFERENCES testimonies(id),
            media_type TEXT NOT NULL,
            original_name TEXT NOT NULL,
            started_at TEXT NOT NULL
        ) STRICT
        """
    )
    conn.execute(
        """
        CREATE TABLE recording_segments (
            recording_id TEXT NOT NULL REFERENCES recordings(id),
            position INTEGER NOT NULL CHECK (position >= 0),
            blob_id TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            PRIMARY KEY (recording_id, position)
        ) STRICT
        """
    )
