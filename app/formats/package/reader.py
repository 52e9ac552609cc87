"""Reading a package's plaintext tar strictly, as a stream, into what verification needs.

One pass over the decrypted bytes: every member's path is checked against the bag
layout, every member is hashed, and only the small files (tag files, the JSON
documents, the custody log) are kept in memory, each under a cap. Media are hashed and
dropped. Nothing is written anywhere. Which checks pass is decided later, from the
result, by ``verify``; this module only refuses what is not a well-formed package
archive. Any thread.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from app.formats.package import bag
from app.formats.package.tarstream import Readable, TarFormatError, TarLimits, TarReader

_PACKAGE_ID = re.compile(r"[0-9a-f]{32}")
# The JSON documents and the custody log are read whole; caps keep a crafted package
# from making us allocate without bound.
MAX_DOCUMENT = 32 * 1024 * 1024
DOCUMENTS = (
    "data/testimony.json",
    "data/person.json",
    "data/consent.json",
    "data/attachments.json",
    "data/custody.jsonl",
    "data/withdrawal.json",
)
ATTACHMENTS_DIR = "data/attachments/"
_TAG_NAMES = frozenset((*bag.TAG_FILES, bag.TAGMANIFEST, bag.SIGNATURE))


@dataclass
class ScannedPackage:
    """What one pass over the archive measured."""

    top: str  # the bag folder, i.e. the package id
    digests: dict[str, tuple[str, int]] = field(default_factory=dict)  # bag path -> (sha, size)
    tag_files: dict[str, bytes] = field(default_factory=dict)
    documents: dict[str, bytes] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


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
    """ "tag", "document", "media"; refuses files the package format does not define."""
    if path in _TAG_NAMES:
        return "tag"
    if path in DOCUMENTS:
        return "document"
    if path.startswith(ATTACHMENTS_DIR) and "/" not in path[len(ATTACHMENTS_DIR) :]:
        return "media"
    if path.startswith(bag.PAYLOAD_DIR):
        # Left for the manifest comparison to name (an extra or misplaced payload file).
        return "media"
    raise TarFormatError("extra-file", "The bag holds a file the package format does not define.")


def scan(src: Readable, limits: TarLimits | None = None) -> ScannedPackage:
    """Read the whole tar from ``src``; raises TarFormatError naming the broken rule."""
    reader = TarReader(src, limits)
    result: ScannedPackage | None = None
    top: str | None = None
    for member in reader.members():
        top, path = split_member(member.name, top)
        if result is None:
            result = ScannedPackage(top=top)
        kind = classify(path)
        digest = hashlib.sha256()
        if kind == "tag":
            data = reader.read_all(bag.MAX_TAG_FILE)
            result.tag_files[path] = data
            digest.update(data)
        elif kind == "document":
            data = reader.read_all(MAX_DOCUMENT)
            result.documents[path] = data
            digest.update(data)
        else:
            for chunk in reader.chunks():
                digest.update(chunk)
        result.digests[path] = (digest.hexdigest(), member.size)
        result.order.append(path)
    if result is None:
        raise TarFormatError("layout", "The archive is empty.")
    return result
