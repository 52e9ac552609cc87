"""Streaming POSIX tar: a writer of known-size members and a strict reader.

The package plaintext is an uncompressed POSIX (ustar, with pax extended headers only
where ustar cannot say it) tar. The writer never seeks and never buffers a member: the
caller declares each member's size up front (known from the vault database), then
writes exactly that many bytes, so a 1 GiB video flows from the vault straight into the
age encryptor. The reader is the opposite side of a trust boundary: it accepts regular
files with relative, normalised paths and nothing else, and caps every count and size
before it allocates. Both run on whichever worker thread drives the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from app.errors import FormatError
from app.platform import names

BLOCK = 512
_END = b"\0" * (2 * BLOCK)
_USTAR_MAGIC = b"ustar\x00"
_USTAR_VERSION = b"00"
_MAX_USTAR_SIZE = 8**11 - 1  # eleven octal digits
_REGULAR = (b"0", b"\0")
_PAX_LOCAL = b"x"
# pax keywords that carry no meaning for a bag: ignored. Anything else is refused.
_PAX_IGNORED = frozenset(
    {"mtime", "atime", "ctime", "uid", "gid", "uname", "gname", "comment", "charset", "hdrcharset"}
)
_MAX_PAX_HEADER = 64 * 1024
# Octal numeric fields may be NUL- or space-terminated and space-padded (POSIX).
_OCTAL = re.compile(rb"^ *([0-7]*)[ \x00]*$")


class Writable(Protocol):
    def write(self, data: bytes | bytearray | memoryview, /) -> object: ...


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class TarFormatError(FormatError):
    """The archive is not the strict tar a package must be; ``reason`` names the rule."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class TarLimits:
    max_members: int = 10_000
    max_name_bytes: int = 255
    max_member_size: int = 64 * 1024**3
    max_total_size: int = 256 * 1024**3
    # Zero padding accepted after the end-of-archive marker (tar pads to 10 KiB records).
    max_trailing_bytes: int = 1024 * 1024


# --- writer -----------------------------------------------------------------------------


def _octal(value: int, width: int) -> bytes:
    """A NUL-terminated octal field of ``width`` bytes."""
    digits = f"{value:o}".encode("ascii")
    if len(digits) > width - 1:
        raise ValueError("value does not fit the ustar field")
    return digits.rjust(width - 1, b"0") + b"\0"


def _split_ustar_name(name: bytes) -> tuple[bytes, bytes] | None:
    """(prefix, name) for ustar's 155+100 split, or None when it cannot be split."""
    if len(name) <= 100:
        return b"", name
    for index in range(min(len(name) - 1, 155), 0, -1):
        if name[index : index + 1] == b"/" and len(name) - index - 1 <= 100:
            return name[:index], name[index + 1 :]
    return None


def _header(name: bytes, size: int, mtime: int, typeflag: bytes, prefix: bytes = b"") -> bytes:
    header = bytearray(BLOCK)
    header[0 : len(name)] = name
    header[100:108] = _octal(0o644, 8)
    header[108:116] = _octal(0, 8)
    header[116:124] = _octal(0, 8)
    header[124:136] = _octal(size, 12)
    header[136:148] = _octal(mtime, 12)
    header[148:156] = b" " * 8
    header[156:157] = typeflag
    header[257:263] = _USTAR_MAGIC
    header[263:265] = _USTAR_VERSION
    header[345 : 345 + len(prefix)] = prefix
    checksum = sum(header)
    header[148:156] = f"{checksum:06o}".encode("ascii") + b"\0 "
    return bytes(header)


def _pax_record(key: str, value: str) -> bytes:
    body = f" {key}={value}\n".encode()
    length = len(body)
    while True:  # the length counts its own digits
        record = str(length).encode("ascii") + body
        if len(record) == length:
            return record
        length = len(record)


