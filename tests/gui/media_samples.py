"""Generated media for the GUI tests: a real JPEG with GPS EXIF, a WAV tone stream."""

from __future__ import annotations

import math
import struct

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage


def _rational_triplet(value: float) -> bytes:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    millis = round(((value - degrees) * 60 - minutes) * 60 * 1000)
    return struct.pack("<6I", degrees, 1, minutes, 1, millis, 1000)


def _gps_exif(lat: float, lon: float, make: str) -> bytes:
    """A little-endian TIFF: IFD0 (Make, GPS pointer) and a GPS IFD with the position."""
    make_bytes = make.encode() + b"\x00"
    ifd0_at = 8
    ifd0_len = 2 + 2 * 12 + 4
    make_at = ifd0_at + ifd0_len
    gps_at = make_at + len(make_bytes)
    gps_len = 2 + 4 * 12 + 4
    data_at = gps_at + gps_len
    lat_at, lon_at = data_at, data_at + 24
    ifd0 = struct.pack("<H", 2)
    ifd0 += struct.pack("<HHII", 0x010F, 2, len(make_bytes), make_at)
    ifd0 += struct.pack("<HHII", 0x8825, 4, 1, gps_at)
    ifd0 += struct.pack("<I", 0)
    gps = struct.pack("<H", 4)
    gps += struct.pack("<HHI4s", 0x0001, 2, 2, (b"N" if lat >= 0 else b"S") + b"\x00\x00\x00")
    gps += struct.pack("<HHII", 0x0002, 5, 3, lat_at)
    gps += struct.pack("<HHI4s", 0x0003, 2, 2, (b"E" if lon >= 0 else b"W") + b"\x00\x00\x00")
    gps += struct.pack("<HHII", 0x0004, 5, 3, lon_at)
    gps += struct.pack("<I", 0)
    return (
        b"II*\x00" + struct.pack("<I", ifd0_at) + ifd0 + make_bytes + gps
        + _rational_triplet(lat) + _rational_triplet(lon)
    )  # fmt: skip


def jpeg_with_gps(lat: float, lon: float, *, comment: bytes = b"", make: str = "TestCam") -> bytes:
    """A decodable 160x120 JPEG carrying GPS EXIF and an optional comment segment."""
    image = QImage(160, 120, QImage.Format.Format_RGB32)
    image.fill(QColor(70, 120, 140))
    for x in range(40, 120):
        for y in range(30, 90):
            image.setPixelColor(x, y, QColor(230, 200, 120))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 90)
    jpeg = bytes(array.data())
    app1 = b"Exif\x00\x00" + _gps_exif(lat, lon, make)
    segments = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
    if comment:
        segments += b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return jpeg[:2] + segments + jpeg[2:]


def wav_header(sample_rate: int = 16000) -> bytes:
    """A WAV header for a stream of unknown length (sizes set to the maximum)."""
    return (
        b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
        + b"data" + struct.pack("<I", 0xFFFFFFFF)
    )  # fmt: skip


def tone_pcm(seconds: float, *, frequency: float = 440.0, amplitude: float = 0.5,
             sample_rate: int = 16000) -> bytes:
    count = int(seconds * sample_rate)
    scale = amplitude * 32767
    return struct.pack(
        f"<{count}h",
        *(round(scale * math.sin(2 * math.pi * frequency * i / sample_rate)) for i in range(count)),
    )
