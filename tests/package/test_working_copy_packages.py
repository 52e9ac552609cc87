"""Packages of working copies: each recipient gets originals or copies as chosen; a
package of copies carries their lineage, verifies with ``verify`` and by hand (age,
tar, sha256sum, ssh-keygen), and a lineage changed by anyone, even re-signed, is
refused. A real vault through the services, a real JPEG made by ffmpeg and exiftool."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, parse_trusted_signers
from app.errors import EvidenceVaultError
from app.formats.package.verify import VerificationReport, verify_package
from app.services import attachments, packages, records
from app.services.session import Session
from tests.package import tamper
from tests.package.support import run

PASSPHRASE = "originals for the platform, copies for the journalist"


def _jpeg(folder: Path) -> Path:
    for tool in ("ffmpeg", "exiftool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (scripts/setup installs it)")
    path = folder / "photo.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=96x64",
                    "-frames:v", "1", str(path)], check=True, timeout=60)  # fmt: skip
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=53.9",
                    "-GPSLatitudeRef=N", "-GPSLongitude=27.56", "-GPSLongitudeRef=E",
                    "-Make=TestCam", "-Model=Model 7", "-SerialNumber=SN-4471", str(path)],
                   check=True, timeout=60)  # fmt: skip
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("copies")
    session, _ = Session.create(folder / "vault", PASSPHRASE, params=FLOOR)
    platform = X25519Identity.generate()
    set_setting(session.connection, session.device, PLATFORM_RECIPIENT,
                str(platform.recipient), session.actor)  # fmt: skip
    case = records.add_case(session, {"title": "Copies"})
    consent = {
        "interview": True, "audio_recording": False, "share_with_platform": True,
        "share_onward": True, "be_named": False, "recontact": False,
        "given_at": "2026-11-01T10:00:00Z", "method": "oral",
    }  # fmt: skip
    values = {"person": {"code": "W-5", "role": "witness"}, "consent": consent, "narrative": ""}
    testimony = records.add_testimony(session, case.id, values).id
    photo = attachments.attach(session, testimony, _jpeg(folder))
    note = folder / "note.txt"
    note.write_text("said afterwards\n", encoding="utf-8")
    text = attachments.attach(session, testimony, note)
    packages.seal(session, testimony)
    allowed = folder / "allowed_signers"
    allowed.write_text(session.device.public_key.allowed_signers_line(
        "documenter", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]) + "\n")  # fmt: skip
    yield {"session": session, "platform": platform, "testimony": testimony, "photo": photo,
           "text": text, "folder": folder, "allowed": allowed}  # fmt: skip
    session.lock()


def _verify(path: Path, made: dict[str, Any], identity: X25519Identity) -> VerificationReport:
    return verify_package(
        lambda: path.open("rb"), [identity], parse_trusted_signers(made["allowed"].read_text())
    )


def _stick(made: dict[str, Any], name: str) -> Path:
    stick: Path = made["folder"] / name
    stick.mkdir()
    return stick


def test_copies_are_refused_until_one_is_made_then_each_recipient_gets_its_choice(
    made: dict[str, Any],
) -> None:
    session, testimony = made["session"], made["testimony"]
    journalist = X25519Identity.generate()
    recipients = [str(journalist.recipient)]
    with pytest.raises(EvidenceVaultError, match=r"No working copy yet of photo\.jpg"):
        packages.export_per_recipient(session, testimony, _stick(made, "early"),
                                      recipients=recipients)  # fmt: skip
    assert not any((made["folder"] / "early").iterdir())  # refused before writing anything
    copy = attachments.derive(session, made["photo"].id, strip_location=True, strip_device=True)

    stick = _stick(made, "split")
    results = packages.export_per_recipient(session, testimony, stick, recipients=recipients)

    # The journalist's package (copies) and the platform's (originals) are two files.
    assert [r.media for r in results] == ["working-copies", "originals"]
    assert results[0].recipients == (str(journalist.recipient),)
    assert results[1].recipients == (str(made["platform"].recipient),)
    for_platform = _verify(results[1].path, made, made["platform"])
    assert for_platform.ok and for_platform.working_copies == 0, for_platform.message
    onward = _verify(results[0].path, made, journalist)
    assert onward.ok, onward.message
    assert onward.working_copies == 1 and "lineage" in onward.passed
    members = tamper.take_apart(results[0].path, journalist)
    entries = json.loads(tamper.get(members, "data/attachments.json"))["attachments"]
    photo = next(e for e in entries if e["id"] == copy.copy.id)
    assert photo["sha256"] == copy.copy.sha256 and not photo["has_location"]
    assert photo["working_copy"]["original_sha256"] == made["photo"].sha256
    assert photo["working_copy"]["custody_event_hash"] == copy.event_hash
    assert "GPSInfo" in photo["working_copy"]["transformation"]["removed"]
    text = next(e for e in entries if e["id"] == made["text"].id)
    assert "working_copy" not in text  # a note travels as it is
    # The original photo is not in the journalist's package at all.
    assert all(hashlib.sha256(d).hexdigest() != made["photo"].sha256 for _, d in members)
    assert b"Working-Copies: 1" in tamper.get(members, "bag-info.txt")


def _copies_package(made: dict[str, Any], name: str) -> Path:
    session = made["session"]
    if not any(a.derived_from for a in attachments.list_of(session, made["testimony"])):
        attachments.derive(session, made["photo"].id, strip_location=True, strip_device=True)
    [result] = packages.export_per_recipient(
        session, made["testimony"], _stick(made, name), platform="working-copies"
    )
    assert result.media == "working-copies"
    return result.path


@pytest.mark.interop
def test_a_package_of_working_copies_verifies_by_hand(made: dict[str, Any]) -> None:
    path = _copies_package(made, "by-hand")
    folder: Path = made["folder"] / "by-hand-out"
    folder.mkdir()
    key = folder / "key.txt"
    key.write_text(str(made["platform"]) + "\n")
    tar_file = folder / "bag.tar"
    assert run(["age", "-d", "-i", str(key), "-o", str(tar_file), str(path)]).returncode == 0
    assert run(["tar", "-xf", str(tar_file), "-C", str(folder)]).returncode == 0
    bag = folder / path.name.removesuffix(".age")
    for manifest in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        checked = run(["sha256sum", "--check", "--strict", manifest], cwd=bag)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    with (bag / "tagmanifest-sha256.txt").open("rb") as signed:
        good = run(["ssh-keygen", "-Y", "verify", "-f", str(made["allowed"]), "-I", "documenter",
                    "-n", NAMESPACE_PACKAGE, "-s", "tagmanifest-sha256.txt.sig"],
                   cwd=bag, stdin=signed)  # fmt: skip
    assert good.returncode == 0, good.stderr
    # The lineage by hand: the copy's file hash is the one its custody event names, and
    # that event names the original's hash, which the seal's list covers.
    entries = json.loads((bag / "data/attachments.json").read_text())["attachments"]
    [copy] = [e for e in entries if "working_copy" in e]
    listed = run(["sha256sum", copy["path"]], cwd=bag).stdout.decode().split()[0]
    events = [json.loads(line) for line in (bag / "data/custody.jsonl").read_text().splitlines()]
    event = next(e for e in events if e["event_hash"] == copy["working_copy"]["custody_event_hash"])
    assert event["action"] == "working_copy_made"
    assert event["details"]["copy_sha256"] == listed == copy["sha256"]
    assert event["details"]["original_sha256"] == copy["working_copy"]["original_sha256"]
    assert not (bag / "data/attachments").joinpath("original").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("original_sha256", "0" * 64),
        ("custody_event_hash", "f" * 64),
        ("transformation", {"format": "evidence-vault-working-copy/1", "removed": []}),
        ("original_id", "someone-else"),
    ],
)
def test_a_tampered_lineage_is_refused_even_when_re_signed(
    made: dict[str, Any], field: str, value: Any
) -> None:
    path = _copies_package(made, f"tamper-{field}")
    members = tamper.take_apart(path, made["platform"])
    document = json.loads(tamper.get(members, "data/attachments.json"))
    for entry in document["attachments"]:
        if "working_copy" in entry:
            entry["working_copy"][field] = value
    changed = tamper.replace(members, "data/attachments.json", json.dumps(document).encode())
    # Re-signed with the device's own key: only the lineage check can catch it.
    forged = tamper.put_together(
        tamper.resign(changed, made["session"].device), made["platform"].recipient,
        path.with_name("forged.age"),
    )  # fmt: skip
    report = _verify(forged, made, made["platform"])
    assert not report.ok
    assert report.failed_check == "lineage", report.message


def test_a_copy_presented_as_an_original_breaks_the_seal(made: dict[str, Any]) -> None:
    path = _copies_package(made, "no-lineage")
    members = tamper.take_apart(path, made["platform"])
    document = json.loads(tamper.get(members, "data/attachments.json"))
    for entry in document["attachments"]:
        entry.pop("working_copy", None)
    changed = tamper.replace(members, "data/attachments.json", json.dumps(document).encode())
    forged = tamper.put_together(
        tamper.resign(changed, made["session"].device), made["platform"].recipient,
        path.with_name("forged.age"),
    )  # fmt: skip
    report = _verify(forged, made, made["platform"])
    assert report.failed_check == "seal", report.message


def test_two_packages_fill_one_progress_bar_once(made: dict[str, Any]) -> None:
    """Originals for the platform and copies for a journalist are two packages; the
    person sees one bar that only moves forward and ends full, not one that fills twice."""
    session, testimony = made["session"], made["testimony"]
    if not any(a.is_working_copy for a in attachments.list_of(session, testimony)):
        attachments.derive(session, made["photo"].id, strip_location=True, strip_device=True)
    reports: list[tuple[int, int]] = []
    results = packages.export_per_recipient(
        session, testimony, _stick(made, "progress"),
        recipients=[str(X25519Identity.generate().recipient)],
        progress=lambda done, total: reports.append((done, total)),
    )  # fmt: skip
    assert len(results) == 2
    totals = {total for _, total in reports}
    assert len(totals) == 1  # known before the first byte, never revised
    [total] = totals
    dones = [done for done, _ in reports]
    assert dones == sorted(dones) and dones[-1] == total
    # Both packages' media count: the copy and the note, then the original and the note.
    assert total > made["photo"].size + made["text"].size


def test_a_video_copy_stored_over_its_original_travels_and_verifies(tmp_path: Path) -> None:
    """A video's copy is an overlay over the sealed original in the vault (blob format
    version 2); in the package it is a whole file like any other, whose hash is the one
    its custody event names, and the package verifies."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (scripts/setup installs it)")
    video = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=64x64:d=1",
                    "-metadata", "location=+53.9000+027.5667/", str(video)],
                   check=True, timeout=60)  # fmt: skip
    session, _ = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    try:
        platform = X25519Identity.generate()
        set_setting(session.connection, session.device, PLATFORM_RECIPIENT,
                    str(platform.recipient), session.actor)  # fmt: skip
        case = records.add_case(session, {"title": "Video"})
        consent = {
            "interview": True, "audio_recording": False, "share_with_platform": True,
            "share_onward": True, "be_named": False, "recontact": False,
            "given_at": "2026-11-01T10:00:00Z", "method": "oral",
        }  # fmt: skip
        values = {"person": {"code": "V-1", "role": "witness"}, "consent": consent,
                  "narrative": ""}  # fmt: skip
        testimony = records.add_testimony(session, case.id, values).id
        original = attachments.attach(session, testimony, video)
        packages.seal(session, testimony)
        made = attachments.derive(session, original.id, strip_location=True, strip_device=True)
        overlay = session.blobs.overlay_of(made.copy.blob_id)
        assert overlay is not None and overlay.base_id == original.blob_id
        with session.blobs.open(made.copy.blob_id) as reader:
            copy_bytes = reader.read()

        journalist = X25519Identity.generate()
        stick = tmp_path / "stick"
        stick.mkdir()
        results = packages.export_per_recipient(
            session, testimony, stick, recipients=[str(journalist.recipient)]
        )
        assert [r.media for r in results] == ["working-copies", "originals"]
        allowed = tmp_path / "allowed_signers"
        allowed.write_text(session.device.public_key.allowed_signers_line(
            "documenter", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]) + "\n")  # fmt: skip
        trusted = parse_trusted_signers(allowed.read_text())
        onward = verify_package(lambda: results[0].path.open("rb"), [journalist], trusted)
        assert onward.ok and onward.working_copies == 1, onward.message
        for_platform = verify_package(lambda: results[1].path.open("rb"), [platform], trusted)
        assert for_platform.ok, for_platform.message

        members = tamper.take_apart(results[0].path, journalist)
        entries = json.loads(tamper.get(members, "data/attachments.json"))["attachments"]
        [entry] = [e for e in entries if e["id"] == made.copy.id]
        assert tamper.get(members, entry["path"]) == copy_bytes
        assert entry["sha256"] == made.copy.sha256 == hashlib.sha256(copy_bytes).hexdigest()
        assert entry["working_copy"]["original_sha256"] == original.sha256
        assert all(hashlib.sha256(d).hexdigest() != original.sha256 for _, d in members)
    finally:
        session.lock()
