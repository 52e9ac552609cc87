"""What an imported file is: its media type from magic bytes, and its EXIF metadata.

Files come from anywhere, including from an adversary who crafts them to crash or hang
a parser. So the media type is sniffed from the first bytes only (never the name), and
EXIF is parsed by exifread in a separate short-lived process that gets the in-memory
head of the file over a pipe (never a file path, never the whole file), with a time
limit and a memory limit. Whatever goes wrong there, the import goes on: the reason is
recorded in ``note`` and the original bytes are kept untouched.

Run as ``python -m app.core.metadata`` it is that child process. Called from any
thread; the child runs no code of ours beyond this module.
"""

from __future__ import annotations

import codecs
import io
import json
import math
import re
import struct
import sys
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from app.core.limited_child import limited_child

# The reader asks for byte ranges; the parent serves at most this much per request and
# in all, so a crafted file cannot make it pull in (or hold) all of a big file.
READ_LIMIT = 4 * 1024 * 1024
READ_BUDGET = 16 * 1024 * 1024
PARSE_TIMEOUT = 10.0
# Address space of the child: the interpreter plus a bounded parse of the head.
CHILD_MEMORY_LIMIT = 512 * 1024 * 1024
TEXT_LIMIT = 256  # EXIF strings are untrusted: keep them short

OCTET_STREAM = "application/octet-stream"
NO_EXIF = "No EXIF metadata found."
NO_METADATA = "No location or capture time found."
LOCATION_UNKNOWN = "Location unknown"
TRUNCATED = "The file is truncated: it ends before the image does."
# Formats that can carry a location: the reader walks them; when it cannot finish, the
# location is "unknown" and warned about as if present.
EXIF_TYPES = frozenset(
    {
        "image/jpeg", "image/tiff", "image/png", "image/webp", "image/heic", "image/heif",
        "image/avif", "video/mp4", "video/quicktime",
    }
)  # fmt: skip

_HEIF_BRANDS = {
    b"heic": "image/heic", b"heix": "image/heic", b"heim": "image/heic",
    b"heis": "image/heic", b"hevc": "image/heic", b"hevx": "image/heic",
    b"mif1": "image/heif", b"msf1": "image/heif", b"avif": "image/avif",
}  # fmt: skip
_EXIF_TIME = re.compile(r"\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}")
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}


class RandomAccess(Protocol):
    """A seekable binary file (an open file, a decrypting blob reader)."""

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def read(self, size: int = -1, /) -> bytes | None: ...


@dataclass(frozen=True)
class MediaMetadata:
    media_type: str
    # capture_time, camera_make, camera_model, orientation, latitude, longitude
    fields: dict[str, Any] = field(default_factory=dict)
    has_location: bool = False
    note: str | None = None  # why the metadata could not be (fully) read


# -- media type ----------------------------------------------------------------------------


