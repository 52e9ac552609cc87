"""Removing location and device metadata from a media file without touching its pixels.

A working copy is the original's bytes with metadata taken out: never a re-encode. Each
format is walked (its segments, chunks, boxes or IFDs) and the result is a *plan*: the
copy as a list of pieces, either a byte range of the original or a few literal bytes
(a rewritten header), which :class:`PlanReader` streams from the original's blob into
the new blob. A plan that keeps every offset is handed to the blob store instead as
changes (:func:`in_place_changes`) and stored as an overlay over the original. Nothing
is decoded and no plaintext file is written anywhere.

Two ways of removing, chosen so offsets inside the file stay valid:

- JPEG, PNG and WebP drop whole segments or chunks (nothing inside them is referenced
  from elsewhere) and rewrite the EXIF block in place;
- TIFF, MP4/MOV and HEIC keep every byte where it is: EXIF entries are removed from
  their directory and their values overwritten with zeros, and MP4/HEIC metadata boxes
  become ``free`` boxes full of zeros, so the image strips and the video's chunk
  offsets still point where they did.

Which tags go is decided by a list of tags that are known to be safe (image structure,
exposure, times): with ``strip_device`` every other tag goes, so a vendor's unknown
serial-number tag cannot slip through. Maker notes, XMP, IPTC and Photoshop blocks go
in any case: they can carry a position as well as the device. Embedded thumbnails go
too: a second picture of the scene that later edits of the copy (blurring) would miss.

Files are hostile: every walk is bounded (steps, payload sizes) and whatever does not
follow the format raises :class:`StripError` with a reason in plain words; a structure
that cannot be changed without moving bytes the image depends on is refused, never
re-encoded. Pure functions over a seekable reader; any thread.
"""

from __future__ import annotations

import hashlib
import io
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from app.errors import EvidenceVaultError

PAYLOAD_LIMIT = 16 * 1024 * 1024  # one metadata block (EXIF, a moov box) read whole
STEP_LIMIT = 1_000_000  # segments, chunks, boxes or entries walked before giving up
_SCAN = 1024 * 1024

Piece = tuple[int, int] | bytes  # a byte range [start, end) of the original, or literal bytes


class StripError(EvidenceVaultError):
    """The metadata cannot be removed losslessly; nothing was made."""


@dataclass(frozen=True)
class StripOptions:
    strip_location: bool
    strip_device: bool

    def names(self) -> list[str]:
        wanted = (("location", self.strip_location), ("device", self.strip_device))
        return [name for name, on in wanted if on]


@dataclass
class StripPlan:
    """The copy: ``pieces`` in order; ``removed`` names what was taken out or changed."""

    pieces: list[Piece]
    removed: list[str]
    method: str  # how: "segments" (dropped), "in-place" (zeroed, offsets kept)

    @property
    def size(self) -> int:
        return sum(len(p) if isinstance(p, bytes) else p[1] - p[0] for p in self.pieces)


class Source:
    """Exact reads at offsets of a seekable reader of ``size`` bytes."""

    def __init__(self, reader: Any, size: int) -> None:
        self._reader = reader
        self.size = size

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise StripError("The file ends inside its own structure.")
        if length > PAYLOAD_LIMIT:
            raise StripError("A metadata block is larger than this program accepts.")
        self._reader.seek(offset)
        parts, left = [], length
        while left:
            chunk = self._reader.read(min(left, _SCAN))
            if not chunk:
                raise StripError("The file ends inside its own structure.")
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)


def _steps() -> Callable[[], None]:
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if count > STEP_LIMIT:
            raise StripError("The file has too many parts to walk.")

    return step


def _pieces_from_patches(size: int, patches: Iterable[tuple[int, bytes]]) -> list[Piece]:
    """The whole file with ``patches`` (offset, same-length replacement) applied."""
    pieces: list[Piece] = []
    at = 0
    for offset, data in sorted(patches, key=lambda p: p[0]):
        if offset < at or offset + len(data) > size:
            raise StripError("The file's metadata overlaps itself; it cannot be changed in place.")
        if offset > at:
            pieces.append((at, offset))
        if data:
            pieces.append(data)
        at = offset + len(data)
    if at < size:
        pieces.append((at, size))
    return pieces


# -- TIFF structures (EXIF blocks and TIFF files) -----------------------------------------

_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4,
               16: 8, 17: 8, 18: 8}  # fmt: skip
