"""Media type sniffing and EXIF reading of untrusted files."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from exif_samples import exif_tiff, jpeg_with_exif
from hypothesis import given, settings
from hypothesis import strategies as st
from media_samples import (
    exiftool,
    heic_with_exif_at_the_end,
    jpeg_with_app1_after_app2,
    need,
    png_with_exif,
    read_like_import,
    run,
    tiff_with_exif,
    video_with_location,
    webp_with_exif,
)

from app.core.metadata import OCTET_STREAM, read_metadata, sniff_media_type


def _ftyp(brand: bytes, compatible: bytes = b"isom") -> bytes:
    box = brand + b"\x00\x00\x00\x00" + compatible
    return struct.pack(">I", 8 + len(box)) + b"ftyp" + box + b"\x00" * 32


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ", "audio/wav"),
        (_ftyp(b"heic", b"mif1heic"), "image/heic"),
        (_ftyp(b"mif1", b"heic"), "image/heif"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (_ftyp(b"isom", b"isomiso2mp41"), "video/mp4"),
        (_ftyp(b"qt  ", b"qt  "), "video/quicktime"),
        (_ftyp(b"M4A ", b"M4A mp42"), "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm"),
        (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", "video/x-matroska"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "audio/mpeg"),
        (b"OggS\x00\x02\x00\x00OpusHead", "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "application/pdf"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xmlword/document.xml",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00notes.txt", "application/zip"),
        ("Свидетель рассказал, что 12 марта…\n".encode(), "text/plain"),
        (b"plain ascii notes\r\n", "text/plain"),
        (b"", OCTET_STREAM),
        (b"\x00\x01\x02\x03binary", OCTET_STREAM),
        (b"MZ\x90\x00\x03\x00\x00\x00", OCTET_STREAM),
        (b"\xff\xd8", OCTET_STREAM),  # a JPEG's first two bytes are not text
        (b"\xd0", OCTET_STREAM),  # nothing but the start of a character
    ],
)
def test_sniffs_the_type_from_magic_bytes(head: bytes, expected: str) -> None:
    assert sniff_media_type(head) == expected


def test_text_cut_inside_a_character_is_still_text() -> None:
    text = ("Минск " * 2000).encode()
    assert sniff_media_type(text[:8191]) == "text/plain"


def test_name_plays_no_part() -> None:
    # A PDF called photo.jpg is a PDF: there is no name argument to be fooled by.
    assert sniff_media_type(b"%PDF-1.4 rest") == "application/pdf"


def test_reads_gps_time_and_camera_from_exif() -> None:
    info = read_metadata(jpeg_with_exif())
    assert info.media_type == "image/jpeg"
    assert info.has_location
    assert info.note is None
    assert info.fields["latitude"] == pytest.approx(53.9, abs=1e-4)
    assert info.fields["longitude"] == pytest.approx(27.5667, abs=1e-4)
    assert info.fields["capture_time"] == "2024-03-05T14:30:15"
    assert info.fields["camera_make"] == "TestCam"
    assert info.fields["camera_model"] == "Model 7"
    assert "90" in info.fields["orientation"]


def test_southern_and_western_positions_are_negative() -> None:
    info = read_metadata(jpeg_with_exif(exif_tiff(gps=(-33.8688, -70.6693))))
    assert info.fields["latitude"] == pytest.approx(-33.8688, abs=1e-4)
    assert info.fields["longitude"] == pytest.approx(-70.6693, abs=1e-4)


def test_no_gps_means_no_location() -> None:
    info = read_metadata(jpeg_with_exif(exif_tiff(gps=None)))
    assert not info.has_location
    assert "latitude" not in info.fields
    assert info.fields["camera_make"] == "TestCam"


def test_gps_with_zero_denominator_is_flagged_but_noted() -> None:
    tiff = exif_tiff(gps=(10.0, 20.0))
    # Turn the first latitude denominator (1) into 0: a division the parser must survive.
    broken = tiff.replace(struct.pack(">II", 10, 1), struct.pack(">II", 10, 0), 1)
    assert broken != tiff
    info = read_metadata(jpeg_with_exif(broken))
    assert info.has_location  # the file still carries a location; we say so
    assert info.note is not None


@pytest.mark.parametrize("cut", [3, 20, 60, 120, 200])
def test_truncated_image_gives_a_note_not_a_crash(cut: int) -> None:
    data = jpeg_with_exif()[:cut]
    info = read_metadata(data)
    assert info.media_type == "image/jpeg"
    assert info.note is not None


def test_parser_that_takes_too_long_is_abandoned() -> None:
    info = read_metadata(jpeg_with_exif(), timeout=0.001)
    assert info.note is not None and "gave up" in info.note
    # Nobody knows whether it has a location: warned about as if it had one.
    assert info.has_location
    assert info.note.startswith("Location unknown")


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from([b"\xff\xd8\xff\xe1", b"II*\x00", b"MM\x00*", b"\x89PNG\r\n\x1a\n"]),
    st.binary(max_size=2048),
)
def test_random_bytes_behind_an_image_magic_never_raise(magic: bytes, rest: bytes) -> None:
    info = read_metadata(magic + rest)
    assert info.media_type.startswith("image/")
    _assert_plain_note(info.note)


def _assert_plain_note(note: str | None) -> None:
    """No note names a Python exception, and "no EXIF" is never a guess."""
    assert note is None or not re.search(r"[A-Z][a-z]+(Error|Exception)\b", note), note


def _iso(exif_time: str) -> str:
    return exif_time[:4] + "-" + exif_time[5:7] + "-" + exif_time[8:10] + "T" + exif_time[11:]


IMAGES: dict[str, Callable[[Path], Path]] = {
    "heic-exif-after-512-KiB": heic_with_exif_at_the_end,
    "webp-exif-chunk": webp_with_exif,
    "jpeg-app1-after-640-KiB-of-app2": jpeg_with_app1_after_app2,
    "png-exif-chunk": png_with_exif,
    "tiff": tiff_with_exif,
}


@pytest.mark.parametrize("build", IMAGES.values(), ids=IMAGES.keys())
def test_location_is_found_wherever_the_format_keeps_it(
    build: Callable[[Path], Path], tmp_path: Path
) -> None:
    path = build(tmp_path)
    truth = exiftool(path, "GPSLatitude", "GPSLongitude", "DateTimeOriginal", "ModifyDate", "Make")
    info = read_like_import(path)
    assert info.note is None
    assert info.has_location
    assert info.fields["latitude"] == pytest.approx(truth["GPSLatitude"], abs=1e-6)
    assert info.fields["longitude"] == pytest.approx(truth["GPSLongitude"], abs=1e-6)
    assert info.fields["capture_time"] == _iso(truth["DateTimeOriginal"])
    assert info.fields["capture_time_tag"] == "DateTimeOriginal"
    assert info.fields["modified_time"] == _iso(truth["ModifyDate"])
    assert info.fields["camera_make"] == truth["Make"]


@pytest.mark.parametrize("suffix", ["mp4", "mov"])
def test_video_location_and_creation_time(suffix: str, tmp_path: Path) -> None:
    path = video_with_location(tmp_path, suffix)
    truth = exiftool(path, "GPSCoordinates", "CreateDate")
    latitude, longitude = (float(part) for part in str(truth["GPSCoordinates"]).split()[:2])
    info = read_like_import(path)
    assert info.has_location
    assert info.fields["latitude"] == pytest.approx(latitude, abs=1e-6)
    assert info.fields["longitude"] == pytest.approx(longitude, abs=1e-6)
    assert info.fields["capture_time"] == _iso(truth["CreateDate"]) + "Z"  # mvhd is UTC
    assert info.fields["capture_time_tag"] == "CreateDate"


def test_metadata_past_the_head_without_the_file_is_location_unknown(tmp_path: Path) -> None:
    data = heic_with_exif_at_the_end(tmp_path).read_bytes()
    assert len(data) > 512 * 1024
    info = read_metadata(data[: 512 * 1024], complete=False)
    assert info.has_location
    assert info.note is not None and info.note.startswith("Location unknown")
    assert "No EXIF" not in info.note


@pytest.mark.parametrize("cut", [20, 60, 120, 200])
def test_truncated_exif_is_location_unknown_in_plain_words(cut: int) -> None:
    info = read_metadata(jpeg_with_exif()[:cut])
    assert info.has_location
    assert info.note is not None and "Location unknown" in info.note
    assert "No EXIF" not in info.note
    _assert_plain_note(info.note)


def test_a_modification_date_is_not_a_capture_time(tmp_path: Path) -> None:
    path = tmp_path / "edited.jpg"
    run(need("ffmpeg"), "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32",
        "-frames:v", "1", str(path))  # fmt: skip
    run(need("exiftool"), "-q", "-overwrite_original", "-ModifyDate=2025:01:02 03:04:05",
        str(path))  # fmt: skip
    truth = exiftool(path, "ModifyDate", "DateTimeOriginal", "CreateDate")
    assert "DateTimeOriginal" not in truth and "CreateDate" not in truth
    info = read_like_import(path)
    assert "capture_time" not in info.fields
    assert info.fields["modified_time"] == _iso(truth["ModifyDate"])
    assert info.fields["modified_time_tag"] == "ModifyDate"


def test_create_date_is_a_capture_time_with_its_tag(tmp_path: Path) -> None:
    path = tmp_path / "digitized.jpg"
    run(need("ffmpeg"), "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32",
        "-frames:v", "1", str(path))  # fmt: skip
    run(need("exiftool"), "-q", "-overwrite_original", "-CreateDate=2023:07:08 09:10:11",
        str(path))  # fmt: skip
    truth = exiftool(path, "CreateDate")
    info = read_like_import(path)
    assert info.fields["capture_time"] == _iso(truth["CreateDate"])
    assert info.fields["capture_time_tag"] == "CreateDate"
    assert not info.has_location
