"""Hand-built image files with EXIF for the metadata and import tests.

The bytes are laid out here from the TIFF 6.0 / EXIF 2.3 structure (big-endian TIFF
header, IFD0 with pointers to the EXIF and GPS IFDs) so the tests do not depend on an
image library and can state exactly what the file contains.
"""

from __future__ import annotations

import struct

ASCII, SHORT, LONG, RATIONAL = 2, 3, 4, 5
Entry = tuple[int, int, int, bytes]  # tag, type, count, value bytes


def _ascii(text: str) -> Entry:
    raw = text.encode("ascii") + b"\x00"
    return (0, ASCII, len(raw), raw)


def _rationals(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack(">II", n, d) for n, d in pairs)


def _ifd(entries: list[Entry], start: int) -> bytes:
    """One IFD at TIFF offset ``start``, followed by the values too big for an entry."""
    size = 2 + 12 * len(entries) + 4
    body = struct.pack(">H", len(entries))
    extra = b""
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            body += struct.pack(">HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            body += struct.pack(">HHII", tag, kind, count, start + size + len(extra))
            extra += value + (b"\x00" if len(value) % 2 else b"")
    return body + struct.pack(">I", 0) + extra


def _tag(tag: int, entry: Entry) -> Entry:
    return (tag, *entry[1:])


def exif_tiff(
    *,
    make: str = "TestCam",
    model: str = "Model 7",
    taken: str = "2024:03:05 14:30:15",
    gps: tuple[float, float] | None = (53.9, 27.5667),
) -> bytes:
    """A TIFF structure (the body of a JPEG APP1 Exif segment)."""

    def ifd0(exif_at: int, gps_at: int) -> list[Entry]:
        entries = [
            _tag(0x010F, _ascii(make)),
            _tag(0x0110, _ascii(model)),
            (0x0112, SHORT, 1, struct.pack(">H", 6)),  # orientation: rotate 90 CW
            (0x8769, LONG, 1, struct.pack(">I", exif_at)),
        ]
        if gps is not None:
            entries.append((0x8825, LONG, 1, struct.pack(">I", gps_at)))
        return entries

    first = _ifd(ifd0(0, 0), 8)  # only for its length
    exif_at = 8 + len(first)
    exif = _ifd([_tag(0x9003, _ascii(taken))], exif_at)
    gps_at = exif_at + len(exif)
    blocks = [_ifd(ifd0(exif_at, gps_at), 8), exif]
    if gps is not None:
        lat, lon = gps

        def dms(value: float) -> bytes:
            value = abs(value)
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            seconds = round(((value - degrees) * 60 - minutes) * 60 * 1000)
            return _rationals((degrees, 1), (minutes, 1), (seconds, 1000))

        blocks.append(
            _ifd(
                [
                    (0x0001, ASCII, 2, (b"N" if lat >= 0 else b"S") + b"\x00"),
                    (0x0002, RATIONAL, 3, dms(lat)),
                    (0x0003, ASCII, 2, (b"E" if lon >= 0 else b"W") + b"\x00"),
                    (0x0004, RATIONAL, 3, dms(lon)),
                ],
                gps_at,
            )
        )
    return b"MM\x00\x2a" + struct.pack(">I", 8) + b"".join(blocks)


def jpeg_with_exif(tiff: bytes | None = None, *, body: bytes = b"\x00" * 64) -> bytes:
    """SOI, an APP1 Exif segment, a comment segment carrying ``body``, EOI."""
    tiff = exif_tiff() if tiff is None else tiff
    app1 = b"Exif\x00\x00" + tiff
    comment = body[:60000]
    return (
        b"\xff\xd8"
        + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
        + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
        + b"\xff\xd9"
    )  # fmt: skip
