"""Real media files made with real tools (ffmpeg, exiftool, heif-enc, cwebp), and what
``exiftool -n`` says they contain, for the metadata tests.

Each builder returns a path under ``folder``; a test whose tool is missing is skipped
with the tool's name (scripts/setup installs them all).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.core.metadata import MediaMetadata, read_metadata

HEAD = 512 * 1024  # what the blob store keeps in memory: the reader must look past it
GPS = ("-GPSLatitude=53.9", "-GPSLatitudeRef=N", "-GPSLongitude=27.5667", "-GPSLongitudeRef=E")
TAGS = (
    *GPS,
    "-DateTimeOriginal=2024:03:05 14:30:15",
    "-ModifyDate=2025:01:02 03:04:05",
    "-Make=TestCam",
    "-Model=Model 7",
)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (scripts/setup installs it)")
    return path


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def exiftool(path: Path, *tags: str) -> dict[str, Any]:
    """``exiftool -n -j`` of the file: the reference the reader is compared with."""
    done = subprocess.run(
        [need("exiftool"), "-n", "-j", *(f"-{tag}" for tag in tags), str(path)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)[0]
    return found


def read_like_import(path: Path) -> MediaMetadata:
    """Read as the import does: the first 512 KiB in memory, the rest on request."""
    data = path.read_bytes()
    with path.open("rb") as source:
        return read_metadata(
            data[:HEAD], complete=len(data) <= HEAD, source=source, size=len(data)
        )


def noisy_jpeg(folder: Path, name: str = "noise.jpg", size: int = 1024) -> Path:
    """A JPEG of random noise (big: 700+ KiB at 1024 px) carrying GPS, time and camera."""
    path = folder / name
    run(
        need("ffmpeg"), "-v", "error", "-y", "-f", "lavfi",
        "-i", f"nullsrc=s={size}x{size},geq=lum='random(1)*255':cb=128:cr=128",
        "-frames:v", "1", "-q:v", "2", str(path),
    )  # fmt: skip
    run(need("exiftool"), "-q", "-overwrite_original", *TAGS, str(path))
    return path


def heic_with_exif_at_the_end(folder: Path) -> Path:
    """A HEIC (heif-enc from the noisy JPEG) whose Exif item lies past the first 512 KiB."""
    path = folder / "photo.heic"
    run(need("heif-enc"), "-q", "95", str(noisy_jpeg(folder, "for-heic.jpg")), "-o", str(path))
    return path


def webp_with_exif(folder: Path) -> Path:
    path = folder / "photo.webp"
    source = noisy_jpeg(folder, "for-webp.jpg", size=256)
    run(need("cwebp"), "-quiet", "-metadata", "exif", str(source), "-o", str(path))
    return path


def jpeg_with_app1_after_app2(folder: Path, app2_bytes: int = 640 * 1024) -> Path:
    """The noisy JPEG with ``app2_bytes`` of APP2 segments between SOI and its APP1."""
    source = noisy_jpeg(folder, "for-app2.jpg", size=256).read_bytes()
    chunk = 65533 - 14
    segments, left = b"", app2_bytes
    while left > 0:
        body = b"ICC_PROFILE\x00\x01\x01" + bytes(min(chunk, left))
        segments += b"\xff\xe2" + struct.pack(">H", len(body) + 2) + body
        left -= chunk
    path = folder / "app2.jpg"
    path.write_bytes(source[:2] + segments + source[2:])
    return path


def png_with_exif(folder: Path) -> Path:
    path = folder / "photo.png"
    run(need("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=64x64",
        "-frames:v", "1", str(path))  # fmt: skip
    run(need("exiftool"), "-q", "-overwrite_original", *TAGS, str(path))
    return path


def tiff_with_exif(folder: Path) -> Path:
    path = folder / "photo.tiff"
    run(need("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=64x64",
        "-frames:v", "1", str(path))  # fmt: skip
    run(need("exiftool"), "-q", "-overwrite_original", *TAGS, str(path))
    return path


def video_with_location(folder: Path, suffix: str) -> Path:
    """A 1 s video with a creation time; MOV gets ©xyz from ffmpeg, MP4 Keys from exiftool."""
    path = folder / f"clip.{suffix}"
    run(
        need("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=64x64:d=1",
        "-metadata", "location=+53.9000+027.5667/",
        "-metadata", "creation_time=2024-03-05T14:30:15Z", str(path),
    )  # fmt: skip
    if suffix == "mp4":
        run(need("exiftool"), "-q", "-overwrite_original",
            "-Keys:GPSCoordinates=53.9, 27.5667", str(path))  # fmt: skip
    return path
