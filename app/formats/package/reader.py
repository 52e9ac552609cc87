"""Reading a package's plaintext tar strictly, as a stream, into what verification needs.

One pass over the decrypted bytes: every member's path is checked against the bag
layout, every member is hashed, and only the small files (tag files, the JSON
documents, the custody log) are kept in memory, each under a cap of bytes and of JSON
values. Media are hashed and dropped. Nothing is written anywhere. The tag files come
first; a gate given by ``verify`` judges them (bag, signature, trust, the signed
manifest) before any payload byte is read, so an untrusted or malformed package costs
no more than its tag files. Which other checks pass is decided later, from the result,
by ``verify``; this module only refuses what is not a well-formed package archive. Any
thread.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.formats.package import bag
from app.formats.package.phone_reports import MAX_REPORTS_BYTES, is_report_path
from app.formats.package.tarstream import Readable, TarFormatError, TarLimits, TarReader

_PACKAGE_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class DocumentLimit:
    """How large a JSON document may be: bytes, and JSON values (objects, arrays and
    scalars: what a parser allocates one Python object for)."""

    max_bytes: int
    max_nodes: int


# The JSON documents and the custody log are read whole and parsed; these caps keep a
# crafted package from making us allocate without bound (a ``{}`` of 3 bytes is a
# 64-byte dict once parsed): with them the verifier's peak stays under 150 MiB
# (benchmarks/bench_hostile_package.py). The testimony input is at most 16 MiB.
DOCUMENT_LIMITS = {
    "data/testimony.json": DocumentLimit(16 * 1024 * 1024, 150_000),
    "data/person.json": DocumentLimit(64 * 1024, 1_000),
    "data/consent.json": DocumentLimit(1024 * 1024, 20_000),
    "data/attachments.json": DocumentLimit(12 * 1024 * 1024, 250_000),
    "data/custody.jsonl": DocumentLimit(16 * 1024 * 1024, 300_000),
    "data/withdrawal.json": DocumentLimit(1024 * 1024, 20_000),
}
# All documents of one package together.
MAX_DOCUMENTS_BYTES = 28 * 1024 * 1024
MAX_DOCUMENTS_NODES = 500_000
DOCUMENTS = tuple(DOCUMENT_LIMITS)
TESTIMONY_DOCUMENTS = (
    "data/testimony.json",
    "data/person.json",
    "data/consent.json",
    "data/attachments.json",
    "data/custody.jsonl",
)
WITHDRAWAL_DOCUMENTS = ("data/withdrawal.json", "data/custody.jsonl")
# A timestamp supplement: the version's custody log only (its tokens are a tag file).
SUPPLEMENT_DOCUMENTS = ("data/custody.jsonl",)
ATTACHMENTS_DIR = "data/attachments/"
# data/attachments/<NNN>-<safe name>: what the writer names a media file.
_MEDIA_NAME = re.compile(r"[0-9]{3,}-[^/]+")
_TAG_NAMES = frozenset((*bag.TAG_FILES, *bag.OPTIONAL_TAG_FILES, bag.TAGMANIFEST, bag.SIGNATURE))
# A JSON string, unrolled so the regular expression engine runs it without backtracking.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')

# Called once the tag files are read, before the first payload byte: checks the bag, the
# signature and the signer's trust, and returns the payload paths the signed manifest
# lists (anything else in data/ is refused as it comes). May raise to stop the scan.
Gate = Callable[["ScannedPackage"], frozenset[str]]


def json_nodes(raw: bytes) -> int:
    """An upper bound of the JSON values in ``raw`` (one per comma and bracket outside
    strings, plus one), computed without parsing."""
    bare = _JSON_STRING.sub(b"", raw)
    return bare.count(b",") + bare.count(b"[") + bare.count(b"{") + 1


def media_path(path: str) -> bool:
    """``data/attachments/<NNN>-<name>``: where the format puts a media file."""
    return path.startswith(ATTACHMENTS_DIR) and bool(
        _MEDIA_NAME.fullmatch(path[len(ATTACHMENTS_DIR) :])
    )


@dataclass
class ScannedPackage:
    """What one pass over the archive measured."""

    top: str  # the bag folder, i.e. the package id
    digests: dict[str, tuple[str, int]] = field(default_factory=dict)  # bag path -> (sha, size)
    tag_files: dict[str, bytes] = field(default_factory=dict)
    documents: dict[str, bytes] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    # Phone verification reports (small JSON attachments), kept for verify to show.
    phone_reports: dict[str, bytes] = field(default_factory=dict)


def split_member(name: str, top: str | None) -> tuple[str, str]:
    """(top folder, bag-relative path); refuses anything outside one top folder."""
    head, slash, rest = name.partition("/")
    if not slash or not rest:
        raise TarFormatError("layout", "A member is not inside the bag folder.")
    if top is not None and head != top:
        raise TarFormatError("layout", "The archive holds more than one top folder.")
    if not _PACKAGE_ID.fullmatch(head):
        raise TarFormatError("layout", "The bag folder is not named by a package id.")
    return head, rest


def classify(path: str) -> str:
    """ "tag" or "payload"; refuses tag files the package format does not define."""
    if path in _TAG_NAMES:
        return "tag"
    if path.startswith(bag.PAYLOAD_DIR):
        # Which payload files may be there is the signed manifest's (checked by the gate).
        return "payload"
    raise TarFormatError("extra-file", "The bag holds a file the package format does not define.")


def _read_document(
    reader: TarReader, path: str, result: ScannedPackage, totals: list[int]
) -> bytes:
    limit = DOCUMENT_LIMITS[path]
    data = reader.read_all(min(limit.max_bytes, MAX_DOCUMENTS_BYTES - totals[0]))
    nodes = json_nodes(data)
    totals[0] += len(data)
    totals[1] += nodes
    if nodes > limit.max_nodes or totals[1] > MAX_DOCUMENTS_NODES:
        raise TarFormatError("document-nodes", f"{path} holds more JSON values than allowed.")
    return data


def scan(
    src: Readable, limits: TarLimits | None = None, gate: Gate | None = None
) -> ScannedPackage:
    """Read the whole tar from ``src``; raises TarFormatError naming the broken rule.

    With ``gate``, the tag files must come before the payload: the gate runs on them
    before the first payload byte is read, and payload files it does not allow are
    refused (``extra-file``) before they are read. Without one (a first look, the fuzz
    campaigns), every payload path is read as it comes.
    """
    reader = TarReader(src, limits)
    result: ScannedPackage | None = None
    top: str | None = None
    allowed: frozenset[str] | None = None
    totals = [0, 0]  # document bytes, document JSON values
    for member in reader.members():
        top, path = split_member(member.name, top)
        if result is None:
            result = ScannedPackage(top=top)
        kind = classify(path)
        digest = hashlib.sha256()
        if kind == "tag":
            if allowed is not None:
                raise TarFormatError("order", "A tag file follows the payload.")
            data = reader.read_all(bag.MAX_TAG_FILE)
            result.tag_files[path] = data
            digest.update(data)
        else:
            if gate is not None and allowed is None:
                if not result.tag_files:
                    raise TarFormatError("order", "The payload comes before the tag files.")
                allowed = gate(result)
            if allowed is not None and path not in allowed:
                raise TarFormatError(
                    "extra-file", "The payload holds a file the signed manifest does not list."
                )
            if path in DOCUMENT_LIMITS:
                data = _read_document(reader, path, result, totals)
                result.documents[path] = data
                digest.update(data)
            else:
                kept = sum(len(raw) for raw in result.phone_reports.values())
                keep = (
                    bytearray()
                    if is_report_path(path, member.size)
                    and kept + member.size <= MAX_REPORTS_BYTES
                    else None
                )
                for chunk in reader.chunks():
                    digest.update(chunk)
                    if keep is not None:
                        keep += chunk
                if keep is not None:
                    result.phone_reports[path] = bytes(keep)
        result.digests[path] = (digest.hexdigest(), member.size)
        result.order.append(path)
    if result is None:
        raise TarFormatError("layout", "The archive is empty.")
    if gate is not None and allowed is None:
        gate(result)
    return result
