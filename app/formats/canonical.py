"""Canonical JSON: the one byte form that is hashed and signed everywhere. Any thread."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def canonical_json(value: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes hashed and signed everywhere."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