def sniff_media_type(head: bytes) -> str:
    """The media type the first bytes announce; ``application/octet-stream`` if none."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"RIFF") and len(head) >= 12:
        kind = head[8:12]
        if kind == b"WEBP":
            return "image/webp"
        if kind == b"WAVE":
            return "audio/wav"
        if kind == b"AVI ":
            return "video/x-msvideo"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _sniff_iso_media(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"OggS"):
        return "audio/ogg"  # Vorbis and Opus alike
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "audio/mpeg"  # frame sync, MPEG audio layer III/II
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(head)
    if _looks_like_text(head):
        return "text/plain"
    return OCTET_STREAM


def _sniff_iso_media(head: bytes) -> str:
    # ISO base media (MP4, MOV, M4A, HEIF): the ftyp box names a major brand and
    # compatible brands; the major brand is usually enough.
    major = head[8:12]
    if major in _HEIF_BRANDS:
        return _HEIF_BRANDS[major]
    if major in _AUDIO_MP4_BRANDS:
        return "audio/mp4"
    if major == b"qt  ":
        return "video/quicktime"
    box_size = int.from_bytes(head[0:4], "big")
    compatible = head[16 : min(box_size, 256, len(head))]
    for brand, media_type in _HEIF_BRANDS.items():
        if brand in compatible and not compatible.startswith(b"isom"):
            return media_type
    return "video/mp4"


def _sniff_zip(head: bytes) -> str:
    # Office files are ZIPs whose first entries name their part folders.
    window = head[:4096]
    if b"word/" in window:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if b"xl/" in window:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if b"ppt/" in window:
        return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in window:
        return "application/vnd.oasis.opendocument.text"
    return "application/zip"


def _looks_like_text(head: bytes) -> bool:
    sample = head[:8192]
    if not sample or b"\x00" in sample:
        return False
    try:
        # Not final: a multi-byte character cut by the sample's end is still text, but a
        # byte that can start no character (0xFF) is not.
        text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    if not text:
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls * 100 <= len(text)


# -- EXIF ----------------------------------------------------------------------------------


def read_metadata(
    head: bytes,
    *,
    complete: bool = True,
    timeout: float = PARSE_TIMEOUT,
    source: RandomAccess | None = None,
    size: int | None = None,
) -> MediaMetadata:
    """Media type and metadata fields of a file whose first bytes are ``head``.

    ``complete`` says ``head`` is the whole file (so a missing end marker means the file
    is truncated). ``source`` (seekable, the whole file of ``size`` bytes) lets the
    reader fetch metadata that lies beyond the head; without it only the head is read,
    and metadata beyond it is "location unknown". Never raises for anything in the
    bytes: problems end up in ``note``.
    """
    media_type = sniff_media_type(head)
    damage = _structure_note(media_type, head, complete)
    if media_type not in EXIF_TYPES:
        return MediaMetadata(media_type, note=damage)
    if complete:
        total = len(head)
    elif size is None:
        total = 1 << 62  # unknown: reads past the head are refused, not "end of file"
    else:
        total = max(size, len(head))
    result = _parse_in_child(media_type, _Ranges(head, source, total, complete), timeout)
    if "error" in result:
        notes = [_unknown(str(result["error"])), damage]
        return MediaMetadata(media_type, has_location=True, note=" ".join(n for n in notes if n))
    fields = result.get("fields", {})
    note = result.get("note")
    if damage:
        # Damage matters more than "no EXIF": it explains why fields may be missing.
        note = damage if not isinstance(note, str) or note == NO_EXIF else f"{damage} {note}"
    return MediaMetadata(
        media_type,
        fields=fields if isinstance(fields, dict) else {},
        has_location=bool(result.get("has_location")),
        note=note[: TEXT_LIMIT * 2] if isinstance(note, str) else None,
    )


def _unknown(reason: str) -> str:
    return f"{LOCATION_UNKNOWN}: {reason[:TEXT_LIMIT].rstrip('.')}."


class _Ranges:
    """The bytes the parent serves to the child: from the head, else from ``source``,
    within a budget, so a crafted file cannot make the reader pull in all of a big file."""

    def __init__(self, head: bytes, source: RandomAccess | None, size: int, complete: bool) -> None:
        self.head, self.source, self.size = head, source, size
        self.whole = complete or source is not None
        self.served = 0

    def fetch(self, offset: int, length: int) -> bytes | None:
        length = max(0, min(length, self.size - offset))
        if offset < 0 or length > READ_LIMIT or self.served + length > READ_BUDGET:
            return None
        self.served += length
        if offset + length <= len(self.head):
            return self.head[offset : offset + length]
        if self.source is None:
            return None if not self.whole else self.head[offset : offset + length]
        self.source.seek(offset)
        parts = []
        while length > 0:
            chunk = self.source.read(length)
            if not chunk:
                break
            parts.append(chunk)
            length -= len(chunk)
        return b"".join(parts)


def _structure_note(media_type: str, head: bytes, complete: bool) -> str | None:
    """A note when the file's own structure shows it is cut short or damaged."""
    if media_type == "image/jpeg":
        # Walk the marker segments up to the image data: a length that runs past the
        # bytes we have means the file ends inside its own header.
        at = 2
        while at + 2 <= len(head):
            if head[at] != 0xFF:
                return "The image structure is damaged."
            marker = head[at + 1]
            if marker in (0xDA, 0xD9):  # start of scan or end of image: header intact
                break
            if marker == 0xFF:  # fill byte before a marker
                at += 1
                continue
            if at + 4 > len(head):
                break  # the loop's end check below decides
            length = int.from_bytes(head[at + 2 : at + 4], "big")
            if length < 2:
                return "The image structure is damaged."
            at += 2 + length
        else:
            # Ran out of bytes inside the header. Only a whole file can be "truncated":
            # a head is just the first part of a bigger file.
            return TRUNCATED if complete else None
        if at + 4 > len(head) and head[at + 1 : at + 2] not in (b"\xda", b"\xd9"):
            return TRUNCATED if complete else None
        if complete and b"\xff\xd9" not in head[-4096:]:
            return TRUNCATED
    if media_type == "image/png" and complete and b"IEND" not in head[-64:]:
        return TRUNCATED
    return None


