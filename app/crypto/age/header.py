"""The age v1 header: strict parsing, canonical serialization and the header MAC.

The header is untrusted input until its MAC verifies, and the MAC needs the file key,
so parsing is purely syntactic and strict: one canonical encoding per header, lines
read one at a time with caps on line length, stanza count and total size before
anything is kept. Pure functions over a binary stream, any thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import AuthenticationError, FormatError, UnsupportedVersionError

VERSION_LINE = b"age-encryption.org/v1"
_VERSION_PREFIX = b"age-encryption.org/"
_STANZA_PREFIX = b"-> "
_MAC_PREFIX = b"---"
BODY_COLUMNS = 64
MAC_SIZE = 32

# Caps on hostile headers. A sealed package has a handful of stanzas; these leave ample
# room for other age implementations (plugins, post-quantum bodies) while bounding memory.
MAX_LINE_LENGTH = 4096
MAX_STANZAS = 128
MAX_HEADER_SIZE = 1024 * 1024

_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its type and arguments, and the decoded body."""

    type: str
    arguments: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class Header:
    """A parsed header; ``mac_input`` is the exact bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    mac_input: bytes


def b64decode_canonical(untrusted: bytes) -> bytes:
    """Decode unpadded standard base64, refusing every non-canonical spelling."""
    if not _BASE64.fullmatch(untrusted) or len(untrusted) % 4 == 1:
        raise FormatError("The header holds invalid base64.")
    try:
        decoded = base64.b64decode(untrusted + b"=" * (-len(untrusted) % 4), validate=True)
    except binascii.Error:
        raise FormatError("The header holds invalid base64.") from None
    # Unused trailing bits must be zero: re-encoding has to give the same text back.
    if b64encode_unpadded(decoded) != untrusted:
        raise FormatError("The header holds non-canonical base64.")
    return decoded


def b64encode_unpadded(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def header_mac_key(file_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"", info=b"header").derive(file_key)


def compute_mac(file_key: bytes, mac_input: bytes) -> bytes:
    return hmac.new(header_mac_key(file_key), mac_input, hashlib.sha256).digest()


def verify_mac(header: Header, file_key: bytes) -> None:
    if not hmac.compare_digest(compute_mac(file_key, header.mac_input), header.mac):
        raise AuthenticationError("The encrypted file's header failed its integrity check.")


def serialize_stanza(stanza: Stanza) -> bytes:
    line = b" ".join(arg.encode("ascii") for arg in (stanza.type, *stanza.arguments))
    encoded = b64encode_unpadded(stanza.body)
    # Full 64-column lines, then always a shorter final line (empty when the body fills
    # the last line exactly): the short line is what ends a stanza.
    lines = [encoded[i : i + BODY_COLUMNS] for i in range(0, len(encoded), BODY_COLUMNS)]
    if not lines or len(lines[-1]) == BODY_COLUMNS:
        lines.append(b"")
    return _STANZA_PREFIX + line + b"\n" + b"".join(part + b"\n" for part in lines)


def serialize_header(stanzas: list[Stanza], file_key: bytes) -> bytes:
    """The complete header, MAC line included, for ``stanzas`` under ``file_key``."""
    mac_input = (
        VERSION_LINE + b"\n" + b"".join(serialize_stanza(s) for s in stanzas) + _MAC_PREFIX
    )
    mac = compute_mac(file_key, mac_input)
    return mac_input + b" " + b64encode_unpadded(mac) + b"\n"


class _LineReader:
    """Reads header lines from ``src`` without consuming a byte past the MAC line."""

    def __init__(self, src: BinaryIO) -> None:
        self._src = src
        self.consumed = bytearray()

    def line(self) -> bytes:
        """The next line without its LF; FormatError when missing, overlong or too much."""
        raw = self._src.readline(MAX_LINE_LENGTH + 1)
        if not raw.endswith(b"\n"):
            if not raw:
                raise FormatError("The file ends inside the encrypted file's header.")
            if len(raw) > MAX_LINE_LENGTH:
                raise FormatError("A header line is too long.")
            raise FormatError("The file ends inside the encrypted file's header.")
        self.consumed += raw
        if len(self.consumed) > MAX_HEADER_SIZE:
            raise FormatError("The encrypted file's header is too large.")
        return raw[:-1]


def _check_version(line: bytes) -> None:
    if line == VERSION_LINE:
        return
    if line.startswith(_VERSION_PREFIX) and _ARGUMENT.fullmatch(line):
        raise UnsupportedVersionError("This age format version is not supported.")
    raise FormatError("This is not an age encrypted file.")


def _parse_stanza(first_line: bytes, lines: _LineReader) -> Stanza:
    parts = first_line[len(_STANZA_PREFIX) :].split(b" ")
    if not all(_ARGUMENT.fullmatch(part) for part in parts):
        raise FormatError("A header stanza has an empty or invalid argument.")
    body_lines: list[bytes] = []
    while True:
        line = lines.line()
        if len(line) > BODY_COLUMNS or not _BASE64.fullmatch(line):
            raise FormatError("A header stanza body is malformed.")
        body_lines.append(line)
        if len(line) < BODY_COLUMNS:
            break
    texts = [part.decode("ascii") for part in parts]
    return Stanza(texts[0], tuple(texts[1:]), b64decode_canonical(b"".join(body_lines)))


def parse_header(src: BinaryIO) -> Header:
    """Read and check the header syntax from ``src``, leaving it at the payload nonce."""
    lines = _LineReader(src)
    _check_version(lines.line())
    stanzas: list[Stanza] = []
    while True:
        line = lines.line()
        if line.startswith(_STANZA_PREFIX):
            if len(stanzas) >= MAX_STANZAS:
                raise FormatError("The encrypted file's header has too many recipients.")
            stanzas.append(_parse_stanza(line, lines))
            continue
        if line.startswith(_MAC_PREFIX):
            break
        raise FormatError("The encrypted file's header has an unexpected line.")
    if not stanzas:
        raise FormatError("The encrypted file's header has no recipient.")
    # Exactly "--- " and the canonical unpadded base64 of 32 bytes (43 characters).
    if not line.startswith(_MAC_PREFIX + b" ") or len(line) != len(_MAC_PREFIX) + 1 + 43:
        raise FormatError("The encrypted file's header MAC line is malformed.")
    mac = b64decode_canonical(line[len(_MAC_PREFIX) + 1 :])
    mac_input = bytes(lines.consumed[: -(len(line) + 1) + len(_MAC_PREFIX)])
    return Header(tuple(stanzas), mac, mac_input)
