"""A package that unpacks on Linux unpacks on Windows and macOS: names no system can
create, or that two systems fold into one file, are refused on every system."""

from __future__ import annotations

import io

import pytest

from app.formats.package.tarstream import TarFormatError, TarReader, TarWriter
from app.platform import names


def _archive(paths: list[str]) -> bytes:
    out = io.BytesIO()
    writer = TarWriter(out, mtime=1_700_000_000)
    for path in paths:
        writer.add(path, b"x")
    writer.close()
    return out.getvalue()


def _read(data: bytes) -> list[str]:
    reader = TarReader(io.BytesIO(data))
    return [member.name for member in reader.members()]


@pytest.mark.parametrize(
    "name",
    [
        "bag/data/CON",
        "bag/data/nul.txt",
        "bag/data/Com1.jpg",
        "bag/data/lpt9",
        "bag/data/com¹.txt",
        "bag/data/CONIN$",
        "bag/aux/file.txt",
        "bag/data/nul .txt",
        "bag/data/photo.jpg:hidden",  # an NTFS alternate data stream
        "bag/data/report.",
        "bag/data/report ",
        "bag/data/a<b",
        "bag/data/what?",
    ],
)
def test_names_windows_cannot_create_are_refused(name: str) -> None:
    assert names.path_problem(name) is not None
    with pytest.raises(TarFormatError) as caught:
        _read(_archive(["bag/bagit.txt", name]))
    assert caught.value.reason == "unportable-name"


@pytest.mark.parametrize(
    "pair",
    [
        ["bag/data/Photo.jpg", "bag/data/photo.JPG"],  # one file on Windows and macOS
        ["bag/data/caf\u00e9.txt", "bag/data/cafe\u0301.txt"],  # NFC and NFD: one on macOS
        ["bag/data/a.txt", "bag/DATA/a.txt"],  # folders fold as well
    ],
)
def test_names_that_fold_together_are_refused(pair: list[str]) -> None:
    with pytest.raises(TarFormatError) as caught:
        _read(_archive(pair))
    assert caught.value.reason == "name-collision"


def test_ordinary_names_are_kept() -> None:
    paths = [
        "bag/bagit.txt",
        "bag/data/attachments/001-фота.jpg",
        "bag/data/attachments/002-console.txt",  # a device name only as a whole stem
        "bag/data/attachments/003-con_1.txt",
        "bag/data/testimony.json",
    ]
    assert _read(_archive(paths)) == paths
    assert names.collisions(paths) == []