def _parse_in_child(media_type: str, ranges: _Ranges, timeout: float) -> dict[str, Any]:
    """Run the child and serve the byte ranges it asks for until it answers.

    Protocol on the child's stdin/stdout: the parent first sends the media type and the
    file size; the child then sends ``R`` + offset (8 bytes) + length (4 bytes) and gets
    a 4-byte length and the bytes (length 0xFFFFFFFF: refused), or ends with ``A`` + a
    4-byte length + its JSON answer. A timer kills the child at the deadline.
    """
    answer: dict[str, Any] | None = None
    try:
        with limited_child(__name__, timeout) as child:
            try:
                kind = media_type.encode("ascii")
                child.stdin.write(
                    struct.pack(">B", len(kind)) + kind + struct.pack(">Q", ranges.size)
                )
                child.stdin.flush()
                while True:
                    request = _read_exactly(child.stdout, 1)
                    if request == b"R":
                        offset, length = struct.unpack(">QI", _read_exactly(child.stdout, 12))
                        data = ranges.fetch(offset, length)
                        reply = (
                            b"\xff\xff\xff\xff" if data is None
                            else struct.pack(">I", len(data)) + data
                        )  # fmt: skip
                        child.stdin.write(reply)
                        child.stdin.flush()
                    elif request == b"A":
                        (length,) = struct.unpack(">I", _read_exactly(child.stdout, 4))
                        raw = _read_exactly(child.stdout, min(length, 1 << 20))
                        try:
                            parsed = json.loads(raw.decode("utf-8"))
                        except (UnicodeDecodeError, ValueError):
                            parsed = None
                        unreadable = {"error": "the metadata reader gave an unreadable answer"}
                        answer = parsed if isinstance(parsed, dict) else unreadable
                        break
                    else:
                        break
            except (OSError, EOFError, struct.error, ValueError):
                pass  # the child died or was killed; decided below
    except OSError as error:
        return {"error": f"the metadata reader could not start ({error.strerror})"}
    if child.late.is_set():
        return {"error": f"the metadata reader gave up after {timeout:g} s (crafted file?)"}
    if answer is None:
        return {"error": "the metadata reader stopped before it finished"}
    return answer


