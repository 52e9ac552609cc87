"""Bundles are hostile input: zip paths (``..``, absolute, backslashes, duplicates), links,
encrypted or nested archives, member count, member and total size, and compression bombs
are refused with a clear error before any byte is read or written."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from app.phone import bundle as bundle_module
from app.phone.bundle import BundleRefused, open_bundle
from app.phone.verify import verify_path
from tests.phone.support import PROOFMODE, trust_list


def make_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]],
             compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.jpg", "leaves the bundle"),
        ("a/../../evil.jpg", "leaves the bundle"),
        ("/etc/evil.jpg", "absolute path"),
        ("C:/evil.jpg", "absolute path"),
        ("dir\\evil.jpg", "backslash"),
        ("ev\x1bil.jpg", "control characters"),
        ("inner.zip", "another archive"),
    ],
)
def test_bad_member_names_are_refused(tmp_path: Path, name: str, message: str) -> None:
    path = make_zip(tmp_path / "b.zip", [("ok.jpg", b"x"), (name, b"y")])
    with pytest.raises(BundleRefused, match=message):
        verify_path(path, trust_anchors=trust_list())


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it writes
        path = make_zip(tmp_path / "dup.zip", [("a.jpg", b"1"), ("a.jpg", b"2")])
    with pytest.raises(BundleRefused, match="same name"):
        open_bundle(path)
    folded = make_zip(tmp_path / "fold.zip", [("A.jpg", b"1"), ("a.jpg", b"2")])
    with pytest.raises(BundleRefused, match="same name"):
        open_bundle(folded)


def test_symbolic_link_members_are_refused(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("link.jpg")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = make_zip(tmp_path / "link.zip", [(info, b"/etc/passwd")])
    with pytest.raises(BundleRefused, match="symbolic link"):
        open_bundle(path)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "link.jpg").symlink_to("/etc/passwd")
    with pytest.raises(BundleRefused, match="symbolic link"):
        open_bundle(folder)


def test_a_zip_disguised_as_media_is_refused_when_read(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", [("x.jpg", b"x")]).read_bytes()
    path = make_zip(tmp_path / "b.zip", [("photo.jpg", inner)])
    with pytest.raises(BundleRefused, match="another archive"):
        verify_path(path, trust_anchors=trust_list())


def test_member_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_module, "MAX_MEMBERS", 5)
    path = make_zip(tmp_path / "many.zip", [(f"{i}.jpg", b"x") for i in range(6)])
    with pytest.raises(BundleRefused, match="more than 5 files"):
        open_bundle(path)


def test_member_and_total_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_module, "MAX_MEMBER_SIZE", 1000)
    path = make_zip(tmp_path / "big.zip", [("big.mp4", os.urandom(1001))])
    with pytest.raises(BundleRefused, match="larger than the limit"):
        open_bundle(path)
    monkeypatch.setattr(bundle_module, "MAX_MEMBER_SIZE", 10_000)
    monkeypatch.setattr(bundle_module, "MAX_TOTAL_SIZE", 1500)
    path = make_zip(tmp_path / "total.zip", [("a.mp4", os.urandom(800)),
                                             ("b.mp4", os.urandom(800))])
    with pytest.raises(BundleRefused, match="bundle is larger than the limit"):
        open_bundle(path)


def test_a_proof_file_too_large_for_memory_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_module, "MAX_SIDECAR_SIZE", 100)
    path = make_zip(tmp_path / "b.zip", [("a.jpg", b"x"), ("a.jpg.proof.csv", b"h" * 101)])
    with pytest.raises(BundleRefused, match="larger than 100 bytes"):
        verify_path(path, trust_anchors=trust_list())


def test_compression_bomb_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bomb.zip", [("zeros.mp4", bytes(50 << 20))],
                    zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(BundleRefused, match="compressed suspiciously well"):
        open_bundle(path)


def test_a_member_longer_than_it_says_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "b.zip", [("a.mp4", os.urandom(4000))])
    data = bytearray(path.read_bytes())
    # shrink the sizes the central directory and the local header declare
    info = zipfile.ZipFile(path).getinfo("a.mp4")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    data[22:26] = (100).to_bytes(4, "little")
    assert info.file_size == 4000
    path.write_bytes(bytes(data))
    with pytest.raises(BundleRefused, match="damaged"):
        verify_path(path, trust_anchors=trust_list())


def test_the_real_sample_passes_the_same_rules() -> None:
    with open_bundle(PROOFMODE / "good.zip") as bundle:
        assert len(bundle.members) == 10 and bundle.kind == "zip"
