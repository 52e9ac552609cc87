"""Schema step 11: this vault may hold working copies stored as overlays.

Blob format version 2 (app/storage/blobs.py) stores a working copy that keeps every byte
offset as the changed ranges over its sealed original. A program of schema 10 or older
cannot read such a blob, and its re-key would pass over it, leaving the copy sealed
under a key that no longer exists. The step changes no table: it raises the schema so
that such a program refuses the whole vault ("written by a newer version") instead of
opening it and damaging what it cannot see.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 11


def apply(conn: Connection) -> None:
    del conn  # nothing to change in the tables; the version is the point
