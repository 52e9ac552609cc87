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
# Tag files a package may carry; when present the tag manifest must list them.
TIMESTAMPS = "timestamps.txt"
OPTIONAL_TAG_FILES = (TIMESTAMPS,)
MAX_TAG_FILE = 1024 * 1024

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PayloadEntry:
    """One payload file as the manifest states it: path relative to the bag root."""

    path: str
    size: int
    sha256: str


# Default-ignorable code points that Unicode files among letters and marks (fillers,
# variation selectors): invisible in a file name, so they count as separators.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
NAME_MAX_CHARS = 60
NAME_MAX_BYTES = 120


def _kept(char: str, after_letter: bool) -> bool:
    """A letter or digit of any script, ASCII ``._-``, or a mark after a letter or digit."""
    if char.isascii():
        return char.isalnum() or char in "._-"
    if char in _INVISIBLE:
        return False
    category = unicodedata.category(char)
    if category[0] == "L" or category == "Nd":
        return True
    return category[0] == "M" and after_letter


def _cut(text: str, chars: int, utf8_bytes: int) -> str:
    """The longest prefix within both limits that does not part a letter from its marks."""
    end = 0
    used = 0
    for char in text[:chars]:
        used += len(char.encode("utf-8", "surrogatepass"))
        if used > utf8_bytes:
            break
        end += 1
    while 0 < end < len(text) and unicodedata.category(text[end])[0] == "M":
        end -= 1
    return text[:end]


def safe_file_name(original: str, index: int) -> str:
    """``<index>-<name>``: the bag file name of the index-th attachment (1-based).

    The exact rule is docs/package-format.md, section 4. In short: NFKC; letters (with
    their combining marks) and decimal digits of any script and ASCII ``._-`` are kept,
    every other run of characters becomes one ``_``; an extension of 1 to 10 ASCII
    letters and digits after the last dot is kept; the name after the number is at most
    60 characters and 120 UTF-8 bytes, neither starts nor ends with ``._-``, and is
    ``file`` when nothing is left. The number makes every name unique whatever the file
    system folds (case, normalisation) and keeps Windows device names (CON, NUL, ...)
    from ever being a whole name. The original name is kept in ``attachments.json``.
    """
    text = unicodedata.normalize("NFKC", original).rstrip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = text, ""
    pieces: list[str] = []
    after_letter = False  # a kept letter, digit or mark: what a mark may follow
    for char in stem:
        if _kept(char, after_letter):
            pieces.append(char)
            after_letter = char not in "._-"
        else:
            if not pieces or pieces[-1] != "\0":
                pieces.append("\0")  # one separator for a run of dropped characters
            after_letter = False
    base = "".join(pieces).replace("\0", "_").strip("._-")
    suffix = "." + extension if extension else ""
    base = _cut(base, NAME_MAX_CHARS - len(suffix), NAME_MAX_BYTES - len(suffix))
    base = base.rstrip("._-") or "file"
    return f"{index:03d}-{base}{suffix}"


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
