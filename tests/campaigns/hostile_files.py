"""Hostile media files, generated (never downloaded): damaged headers, EXIF offsets that
point far away or in a loop, a decompression bomb, a zip bomb, a polyglot, an empty
file. Each builder returns the bytes; the campaign writes them under hostile names."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

JPEG_SOI = b"\xff\xd8"
JPEG_EOI = b"\xff\xd9"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 2, height: int = 2, idat: bytes | None = None) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(b"\x00" + b"\x80" * (3 * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )  # fmt: skip


def png_bomb() -> bytes:
    """Declares 2^31-1 x 2^31-1 pixels; its IDAT inflates 16 MiB of zeros from ~16 KiB."""
    squeezer = zlib.compressobj(9)
    idat = squeezer.compress(bytes(16 * 1024 * 1024)) + squeezer.flush()
    return png(0x7FFFFFFF, 0x7FFFFFFF, idat)


def _tiff_ifd(entries: list[tuple[int, int, int, int]], next_ifd: int) -> bytes:
    body = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        body += struct.pack("<HHII", tag, kind, count, value)
    return body + struct.pack("<I", next_ifd)


def jpeg_with_exif(tiff: bytes) -> bytes:
    app1 = b"Exif\x00\x00" + tiff
    return (
        JPEG_SOI + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x00" * 64 + JPEG_EOI
    )  # fmt: skip


def exif_huge_offsets() -> bytes:
    """IFD0 at offset 8 whose Make string, ExifIFD and GPS IFD point beyond 4 GiB - 16,
    with counts near 2^32, and a next-IFD offset far past the end."""
    ifd = _tiff_ifd(
        [
            (0x010F, 2, 0xFFFFFFF0, 0xFFFFFFF0),  # Make: ASCII, absurd count and offset
            (0x8769, 4, 1, 0xFFFFFF00),  # ExifIFD pointer
            (0x8825, 4, 1, 0x7FFFFFFF),  # GPS IFD pointer
        ],
        next_ifd=0xFFFFFFFF,
    )
    return jpeg_with_exif(b"II*\x00" + struct.pack("<I", 8) + ifd)


def exif_looping_offsets() -> bytes:
    """IFD0 at 8 links to IFD1 which links back to IFD0, and its ExifIFD points at
    itself: a reader that follows offsets without a visited set never ends."""
    first = 8
    second = first + 2 + 12 * 1 + 4
    ifd0 = _tiff_ifd([(0x8769, 4, 1, first)], next_ifd=second)
    ifd1 = _tiff_ifd([(0x0100, 3, 1, 16)], next_ifd=first)
    return jpeg_with_exif(b"II*\x00" + struct.pack("<I", first) + ifd0 + ifd1)


def jpeg_plain() -> bytes:
    return jpeg_with_exif(b"II*\x00" + struct.pack("<I", 8) + _tiff_ifd([], 0))


def jpeg_truncated() -> bytes:
    return exif_huge_offsets()[:37]  # cut inside the APP1 segment


def jpeg_corrupt_length() -> bytes:
    # A segment length of 0xFFFF where only a few bytes follow, then junk.
    return JPEG_SOI + b"\xff\xe1\xff\xff" + b"Exif\x00\x00II*\x00" + b"\xff" * 40


def png_truncated() -> bytes:
    return png()[:20]


def png_corrupt() -> bytes:
    data = bytearray(png())
    data[12:16] = b"IHDX"  # unknown critical chunk, CRC now wrong
    return bytes(data)


def _box(kind: bytes, payload: bytes, declared: int | None = None) -> bytes:
    size = 8 + len(payload) if declared is None else declared
    return struct.pack(">I", size) + kind + payload


def heic_truncated() -> bytes:
    ftyp = _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    meta = _box(b"meta", b"\x00\x00\x00\x00" + _box(b"iinf", b"\x00" * 6), declared=0x7FFFFFF0)
    return ftyp + meta[:30]


def heic_corrupt() -> bytes:
    # A box of size 1 announces a 64-bit size of 2^63, then ends.
    ftyp = _box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
    return ftyp + struct.pack(">I", 1) + b"meta" + struct.pack(">Q", 1 << 63) + b"\x00" * 16


def mp4_truncated() -> bytes:
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    moov = _box(b"moov", _box(b"mvhd", b"\x00" * 100))
    return ftyp + moov[:40]


def mp4_corrupt() -> bytes:
    # A zero-size box (runs to the end) holding a box that claims to be 4 GiB long.
    ftyp = _box(b"ftyp", b"isom\x00\x00\x02\x00isom")
    return ftyp + struct.pack(">I", 0) + b"moov" + _box(b"trak", b"\x00" * 32, declared=0xFFFFFFFF)


def zip_bomb() -> bytes:
    """A 64 MiB member of zeros deflated to about 64 KiB, stored twice under one name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for index in range(2):
            with archive.open(f"evidence{index}.bin", "w", force_zip64=True) as member:
                block = bytes(1024 * 1024)
                for _ in range(64):
                    member.write(block)
    return out.getvalue()


def polyglot() -> bytes:
    """A valid JPEG with a ZIP archive appended: image viewers and unzip both accept it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("inside.txt", "hidden second reading of the same bytes")
    return jpeg_plain() + out.getvalue()


BUILDERS: dict[str, Callable[[], bytes]] = {
    "truncated.jpg": jpeg_truncated,
    "corrupt-length.jpg": jpeg_corrupt_length,
    "exif-huge-offsets.jpg": exif_huge_offsets,
    "exif-looping-offsets.jpg": exif_looping_offsets,
    "truncated.png": png_truncated,
    "corrupt.png": png_corrupt,
    "bomb.png": png_bomb,
    "truncated.heic": heic_truncated,
    "corrupt.heic": heic_corrupt,
    "truncated.mp4": mp4_truncated,
    "corrupt.mp4": mp4_corrupt,
    "zip-bomb.zip": zip_bomb,
    "polyglot.jpg": polyglot,
    "empty.jpg": lambda: b"",
}

# Names as a hostile sender might choose them: terminal escapes, a right-to-left
# override that turns "gpj.exe" around, invisible marks, line breaks, a bell.
HOSTILE_NAMES = [
    "\x1b[2J\x1b[31mred\x1b[0m.jpg",
    "photo\u202egpj.exe",
    "\u2066isolate\u2069\u200fmark\u200e.png",
    "line\nbreak\rreturn.mp4",
    "bell\x07tab\tdel\x7f.heic",
    "\u061carabic-mark\u202aembed\u202c.jpg",
]