EXIF_IFD, GPS_IFD, INTEROP_IFD, SUB_IFDS = 0x8769, 0x8825, 0xA005, 0x014A
# Tags kept when the device is removed: the image's structure, colour, orientation,
# exposure and times. Anything else (Make, Model, Software, serial numbers, owner names,
# lens, unique image ids, vendor tags) names or fingerprints the device or its owner.
SAFE_TAGS = frozenset({
    0x00FE, 0x00FF, 0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0107, 0x010A, 0x0111, 0x0112,
    0x0115, 0x0116, 0x0117, 0x011A, 0x011B, 0x011C, 0x0128, 0x012D, 0x0132, 0x013D, 0x013E,
    0x013F, 0x0140, 0x0142, 0x0143, 0x0144, 0x0145, 0x014A, 0x0152, 0x0153, 0x015B, 0x0201,
    0x0202, 0x0211, 0x0212, 0x0213, 0x0214, EXIF_IFD, 0x8773, INTEROP_IFD,
    0x829A, 0x829D, 0x8822, 0x8827, 0x8830, 0x8832, 0x9000, 0x9003, 0x9004, 0x9010, 0x9011,
    0x9012, 0x9101, 0x9102, 0x9201, 0x9202, 0x9203, 0x9204, 0x9205, 0x9206, 0x9207, 0x9208,
    0x9209, 0x920A, 0x9214, 0x9290, 0x9291, 0x9292, 0xA000, 0xA001, 0xA002, 0xA003, 0xA20E,
    0xA20F, 0xA210, 0xA217, 0xA300, 0xA301, 0xA401, 0xA402, 0xA403, 0xA404, 0xA405, 0xA406,
    0xA407, 0xA408, 0xA409, 0xA40A, 0xA40C,
    0x0001, 0x0002,  # interoperability index and version (in the interop IFD)
})  # fmt: skip
# Gone whatever is asked: each can carry a position as well as the device.
ALWAYS_DROPPED = frozenset({GPS_IFD, 0x02BC, 0x83BB, 0x8649, 0x927C})
TAG_NAMES = {
    GPS_IFD: "GPSInfo", 0x02BC: "XMP", 0x83BB: "IPTC", 0x8649: "Photoshop", 0x927C: "MakerNote",
    0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x013B: "Artist",
    0x013C: "HostComputer", 0x8298: "Copyright", 0x010E: "ImageDescription",
    0xA420: "ImageUniqueID", 0xA430: "OwnerName", 0xA431: "SerialNumber",
    0xA432: "LensInfo", 0xA433: "LensMake", 0xA434: "LensModel", 0xA435: "LensSerialNumber",
    0xC614: "UniqueCameraModel", 0xC615: "LocalizedCameraModel", 0xC62F: "CameraSerialNumber",
    0xC634: "DNGPrivateData", 0x9286: "UserComment", 0x882A: "TimeZoneOffset",
}  # fmt: skip
_IMAGE_DATA = ((0x0111, 0x0117), (0x0144, 0x0145), (0x0201, 0x0202))  # offsets, lengths


def _tag_name(tag: int) -> str:
    return TAG_NAMES.get(tag, f"tag 0x{tag:04X}")


