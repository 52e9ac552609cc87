"""The streaming tar writer against independent readers (Python's tarfile, GNU tar), and
the strict reader against every kind of entry a package must not hold."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.formats.package.tarstream import BLOCK, TarFormatError, TarLimits, TarReader, TarWriter
from app.platform import names


def _write(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    writer = TarWriter(out, mtime=1_700_000_000)
    for name, data in members:
        writer.add(name, data)
    writer.close()
    return out.getvalue()


def _read(data: bytes, limits: TarLimits | None = None) -> list[tuple[str, bytes]]:
    reader = TarReader(io.BytesIO(data), limits)
    return [(m.name, b"".join(reader.chunks())) for m in reader.members()]


def _python_tar(entries: list[tarfile.TarInfo], payloads: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for info in entries:
            data = (payloads or {}).get(info.name, b"")
            info.size = len(data) if info.type == tarfile.REGTYPE else 0
            archive.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    return out.getvalue()


def _entry(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


MEMBERS = [
    ("bag/bagit.txt", b"BagIt-Version: 1.0\n"),
    ("bag/data/empty", b""),
    ("bag/data/block", b"x" * BLOCK),
    ("bag/data/" + "d" * 120 + "/" + "n" * 90, b"long path via the ustar prefix"),
    ("bag/data/" + "p" * 100 + "/" + "q" * 120, b"longer than ustar: a pax path"),
    ("bag/data/фота.jpg", b"non-ASCII name: pax path record"),
]


def test_python_tarfile_reads_what_we_write() -> None:
    data = _write(MEMBERS)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        got = [(m.name, archive.extractfile(m).read(), m.isreg()) for m in archive]  # type: ignore[union-attr]
    assert got == [(n, d, True) for n, d in MEMBERS]


def test_gnu_tar_extracts_what_we_write(tmp_path: Path) -> None:
    (tmp_path / "a.tar").write_bytes(_write(MEMBERS))
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["tar", "-xf", str(tmp_path / "a.tar"), "-C", str(out)], check=True)
    for name, data in MEMBERS:
        assert (out / name).read_bytes() == data


def test_reader_round_trip_and_reads_python_pax() -> None:
    assert _read(_write(MEMBERS)) == MEMBERS
    payloads = {"bag/a": b"abc", "bag/é/b": b"d" * 1000}
    data = _python_tar([_entry(n) for n in payloads], payloads)
    assert _read(data) == list(payloads.items())


def test_writer_refuses_wrong_sizes_and_duplicates() -> None:
    writer = TarWriter(io.BytesIO(), mtime=0)
    writer.begin("a", 3)
    with pytest.raises(ValueError, match="more bytes"):
        writer.write(b"abcd")
    writer.write(b"ab")
    with pytest.raises(ValueError, match="fewer bytes"):
        writer.end()
    writer.write(b"c")
    writer.end()
    with pytest.raises(ValueError, match="duplicate"):
        writer.begin("a", 0)


def test_writer_uses_pax_size_beyond_eight_gib() -> None:
    out = io.BytesIO()
    writer = TarWriter(out, mtime=0)
    writer.begin("huge", 8**11)  # one byte over the ustar field
    header = out.getvalue()
    assert b"size=8589934592\n" in header
    reader = TarReader(io.BytesIO(header + b"\0" * 2048), TarLimits(max_member_size=1 << 32))
    with pytest.raises(TarFormatError) as caught:
        list(reader.members())  # refused on the declared size, before any read
    assert caught.value.reason == "member-size"


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (_entry("bag/../../evil"), "dot-dot"),
        (_entry("/etc/evil"), "absolute-path"),
        (_entry("bag/link", tarfile.SYMTYPE, "/etc/passwd"), "not-regular"),
        (_entry("bag/hard", tarfile.LNKTYPE, "bag/a"), "not-regular"),
        (_entry("bag/dev", tarfile.CHRTYPE), "not-regular"),
        (_entry("bag/fifo", tarfile.FIFOTYPE), "not-regular"),
        (_entry("bag/dir", tarfile.DIRTYPE), "not-regular"),
        (_entry("bag/./a"), "path"),
        (_entry("bag//a"), "path"),
        (_entry("bag/a\\b"), "path"),
        (_entry("bag/a\x1bb"), "path"),
        (_entry("C:/evil"), "absolute-path"),
    ],
)
def test_reader_refuses_unsafe_entries(entry: tarfile.TarInfo, reason: str) -> None:
    data = _python_tar([_entry("bag/a"), entry])
    with pytest.raises(TarFormatError) as caught:
        _read(data)
    assert caught.value.reason == reason


def test_reader_refuses_duplicates_and_caps() -> None:
    duplicate = _write([("bag/a", b"1")])[: -2 * BLOCK] + _write([("bag/a", b"2")])
    with pytest.raises(TarFormatError) as caught:
        _read(duplicate)
    assert caught.value.reason == "duplicate"
    many = _write([(f"bag/{i}", b"") for i in range(11)])
    with pytest.raises(TarFormatError) as caught:
        _read(many, TarLimits(max_members=10))
    assert caught.value.reason == "member-count"
    with pytest.raises(TarFormatError) as caught:
        _read(_write([("bag/" + "n" * 300, b"")]))
    assert caught.value.reason == "name-length"
    sized = _write([("bag/a", b"x" * 600), ("bag/b", b"x" * 600)])
    with pytest.raises(TarFormatError) as caught:
        _read(sized, TarLimits(max_total_size=1000))
    assert caught.value.reason == "total-size"


def test_reader_refuses_huge_declared_size_before_reading() -> None:
    header = bytearray(_write([("bag/a", b"")])[:BLOCK])
    header[124:136] = b"77777777777\0"  # 8 GiB - 1 declared, nothing behind it
    header[148:156] = b" " * 8
    header[148:156] = f"{sum(header):06o}".encode() + b"\0 "
    with pytest.raises(TarFormatError) as caught:
        _read(bytes(header), TarLimits(max_member_size=1 << 30))
    assert caught.value.reason == "member-size"


def test_reader_refuses_damage() -> None:
    data = _write([("bag/a", b"hello")])
    bad_sum = bytearray(data)
    bad_sum[0] ^= 1
    with pytest.raises(TarFormatError) as caught:
        _read(bytes(bad_sum))
    assert caught.value.reason == "header-checksum"
    for cut in (100, BLOCK + 2, len(data) - BLOCK):
        with pytest.raises(TarFormatError) as caught:
            _read(data[:cut])
        assert caught.value.reason == "truncated"
    with pytest.raises(TarFormatError) as caught:
        _read(data + b"\0" * 100 + b"x")
    assert caught.value.reason == "trailing-data"
    assert _read(data + b"\0" * 9216) == [("bag/a", b"hello")]  # tar's record padding


def test_reader_refuses_pax_link_and_global_headers() -> None:
    pax_link = _python_tar([_entry("bag/a")])
    info = tarfile.TarInfo("bag/b")
    info.pax_headers = {"linkpath": "/etc/passwd"}
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        archive.addfile(info, io.BytesIO(b""))
    with pytest.raises(TarFormatError) as caught:
        _read(out.getvalue())
    assert caught.value.reason == "pax-keyword"
    out = io.BytesIO()
    with tarfile.open(
        fileobj=out, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "x"}
    ) as archive:
        archive.addfile(tarfile.TarInfo("bag/c"), io.BytesIO(b""))
    with pytest.raises(TarFormatError) as caught:
        _read(out.getvalue())
    assert caught.value.reason == "not-regular"
    assert _read(pax_link) == [("bag/a", b"")]


def test_reader_refuses_gnu_and_v7_formats() -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as archive:
        archive.addfile(tarfile.TarInfo("bag/a"), io.BytesIO(b""))
    with pytest.raises(TarFormatError) as caught:
        _read(out.getvalue())
    assert caught.value.reason == "header"


_NAME = st.text(
    alphabet=st.characters(
        min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='/\\.<>:"|?*'
    ),
    min_size=1,
    max_size=40,
).filter(lambda name: names.component_problem(name) is None)  # creatable on every system


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.lists(_NAME, min_size=1, max_size=5).map("/".join),
        st.binary(max_size=3000),
        min_size=1,
        max_size=8,
    )
)
def test_round_trip_any_safe_names(members: dict[str, bytes]) -> None:
    items = [("bag/" + name, data) for name, data in members.items()]
    folded = [names.fold(name) for name, _ in items]
    items = [item for item, key in zip(items, folded, strict=True) if folded.count(key) == 1]
    items = [(n, d) for n, d in items if len(n.encode()) <= 255]
    data = _write(items)
    assert _read(data) == items
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        assert [m.name for m in archive] == [n for n, _ in items]
