"""Working copies stored as overlays over their sealed original (blob format version 2).

Real videos and a TIFF made by ffmpeg and exiftool, imported into a real vault and
sealed. Each copy must read back byte for byte as the full copy the old way made it
(the plan streamed through ``PlanReader`` into a version-1 blob); the check, the orphan
sweep, a correction's deletion and a re-key must all leave it readable, and a broken one
must be reported, never read as if whole.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import media_samples as samples
import pytest

from app.core.strip import PlanReader, StripOptions, plan_strip
from app.core.working_copies import ACTION
from app.crypto.kdf import FLOOR
from app.errors import CancelledError, NotFoundError
from app.services import attachments, coercion, packages, records
from app.services.maintenance import check
from app.services.session import Session
from app.storage.blobs import OVERLAY_MAGIC
from app.storage.overlays import Overlay
from tests.core.test_working_copies import sharing_consent

PASSPHRASE = "copies over originals, originals kept whole"
IN_PLACE = ("mp4", "mov", "tiff")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A locked vault with one sealed testimony: an MP4, a MOV, a TIFF and a JPEG."""
    root = tmp_path_factory.mktemp("overlay-template")
    files = {
        "mp4": samples.video_with_location(root, "mp4"),
        "mov": samples.video_with_location(root, "mov"),
        "tiff": samples.tiff_with_exif(root),
        "jpeg": samples.noisy_jpeg(root, size=128),
    }
    samples.run(samples.need("exiftool"), "-q", "-overwrite_original", *samples.GPS,
                str(files["jpeg"]))  # fmt: skip
    session, _ = Session.create(root / "vault", PASSPHRASE, params=FLOOR)
    try:
        case = records.add_case(session, {"title": "Overlays"})
        values = {"person": {"code": "O-1", "role": "witness"}, "consent": sharing_consent(),
                  "narrative": ""}  # fmt: skip
        testimony = records.add_testimony(session, case.id, values).id
        ids = {
            kind: attachments.attach(session, testimony, path).id for kind, path in files.items()
        }
        packages.seal(session, testimony)
    finally:
        session.lock()
    return {"folder": root / "vault", "ids": ids, "testimony": testimony, "files": files}


@pytest.fixture
def vault(template: dict[str, Any], tmp_path: Path) -> Iterator[tuple[Session, dict[str, Any]]]:
    folder = tmp_path / "vault"
    shutil.copytree(template["folder"], folder)
    session = Session.unlock(folder, PASSPHRASE)
    try:
        yield session, template
    finally:
        session.lock()


def _derive(session: Session, attachment_id: str, **kwargs: Any) -> Any:
    return attachments.derive(
        session, attachment_id, strip_location=True, strip_device=True, **kwargs
    )


def _read(session: Session, blob_id: str) -> bytes:
    with session.blobs.open(blob_id) as reader:
        return reader.read()


def _row(session: Session, testimony: str, attachment_id: str) -> Any:
    return next(a for a in attachments.list_of(session, testimony) if a.id == attachment_id)


def _the_old_way(session: Session, original: Any) -> bytes:
    """The copy as it was made before overlays: the plan streamed into a new blob."""
    options = StripOptions(strip_location=True, strip_device=True)
    with session.blobs.open(original.blob_id) as source:
        plan = plan_strip(original.media_type, source, original.size, options)
        stream = PlanReader(source, original.size, plan.pieces)  # type: ignore[arg-type]
        written = session.blobs.write(stream)  # type: ignore[arg-type]
        assert stream.finish_original() == original.sha256
    session.blobs.release(written.blob_id)
    try:
        data = _read(session, written.blob_id)
        assert hashlib.sha256(data).hexdigest() == written.sha256
        return data
    finally:
        session.blobs.delete(written.blob_id)


