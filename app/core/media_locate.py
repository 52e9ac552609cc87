"""Where a file keeps its metadata, found by walking its structure (runs in the child).

Each format puts EXIF somewhere else: JPEG in an APP1 segment anywhere before the image
data, PNG in an ``eXIf`` chunk, WebP in an ``EXIF`` chunk, HEIF/HEIC/AVIF in an item the
``meta`` box locates anywhere in the file, TIFF in the file itself; MP4 and MOV keep a
location string and a creation time in ``moov`` atoms, often after the media data. The
walk reads box, chunk and segment headers and the metadata payloads only, through a
:class:`Source` that fetches byte ranges on demand (the parent process serves them,
with a budget). Whatever the walk cannot decide ends up as ``unknown`` with a reason in
plain words: the caller then treats the location as possibly present.

Only the metadata child imports this module.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# One metadata payload (an Exif item, an APP1 segment, a meta box) is read whole, up to this.
PAYLOAD_LIMIT = 4 * 1024 * 1024
STEP_LIMIT = 200_000  # boxes, chunks or segments walked before giving up
_BLOCK = 4096
_BUDGET_SPENT = "the metadata may lie beyond the part of the file the reader may read"

_ISO6709 = re.compile(rb"([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)")
_QT_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
# XMP spells a position exif:GPSLatitude (attribute or element) or as a Iptc4xmp location.
_XMP_LOCATION = (b"GPSLatitude", b"GPSLongitude")


class UnreadableError(Exception):
    """The structure cannot be followed; ``str`` is a reason in plain words."""


@dataclass
class Found:
    tiff: bytes | None = None  # a TIFF structure (EXIF), starting with II* or MM*
    fields: dict[str, Any] = field(default_factory=dict)  # found outside EXIF (video)
    location_hint: bool = False  # a location in a form not parsed here (XMP, loci)
    unknown: str | None = None  # why the walk could not finish: location unknown


class Source:
    """Random access to the file through ``fetch(offset, length)``.

    ``fetch`` returns the bytes (fewer at the end of the file) or None when the parent
    refuses (budget spent, bytes not available). Small reads are served from a cache of
    4 KiB blocks so walking headers costs few round trips.
    """

    def __init__(self, fetch: Callable[[int, int], bytes | None], size: int) -> None:
        self._fetch = fetch
        self.size = size
        self._cache: dict[int, bytes] = {}

    def read(self, offset: int, length: int) -> bytes:
        """Exactly the bytes asked for; UnreadableError if the file ends or they are refused."""
        if offset < 0 or length < 0 or offset + length > self.size:
            raise UnreadableError("the file ends inside its own structure")
        if length > PAYLOAD_LIMIT:
            raise UnreadableError("a metadata block is larger than the reader accepts")
        if length > _BLOCK:
            data = self._fetch(offset, length)
        else:
            first = offset - offset % _BLOCK
            data = b"".join(
                self._block(start) for start in range(first, offset + length, _BLOCK)
            )
            begin = offset % _BLOCK
            data = data[begin : begin + length]
        if data is None:
            raise UnreadableError(_BUDGET_SPENT)
        if len(data) != length:
            raise UnreadableError("the file ends inside its own structure")
        return data

    def _block(self, start: int) -> bytes:
        block = self._cache.get(start)
        if block is None:
            fetched = self._fetch(start, min(_BLOCK, self.size - start))
            if fetched is None:
                raise UnreadableError(_BUDGET_SPENT)
            if len(self._cache) > 256:
                self._cache.clear()
            block = self._cache[start] = fetched
        return block


def locate(media_type: str, source: Source) -> Found:
    """The metadata of a file of ``media_type``; never raises for anything in the bytes."""
    walker = _WALKERS.get(media_type)
    if walker is None:
        return Found()
    try:
        return walker(source)
    except UnreadableError as why:
        return Found(unknown=str(why))
    except (ValueError, struct.error, IndexError, OverflowError, zlib.error):
        return Found(unknown="the file's structure is damaged")


def _steps() -> Callable[[], None]:
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if count > STEP_LIMIT:
            raise UnreadableError("the file has too many parts to walk")

    return step


def _exif_payload(data: bytes) -> bytes:
    """The TIFF structure in an EXIF payload that may start with ``Exif\\0\\0``."""
    if data.startswith(b"Exif\x00\x00"):
        data = data[6:]
    if not data.startswith((b"II*\x00", b"MM\x00*")):
        raise UnreadableError("the EXIF block does not start with a TIFF header")
    return data


# -- JPEG ----------------------------------------------------------------------------------


def _jpeg(source: Source) -> Found:
    found = Found()
    at, step = 2, _steps()
    while True:
        step()
        if at + 2 > source.size:
            raise UnreadableError("the file ends before the image data")
        marker = source.read(at, 2)
        if marker[0] != 0xFF:
            raise UnreadableError("the image structure is damaged")
        kind = marker[1]
        if kind == 0xFF:  # fill byte
            at += 1
            continue
        if kind in (0xDA, 0xD9):  # start of scan, end of image: no metadata after this
            return found
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:  # markers without a length
            at += 2
            continue
        length = int.from_bytes(source.read(at + 2, 2), "big")
        if length < 2:
            raise UnreadableError("the image structure is damaged")
        if kind == 0xE1 and length > 8:
            body = source.read(at + 4, length - 2)
            if body.startswith(b"Exif\x00") and found.tiff is None:
                found.tiff = _exif_payload(b"Exif\x00\x00" + body[6:])
            elif body.startswith(b"http://ns.adobe.com/") and _mentions_location(body):
                found.location_hint = True
        at += 2 + length


def _mentions_location(xmp: bytes) -> bool:
    return any(name in xmp for name in _XMP_LOCATION)


# -- PNG -----------------------------------------------------------------------------------


def _png(source: Source) -> Found:
    found = Found()
    at, step = 8, _steps()
    while True:
        step()
        length, kind = struct.unpack(">I4s", source.read(at, 8))
        if kind == b"IEND":
            return found
        if kind == b"eXIf" and found.tiff is None:
            found.tiff = _exif_payload(source.read(at + 8, length))
        elif kind in (b"tEXt", b"zTXt", b"iTXt") and length <= PAYLOAD_LIMIT:
            _png_text(source.read(at + 8, length), kind, found)
        at += 12 + length


def _png_text(data: bytes, kind: bytes, found: Found) -> None:
    keyword, _, rest = data.partition(b"\x00")
    if kind == b"zTXt":
        rest = zlib.decompressobj().decompress(rest[1:], PAYLOAD_LIMIT)
    elif kind == b"iTXt":
        # compression flag, method, language tag, translated keyword, then the text
        compressed = rest[:1] == b"\x01"
        parts = rest[2:].split(b"\x00", 2)
        rest = parts[2] if len(parts) == 3 else b""
        if compressed:
            rest = zlib.decompressobj().decompress(rest, PAYLOAD_LIMIT)
    if keyword in (b"Raw profile type exif", b"Raw profile type APP1") and found.tiff is None:
        # ImageMagick's form: "\nexif\n   <length>\n<hex lines>"
        lines = rest.strip().split(b"\n", 2)
        if len(lines) == 3:
            found.tiff = _exif_payload(bytes.fromhex(lines[2].decode("ascii", "replace")))
    elif _mentions_location(rest):
        found.location_hint = True


# -- WebP ----------------------------------------------------------------------------------


def _webp(source: Source) -> Found:
    found = Found()
    riff_size = int.from_bytes(source.read(4, 4), "little")
    end = min(source.size, 8 + riff_size)
    at, step = 12, _steps()
    while at + 8 <= end:
        step()
        kind, length = struct.unpack("<4sI", source.read(at, 8))
        if kind == b"EXIF" and found.tiff is None:
            found.tiff = _exif_payload(source.read(at + 8, length))
        elif kind == b"XMP " and _mentions_location(source.read(at + 8, length)):
            found.location_hint = True
        at += 8 + length + (length & 1)
    if at < end or end < 8 + riff_size:
        raise UnreadableError("the file ends inside its own structure")
    return found


# -- TIFF ----------------------------------------------------------------------------------


def _tiff(source: Source) -> Found:
    # The whole file is the TIFF structure; exifread follows its offsets through a view
    # of the source (see :class:`SourceFile`).
    return Found(tiff=b"")


class SourceFile:
    """A read-only file object over a :class:`Source`, for exifread on a whole TIFF."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._at = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._at, 2: self._source.size}[whence]
        self._at = max(0, base + offset)
        return self._at

    def tell(self) -> int:
        return self._at

    def read(self, size: int = -1) -> bytes:
        end = self._source.size
        if size is not None and size >= 0:
            end = min(self._at + size, end)
        if end <= self._at:
            return b""
        data = self._source.read(self._at, end - self._at)
        self._at = end
        return data


