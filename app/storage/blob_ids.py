"""What a blob id looks like: 32 lowercase hex digits, the name of a file in the blob
store. An id reaches a path only after :func:`check_blob_id`."""

from __future__ import annotations

import re

from app.errors import FormatError

BLOB_ID = re.compile(r"[0-9a-f]{32}")


def check_blob_id(blob_id: str) -> str:
    """``blob_id`` if it has the form of a blob id; ids reach paths only through here."""
    if not BLOB_ID.fullmatch(blob_id):
        raise FormatError("Not a valid blob id.")
    return blob_id