@pytest.mark.parametrize("kind", IN_PLACE)
def test_an_in_place_copy_is_an_overlay_equal_to_the_full_copy(
    vault: tuple[Session, dict[str, Any]], kind: str
) -> None:
    session, made = vault
    original = _row(session, made["testimony"], made["ids"][kind])
    expected = _the_old_way(session, original)
    blobs_before = set(session.blobs.iter_blob_ids())

    result = _derive(session, original.id)

    stored = session.blobs.path_of(result.copy.blob_id).read_bytes()
    assert stored.startswith(OVERLAY_MAGIC) and len(stored) < 16 * 1024
    overlay = session.blobs.overlay_of(result.copy.blob_id)
    assert overlay is not None
    assert (overlay.base_id, overlay.base_sha256) == (original.blob_id, original.sha256)
    copy = _read(session, result.copy.blob_id)
    assert copy == expected  # byte for byte the copy the old way made
    assert copy != _read(session, original.blob_id)
    assert hashlib.sha256(copy).hexdigest() == result.copy.sha256
    assert result.copy.size == len(copy) == original.size
    assert set(session.blobs.iter_blob_ids()) == blobs_before | {result.copy.blob_id}
    assert result.transformation["method"] == "in-place"
    event = next(
        e for e in records.custody_log(session, made["testimony"]).events if e.action == ACTION
    )
    assert event.details["copy_sha256"] == hashlib.sha256(expected).hexdigest()
    assert event.details["original_sha256"] == original.sha256


