"""Schema step 5: the sync outbox, one row per package on its way to the platform.

The row is the upload's memory across crashes and reboots: the tus upload URL is
committed before the first byte is sent, the confirmed offset after every chunk, and
the verified receipt together with the "delivered" state. There is deliberately no
foreign key to ``packages``: after a verified receipt the user may delete the local
sealed copy, and the receipt (the proof of delivery) must outlive it.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 5


def apply(conn: Connection) -> None:
    conn.execute(
        """
        CREATE TABLE outbox (
            package_id TEXT PRIMARY KEY,
            upload_url TEXT,
            upload_offset INTEGER NOT NULL DEFAULT 0 CHECK (upload_offset >= 0),
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            state TEXT NOT NULL CHECK (
                state IN ('queued', 'uploading', 'awaiting_receipt', 'delivered', 'failed')
            ),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error TEXT,
            receipt_json TEXT,
            local_copy TEXT NOT NULL DEFAULT 'kept' CHECK (local_copy IN ('kept', 'deleted')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((state = 'delivered') = (receipt_json IS NOT NULL))
        ) STRICT
        """
    )
    conn.execute("CREATE INDEX outbox_by_state ON outbox (state, created_at)")
