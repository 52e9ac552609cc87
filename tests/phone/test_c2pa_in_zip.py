"""C2PA media inside a zip bundle are judged as the same file on its own, read straight
from the archive: no copy of the media goes to the system's temporary folder."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest

from app.phone.verify import verify_path
from tests.phone.support import C2PA, root_anchors


@pytest.mark.parametrize("name", ["C.jpg", "XCA.jpg"])
def test_c2pa_in_a_zip_reads_the_member_in_place(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(C2PA / name, name)

    def no_temporary_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    alone = verify_path(C2PA / name, trust_anchors=root_anchors()).items[0].c2pa
    for made in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, made, no_temporary_files)
    zipped = verify_path(bundle, trust_anchors=root_anchors()).items[0].c2pa
    assert zipped["present"] is True
    assert zipped == alone