# -- ISO base media (HEIF, HEIC, AVIF, MP4, MOV) -------------------------------------------


def _boxes(source: Source, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes between ``start`` and ``end``."""
    boxes, at, step = [], start, _steps()
    while at + 8 <= end:
        step()
        size, kind = struct.unpack(">I4s", source.read(at, 8))
        header = 8
        if size == 1:
            size = int.from_bytes(source.read(at + 8, 8), "big")
            header = 16
        elif size == 0:
            size = end - at  # to the end of the enclosing box or file
        if size < header or at + size > end:
            raise UnreadableError("the file ends inside its own structure")
        boxes.append((kind, at + header, at + size))
        at += size
    return boxes


def _child(boxes: list[tuple[bytes, int, int]], kind: bytes) -> tuple[int, int] | None:
    for name, start, end in boxes:
        if name == kind:
            return start, end
    return None


def _heif(source: Source) -> Found:
    found = Found()
    meta = _child(_boxes(source, 0, source.size), b"meta")
    if meta is None:
        raise UnreadableError("the file has no item table")
    start, end = meta
    if end - start > PAYLOAD_LIMIT:
        raise UnreadableError("the item table is larger than the reader accepts")
    data = source.read(start, end - start)
    inner = Source(lambda offset, length: data[offset : offset + length], len(data))
    boxes = _boxes(inner, 4, len(data))  # meta is a full box: version and flags first
    iinf, iloc, idat = _child(boxes, b"iinf"), _child(boxes, b"iloc"), _child(boxes, b"idat")
    if iinf is None or iloc is None:
        raise UnreadableError("the file has no item table")
    kinds = _item_types(data, *iinf)
    locations = _item_locations(data, *iloc)
    for item_id, (item_type, content_type) in kinds.items():
        if item_type == b"Exif" and found.tiff is None:
            payload = _item_bytes(source, data, idat, locations.get(item_id))
            skip = int.from_bytes(payload[:4], "big")
            found.tiff = _exif_payload(payload[4 + skip :])
        elif item_type == b"mime" and b"xml" in content_type:
            payload = _item_bytes(source, data, idat, locations.get(item_id))
            found.location_hint = found.location_hint or _mentions_location(payload)
    return found


def _item_types(data: bytes, start: int, end: int) -> dict[int, tuple[bytes, bytes]]:
    version = data[start]
    at = start + 4 + (2 if version == 0 else 4)
    inner = Source(lambda offset, length: data[offset : offset + length], len(data))
    kinds: dict[int, tuple[bytes, bytes]] = {}
    for name, box_start, box_end in _boxes(inner, at, end):
        if name != b"infe" or data[box_start] < 2:
            continue
        at = box_start + 4
        id_size = 4 if data[box_start] >= 3 else 2
        item_id = int.from_bytes(data[at : at + id_size], "big")
        at += id_size + 2  # protection index
        item_type = data[at : at + 4]
        content_type = b""
        if item_type == b"mime":
            name_end = data.find(b"\x00", at + 4, box_end)
            type_end = data.find(b"\x00", name_end + 1, box_end) if name_end >= 0 else -1
            content_type = data[name_end + 1 : type_end] if type_end >= 0 else b""
        kinds[item_id] = (item_type, content_type)
    return kinds


Extents = tuple[int, list[tuple[int, int]]]  # construction method, (offset, length) pairs


def _item_locations(data: bytes, start: int, end: int) -> dict[int, Extents]:
    version = data[start]
    at = start + 4

    def number(size: int) -> int:
        nonlocal at
        if at + size > end:
            raise UnreadableError("the item table is damaged")
        value = int.from_bytes(data[at : at + size], "big")
        at += size
        return value

    sizes = number(2)
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 15
    base_size, index_size = (sizes >> 4) & 15, (sizes & 15 if version in (1, 2) else 0)
    count = number(2 if version < 2 else 4)
    locations: dict[int, Extents] = {}
    for _ in range(count):
        item_id = number(2 if version < 2 else 4)
        method = number(2) & 15 if version in (1, 2) else 0
        number(2)  # data reference index
        base = number(base_size)
        extents = []
        for _ in range(number(2)):
            number(index_size)
            offset = number(offset_size)
            extents.append((base + offset, number(length_size)))
        locations[item_id] = (method, extents)
    return locations


def _item_bytes(
    source: Source, meta: bytes, idat: tuple[int, int] | None, where: Extents | None
) -> bytes:
    if where is None or not where[1]:
        raise UnreadableError("a metadata item has no location")
    method, extents = where
    if method not in (0, 1) or (method == 1 and idat is None):
        raise UnreadableError("a metadata item is stored in a way the reader does not follow")
    parts, total = [], 0
    for offset, length in extents:
        if length == 0:  # to the end of the file
            length = source.size - offset
        total += length
        if total > PAYLOAD_LIMIT:
            raise UnreadableError("a metadata item is larger than the reader accepts")
        if method == 0:
            parts.append(source.read(offset, length))
        else:
            assert idat is not None
            begin = idat[0] + offset
            if begin + length > idat[1]:
                raise UnreadableError("the item table is damaged")
            parts.append(meta[begin : begin + length])
    return b"".join(parts)


def _movie(source: Source) -> Found:
    found = Found()
    moov = _child(_boxes(source, 0, source.size), b"moov")
    if moov is None:
        raise UnreadableError("the file has no movie header")
    boxes = _boxes(source, *moov)
    mvhd = _child(boxes, b"mvhd")
    if mvhd is not None:
        head = source.read(mvhd[0], min(mvhd[1] - mvhd[0], 20))
        seconds = int.from_bytes(head[12:20] if head[0] == 1 else head[4:8], "big")
        if seconds:
            taken = _QT_EPOCH + timedelta(seconds=seconds)
            found.fields["capture_time"] = taken.strftime("%Y-%m-%dT%H:%M:%SZ")
            found.fields["capture_time_tag"] = "CreateDate"
    places: list[bytes] = []
    containers = [box for box in boxes if box[0] in (b"udta", b"meta")]
    for name, start, end in boxes:
        if name == b"trak":
            containers += [box for box in _boxes(source, start, end) if box[0] == b"udta"]
    for name, start, end in containers:
        if name == b"meta":
            places += _quicktime_keys(source, start, end)
            continue
        for kind, box_start, box_end in _boxes(source, start, end):
            if kind == b"\xa9xyz":
                places.append(source.read(box_start, min(box_end - box_start, 256))[4:])
            elif kind == b"loci":
                found.location_hint = True
            elif kind == b"meta":
                places += _quicktime_keys(source, box_start + 4, box_end)
    for place in places:
        match = _ISO6709.match(place.strip())
        if match:
            latitude, longitude = float(match[1]), float(match[2])
            if abs(latitude) <= 90 and abs(longitude) <= 180:
                found.fields["latitude"] = round(latitude, 7)
                found.fields["longitude"] = round(longitude, 7)
                found.fields["location_tag"] = "GPSCoordinates"
                break
        found.location_hint = True
    return found


def _quicktime_keys(source: Source, start: int, end: int) -> list[bytes]:
    """Values of ``com.apple.quicktime.location.ISO6709`` in a QuickTime meta box."""
    boxes = _boxes(source, start, end)
    keys, items = _child(boxes, b"keys"), _child(boxes, b"ilst")
    if keys is None or items is None:
        return []
    wanted: set[int] = set()
    at, index = keys[0] + 8, 1
    while at + 8 <= keys[1]:
        size = int.from_bytes(source.read(at, 4), "big")
        if size < 8:
            break
        if b"location.ISO6709" in source.read(at + 8, min(size - 8, 256)):
            wanted.add(index)
        at, index = at + size, index + 1
    values = []
    for kind, box_start, box_end in _boxes(source, *items):
        if int.from_bytes(kind, "big") in wanted:
            for name, data_start, data_end in _boxes(source, box_start, box_end):
                if name == b"data":
                    values.append(source.read(data_start + 8, min(data_end - data_start - 8, 256)))
    return values


_WALKERS: dict[str, Callable[[Source], Found]] = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/webp": _webp,
    "image/tiff": _tiff,
    "image/heic": _heif,
    "image/heif": _heif,
    "image/avif": _heif,
    "video/mp4": _movie,
    "video/quicktime": _movie,
}