class TarWriter:
    """Writes members of declared size into ``out``; ``close`` writes the end marker."""

    def __init__(self, out: Writable, *, mtime: int) -> None:
        self._out = out
        self._mtime = max(0, mtime)
        self._remaining = 0
        self._padding = 0
        self._open = False
        self._names: set[str] = set()

    def begin(self, name: str, size: int) -> None:
        if self._open:
            raise ValueError("the previous member is not complete")
        if name in self._names:
            raise ValueError("duplicate member name")
        self._names.add(name)
        encoded = name.encode("utf-8")
        split = _split_ustar_name(encoded) if name.isascii() else None
        if split is None or size > _MAX_USTAR_SIZE:
            records = b""
            if split is None:
                records += _pax_record("path", name)
                split = (b"", b"pax-named-member")
            if size > _MAX_USTAR_SIZE:
                records += _pax_record("size", str(size))
            self._out.write(_header(b"PaxHeader/member", len(records), self._mtime, _PAX_LOCAL))
            self._out.write(records + b"\0" * (-len(records) % BLOCK))
        prefix, short = split
        ustar_size = size if size <= _MAX_USTAR_SIZE else 0  # the pax record carries it
        self._out.write(_header(short, ustar_size, self._mtime, b"0", prefix))
        self._remaining = size
        self._padding = -size % BLOCK
        self._open = True

    def write(self, data: bytes | memoryview) -> None:
        if len(data) > self._remaining:
            raise ValueError("more bytes than the member's declared size")
        self._out.write(data)
        self._remaining -= len(data)

    def end(self) -> None:
        if self._remaining:
            raise ValueError("fewer bytes than the member's declared size")
        self._out.write(b"\0" * self._padding)
        self._open = False

    def add(self, name: str, data: bytes) -> None:
        self.begin(name, len(data))
        self.write(data)
        self.end()

    def close(self) -> None:
        if self._open:
            raise ValueError("the last member is not complete")
        self._out.write(_END)


# --- reader -----------------------------------------------------------------------------


def _parse_octal(field: bytes, what: str) -> int:
    if field[:1] and field[0] & 0x80:
        raise TarFormatError("header", f"The archive uses a binary {what} field.")
    match = _OCTAL.match(field)
    if match is None or not match.group(1):
        raise TarFormatError("header", f"The archive has an unreadable {what} field.")
    return int(match.group(1), 8)


def _cstring(field: bytes) -> bytes:
    return field.split(b"\0", 1)[0]


def check_member_path(name: str, limits: TarLimits) -> str:
    """The path if it is a safe relative path; otherwise the reason it is refused."""
    if len(name.encode("utf-8", "surrogateescape")) > limits.max_name_bytes:
        raise TarFormatError("name-length", "A member name is too long.")
    if not name:
        raise TarFormatError("path", "A member has an empty name.")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise TarFormatError("absolute-path", "A member has an absolute path.")
    if "\\" in name or "\0" in name:
        raise TarFormatError("path", "A member name contains a backslash or NUL.")
    parts = name.split("/")
    if any(part == ".." for part in parts):
        raise TarFormatError("dot-dot", "A member path climbs out of the bag ('..').")
    if any(part in ("", ".") for part in parts):
        raise TarFormatError("path", "A member path is not normalised.")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        raise TarFormatError("path", "A member name contains control characters.")
    return name