@dataclass
class _TiffScrub:
    """Collects what an in-place scrub of one TIFF structure changes."""

    read: Callable[[int, int], bytes]
    size: int
    options: StripOptions
    little: bool = False
    patches: list[tuple[int, bytes]] = field(default_factory=list)
    zeroed: list[tuple[int, int]] = field(default_factory=list)
    kept: list[tuple[int, int]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    visited: set[int] = field(default_factory=set)

    def u16(self, data: bytes, at: int = 0) -> int:
        return int(struct.unpack_from("<H" if self.little else ">H", data, at)[0])

    def u32(self, data: bytes, at: int = 0) -> int:
        return int(struct.unpack_from("<I" if self.little else ">I", data, at)[0])

    def pack16(self, value: int) -> bytes:
        return struct.pack("<H" if self.little else ">H", value)

    def pack32(self, value: int) -> bytes:
        return struct.pack("<I" if self.little else ">I", value)

    def keeps(self, tag: int, kind: str) -> bool:
        if tag in ALWAYS_DROPPED:
            return False
        if kind == "gps":
            return not self.options.strip_location
        return not self.options.strip_device or tag in SAFE_TAGS

    def entries(self, offset: int) -> tuple[int, list[bytes], int]:
        if offset in self.visited or len(self.visited) > 256:
            raise StripError("The file's EXIF directories form a loop.")
        self.visited.add(offset)
        count = self.u16(self.read(offset, 2))
        if count > 4096:
            raise StripError("An EXIF directory has more entries than this program accepts.")
        raw = self.read(offset + 2, 12 * count + 4)
        entries = [raw[12 * i : 12 * i + 12] for i in range(count)]
        return count, entries, self.u32(raw, 12 * count)

    def value_span(self, entry: bytes) -> tuple[int, int] | None:
        """Where an entry's value lies when it does not fit in the entry itself."""
        kind, count = self.u16(entry, 2), self.u32(entry, 4)
        unit = _TYPE_SIZES.get(kind)
        if unit is None:
            raise StripError("An EXIF entry has a type this program does not know.")
        length = unit * count
        if length <= 4:
            return None
        start = self.u32(entry, 8)
        return start, start + length

    def values(self, entry: bytes) -> list[int]:
        """The unsigned integer values of a SHORT or LONG entry (offsets, lengths)."""
        kind, count = self.u16(entry, 2), self.u32(entry, 4)
        if kind not in (3, 4, 13) or count > 1_000_000:
            raise StripError("An EXIF offset has an unexpected form.")
        unit = 2 if kind == 3 else 4
        span = self.value_span(entry)
        start, end = span if span is not None else (0, 0)
        data = entry[8 : 8 + unit * count] if span is None else self.read(start, end - start)
        fmt = ("<" if self.little else ">") + ("H" if unit == 2 else "I") * count
        return list(struct.unpack(fmt, data))

    def scrub_ifd(self, offset: int, kind: str, *, cut_next: bool = False) -> int:
        """Rewrite one directory in place without the dropped entries (and without its
        link to the next directory when ``cut_next``); returns that next directory."""
        count, entries, following = self.entries(offset)
        self.kept.append((offset, offset + 2 + 12 * count + 4))
        kept: list[bytes] = []
        for entry in entries:
            tag = self.u16(entry)
            span = self.value_span(entry)
            if kind != "gps" and tag == GPS_IFD and not self.options.strip_location:
                kept.append(entry)
                self.scrub_ifd(self.values(entry)[0], "gps")
                continue
            if not self.keeps(tag, kind):
                self.removed.append(("GPS " if kind == "gps" else "") + _tag_name(tag))
                if tag == GPS_IFD:
                    self.zero_ifd(self.values(entry)[0])
                if span is not None and span[1] <= self.size:
                    self.zeroed.append(span)
                continue
            kept.append(entry)
            if span is not None:
                self.kept.append(span)
            if tag in (EXIF_IFD, INTEROP_IFD):
                self.scrub_ifd(self.values(entry)[0], "exif" if tag == EXIF_IFD else "interop")
            elif tag == SUB_IFDS:
                for sub in self.values(entry):
                    self.scrub_ifd(sub, "page")
        self.keep_image_data(entries)
        if len(kept) != count or (cut_next and following):
            link = 0 if cut_next else following
            rewritten = self.pack16(len(kept)) + b"".join(kept) + self.pack32(link)
            rewritten += bytes(12 * (count - len(kept)))
            self.patches.append((offset, rewritten))
        return following

    def keep_image_data(self, entries: Sequence[bytes]) -> None:
        tags = {self.u16(entry): entry for entry in entries}
        for offsets_tag, lengths_tag in _IMAGE_DATA:
            if offsets_tag in tags and lengths_tag in tags:
                starts, lengths = self.values(tags[offsets_tag]), self.values(tags[lengths_tag])
                self.kept += [(s, s + n) for s, n in zip(starts, lengths, strict=False)]

    def zero_ifd(self, offset: int) -> None:
        """Overwrite a whole directory (the GPS one) and every value it points to."""
        count, entries, _ = self.entries(offset)
        self.zeroed.append((offset, offset + 2 + 12 * count + 4))
        for entry in entries:
            self.removed.append("GPS " + _tag_name(self.u16(entry)))
            span = self.value_span(entry)
            if span is not None and span[1] <= self.size:
                self.zeroed.append(span)

    def drop_thumbnail(self, ifd1: int) -> None:
        """Zero IFD1 (the embedded thumbnail, unlinked by the caller) and its image."""
        count, entries, _ = self.entries(ifd1)
        self.zeroed.append((ifd1, ifd1 + 2 + 12 * count + 4))
        tags = {self.u16(entry): entry for entry in entries}
        for entry in entries:
            span = self.value_span(entry)
            if span is not None and span[1] <= self.size:
                self.zeroed.append(span)
        if 0x0201 in tags and 0x0202 in tags:
            start, length = self.values(tags[0x0201])[0], self.values(tags[0x0202])[0]
            if start + length <= self.size:
                self.zeroed.append((start, start + length))
        self.removed.append("thumbnail")

    def finish(self, base: int = 0) -> list[tuple[int, bytes]]:
        """The patches (offsets from ``base``), refusing any zeroing that would touch
        bytes something kept still points to."""
        runs: list[list[int]] = []
        for start, end in sorted(self.zeroed):
            for keep_start, keep_end in self.kept:
                if start < keep_end and keep_start < end:
                    raise StripError(
                        "The file's metadata shares bytes with data that must stay; it cannot"
                        " be removed without re-encoding, so no copy was made."
                    )
            if runs and start <= runs[-1][1]:  # values shared by two dropped tags
                runs[-1][1] = max(runs[-1][1], end)
            elif end > start:
                runs.append([start, end])
        patches = [(start, bytes(end - start)) for start, end in runs] + self.patches
        return [(base + offset, data) for offset, data in sorted(patches, key=lambda p: p[0])]


def _tiff_header(read: Callable[[int, int], bytes]) -> tuple[bool, int]:
    head = read(0, 8)
    if head[:4] == b"II*\x00":
        little = True
    elif head[:4] == b"MM\x00*":
        little = False
    elif head[:4] in (b"II+\x00", b"MM\x00+"):
        raise StripError("BigTIFF files are not supported for working copies.")
    else:
        raise StripError("The EXIF block does not start with a TIFF header.")
    return little, int(struct.unpack_from("<I" if little else ">I", head, 4)[0])


def scrub_exif(payload: bytes, options: StripOptions) -> tuple[bytes, list[str]]:
    """An EXIF block (a TIFF structure, without ``Exif\\0\\0``) of the same length, with
    the dropped tags removed and zeroed and the thumbnail gone."""

    def read(offset: int, length: int) -> bytes:
        if offset < 0 or length < 0 or offset + length > len(payload):
            raise StripError("The EXIF block is damaged (an offset points outside it).")
        return payload[offset : offset + length]

    little, first = _tiff_header(read)
    scrub = _TiffScrub(read, len(payload), options, little)
    scrub.kept.append((0, 8))
    entries = int.from_bytes(read(first, 2), "little" if little else "big")
    link = int.from_bytes(read(first + 2 + 12 * entries, 4), "little" if little else "big")
    scrub.scrub_ifd(first, "page", cut_next=bool(link))
    if link:
        scrub.drop_thumbnail(link)
    out = bytearray(payload)
    for offset, data in scrub.finish():
        out[offset : offset + len(data)] = data
    return bytes(out), scrub.removed


def _plan_tiff(source: Source, options: StripOptions) -> StripPlan:
    little, first = _tiff_header(source.read)
    scrub = _TiffScrub(source.read, source.size, options, little)
    scrub.kept.append((0, 8))
    offset, step = first, _steps()
    while offset:  # every page of the file, each scrubbed the same way
        step()
        offset = scrub.scrub_ifd(offset, "page")
    return StripPlan(_pieces_from_patches(source.size, scrub.finish()), scrub.removed, "in-place")


# -- JPEG ----------------------------------------------------------------------------------

_JPEG_KEEP_APP = (
    (0xE0, b"JFIF\x00"), (0xE2, b"ICC_PROFILE\x00"), (0xEE, b"Adobe"),
)  # fmt: skip
_JPEG_APP_NAMES = {
    (0xE1, b"http://ns.adobe.com/xap/1.0/\x00"): "XMP",
    (0xE1, b"http://ns.adobe.com/xmp/extension/\x00"): "XMP extension",
    (0xE2, b"MPF\x00"): "MPF (second images)",
    (0xE2, b"FPXR\x00"): "FlashPix",
    (0xED, b"Photoshop 3.0\x00"): "IPTC/Photoshop",
    (0xE0, b"JFXX\x00"): "JFXX thumbnail",
}


def _plan_jpeg(source: Source, options: StripOptions) -> StripPlan:
    scanner = _Scanner(source)
    if source.read(0, 2) != b"\xff\xd8":
        raise StripError("The file is not a JPEG image.")
    pieces: list[Piece] = [(0, 2)]
    removed: list[str] = []
    seen_exif = False
    at, step = 2, _steps()
    while True:
        step()
        marker = source.read(at, 2)
        if marker[0] != 0xFF:
            raise StripError("The image structure is damaged.")
        kind = marker[1]
        if kind == 0xFF:
            at += 1
            continue
        if kind == 0xD9:  # end of image: anything after it is not this picture
            pieces.append((at, at + 2))
            if at + 2 < source.size:
                removed.append("data after the end of the image")
            break
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:
            pieces.append((at, at + 2))
            at += 2
            continue
        length = int.from_bytes(source.read(at + 2, 2), "big")
        if length < 2:
            raise StripError("The image structure is damaged.")
        end = at + 2 + length
        if end > source.size:
            raise StripError("The file ends inside its own structure.")
        if 0xE0 <= kind <= 0xEF or kind == 0xFE:
            head = source.read(at + 4, min(length - 2, 40))
            if kind == 0xE1 and head.startswith(b"Exif\x00") and not seen_exif:
                seen_exif = True
                body = source.read(at + 4, length - 2)
                scrubbed, names = scrub_exif(body[6:], options)
                removed += names
                pieces.append(source.read(at, 4) + body[:6] + scrubbed)
            elif any(kind == k and head.startswith(p) for k, p in _JPEG_KEEP_APP):
                pieces.append((at, end))
            else:
                known = (
                    n for (k, p), n in _JPEG_APP_NAMES.items() if k == kind and head.startswith(p)
                )
                name = next(known, "comment" if kind == 0xFE else f"APP{kind - 0xE0} segment")
                removed.append(name)
            at = end
            continue
        pieces.append((at, end))
        at = end
        if kind == 0xDA:  # start of scan: the entropy-coded data runs to the next marker
            after = scanner.next_marker(at)
            pieces.append((at, after))
            at = after
    return StripPlan(_merge(pieces), removed, "segments")


class _Scanner:
    """Finds the marker that ends a JPEG scan, reading the file forward in blocks."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def next_marker(self, at: int) -> int:
        size = self.source.size
        while at < size:
            block = self.source.read(at, min(_SCAN, size - at))
            index = 0
            while True:
                index = block.find(b"\xff", index)
                if index < 0:
                    at += len(block)
                    break
                if index + 1 >= len(block):
                    if at + index + 1 >= size:
                        raise StripError("The file ends before the image does.")
                    at += index  # judge this 0xFF with the bytes that follow it
                    break
                following = block[index + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    index += 1  # stuffed byte, restart marker, fill byte: still the scan
                    continue
                return at + index
        raise StripError("The file ends before the image does.")


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, tuple) and isinstance(last, tuple) and last[1] == piece[0]:
            merged[-1] = (last[0], piece[1])
        elif isinstance(piece, bytes) and isinstance(last, bytes):
            merged[-1] = last + piece
        else:
            merged.append(piece)
    return merged


# -- PNG -----------------------------------------------------------------------------------

_PNG_KEEP = frozenset({
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD", b"hIST", b"sPLT", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
})  # fmt: skip


def _plan_png(source: Source, options: StripOptions) -> StripPlan:
    if source.read(0, 8) != b"\x89PNG\r\n\x1a\n":
        raise StripError("The file is not a PNG image.")
    pieces: list[Piece] = [(0, 8)]
    removed: list[str] = []
    at, step = 8, _steps()
    while True:
        step()
        length, kind = struct.unpack(">I4s", source.read(at, 8))
        end = at + 12 + length
        if length > 0x7FFFFFFF or end > source.size:
            raise StripError("The file ends inside its own structure.")
        if kind in _PNG_KEEP:
            pieces.append((at, end))
        elif kind == b"eXIf":
            scrubbed, names = scrub_exif(_without_exif_prefix(source.read(at + 8, length)), options)
            removed += names
            if len(scrubbed) != length:  # an "Exif\0\0" prefix is dropped with the block
                removed.append("Exif prefix")
            body = kind + scrubbed
            crc = struct.pack(">I", zlib.crc32(body))
            pieces.append(struct.pack(">I", len(scrubbed)) + body + crc)
        else:
            removed.append(f"{kind.decode('latin-1')} chunk")
        at = end
        if kind == b"IEND":
            if at < source.size:
                removed.append("data after the end of the image")
            break
    return StripPlan(_merge(pieces), sorted(set(removed), key=removed.index), "segments")


def _without_exif_prefix(data: bytes) -> bytes:
    return data[6:] if data.startswith(b"Exif\x00\x00") else data


# -- WebP ----------------------------------------------------------------------------------

_WEBP_KEEP = frozenset({b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})


def _plan_webp(source: Source, options: StripOptions) -> StripPlan:
    head = source.read(0, 12)
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise StripError("The file is not a WebP image.")
    end = 8 + int.from_bytes(head[4:8], "little")
    if end > source.size:
        raise StripError("The file ends inside its own structure.")
    body: list[Piece] = []
    removed: list[str] = []
    vp8x: int | None = None
    has_exif = False
    at, step = 12, _steps()
    while at + 8 <= end:
        step()
        kind, length = struct.unpack("<4sI", source.read(at, 8))
        stop = at + 8 + length + (length & 1)
        if stop > end:
            raise StripError("The file ends inside its own structure.")
        if kind == b"VP8X":
            vp8x = len(body)
            body.append(source.read(at, stop - at))
        elif kind in _WEBP_KEEP:
            body.append((at, stop))
        elif kind == b"EXIF":
            scrubbed, names = scrub_exif(_without_exif_prefix(source.read(at + 8, length)), options)
            removed += names
            has_exif = True
            padded = scrubbed + (b"\x00" if len(scrubbed) & 1 else b"")
            body.append(struct.pack("<4sI", kind, len(scrubbed)) + padded)
        else:
            name = "XMP" if kind == b"XMP " else kind.decode("latin-1").strip() + " chunk"
            removed.append(name)
        at = stop
    if at != end:
        raise StripError("The file ends inside its own structure.")
    if end < source.size:
        removed.append("data after the end of the image")
    if vp8x is not None:
        literal = body[vp8x]
        assert isinstance(literal, bytes)  # the VP8X chunk is kept as literal bytes above
        chunk = bytearray(literal)
        chunk[8] = (chunk[8] & ~0x0C) | (0x08 if has_exif else 0)  # XMP gone; EXIF as kept
        body[vp8x] = bytes(chunk)
    total = 4 + sum(len(p) if isinstance(p, bytes) else p[1] - p[0] for p in body)
    pieces: list[Piece] = [b"RIFF" + struct.pack("<I", total) + b"WEBP", *body]
    return StripPlan(_merge(pieces), removed, "segments")


# -- ISO base media: MP4, MOV, HEIC/HEIF --------------------------------------------------

_TOP_KEEP = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pdin", b"moof",
                       b"mfra", b"sidx", b"ssix", b"styp", b"prft", b"emsg"})  # fmt: skip
_MOOV_KEEP = frozenset({b"mvhd", b"trak", b"mvex", b"iods", b"free", b"skip", b"wide"})
_TRAK_KEEP = frozenset({b"tkhd", b"edts", b"mdia", b"tref", b"tapt", b"load", b"txas",
                        b"free", b"skip", b"wide"})  # fmt: skip
_FILLER = frozenset({b"free", b"skip", b"wide"})
# Timed metadata that carries positions sample by sample (GoPro, Google camera motion,
# Apple's boxed metadata naming a location key): removing a track would leave its
# samples in the media data, so such a file is refused.
_TELEMETRY = (b"gpmd", b"camm", b"location", b"GPS ", b"gps0")


Box = tuple[bytes, int, int, int]  # type, box start, header size, box end


def _boxes(source: Source, start: int, end: int, step: Callable[[], None]) -> list[Box]:
    """(type, box start, header size, box end) of the boxes between ``start`` and ``end``."""
    boxes = []
    at = start
    while at + 8 <= end:
        step()
        size, kind = struct.unpack(">I4s", source.read(at, 8))
        header = 8
        if size == 1:
            size = int.from_bytes(source.read(at + 8, 8), "big")
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise StripError("The file ends inside its own structure.")
        boxes.append((kind, at, header, at + size))
        at += size
    if at != end and end - at >= 8:
        raise StripError("The file's structure is damaged.")
    return boxes


def _free(box: tuple[bytes, int, int, int]) -> tuple[int, bytes]:
    """The box as a ``free`` box of the same size, its content zeros."""
    _kind, start, header, end = box
    if header == 16:
        head = struct.pack(">I4sQ", 1, b"free", end - start)
    else:
        head = struct.pack(">I4s", end - start, b"free")
    return start, head + bytes(end - start - header)


def _zero_filler(box: tuple[bytes, int, int, int]) -> tuple[int, bytes] | None:
    # A free box may still hold what an editor left there (old metadata): zeroed.
    _kind, start, header, end = box
    return (start + header, bytes(end - start - header)) if end - start > header else None


def _plan_movie(source: Source, options: StripOptions) -> StripPlan:
    step = _steps()
    top = _boxes(source, 0, source.size, step)
    if not top or top[0][0] != b"ftyp":
        raise StripError("The file does not start like an MP4 or MOV file.")
    patches: list[tuple[int, bytes]] = []
    removed: list[str] = []

    def clear(box: tuple[bytes, int, int, int], where: str) -> None:
        patches.append(_free(box))
        removed.append(f"{where}/{box[0].decode('latin-1')}")

    moovs = 0
    for box in top:
        kind = box[0]
        if kind == b"moov":
            moovs += 1
            for child in _boxes(source, box[1] + box[2], box[3], step):
                if child[0] == b"trak":
                    _scrub_trak(source, child, step, clear, patches)
                elif child[0] in _FILLER:
                    filler = _zero_filler(child)
                    if filler:
                        patches.append(filler)
                elif child[0] not in _MOOV_KEEP:
                    if child[0] == b"cmov":
                        raise StripError("The movie header is compressed; it cannot be checked.")
                    clear(child, "moov")
        elif kind in _FILLER and box[3] - box[1] <= PAYLOAD_LIMIT:
            filler = _zero_filler(box)
            if filler:
                patches.append(filler)
        elif kind not in _TOP_KEEP:
            clear(box, "file")
    if moovs != 1:
        raise StripError("The file has no single movie header.")
    return StripPlan(_pieces_from_patches(source.size, patches), removed, "in-place")


def _scrub_trak(
    source: Source,
    trak: tuple[bytes, int, int, int],
    step: Callable[[], None],
    clear: Callable[[tuple[bytes, int, int, int], str], None],
    patches: list[tuple[int, bytes]],
) -> None:
    for child in _boxes(source, trak[1] + trak[2], trak[3], step):
        if child[0] == b"mdia":
            _check_track_kind(source, child, step)
        elif child[0] in _FILLER:
            filler = _zero_filler(child)
            if filler:
                patches.append(filler)
        elif child[0] not in _TRAK_KEEP:
            clear(child, "trak")


def _check_track_kind(source: Source, mdia: Box, step: Callable[[], None]) -> None:
    handler = b""
    sample_entries = b""
    for child in _boxes(source, mdia[1] + mdia[2], mdia[3], step):
        if child[0] == b"hdlr" and child[3] - child[1] >= child[2] + 12:
            handler = source.read(child[1] + child[2] + 8, 4)
        elif child[0] == b"minf":
            for part in _boxes(source, child[1] + child[2], child[3], step):
                if part[0] != b"stbl":
                    continue
                for table in _boxes(source, part[1] + part[2], part[3], step):
                    if table[0] == b"stsd":
                        sample_entries = source.read(table[1], min(table[3] - table[1], 65536))
    if handler in (b"vide", b"soun", b"tmcd", b"hint"):
        return
    lowered = sample_entries.lower()
    if any(mark.lower() in lowered for mark in _TELEMETRY):
        raise StripError(
            "The video carries a metadata track (sensor or GPS samples) that cannot be removed"
            " without rewriting the video; no copy was made."
        )


def _plan_heif(source: Source, options: StripOptions) -> StripPlan:
    from app.core import media_locate as walk  # the same item-table reader as the metadata reader

    step = _steps()
    top = _boxes(source, 0, source.size, step)
    meta = next((box for box in top if box[0] == b"meta"), None)
    if meta is None:
        raise StripError("The image has no item table.")
    start, end = meta[1] + meta[2], meta[3]
    if end - start > PAYLOAD_LIMIT:
        raise StripError("The item table is larger than this program accepts.")
    data = source.read(start, end - start)
    inner = walk.Source(lambda offset, length: data[offset : offset + length], len(data))
    try:
        boxes = walk._boxes(inner, 4, len(data))
        iinf, iloc = walk._child(boxes, b"iinf"), walk._child(boxes, b"iloc")
        idat = walk._child(boxes, b"idat")
        if iinf is None or iloc is None:
            raise StripError("The image has no item table.")
        kinds = walk._item_types(data, *iinf)
        locations = walk._item_locations(data, *iloc)
    except walk.UnreadableError as why:
        raise StripError(f"The image's item table cannot be read: {why}.") from None
    patches: list[tuple[int, bytes]] = []
    removed: list[str] = []
    for item_id, (item_type, content_type) in kinds.items():
        if item_type not in (b"Exif", b"mime"):
            continue
        if item_type == b"mime" and b"xml" not in content_type:
            continue
        where = locations.get(item_id)
        if where is None or not where[1] or where[0] not in (0, 1) or len(where[1]) != 1:
            raise StripError("A metadata item is stored in a way this program does not change.")
        method, [(offset, length)] = where
        if method == 1:
            if idat is None:
                raise StripError("A metadata item points to data that is not there.")
            offset += start + idat[0]
        if length == 0 or offset + length > source.size:
            raise StripError("A metadata item points outside the file.")
        payload = source.read(offset, length)
        if item_type == b"Exif":
            skip = int.from_bytes(payload[:4], "big")
            if 4 + skip > len(payload):
                raise StripError("The EXIF item is damaged.")
            scrubbed, names = scrub_exif(payload[4 + skip :], options)
            removed += names
            patches.append((offset + 4 + skip, scrubbed))
        else:
            patches.append((offset, _empty_xmp(length)))
            removed.append("XMP")
    return StripPlan(_pieces_from_patches(source.size, patches), removed, "in-place")


def _empty_xmp(length: int) -> bytes:
    """An XMP packet with nothing in it, padded with spaces to ``length`` bytes."""
    head = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
    )
    tail = b'<?xpacket end="w"?>'
    if length < len(head) + len(tail):
        return bytes(length)
    return head + b" " * (length - len(head) - len(tail)) + tail


# -- dispatch ------------------------------------------------------------------------------

_PLANNERS: dict[str, Callable[[Source, StripOptions], StripPlan]] = {
    "image/jpeg": _plan_jpeg,
    "image/png": _plan_png,
    "image/webp": _plan_webp,
    "image/tiff": _plan_tiff,
    "image/heic": _plan_heif,
    "image/heif": _plan_heif,
    "video/mp4": _plan_movie,
    "video/quicktime": _plan_movie,
}
STREAMED_TYPES = frozenset(_PLANNERS)


def plan_strip(media_type: str, reader: Any, size: int, options: StripOptions) -> StripPlan:
    """The plan for a working copy of a file of ``media_type`` read through ``reader``.

    Raises StripError for a type without a lossless removal or a file that does not
    follow its format.
    """
    planner = _PLANNERS.get(media_type)
    if planner is None:
        raise StripError(f"Working copies of {media_type} files are not supported.")
    try:
        plan = planner(Source(reader, size), options)
    except StripError:
        raise
    except (struct.error, ValueError, IndexError, OverflowError, zlib.error):
        raise StripError("The file's structure is damaged; no copy was made.") from None
    plan.removed = list(dict.fromkeys(plan.removed))
    return plan


def in_place_changes(pieces: Sequence[Piece], size: int) -> list[tuple[int, bytes]] | None:
    """The plan as (offset, replacement) changes to the original when it keeps every
    byte at its offset and the size (an in-place plan); None when it moves bytes."""
    changes: list[tuple[int, bytes]] = []
    at = 0
    for piece in pieces:
        if isinstance(piece, bytes):
            if piece:
                changes.append((at, piece))
            at += len(piece)
        else:
            start, end = piece
            if start != at:
                return None
            at = end
    return changes if at == size else None


class _Prefetch:
    """Reads (decrypts) and hashes the original on a helper thread, one block ahead of
    the copy: the reading thread then only copies and encrypts, so on two cores the
    working copy costs about as much as writing the new blob.

    The blocks are a small ring of buffers decrypted into in place and handed back by
    :meth:`next` once the copy has taken all of one (no allocation or extra copy per
    block: on a busy machine those cost as much as a tenth of the whole copy).
    """

    _BUFFERS = 6  # queued (4), being read (1), being copied from (1)

    def __init__(self, reader: BinaryIO, size: int) -> None:
        self.digest = hashlib.sha256()
        self.longer = False
        self._reader, self._size = reader, size
        self._queue: queue.Queue[memoryview | BaseException | None] = queue.Queue(maxsize=4)
        self._free: queue.Queue[memoryview] = queue.Queue()
        for _ in range(self._BUFFERS):
            self._free.put(memoryview(bytearray(_SCAN)))
        self._lent: memoryview | None = None  # the block the copy is taking bytes from
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="working-copy-read", daemon=True)
        self._thread.start()

    def _put(self, item: memoryview | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _buffer(self) -> memoryview | None:
        while not self._stop.is_set():
            try:
                return self._free.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def _fill(self, buffer: memoryview) -> int:
        filled = 0
        while filled < len(buffer):
            count = self._reader.readinto(buffer[filled:])  # type: ignore[attr-defined]  # BinaryIO lacks readinto in typeshed
            if not count:
                break
            filled += count
        return filled

    def _run(self) -> None:
        try:
            self._reader.seek(0)
            at = 0
            while at < self._size:
                buffer = self._buffer()
                if buffer is None:
                    return
                count = self._fill(buffer[: min(_SCAN, self._size - at)])
                if not count:
                    break
                block = buffer[:count]
                self.digest.update(block)  # hashlib releases the interpreter lock
                at += count
                if not self._put(block):
                    return
            self.longer = at == self._size and bool(self._reader.read(1))
            self._put(None)
        except BaseException as error:  # handed to the reading thread, raised there
            self._put(error)

    def next(self) -> memoryview | None:
        """The next block; the one returned before goes back to the ring."""
        if self._lent is not None:
            lent, self._lent = self._lent, None
            self._free.put(memoryview(lent.obj))
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        self._lent = item
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class PlanReader(io.RawIOBase):
    """The copy's bytes, streamed from the original in one forward pass.

    Every byte of the original is read (also those left out) and hashed, so the caller
    can check that the original still matches its recorded SHA-256 after the copy.
    Close it (or call :meth:`finish_original`) to stop its reading thread.
    """

    def __init__(self, reader: BinaryIO, size: int, pieces: Sequence[Piece]) -> None:
        super().__init__()
        self._size = size
        self._pieces = list(pieces)
        self._index = 0
        self._at = 0  # original bytes consumed so far
        self._pending = memoryview(b"")
        self._block = memoryview(b"")
        self._prefetch = _Prefetch(reader, size)

    def readable(self) -> bool:
        return True

    def _take(self, end: int) -> memoryview:
        """Original bytes from the current point up to ``end`` (at most one block)."""
        if not self._block:
            data = self._prefetch.next()  # the block before goes back: nothing refers to it
            if data is None:
                raise StripError("The original ended before its recorded size.")
            self._block = data
        count = min(end - self._at, len(self._block))
        taken, self._block = self._block[:count], self._block[count:]
        self._at += count
        return taken

    def _advance(self) -> bool:
        """Set the next bytes of the copy pending; False at its end."""
        while not self._pending:
            if self._index >= len(self._pieces):
                return False
            piece = self._pieces[self._index]
            if isinstance(piece, bytes):
                self._pending = memoryview(piece)
                self._index += 1
                continue
            start, end = piece
            while self._at < start:  # a dropped part: hashed, not copied
                self._take(start)
            if self._at >= end:
                self._index += 1
                continue
            self._pending = self._take(end)
        return True

    def readinto(self, buffer: Any) -> int:
        # Whole buffers: the blob writer hashes full ones on its own helper thread.
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and (self._pending or self._advance()):
            count = min(len(view) - filled, len(self._pending))
            view[filled : filled + count] = self._pending[:count]
            self._pending = self._pending[count:]
            filled += count
        return filled

    def finish_original(self) -> str:
        """The original's SHA-256 (the rest of it is read if the copy ended first)."""
        try:
            while self._at < self._size:
                self._take(self._size)
            if self._prefetch.next() is not None or self._prefetch.longer:
                raise StripError("The original is longer than its recorded size.")
            return self._prefetch.digest.hexdigest()
        finally:
            self.close()

    def close(self) -> None:
        prefetch = getattr(self, "_prefetch", None)
        if prefetch is not None:
            prefetch.close()
        super().close()
