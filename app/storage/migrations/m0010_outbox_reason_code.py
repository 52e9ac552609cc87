"""Schema step 10: the outbox keeps the stable code of a package's last failure.

``last_error`` holds core's English sentence (the command line prints it); the window
says the same reason in its own language from ``last_error_code`` (app/errors.py codes,
e.g. ``sync.token_refused``). Rows written before this step have no code, and the window
shows their sentence as it was stored.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 10


def apply(conn: Connection) -> None:
    conn.execute("ALTER TABLE outbox ADD COLUMN last_error_code TEXT NOT NULL DEFAULT ''")