def test_a_copy_that_moves_bytes_stays_a_whole_blob(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    original = _row(session, made["testimony"], made["ids"]["jpeg"])
    result = _derive(session, original.id)
    assert result.copy.size < original.size  # segments were dropped
    assert session.blobs.overlay_of(result.copy.blob_id) is None
    assert hashlib.sha256(_read(session, result.copy.blob_id)).hexdigest() == result.copy.sha256


def test_check_is_clean_with_overlays_and_after_the_sweep_they_still_read(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    copies = [_derive(session, made["ids"][kind]).copy for kind in IN_PLACE]
    report = check(session)
    assert report.ok, report.problems
    assert report.cleaned == []
    for copy in copies:
        assert hashlib.sha256(_read(session, copy.blob_id)).hexdigest() == copy.sha256


def test_check_reports_a_copy_whose_original_is_missing(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    copy = _derive(session, made["ids"]["mp4"]).copy
    original = _row(session, made["testimony"], made["ids"]["mp4"])
    session.blobs.path_of(original.blob_id).unlink()
    with pytest.raises(NotFoundError, match="original a working copy is built on is missing"):
        session.blobs.open(copy.blob_id)
    report = check(session)
    lines = [line for line in report.problems if copy.id in line]
    assert len(lines) == 1, report.problems
    assert "original a working copy is built on is missing" in lines[0]
    assert any(original.id in line for line in report.problems)
    assert session.blobs.path_of(copy.blob_id).exists()  # reported, not tidied away


def test_check_reports_a_copy_stored_over_another_blob(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    """A copy's overlay replaced (with the key) by one over the other video: it opens,
    but its content and its base are both reported."""
    session, made = vault
    copy = _derive(session, made["ids"]["mp4"]).copy
    other = _derive(session, made["ids"]["mov"]).copy
    blobs = session.blobs
    aead = blobs._cipher()
    body = blobs.overlay_of(other.blob_id)
    assert body is not None
    swapped = Overlay(body.base_id, body.binding, body.base_size, body.base_sha256, body.patches)
    blobs.path_of(copy.blob_id).unlink()
    blobs._store(
        copy.blob_id,
        lambda new_id, partial: blobs._write_partial(
            aead, new_id, io.BytesIO(swapped.encode()), partial, None, None, magic=OVERLAY_MAGIC
        ),
    )
    blobs.release(copy.blob_id)
    report = check(session)
    lines = [line for line in report.problems if copy.id in line]
    assert any("does not match the recorded size and SHA-256" in line for line in lines), lines
    assert any("not its original's" in line for line in lines), lines
    assert not any(other.id in line for line in report.problems)


def test_check_reports_a_damaged_overlay_file(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault
    copy = _derive(session, made["ids"]["tiff"]).copy
    path = session.blobs.path_of(copy.blob_id)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0x40
    path.write_bytes(bytes(raw))
    report = check(session)
    lines = [line for line in report.problems if copy.id in line]
    assert len(lines) == 1 and "unusable" in lines[0], report.problems


def test_the_sweep_keeps_a_base_that_an_overlay_names(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    """Even without any row naming the base (as after a crash), an overlay that stays
    keeps its base; once the overlay is an orphan too, both go."""
    session, _made = vault
    blobs = session.blobs
    base = blobs.write(io.BytesIO(b"\x00\x00\x00\x10ftypisom" + bytes(300_000)))
    blobs.release(base.blob_id)
    overlay, _ = blobs.write_overlay(base.blob_id, [(0, b"\x00\x00\x00\x10free")])
    assert overlay.blob_id in blobs.in_flight()  # as while its row is being committed

    assert session.vault.sweep_leftovers() == []
    assert blobs.path_of(base.blob_id).exists()

    blobs.release(overlay.blob_id)
    cleaned = session.vault.sweep_leftovers()
    assert len(cleaned) == 2 and not blobs.path_of(base.blob_id).exists()


def test_the_sweep_removes_nothing_while_an_overlay_cannot_be_read(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    copy = _derive(session, made["ids"]["mov"]).copy
    orphan = session.blobs.write(io.BytesIO(b"an import cut short"))
    session.blobs.release(orphan.blob_id)
    path = session.blobs.path_of(copy.blob_id)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0x01
    path.write_bytes(bytes(raw))
    report = check(session)
    assert report.cleaned == [] and session.blobs.path_of(orphan.blob_id).exists()
    assert any(copy.id in line for line in report.problems)


def test_a_correction_deleted_with_the_original_removed_keeps_the_base(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    copy = _derive(session, made["ids"]["mp4"]).copy
    correction = records.start_correction(session, made["testimony"])
    carried = [a for a in attachments.list_of(session, correction.id)]
    for row in carried:  # the correction's own rows name the originals' blobs too
        attachments.remove(session, row.id)
    records.delete_draft(session, correction.id)
    assert hashlib.sha256(_read(session, copy.blob_id)).hexdigest() == copy.sha256
    report = check(session)
    assert report.ok and report.cleaned == [], (report.problems, report.cleaned)


def test_re_keying_keeps_overlays_readable(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault
    copies = [_derive(session, made["ids"][kind]).copy for kind in IN_PLACE]
    coercion.rekey(session, PASSPHRASE, None)
    for copy in copies:
        assert hashlib.sha256(_read(session, copy.blob_id)).hexdigest() == copy.sha256
    folder = session.folder
    session.lock()
    with Session.unlock(folder, PASSPHRASE) as again:
        for copy in copies:
            assert hashlib.sha256(_read(again, copy.blob_id)).hexdigest() == copy.sha256
        assert check(again).ok


def test_a_cancelled_copy_leaves_no_blob_and_no_event(
    vault: tuple[Session, dict[str, Any]],
) -> None:
    session, made = vault
    blobs_before = set(session.blobs.iter_blob_ids())
    events_before = len(records.custody_log(session, made["testimony"]).events)
    with pytest.raises(CancelledError):
        _derive(session, made["ids"]["mp4"], cancel=lambda: True)
    assert set(session.blobs.iter_blob_ids()) == blobs_before
    assert session.blobs.in_flight() == frozenset()
    assert len(records.custody_log(session, made["testimony"]).events) == events_before


def test_a_copy_whose_changes_are_too_large_for_an_overlay_is_written_whole(
    vault: tuple[Session, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage import overlays

    session, made = vault
    original = _row(session, made["testimony"], made["ids"]["mov"])
    expected = _the_old_way(session, original)
    monkeypatch.setattr(overlays, "OVERLAY_LIMIT", 10)
    result = _derive(session, original.id)
    assert session.blobs.overlay_of(result.copy.blob_id) is None
    assert _read(session, result.copy.blob_id) == expected
