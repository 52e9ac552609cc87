"""Faces blurred in working copies: the detector's recall on hand-labelled public photos
(tests/fixtures/faces), and real copies made in a real vault, judged by Pillow (pixels)
and ``exiftool -n`` (metadata)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import media_samples as samples
import pytest

from app.core import faces, working_copies
from app.core.working_copies import WorkingCopyError
from app.crypto.kdf import FLOOR
from app.services import attachments, packages, records
from app.services.session import Session
from tests.core import face_variants
from tests.core.test_working_copies import sharing_consent

cv2 = pytest.importorskip("cv2")
numpy = pytest.importorskip("numpy")
PIL = pytest.importorskip("PIL.Image")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
LABELS: dict[str, list[list[int]]] = json.loads((FIXTURES / "labels.json").read_text())["photos"]
# Measured with OpenCV 4.14 (3 of 3 labelled faces found); the test keeps it from falling.
RECALL_FLOOR = 1.0
PASSPHRASE = "faces stay with the court, the copy goes to the press"


def _iou(a: list[int], b: list[int]) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(a[2] * a[3] + b[2] * b[3] - inter)


def test_recall_on_the_labelled_photos_stays_at_what_was_measured() -> None:
    found = total = 0
    for name, boxes in LABELS.items():
        image = cv2.imread(str(FIXTURES / name), cv2.IMREAD_UNCHANGED)
        detected = faces.detect(cv2, image)
        for label in boxes:
            total += 1
            found += any(_iou(label, box) >= 0.3 for box in detected)
    assert total == 3
    assert found / total >= RECALL_FLOOR, f"recall {found}/{total}"


# Measured with OpenCV 4.14: 32 of 33 faces over the conditions (25 of 33 before tilted
# searches were added); the one missed is the smallest face of the group at 0.3.
VARIANT_RECALL_FLOOR = 32


def test_recall_under_real_conditions_stays_at_what_was_measured() -> None:
    """Smaller, mirrored, tilted, dark, noisy, recompressed, in a group: per condition,
    so a regression names the condition it broke."""
    found = total = 0
    missed: list[str] = []
    for variant in face_variants.variants(cv2, numpy):
        hits = face_variants.found(faces.detect(cv2, variant.image), variant.faces)
        found += hits
        total += len(variant.faces)
        if hits < len(variant.faces):
            missed.append(f"{variant.condition} ({variant.source})")
    assert total == 33
    assert found >= VARIANT_RECALL_FLOOR, f"recall {found}/{total}; missed in {missed}"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("faces")
    session, _ = Session.create(folder / "vault", PASSPHRASE, params=FLOOR)
    files = {"png": folder / "astronaut.png", "jpeg": folder / "grace_hopper.jpg"}
    shutil.copyfile(FIXTURES / "astronaut.png", files["png"])
    shutil.copyfile(FIXTURES / "grace_hopper.jpg", files["jpeg"])
    for path in files.values():
        samples.run(samples.need("exiftool"), "-q", "-overwrite_original", "-GPSLatitude=53.9",
                    "-GPSLatitudeRef=N", "-GPSLongitude=27.5", "-GPSLongitudeRef=E",
                    "-Make=TestCam", "-Model=Model 7", str(path))  # fmt: skip
    files["mov"] = samples.video_with_location(folder, "mov")
    case = records.add_case(session, {"title": "Faces"})
    values = {"person": {"code": "W-4", "role": "witness"}, "consent": sharing_consent(),
              "narrative": ""}  # fmt: skip
    testimony = records.add_testimony(session, case.id, values).id
    ids = {kind: attachments.attach(session, testimony, path).id for kind, path in files.items()}
    packages.seal(session, testimony)
    yield session, {"testimony": testimony, "files": files, "ids": ids, "folder": folder}
    session.lock()


def _exiftool(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [samples.need("exiftool"), "-n", "-j", "-a", "-G1", str(path)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)[0]
    return found


def _outside(shape: tuple[int, ...], regions: list[list[int]]) -> Any:
    mask = numpy.ones(shape[:2], dtype=bool)
    for x, y, w, h in regions:
        mask[y : y + h, x : x + w] = False
    return mask


def _original(session: Session, made: dict[str, Any], kind: str) -> Any:
    rows = attachments.list_of(session, made["testimony"])
    return next(a for a in rows if a.id == made["ids"][kind])


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_a_blurred_copy_changes_only_the_faces_and_carries_no_metadata(
    vault: tuple[Session, dict[str, Any]], kind: str
) -> None:
    session, made = vault
    original = _original(session, made, kind)
    assert original.has_location

    result = attachments.derive(
        session, original.id, strip_location=True, strip_device=True, blur_faces=True
    )

    change = result.transformation
    assert change["pixels"] == "faces-blurred" and change["method"] == "re-encoded"
    assert change["requested"] == ["location", "device", "faces"]
    assert change["faces"]["blurred"] == 1 == len(change["faces"]["regions"])
    assert change["faces"]["detector"].startswith(f"OpenCV {cv2.__version__} Haar cascades")
    folder: Path = made["folder"]
    copy_file = folder / f"blurred-{kind}"
    attachments.export_decrypted_copy(session, result.copy.blob_id, copy_file)
    assert hashlib.sha256(copy_file.read_bytes()).hexdigest() == result.copy.sha256
    tags = _exiftool(copy_file)
    ignored = ("ExifTool:", "System:", "File:")
    kept = {tag for tag in tags if ":" in tag and not tag.startswith(ignored)}
    # Only the image's own structure (JFIF header, PNG image header) remains.
    assert all(tag.startswith(("JFIF:", "PNG:", "Composite:")) for tag in kept), kept
    assert not any("GPS" in tag or "Make" in tag or "Model" in tag for tag in tags), tags
    assert not result.copy.has_location
    with PIL.open(made["files"][kind]) as first, PIL.open(copy_file) as second:
        before = numpy.asarray(first.convert("RGB")).astype(int)
        after = numpy.asarray(second.convert("RGB")).astype(int)
    assert before.shape == after.shape
    outside = _outside(before.shape, change["faces"]["regions"])
    difference = numpy.abs(before - after)
    if kind == "png":
        assert (difference[outside] == 0).all()  # lossless: not one pixel elsewhere
    else:
        assert difference[outside].mean() < 2.0  # one JPEG re-encode at quality 95
    # Inside, the face is gone: far from the original, and flat (no detail left).
    x, y, w, h = LABELS[Path(made["files"][kind]).name if kind == "png" else "grace_hopper.jpg"][0]
    face_before, face_after = before[y : y + h, x : x + w], after[y : y + h, x : x + w]
    assert numpy.abs(face_before - face_after).mean() > 10
    assert numpy.abs(numpy.diff(face_after, axis=1)).mean() < numpy.abs(
        numpy.diff(face_before, axis=1)
    ).mean() / 3
    # The original is untouched.
    again = folder / f"again-{kind}"
    attachments.export_decrypted_copy(session, original.blob_id, again)
    assert again.read_bytes() == made["files"][kind].read_bytes()


def test_faces_in_a_video_are_refused(vault: tuple[Session, dict[str, Any]]) -> None:
    session, made = vault
    with pytest.raises(WorkingCopyError, match="photos only") as raised:
        attachments.derive(
            session, made["ids"]["mov"], strip_location=True, strip_device=False, blur_faces=True
        )
    assert raised.value.code == "copy.faces_unsupported_type"


def test_without_the_detector_the_message_says_how_to_install_it(
    vault: tuple[Session, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    session, made = vault
    monkeypatch.setattr(working_copies.face_blur, "available", lambda: False)
    with pytest.raises(WorkingCopyError, match=r"evidence-vault\[faces\]") as raised:
        attachments.derive(
            session, made["ids"]["jpeg"], strip_location=False, strip_device=False, blur_faces=True
        )
    assert raised.value.code == "copy.faces_unavailable"


def test_a_photo_that_is_not_one_is_refused_by_the_child() -> None:
    import io

    junk = b"\xff\xd8\xff\xe0" + b"\x00" * 5000
    with pytest.raises(faces.FaceBlurError, match=r"could not be decoded|could not be processed"):
        faces.blur_faces(io.BytesIO(junk), len(junk), "image/jpeg")