def _read_exactly(stream: IO[bytes], length: int) -> bytes:
    data = bytearray()
    while len(data) < length:
        chunk = stream.read(length - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def parse_exif(tiff: Any) -> dict[str, Any]:
    """Fields of a TIFF structure (bytes or a file object; runs inside the child).
    Raises on a broken structure."""
    import exifread  # only the child pays for the import

    handle = io.BytesIO(tiff) if isinstance(tiff, bytes) else tiff
    tags = exifread.process_file(handle, details=False, extract_thumbnail=False, strict=False)
    fields: dict[str, Any] = {}
    note: str | None = None
    for key, tag_key, tag_names in (
        # Only capture tags give the capture time; DateTime (ModifyDate) is when the file
        # was last changed, recorded as such.
        ("capture_time", "capture_time_tag",
         (("EXIF DateTimeOriginal", "DateTimeOriginal"), ("EXIF DateTimeDigitized", "CreateDate"))),
        ("modified_time", "modified_time_tag", (("Image DateTime", "ModifyDate"),)),
        ("camera_make", None, (("Image Make", "Make"),)),
        ("camera_model", None, (("Image Model", "Model"),)),
        ("orientation", None, (("Image Orientation", "Orientation"),)),
    ):  # fmt: skip
        for name, exif_name in tag_names:
            if name in tags:
                value = _text(tags[name])
                if not value:
                    continue
                if key.endswith("_time"):
                    if not _EXIF_TIME.fullmatch(value) or value.startswith("0000"):
                        continue  # blank ("    :  :     ") or unset: not a time
                    # EXIF writes "YYYY:MM:DD HH:MM:SS" in the camera's local time, zone
                    # unknown: keep it local, in ISO 8601 form, without inventing a zone.
                    value = value[0:4] + "-" + value[5:7] + "-" + value[8:10] + "T" + value[11:]
                fields[key] = value
                if tag_key:
                    fields[tag_key] = exif_name
                break
    has_location = "GPS GPSLatitude" in tags or "GPS GPSLongitude" in tags
    if has_location:
        try:
            latitude = _degrees(tags["GPS GPSLatitude"], tags.get("GPS GPSLatitudeRef"), "S")
            longitude = _degrees(tags["GPS GPSLongitude"], tags.get("GPS GPSLongitudeRef"), "W")
            if abs(latitude) > 90 or abs(longitude) > 180:
                raise ValueError("out of range")
            fields["latitude"] = round(latitude, 7)
            fields["longitude"] = round(longitude, 7)
        except (KeyError, ValueError, TypeError, ZeroDivisionError, IndexError):
            # Still flagged: the file carries location data even if we cannot read it.
            note = "The GPS position in this file could not be read."
    if not tags:
        note = NO_EXIF
    return {"fields": fields, "has_location": has_location, "note": note}


def read_in_child(media_type: str, source: Any) -> dict[str, Any]:
    """The child's answer for a file: its metadata found wherever the format keeps it."""
    from app.core.media_locate import SourceFile, locate

    found = locate(media_type, source)
    answer: dict[str, Any] = {"fields": {}, "has_location": False, "note": None}
    if found.tiff is not None:
        try:
            answer = parse_exif(found.tiff if found.tiff else SourceFile(source))
        except MemoryError:
            raise
        except Exception:  # any parser failure is a finding, not a crash
            return {
                "fields": found.fields,
                "has_location": True,
                "note": _unknown("the EXIF data in this file is damaged"),
            }
        if answer.get("note") == NO_EXIF:
            answer["note"] = None  # an EXIF block with no tags: said below if nothing else
    fields = {**found.fields, **answer["fields"]}
    has_location = bool(answer["has_location"]) or "latitude" in fields or found.location_hint
    note = answer["note"]
    if found.unknown:
        has_location = True
        note = _unknown(found.unknown) if note is None else f"{_unknown(found.unknown)} {note}"
    elif found.location_hint and "latitude" not in fields and note is None:
        note = "This file names a location in a form that is not shown here."
    elif note is None and not fields:
        note = NO_EXIF if media_type.startswith("image/") else NO_METADATA
    return {"fields": fields, "has_location": has_location, "note": note}


def _text(tag: Any) -> str:
    return str(getattr(tag, "printable", tag)).strip()[:TEXT_LIMIT]


def _degrees(tag: Any, ref: Any, negative: str) -> float:
    values = list(getattr(tag, "values", []))
    if len(values) != 3:
        raise ValueError("a GPS coordinate has three parts")
    degrees, minutes, seconds = (float(value) for value in values)
    total = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(total):
        raise ValueError("not a number")
    return -total if ref is not None and _text(ref).upper().startswith(negative) else total


def _child_main() -> int:
    """Entry of the reader process: it asks the parent for byte ranges and answers once."""
    from app.platform.children import limit_own_memory

    # Linux: RLIMIT_AS; Windows: a Job Object; macOS: advisory only (the parent's byte
    # budget and deadline are what hold there).
    limit_own_memory(CHILD_MEMORY_LIMIT)
    import logging

    logging.disable(logging.CRITICAL)  # exifread logs file contents; nobody reads them here
    from app.core.media_locate import Source

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        (kind_length,) = struct.unpack(">B", _read_exactly(stdin, 1))
        media_type = _read_exactly(stdin, kind_length).decode("ascii")
        (size,) = struct.unpack(">Q", _read_exactly(stdin, 8))
    except (EOFError, struct.error, UnicodeDecodeError):
        return 1

    def fetch(offset: int, length: int) -> bytes | None:
        stdout.write(b"R" + struct.pack(">QI", offset, length))
        stdout.flush()
        (got,) = struct.unpack(">I", _read_exactly(stdin, 4))
        return None if got == 0xFFFFFFFF else _read_exactly(stdin, got)

    try:
        answer = read_in_child(media_type, Source(fetch, size))
    except MemoryError:
        answer = {"error": "the metadata in this file is too large to read"}
    except Exception:  # any parser failure is a finding, not a crash
        answer = {"error": "the file's structure could not be followed"}
    raw = json.dumps(answer, ensure_ascii=True).encode("ascii")
    stdout.write(b"A" + struct.pack(">I", len(raw)) + raw)
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
