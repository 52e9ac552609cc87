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

import io
import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The parser sees at most this much of the file. EXIF sits at the start of JPEG, TIFF,
# PNG, WebP and HEIC files; a bigger head only feeds crafted inputs more room.
EXIF_HEAD_LIMIT = 512 * 1024
PARSE_TIMEOUT = 10.0
# Address space of the child: the interpreter plus a bounded parse of the head.
CHILD_MEMORY_LIMIT = 512 * 1024 * 1024
TEXT_LIMIT = 256  # EXIF strings are untrusted: keep them short

OCTET_STREAM = "application/octet-stream"
NO_EXIF = "No EXIF metadata found."
TRUNCATED = "The file is truncated: it ends before the image does."
EXIF_TYPES = frozenset(
    {"image/jpeg", "image/tiff", "image/png", "image/webp", "image/heic", "image/heif"}
)

_HEIF_BRANDS = {
    b"heic": "image/heic", b"heix": "image/heic", b"heim": "image/heic",
    b"heis": "image/heic", b"hevc": "image/heic", b"hevx": "image/heic",
    b"mif1": "image/heif", b"msf1": "image/heif", b"avif": "image/avif",
}  # fmt: skip
_EXIF_TIME = re.compile(r"\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}")
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}


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
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still text.
        if error.start < len(sample) - 3:
            return False
        text = sample[: error.start].decode("utf-8")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls * 100 <= len(text)


# -- EXIF ----------------------------------------------------------------------------------


def read_metadata(
    head: bytes, *, complete: bool = True, timeout: float = PARSE_TIMEOUT
) -> MediaMetadata:
    """Media type and EXIF fields of a file whose first bytes are ``head``.

    ``complete`` says ``head`` is the whole file (so a missing end marker means the file
    is truncated). Never raises for anything in the bytes: problems end up in ``note``.
    """
    media_type = sniff_media_type(head)
    damage = _structure_note(media_type, head, complete)
    if media_type not in EXIF_TYPES:
        return MediaMetadata(media_type, note=damage)
    result = _parse_in_child(head[:EXIF_HEAD_LIMIT], timeout)
    if "error" in result:
        notes = [str(result["error"])[:TEXT_LIMIT], damage]
        return MediaMetadata(media_type, note=" ".join(n for n in notes if n))
    fields = result.get("fields", {})
    note = result.get("note")
    if damage:
        # Damage matters more than "no EXIF": it explains why fields may be missing.
        note = damage if not isinstance(note, str) or note == NO_EXIF else f"{damage} {note}"
    return MediaMetadata(
        media_type,
        fields=fields if isinstance(fields, dict) else {},
        has_location=bool(result.get("has_location")),
        note=note if isinstance(note, str) else None,
    )


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


def _parse_in_child(head: bytes, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-E", "-s", "-m", __name__]
    try:
        done = subprocess.run(
            command,
            input=head,
            capture_output=True,
            timeout=timeout,
            cwd=Path(__file__).resolve().parents[2],  # where the app package is importable
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"The metadata reader gave up after {timeout:g} s (crafted file?)."}
    except OSError as error:
        return {"error": f"The metadata reader could not start: {error.strerror}"}
    if done.returncode != 0:
        return {"error": f"The metadata reader failed (exit status {done.returncode})."}
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {"error": "The metadata reader gave an unreadable answer."}
    return answer if isinstance(answer, dict) else {"error": "Unexpected metadata answer."}


def parse_exif(head: bytes) -> dict[str, Any]:
    """EXIF fields of ``head`` (runs inside the child). Raises on a broken file."""
    import exifread  # only the child pays for the import

    tags = exifread.process_file(
        io.BytesIO(head), details=False, extract_thumbnail=False, strict=False
    )
    fields: dict[str, Any] = {}
    note: str | None = None
    for key, tag_names in (
        ("capture_time", ("EXIF DateTimeOriginal", "EXIF DateTimeDigitized", "Image DateTime")),
        ("camera_make", ("Image Make",)),
        ("camera_model", ("Image Model",)),
        ("orientation", ("Image Orientation",)),
    ):
        for name in tag_names:
            if name in tags:
                value = _text(tags[name])
                if not value:
                    continue
                if key == "capture_time" and _EXIF_TIME.fullmatch(value):
                    # EXIF writes "YYYY:MM:DD HH:MM:SS" in the camera's local time, zone
                    # unknown: keep it local, in ISO 8601 form, without inventing a zone.
                    value = value[0:4] + "-" + value[5:7] + "-" + value[8:10] + "T" + value[11:]
                fields[key] = value
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
    """Entry of the parser process: head on stdin, one JSON object on stdout."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no rlimits; the head size still bounds the parse
    import logging

    logging.disable(logging.CRITICAL)  # exifread logs file contents; nobody reads them here
    head = sys.stdin.buffer.read(EXIF_HEAD_LIMIT)
    try:
        answer: dict[str, Any] = parse_exif(head)
    except MemoryError:
        answer = {"error": "The metadata in this file is too large to read."}
    except Exception as error:  # any parser failure is a finding, not a crash
        answer = {"error": f"The metadata could not be read ({type(error).__name__})."}
    sys.stdout.write(json.dumps(answer, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