def _read_exact(src: Readable, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = src.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _parse_pax(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    position = 0
    while position < len(data):
        space = data.find(b" ", position, position + 20)
        if space < 0 or not data[position:space].isdigit():
            raise TarFormatError("header", "A pax header record is malformed.")
        length = int(data[position:space])
        end = position + length
        if length <= space - position + 1 or end > len(data) or data[end - 1 : end] != b"\n":
            raise TarFormatError("header", "A pax header record is malformed.")
        key_value = data[space + 1 : end - 1]
        key, equals, value = key_value.partition(b"=")
        if not equals:
            raise TarFormatError("header", "A pax header record is malformed.")
        try:
            key_text, value_text = key.decode("utf-8"), value.decode("utf-8")
        except UnicodeDecodeError:
            raise TarFormatError("header", "A pax header record is not UTF-8.") from None
        if key_text in records:
            raise TarFormatError("header", "A pax header repeats a keyword.")
        records[key_text] = value_text
        position = end
    for keyword in records:
        if keyword not in ("path", "size") and keyword not in _PAX_IGNORED:
            raise TarFormatError("pax-keyword", "The archive uses an unsupported pax keyword.")
    return records


@dataclass(frozen=True)
class TarMember:
    name: str
    size: int


class TarReader:
    """Iterates the members of a strict tar read from ``src`` as a stream.

    ``members()`` yields each member; its bytes are read with ``chunks()`` before the
    next member is requested (unread bytes are skipped). Every violation raises
    ``TarFormatError`` whose ``reason`` names the rule broken.
    """

    def __init__(self, src: Readable, limits: TarLimits | None = None) -> None:
        self._src = src
        self._limits = limits or TarLimits()
        self._remaining = 0
        self._padding = 0

    def chunks(self, size: int = 1024 * 1024) -> Iterator[bytes]:
        while self._remaining:
            want = min(size, self._remaining)
            chunk = self._src.read(want)
            if not chunk:
                raise TarFormatError("truncated", "The archive ends inside a member.")
            self._remaining -= len(chunk)
            yield chunk

    def read_all(self, cap: int) -> bytes:
        if self._remaining > cap:
            raise TarFormatError("member-size", "A member is larger than its kind allows.")
        return b"".join(self.chunks())

    def _finish_member(self) -> None:
        for _ in self.chunks():
            pass
        if self._padding:
            pad = _read_exact(self._src, self._padding)
            if len(pad) != self._padding:
                raise TarFormatError("truncated", "The archive ends inside a member.")
            self._padding = 0

    def _block(self) -> bytes:
        block = _read_exact(self._src, BLOCK)
        if len(block) != BLOCK:
            raise TarFormatError("truncated", "The archive ends before its end marker.")
        return block

    def members(self) -> Iterator[TarMember]:
        limits = self._limits
        seen: set[str] = set()
        folded: set[str] = set()
        total = 0
        pax: dict[str, str] | None = None
        while True:
            self._finish_member()
            block = self._block()
            if block == b"\0" * BLOCK:
                if pax is not None:
                    raise TarFormatError("header", "A pax header is not followed by a member.")
                if self._block() != b"\0" * BLOCK:
                    raise TarFormatError("header", "The end marker is malformed.")
                self._check_trailer()
                return
            stored = _parse_octal(block[148:156], "checksum")
            if stored != sum(block[:148]) + 256 + sum(block[156:]):
                raise TarFormatError("header-checksum", "A tar header checksum is wrong.")
            if block[257:263] != _USTAR_MAGIC or block[263:265] != _USTAR_VERSION:
                raise TarFormatError("header", "The archive is not POSIX ustar/pax.")
            typeflag = block[156:157]
            size = _parse_octal(block[124:136], "size")
            if typeflag == _PAX_LOCAL:
                if pax is not None or size > _MAX_PAX_HEADER:
                    raise TarFormatError("header", "A pax header is repeated or too large.")
                data = _read_exact(self._src, size + (-size % BLOCK))
                if len(data) != size + (-size % BLOCK):
                    raise TarFormatError("truncated", "The archive ends inside a header.")
                pax = _parse_pax(data[:size])
                continue
            if typeflag not in _REGULAR:
                kinds = {
                    b"1": "hard link",
                    b"2": "symlink",
                    b"3": "device",
                    b"4": "device",
                    b"5": "directory",
                    b"6": "FIFO",
                    b"g": "global pax header",
                }
                kind = kinds.get(typeflag, "special entry")
                raise TarFormatError(
                    "not-regular", f"The archive holds a {kind}; only regular files are allowed."
                )
            raw = _cstring(block[0:100])
            prefix = _cstring(block[345:500])
            try:
                name = (prefix.decode("utf-8") + "/" if prefix else "") + raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TarFormatError("path", "A member name is not UTF-8.") from None
            if pax is not None:
                if "path" in pax:
                    name = pax["path"]
                if "size" in pax:
                    if not pax["size"].isdigit() or len(pax["size"]) > 20:
                        raise TarFormatError("header", "A pax size is malformed.")
                    size = int(pax["size"])
                pax = None
            name = check_member_path(name, limits)
            if name in seen:
                raise TarFormatError("duplicate", "The archive names a member twice.")
            seen.add(name)
            # What unpacks here must unpack the same on Windows and macOS.
            problem = names.path_problem(name)
            if problem is not None:
                raise TarFormatError(
                    "unportable-name", f"A member name cannot be created on Windows: {problem}."
                )
            key = names.fold(name)
            if key in folded:
                raise TarFormatError(
                    "name-collision",
                    "Two member names are one file on Windows or macOS "
                    "(they differ only in case or Unicode normalisation).",
                )
            folded.add(key)
            if len(seen) > limits.max_members:
                raise TarFormatError("member-count", "The archive holds too many members.")
            if size > limits.max_member_size:
                raise TarFormatError("member-size", "A member declares a size over the limit.")
            total += size
            if total > limits.max_total_size:
                raise TarFormatError("total-size", "The members declare more than the limit.")
            self._remaining = size
            self._padding = -size % BLOCK
            yield TarMember(name, size)

    def _check_trailer(self) -> None:
        seen = 0
        while True:
            chunk = self._src.read(64 * 1024)
            if not chunk:
                return
            seen += len(chunk)
            if seen > self._limits.max_trailing_bytes or chunk.count(0) != len(chunk):
                raise TarFormatError("trailing-data", "Data follows the end of the archive.")
