"""Working copies: real files made by ffmpeg and exiftool, imported into a real vault,
sealed, then copied without location and device; ``exiftool -n`` is the independent
judge of what the copy still carries and Pillow decodes the pixels of both."""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import media_samples as samples
import pytest

from app.core.custody import verify_chain
from app.core.working_copies import ACTION, WorkingCopyError
from app.crypto.kdf import FLOOR
from app.services import attachments, packages, records
from app.services.session import Session

PASSPHRASE = "a copy for the lawyer, the original for the court"
PIL = pytest.importorskip("PIL.Image")
# What a copy must not carry, whatever group exiftool files it under.
FORBIDDEN = ("GPS", "Serial", "Make", "Model", "Location", "City", "XMP", "Author", "Creator")


def sharing_consent() -> dict[str, Any]:
    """Consent to every sharing a working copy is made for (used by the copy tests)."""
    return {
        "interview": True, "audio_recording": False, "share_with_platform": True,
        "share_onward": True, "be_named": False, "recontact": False,
        "given_at": "2026-11-01T10:00:00Z", "method": "oral",
    }  # fmt: skip


def _pdf(folder: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Documenter D-3", "/Creator": "ScanCam SN-99812"})
    path = folder / "statement.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _files(folder: Path) -> dict[str, Path]:
    jpeg = samples.noisy_jpeg(folder, size=256)
    samples.run(samples.need("exiftool"), "-q", "-overwrite_original", "-SerialNumber=SN-4471",
                "-OwnerName=Ales", "-XMP:GPSLatitude=53.9", "-XMP:GPSLongitude=27.5",
                "-IPTC:City=Minsk", "-Comment=taken near the stele", str(jpeg))  # fmt: skip
    tiff = samples.tiff_with_exif(folder)
    samples.run(samples.need("exiftool"), "-q", "-overwrite_original", "-SerialNumber=SN-4471",
                str(tiff))  # fmt: skip
    mov = samples.video_with_location(folder, "mov")
    samples.run(samples.need("exiftool"), "-q", "-overwrite_original", "-Keys:Make=TestCam",
                "-Keys:Model=Model 7", str(mov))  # fmt: skip
    notes = folder / "notes.txt"
    notes.write_text("what the witness said afterwards\n", encoding="utf-8")
    return {
        "jpeg": jpeg, "png": samples.png_with_exif(folder), "tiff": tiff,
        "webp": samples.webp_with_exif(folder), "mov": mov,
        "mp4": samples.video_with_location(folder, "mp4"), "pdf": _pdf(folder), "txt": notes,
    }  # fmt: skip


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("working-copies")
    session, _ = Session.create(folder / "vault", PASSPHRASE, params=FLOOR)
    files = _files(folder)
    case = records.add_case(session, {"title": "Copies"})
    values = {"person": {"code": "W-9", "role": "witness"}, "consent": sharing_consent(),
              "narrative": ""}  # fmt: skip
    testimony = records.add_testimony(session, case.id, values).id
    ids = {kind: attachments.attach(session, testimony, path).id for kind, path in files.items()}
    packages.seal(session, testimony)
    yield session, {"testimony": testimony, "files": files, "ids": ids, "folder": folder}
    session.lock()


def _plain(session: Session, blob_id: str, path: Path) -> Path:
    attachments.export_decrypted_copy(session, blob_id, path)
    return path


def _exiftool(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [samples.need("exiftool"), "-n", "-j", "-a", "-G1", str(path)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)[0]
    return found


def _forbidden(tags: dict[str, Any]) -> dict[str, Any]:
    return {tag: value for tag, value in tags.items() if any(word in tag for word in FORBIDDEN)}


def _derive(session: Session, attachment_id: str) -> Any:
    return attachments.derive(session, attachment_id, strip_location=True, strip_device=True)


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp", "tiff"])
def test_a_photo_copy_has_the_same_pixels_and_no_location_or_device(
    vault: tuple[Session, dict[str, Any]], kind: str
) -> None:
    session, made = vault
    original_id = made["ids"][kind]
    rows = attachments.list_of(session, made["testimony"])
    original = next(a for a in rows if a.id == original_id)
    before = _forbidden(_exiftool(made["files"][kind]))
    assert any("GPS" in tag for tag in before), before  # the sample does carry a location
    assert any("Model" in tag for tag in before), before

    result = _derive(session, original_id)

    folder: Path = made["folder"]
    copy_file = _plain(session, result.copy.blob_id, folder / f"copy-{kind}")
    assert _forbidden(_exiftool(copy_file)) == {}
    with PIL.open(made["files"][kind]) as first, PIL.open(copy_file) as second:
        assert first.size == second.size and first.mode == second.mode
        assert first.tobytes() == second.tobytes()  # decoded pixels, identical
    assert hashlib.sha256(copy_file.read_bytes()).hexdigest() == result.copy.sha256
    assert result.copy.derived_from == original_id
    assert not result.copy.has_location and "camera_model" not in result.copy.metadata
    # The original is untouched: same row, same bytes.
    again = _plain(session, original.blob_id, folder / f"again-{kind}")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == original.sha256
    assert again.read_bytes() == made["files"][kind].read_bytes()


@pytest.mark.parametrize("kind", ["mov", "mp4"])
def test_a_video_copy_keeps_every_frame_and_loses_its_location_atoms(
    vault: tuple[Session, dict[str, Any]], kind: str
) -> None:
    session, made = vault
    before = _forbidden(_exiftool(made["files"][kind]))
    assert any("GPS" in tag for tag in before), before

    result = _derive(session, made["ids"][kind])

    copy_file = _plain(session, result.copy.blob_id, made["folder"] / f"copy.{kind}")
    assert _forbidden(_exiftool(copy_file)) == {}
    assert copy_file.stat().st_size == made["files"][kind].stat().st_size  # nothing moved

    def frames(path: Path) -> bytes:
        return subprocess.run(
            [samples.need("ffmpeg"), "-v", "error", "-i", str(path), "-map", "0", "-c", "copy",
             "-f", "framemd5", "-"], check=True, capture_output=True, timeout=60,
        ).stdout  # fmt: skip

    assert frames(copy_file) == frames(made["files"][kind])  # the coded frames, bit for bit
    assert result.transformation["method"] == "in-place"


def test_a_pdf_copy_has_no_document_metadata(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault
    assert "Author" in str(_exiftool(made["files"]["pdf"]))
    result = _derive(session, made["ids"]["pdf"])
    copy_file = _plain(session, result.copy.blob_id, made["folder"] / "copy.pdf")
    tags = _exiftool(copy_file)
    assert _forbidden(tags) == {}, tags
    assert tags.get("PDF:PageCount") == 1
    assert "Info Author" in result.transformation["removed"]


def test_the_custody_chain_names_both_hashes_and_what_was_removed(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    result = _derive(session, made["ids"]["jpeg"])
    report = records.custody_log(session, made["testimony"])
    assert report.problem is None
    verify_chain(list(report.events), [session.device.public_key])
    event = next(e for e in report.events if e.event_hash == result.event_hash)
    assert event.action == ACTION
    assert event.details["original_sha256"] == result.original.sha256
    assert event.details["copy_sha256"] == result.copy.sha256
    removed = event.details["transformation"]["removed"]
    for name in ("GPSInfo", "Make", "Model", "SerialNumber", "OwnerName", "XMP", "comment"):
        assert name in removed, removed
    sealed = [e.seq for e in report.events if e.action == "sealed"]
    assert event.seq > sealed[-1]


def test_refusals_leave_no_copy_and_no_event(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault

    def counts() -> tuple[int, int]:
        rows = len(attachments.list_of(session, made["testimony"]))
        return rows, len(records.custody_log(session, made["testimony"]).events)

    before = counts()
    with pytest.raises(WorkingCopyError, match="not supported"):
        _derive(session, made["ids"]["txt"])
    with pytest.raises(WorkingCopyError, match="Say what to remove"):
        attachments.derive(session, made["ids"]["png"], strip_location=False, strip_device=False)
    copy = _derive(session, made["ids"]["png"]).copy
    before = counts()
    with pytest.raises(WorkingCopyError, match="itself a working copy"):
        _derive(session, copy.id)
    assert counts() == before


def test_a_draft_attachment_cannot_be_copied(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault
    correction = records.start_correction(session, made["testimony"])
    rows = attachments.list_of(session, correction.id)
    assert rows and all(row.derived_from is None for row in rows)  # copies stay behind
    with pytest.raises(WorkingCopyError, match="seal the testimony first"):
        _derive(session, rows[0].id)
    records.delete_draft(session, correction.id)


def test_a_copy_whose_location_cannot_be_ruled_out_is_refused(tmp_path: Path) -> None:
    """Re-read refusal: a JPEG with more segments than the metadata reader walks keeps
    them in the copy (colour profiles are kept), so the reader cannot rule out a location
    there and the copy is refused, leaving nothing behind."""
    session, _ = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    try:
        source = samples.noisy_jpeg(tmp_path, size=64).read_bytes()
        body = b"ICC_PROFILE\x00\x01\x01"
        segment = b"\xff\xe2" + struct.pack(">H", len(body) + 2) + body
        crafted = tmp_path / "crafted.jpg"
        crafted.write_bytes(source[:2] + segment * 200_100 + source[2:])
        case = records.add_case(session, {"title": "Crafted"})
        values = {"person": {"code": "C-1", "role": "witness"}, "consent": sharing_consent(),
                  "narrative": ""}  # fmt: skip
        testimony = records.add_testimony(session, case.id, values).id
        original = attachments.attach(session, testimony, crafted)
        assert original.has_location  # "location unknown" at import already
        packages.seal(session, testimony)
        blobs_before = set(session.blobs.iter_blob_ids())
        events_before = len(records.custody_log(session, testimony).events)
        with pytest.raises(WorkingCopyError, match="still carries a location"):
            _derive(session, original.id)
        assert set(session.blobs.iter_blob_ids()) == blobs_before
        assert len(records.custody_log(session, testimony).events) == events_before
        assert len(attachments.list_of(session, testimony)) == 1
    finally:
        session.lock()


def test_a_heic_copy_keeps_its_image_and_loses_its_exif(
    vault: tuple[Session, dict[str, Any]], tmp_path: Path
) -> None:
    """HEIC keeps every byte in place (the Exif item blanked); heif-convert decodes both."""
    session, made = vault
    heic = samples.heic_with_exif_at_the_end(tmp_path)
    converter = samples.need("heif-convert")
    correction = records.start_correction(session, made["testimony"])
    original = attachments.attach(session, correction.id, heic)
    assert original.has_location
    packages.seal(session, correction.id)

    result = _derive(session, original.id)

    copy_file = _plain(session, result.copy.blob_id, tmp_path / "copy.heic")
    assert _forbidden(_exiftool(copy_file)) == {}
    assert copy_file.stat().st_size == heic.stat().st_size
    for source, target in ((heic, tmp_path / "a.png"), (copy_file, tmp_path / "b.png")):
        samples.run(converter, str(source), str(target))
    with PIL.open(tmp_path / "a.png") as first, PIL.open(tmp_path / "b.png") as second:
        assert first.tobytes() == second.tobytes()
