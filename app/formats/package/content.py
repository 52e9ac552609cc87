"""The sealed content of a testimony version and its digest, from the vault or a package.

Sealing records ``content_sha256`` in the signed "sealed" custody event: the SHA-256 of
the canonical JSON of ``{"format": SEAL_FORMAT, "testimony": <record>, "attachments":
<sorted SHA-256 list>}``, where <record> is the testimony record (``testimony_to_json``)
without the fields that legitimately change after sealing (``status``, ``updated_at``,
``sealed_at``, and ``consent.withdrawn_at``: a withdrawal is a later fact, recorded by
its own custody event). A verifier recomputes it from ``data/testimony.json`` and
``data/attachments.json`` of a package, so the signed seal ties the package's record and
media to the moment of sealing. Pure functions, any thread.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from app.errors import FormatError
from app.formats.canonical import canonical_json

SEAL_FORMAT = "evidence-vault-seal/1"
ATTACHMENTS_FORMAT = "evidence-vault-attachments/1"
_VOLATILE = ("status", "updated_at", "sealed_at")
_HEX64 = re.compile(r"[0-9a-f]{64}")
MAX_ATTACHMENTS = 5_000


def sealed_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as the seal covers it (see the module docstring)."""
    frozen = {key: value for key, value in record.items() if key not in _VOLATILE}
    consent = frozen.get("consent")
    if isinstance(consent, dict):
        frozen["consent"] = {k: v for k, v in consent.items() if k != "withdrawn_at"}
    return frozen


def content_digest(record: Mapping[str, Any], attachment_sha256s: Sequence[str]) -> str:
    body = {
        "format": SEAL_FORMAT,
        "testimony": sealed_record(record),
        "attachments": sorted(attachment_sha256s),
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _load(raw: bytes | None, name: str) -> Any:
    if raw is None:
        raise FormatError(f"{name} is missing")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FormatError(f"{name} is not valid JSON") from None


def attachment_entries(raw: bytes | None) -> list[dict[str, Any]]:
    """The entries of ``data/attachments.json``, shape-checked (untrusted)."""
    document = _load(raw, "attachments.json")
    if not isinstance(document, dict) or document.get("format") != ATTACHMENTS_FORMAT:
        raise FormatError("attachments.json has an unknown format")
    entries = document.get("attachments")
    if not isinstance(entries, list) or len(entries) > MAX_ATTACHMENTS:
        raise FormatError("attachments.json has no readable attachment list")
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not _HEX64.fullmatch(entry["sha256"])
            or not isinstance(entry.get("path"), str)
            or isinstance(entry.get("size"), bool)
            or not isinstance(entry.get("size"), int)
        ):
            raise FormatError("attachments.json has a malformed entry")
    return entries


def content_digest_from_package(
    documents: Mapping[str, bytes], measured: Mapping[str, tuple[str, int]]
) -> str:
    """Recompute the sealed digest; also check attachments.json against the media files."""
    record = _load(documents.get("data/testimony.json"), "testimony.json")
    if not isinstance(record, dict):
        raise FormatError("testimony.json is not a JSON object")
    entries = attachment_entries(documents.get("data/attachments.json"))
    media = {path for path in measured if path.startswith("data/attachments/")}
    listed = set()
    for entry in entries:
        path = entry["path"]
        if measured.get(path) != (entry["sha256"], entry["size"]):
            raise FormatError("attachments.json does not match the media files")
        listed.add(path)
    if listed != media or len(listed) != len(entries):
        raise FormatError("attachments.json does not list exactly the media files")
    return content_digest(record, [entry["sha256"] for entry in entries])
