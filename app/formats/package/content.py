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
from app.formats.custody_log import CustodyEvent

SEAL_FORMAT = "evidence-vault-seal/1"
ATTACHMENTS_FORMAT = "evidence-vault-attachments/1"
# The custody event that makes a working copy, and what a package says of each copy.
WORKING_COPY_ACTION = "working_copy_made"
_LINEAGE_FIELDS = frozenset({"original_id", "original_sha256", "custody_event_hash",
                             "transformation"})  # fmt: skip
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
        lineage = entry.get("working_copy")
        if lineage is not None and (
            not isinstance(lineage, dict)
            or set(lineage) != _LINEAGE_FIELDS
            or not isinstance(lineage["original_sha256"], str)
            or not _HEX64.fullmatch(lineage["original_sha256"])
            or not isinstance(lineage["custody_event_hash"], str)
            or not isinstance(lineage["original_id"], str)
            or not isinstance(lineage["transformation"], dict)
        ):
            raise FormatError("attachments.json has a malformed working copy entry")
    return entries


def sealed_sha256(entry: Mapping[str, Any]) -> str:
    """The hash the seal covers for an entry: a working copy stands for its original."""
    lineage = entry.get("working_copy")
    return str(lineage["original_sha256"] if isinstance(lineage, dict) else entry["sha256"])


def check_lineage(raw: bytes | None, chain: Sequence[CustodyEvent], sealed_seq: int) -> int:
    """Each working copy in ``attachments.json`` against the custody chain (already
    verified): its event exists after the seal, is a working copy event, and names this
    copy (id, SHA-256, size), its original (id, SHA-256) and the same transformation.
    Returns the number of working copies. Raises FormatError naming what disagrees."""
    try:
        entries = attachment_entries(raw)
    except FormatError:
        return 0  # the seal check refuses a document it cannot read
    by_hash = {event.event_hash: event for event in chain}
    copies = 0
    originals: set[str] = set()
    for entry in entries:
        lineage = entry.get("working_copy")
        if lineage is None:
            continue
        copies += 1
        event = by_hash.get(lineage["custody_event_hash"])
        if event is None or event.action != WORKING_COPY_ACTION:
            raise FormatError("a working copy names no working copy event of the custody log")
        if event.seq <= sealed_seq:
            raise FormatError("a working copy was made before the version was sealed")
        details = event.details
        expected = {
            "original_attachment_id": lineage["original_id"],
            "original_sha256": lineage["original_sha256"],
            "copy_attachment_id": entry.get("id"),
            "copy_sha256": entry["sha256"],
            "copy_size": entry["size"],
            "transformation": lineage["transformation"],
        }
        if any(details.get(key) != value for key, value in expected.items()):
            raise FormatError("a working copy's lineage differs from its custody event")
        if entry.get("derived_from") != lineage["original_id"]:
            raise FormatError("a working copy's derived_from differs from its lineage")
        if lineage["original_id"] in originals:
            raise FormatError("two working copies of one original")
        originals.add(lineage["original_id"])
    return copies


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
    return content_digest(record, [sealed_sha256(entry) for entry in entries])


_PERSON_FIELDS = frozenset({"id", "code", "role", "created_at"})
IDENTIFYING_FIELDS = frozenset({"full_name", "contacts", "date_of_birth"})
_MAX_WITHDRAWALS = 1_000


def check_consent_and_person(documents: Mapping[str, bytes], person_identified: str | None) -> None:
    """``consent.json`` and ``person.json`` against the sealed record (``testimony.json``,
    whose seal the caller checked): the consent is the record's; the person is the one the
    record names, with the format's fields only, and identifying details only when the
    consent includes being named (and ``Person-Identified`` says so)."""
    record = _load(documents.get("data/testimony.json"), "testimony.json")
    if not isinstance(record, dict) or not isinstance(record.get("consent"), dict):
        raise FormatError("testimony.json has no consent")
    consent = record["consent"]
    document = _load(documents.get("data/consent.json"), "consent.json")
    if not isinstance(document, dict) or set(document) != {"consent", "withdrawals"}:
        raise FormatError("consent.json does not have the format's fields")
    if document["consent"] != consent:
        raise FormatError("consent.json differs from the consent in the sealed record")
    withdrawals = document["withdrawals"]
    if not isinstance(withdrawals, list) or len(withdrawals) > _MAX_WITHDRAWALS:
        raise FormatError("consent.json has no readable list of withdrawals")
    if not all(isinstance(item, dict) for item in withdrawals):
        raise FormatError("consent.json has a malformed withdrawal")
    person = _load(documents.get("data/person.json"), "person.json")
    if not isinstance(person, dict) or not set(person) >= _PERSON_FIELDS:
        raise FormatError("person.json does not have the format's fields")
    if set(person) - _PERSON_FIELDS - IDENTIFYING_FIELDS:
        raise FormatError("person.json holds a field the format does not define")
    if person["id"] != record.get("person_id"):
        raise FormatError("person.json names another person than the sealed record")
    if not all(value is None or isinstance(value, str) for value in person.values()):
        raise FormatError("person.json has a field of the wrong type")
    identifying = IDENTIFYING_FIELDS & set(person)
    if identifying and consent.get("be_named") is not True:
        raise FormatError("person.json identifies the person without consent to be named")
    if identifying and identifying != IDENTIFYING_FIELDS:
        raise FormatError("person.json carries only part of the identifying details")
    if person_identified != ("yes" if identifying else "no"):
        raise FormatError("Person-Identified in bag-info.txt disagrees with person.json")
