"""Crafted and damaged files given to the working-copy planner: each either gives a copy
or a StripError in plain words, quickly; never another exception, a hang or a copy that
zeroes bytes the image still needs. Real samples (ffmpeg, exiftool) mutated by
hypothesis, plus hand-made structures aimed at the planner's rules."""

from __future__ import annotations

import io
import struct
import time
from pathlib import Path

import media_samples as samples
import pytest
from exif_samples import exif_tiff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.strip import PlanReader, StripError, StripOptions, plan_strip, scrub_exif

BOTH = StripOptions(strip_location=True, strip_device=True)
_SAMPLES: dict[str, bytes] = {}


def _sample(kind: str, folder: Path) -> bytes:
    if kind not in _SAMPLES:
        makers = {
            "image/jpeg": lambda: samples.noisy_jpeg(folder, size=64),
            "image/png": lambda: samples.png_with_exif(folder),
            "image/tiff": lambda: samples.tiff_with_exif(folder),
            "video/mp4": lambda: samples.video_with_location(folder, "mp4"),
            "video/quicktime": lambda: samples.video_with_location(folder, "mov"),
        }
        _SAMPLES[kind] = makers[kind]().read_bytes()
    return _SAMPLES[kind]


def _copy(media_type: str, data: bytes) -> bytes:
    plan = plan_strip(media_type, io.BytesIO(data), len(data), BOTH)
    reader = PlanReader(io.BytesIO(data), len(data), plan.pieces)  # type: ignore[arg-type]
    try:
        out = reader.read()
        reader.finish_original()
    finally:
        reader.close()
    assert len(out) == plan.size
    return out


@pytest.mark.parametrize(
    "media_type", ["image/jpeg", "image/png", "image/tiff", "video/mp4", "video/quicktime"]
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_file_gives_a_copy_or_a_plain_refusal(
    media_type: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    original = bytearray(_sample(media_type, tmp_path_factory.mktemp("sample")))
    for _ in range(data.draw(st.integers(1, 6))):
        where = data.draw(st.integers(0, len(original) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "grow"]))
        if action == "flip":
            original[where] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del original[where:]
            if not original:
                original.append(0)
        else:
            original[where:where] = data.draw(st.binary(min_size=1, max_size=64))
    started = time.monotonic()
    try:
        _copy(media_type, bytes(original))
    except StripError as error:
        assert str(error) and "\n" not in str(error)
    assert time.monotonic() - started < 5


def test_an_exif_directory_loop_is_refused() -> None:
    tiff = bytearray(exif_tiff())
    first = struct.unpack(">I", tiff[4:8])[0]
    count = struct.unpack(">H", tiff[first : first + 2])[0]
    tiff[first + 2 + 12 * count : first + 6 + 12 * count] = struct.pack(">I", first)
    with pytest.raises(StripError, match="loop"):
        scrub_exif(bytes(tiff), BOTH)


def test_location_values_shared_with_image_data_are_refused_not_zeroed(tmp_path: Path) -> None:
    """A TIFF whose GPS latitude points into its own pixel strip: zeroing it would change
    the picture, so no copy is made."""
    data = bytearray(_sample("image/tiff", tmp_path))
    little = data[:2] == b"II"
    order = "<" if little else ">"

    def u16(at: int) -> int:
        return int(struct.unpack_from(order + "H", data, at)[0])

    def u32(at: int) -> int:
        return int(struct.unpack_from(order + "I", data, at)[0])

    def entries(offset: int) -> dict[int, int]:
        return {u16(offset + 2 + 12 * i): offset + 2 + 12 * i for i in range(u16(offset))}

    ifd0 = entries(u32(4))
    strip = u32(ifd0[0x0111] + 8) if u32(ifd0[0x0111] + 4) == 1 else u32(u32(ifd0[0x0111] + 8))
    gps = entries(u32(ifd0[0x8825] + 8))
    struct.pack_into(order + "I", data, gps[0x0002] + 8, strip)  # latitude's 24 bytes
    with pytest.raises(StripError, match="shares bytes"):
        _copy("image/tiff", bytes(data))


def test_a_jpeg_without_an_end_is_refused(tmp_path: Path) -> None:
    data = _sample("image/jpeg", tmp_path)
    with pytest.raises(StripError, match="ends"):
        _copy("image/jpeg", data[: len(data) // 2])


def test_a_movie_box_larger_than_the_file_is_refused(tmp_path: Path) -> None:
    data = bytearray(_sample("video/mp4", tmp_path))
    data[0:4] = struct.pack(">I", len(data) * 4)  # ftyp claims more than the file holds
    with pytest.raises(StripError, match="ends inside"):
        _copy("video/mp4", bytes(data))


def test_a_telemetry_track_is_refused(tmp_path: Path) -> None:
    """GPS samples in a track of their own cannot be removed in place."""
    data = bytearray(_sample("video/mp4", tmp_path))
    handler = data.find(b"vide", data.find(b"hdlr"))
    data[handler : handler + 4] = b"meta"
    entry = data.find(b"stsd") + 16  # version and flags, count, the entry's size: its type
    data[entry : entry + 4] = b"gpmd"
    with pytest.raises(StripError, match="metadata track"):
        _copy("video/mp4", bytes(data))
