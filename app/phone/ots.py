"""A small reader of OpenTimestamps proofs (``.ots``), ours so no LGPL code ships.

It parses the detached-timestamp header and the whole operation tree, checks that the
proof commits to the media's SHA-256, and lists the attestations. Offline nothing can be
confirmed against Bitcoin: a proof with only calendar ("pending") attestations is
reported pending, one with a Bitcoin attestation as "anchored, not checked offline".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from app.errors import FormatError

MAGIC = b"\x00OpenTimestamps\x00\x00Proof\x00\xbf\x89\xe2\xe8\x84\xe8\x92\x94"
MAX_SIZE = 1 << 20
_MAX_DEPTH = 256
_MAX_RESULT = 4096
_PENDING = bytes.fromhex("83dfe30d2ef90c8e")
_BITCOIN = bytes.fromhex("0588960d73d71901")
_LITECOIN = bytes.fromhex("06869a0d73d71b45")
_FILE_HASHES = {
    0x08: ("sha256", 32),
    0x02: ("sha1", 20),
    0x03: ("ripemd160", 20),
    0x67: ("keccak256", 32),
}


class OtsError(FormatError):
    """Not a readable OpenTimestamps proof."""


@dataclass
class Timestamp:
    hash_name: str
    digest: str  # hex: what the proof commits to
    pending: list[str] = field(default_factory=list)  # calendar URLs
    bitcoin_heights: list[int] = field(default_factory=list)
    other: int = 0

    @property
    def state(self) -> str:
        if self.bitcoin_heights:
            return "anchored"
        return "pending" if self.pending else "empty"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise OtsError("The timestamp proof is truncated.")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def bytes_(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise OtsError("The timestamp proof is truncated.")
        value = self.data[self.pos : self.pos + n]
        self.pos += n
        return value

    def varuint(self) -> int:
        value = shift = 0
        while True:
            b = self.byte()
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise OtsError("The timestamp proof has an overlong number.")

    def varbytes(self, limit: int = _MAX_RESULT) -> bytes:
        n = self.varuint()
        if n > limit:
            raise OtsError("The timestamp proof has an overlong field.")
        return self.bytes_(n)


def _apply(op: int, arg: bytes, msg: bytes) -> bytes:
    if op == 0xF0:
        out = msg + arg
    elif op == 0xF1:
        out = arg + msg
    elif op == 0xF2:
        out = msg[::-1]
    elif op == 0xF3:
        out = msg.hex().encode("ascii")
    elif op == 0x08:
        out = hashlib.sha256(msg).digest()
    elif op == 0x02:
        out = hashlib.sha1(msg).digest()  # noqa: S324 - the proof's own operation
    elif op == 0x03:
        out = hashlib.new("ripemd160", msg).digest()
    elif op == 0x67:
        out = hashlib.sha3_256(msg).digest()  # not keccak; only walked, never trusted
    else:
        raise OtsError(f"The timestamp proof has an unknown operation 0x{op:02x}.")
    if len(out) > _MAX_RESULT:
        raise OtsError("The timestamp proof grows a message too long.")
    return out


def _walk(reader: _Reader, msg: bytes, result: Timestamp, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise OtsError("The timestamp proof is nested too deeply.")
    while True:
        tag = reader.byte()
        if tag == 0xFF:  # fork: the next item, then the rest of this level
            _item(reader, reader.byte(), msg, result, depth + 1)
            continue
        _item(reader, tag, msg, result, depth + 1)
        return


def _item(reader: _Reader, tag: int, msg: bytes, result: Timestamp, depth: int) -> None:
    if tag == 0x00:
        kind = reader.bytes_(8)
        payload = _Reader(reader.varbytes())
        if kind == _PENDING:
            result.pending.append(payload.varbytes(1000).decode("ascii", "replace"))
        elif kind in (_BITCOIN, _LITECOIN):
            result.bitcoin_heights.append(payload.varuint())
        else:
            result.other += 1
        return
    arg = reader.varbytes() if tag in (0xF0, 0xF1) else b""
    _walk(reader, _apply(tag, arg, msg), result, depth)


def read(data: bytes) -> Timestamp:
    if len(data) > MAX_SIZE:
        raise OtsError("The timestamp proof is too large.")
    if not data.startswith(MAGIC):
        raise OtsError("The file is not an OpenTimestamps proof.")
    reader = _Reader(data)
    reader.pos = len(MAGIC)
    if reader.varuint() != 1:
        raise OtsError("The timestamp proof has a version this program does not read.")
    op = reader.byte()
    if op not in _FILE_HASHES:
        raise OtsError("The timestamp proof names an unknown file hash.")
    name, size = _FILE_HASHES[op]
    digest = reader.bytes_(size)
    result = Timestamp(hash_name=name, digest=digest.hex())
    _walk(reader, digest, result, 0)
    if reader.pos != len(data):
        raise OtsError("The timestamp proof has bytes after its end.")
    return result
