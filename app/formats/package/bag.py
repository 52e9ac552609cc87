"""BagIt 1.0 (RFC 8493) tag files of a sealed package: writing them and checking them.

The writer side turns known (path, size, sha256) triples into ``bagit.txt``,
``bag-info.txt``, ``manifest-sha256.txt`` and ``tagmanifest-sha256.txt`` before any
payload byte is streamed; that is what lets a package be written in one pass. The
reader side parses the same files from untrusted bytes with caps, and compares them
with the digests measured while the archive streamed past. Pure functions, any thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.errors import FormatError, PackageVerificationError

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
BAGIT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.sig"
SIGNER_PUB = "signer.pub"
VERIFY_TXT = "VERIFY.txt"
PAYLOAD_DIR = "data/"
PACKAGE_FORMAT = "evidence-vault-package/1"
# Tag files the tag manifest lists, in this order; the signature alone stays outside.
TAG_FILES = (BAGIT, BAG_INFO, MANIFEST, SIGNER_PUB, VERIFY_TXT)
MAX_TAG_FILE = 1024 * 1024

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PayloadEntry:
    """One payload file as the manifest states it: path relative to the bag root."""

    path: str
    size: int
    sha256: str


def safe_file_name(original: str, index: int, *, limit: int = 60) -> str:
    """``<index>-<name>``: ASCII letters, digits, ``._-`` only, extension kept.

    The original name (any script) is kept in ``attachments.json``; this one must be
    safe on every file system and in ``sha256sum`` output, and reveal nothing new.
    """
    folded = unicodedata.normalize("NFKD", original)
    ascii_name = folded.encode("ascii", "ignore").decode("ascii")
    base, dot, extension = ascii_name.rpartition(".")
    if not dot:
        base, extension = ascii_name, ""
    base = _SAFE_CHARS.sub("_", base).strip("._-") or "file"
    extension = _SAFE_CHARS.sub("", extension)[:10]
    room = limit - len(extension) - 1
    name = base[:room] + ("." + extension if extension else "")
    return f"{index:03d}-{name}"


def manifest_text(entries: Iterable[tuple[str, str]]) -> bytes:
    """``<sha256>  <path>`` lines, the format ``sha256sum -c`` reads; sorted by path."""
    lines = []
    for path, digest in sorted(entries):
        _check_manifest_path(path)
        lines.append(f"{digest}  {path}\n")
    return "".join(lines).encode("utf-8")


def bag_info_text(fields: Sequence[tuple[str, str]]) -> bytes:
    lines = []
    for key, value in fields:
        if not re.fullmatch(r"[A-Za-z0-9-]+", key) or "\n" in value or "\r" in value:
            raise ValueError("bag-info field cannot be written")
        lines.append(f"{key}: {value}\n")
    return "".join(lines).encode("utf-8")


def payload_oxum(entries: Iterable[PayloadEntry]) -> str:
    listed = list(entries)
    return f"{sum(entry.size for entry in listed)}.{len(listed)}"


def _check_manifest_path(path: str) -> None:
    # sha256sum escapes names with backslash or newline; BagIt percent-encodes CR, LF
    # and %. Our writer never produces any of them, and the reader refuses them.
    if any(char in path for char in "\r\n%\\") or path.startswith("/"):
        raise FormatError("A manifest path uses a character this format does not allow.")


# --- reader side ------------------------------------------------------------------------


def _text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackageVerificationError("bag", f"{name} is not UTF-8.") from None
    if text.startswith("\ufeff"):
        raise PackageVerificationError("bag", f"{name} starts with a byte-order mark.")
    return text


def parse_manifest(data: bytes, name: str, *, max_entries: int = 10_000) -> dict[str, str]:
    """{path: sha256} from a manifest; refuses malformed lines and repeated paths."""
    entries: dict[str, str] = {}
    for line in _text(data, name).splitlines():
        if not line.strip():
            continue
        digest, _, path = line.partition(" ")
        path = path.lstrip(" ").removeprefix("*")
        if not _HEX64.match(digest) or not path:
            raise PackageVerificationError("bag", f"{name} has a malformed line.")
        try:
            _check_manifest_path(path)
        except FormatError:
            raise PackageVerificationError("bag", f"{name} lists an unsafe path.") from None
        if path in entries:
            raise PackageVerificationError("bag", f"{name} lists a file twice.")
        entries[path] = digest
        if len(entries) > max_entries:
            raise PackageVerificationError("bag", f"{name} lists too many files.")
    return entries


def parse_bag_info(data: bytes) -> dict[str, str]:
    """The bag-info fields; continuation lines (leading whitespace) are folded in."""
    fields: dict[str, str] = {}
    last: str | None = None
    for line in _text(data, BAG_INFO).splitlines():
        if line[:1] in (" ", "\t") and last is not None:
            fields[last] += " " + line.strip()
            continue
        key, colon, value = line.partition(":")
        if not colon or not key or key != key.strip():
            raise PackageVerificationError("bag", "bag-info.txt has a malformed line.")
        if key in fields:
            raise PackageVerificationError("bag", f"bag-info.txt repeats {key[:40]}.")
        fields[key] = value.strip()
        last = key
    return fields


def check_bagit_txt(data: bytes) -> None:
    fields = {}
    for line in _text(data, BAGIT).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    if fields.get("BagIt-Version") != "1.0" or fields.get("Tag-File-Character-Encoding") != "UTF-8":
        raise PackageVerificationError("bag", "bagit.txt does not declare BagIt 1.0 in UTF-8.")


def check_tag_manifest(tagmanifest: Mapping[str, str], measured: Mapping[str, str]) -> None:
    """Every required tag file is listed and matches; every listed file exists."""
    for name in (BAGIT, BAG_INFO, MANIFEST):
        if name not in tagmanifest:
            raise PackageVerificationError(
                "tag-manifest", f"The tag manifest does not list {name}."
            )
    for name, digest in tagmanifest.items():
        if name.startswith(PAYLOAD_DIR) or "/" in name:
            raise PackageVerificationError("tag-manifest", "The tag manifest lists a payload file.")
        if name not in measured:
            raise PackageVerificationError("tag-manifest", "A file in the tag manifest is missing.")
        if measured[name] != digest:
            raise PackageVerificationError(
                "tag-checksum", f"{name} does not match the tag manifest (altered)."
            )


def check_payload(
    manifest: Mapping[str, str],
    measured: Mapping[str, tuple[str, int]],
    bag_info: Mapping[str, str],
) -> None:
    """The manifest and the payload agree exactly, file by file, and with Payload-Oxum."""
    present = {path for path in measured if path.startswith(PAYLOAD_DIR)}
    listed = set(manifest)
    if not listed <= {path for path in listed if path.startswith(PAYLOAD_DIR)}:
        raise PackageVerificationError("manifest", "The manifest lists a file outside data/.")
    if listed - present:
        raise PackageVerificationError("missing-file", "A file listed in the manifest is missing.")
    if present - listed:
        raise PackageVerificationError("extra-file", "The payload holds a file the manifest omits.")
    for path in sorted(listed):
        if measured[path][0] != manifest[path]:
            raise PackageVerificationError(
                "payload-checksum", "A payload file does not match its checksum (altered)."
            )
    oxum = bag_info.get("Payload-Oxum")
    expected = f"{sum(size for _, size in (measured[p] for p in listed))}.{len(listed)}"
    if oxum != expected:
        raise PackageVerificationError("bag", "Payload-Oxum does not match the payload.")
