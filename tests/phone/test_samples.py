"""The real ProofMode and C2PA samples, each with its expected verdict and reasons, through
the verifier and through the real CLI (``phone verify``, exit 0/1/2)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.phone.verify import verify_path
from tests.phone.support import C2PA, MEDIA_HASH, PROOFMODE, root_anchors, trust_list

GOOD_KEY = "E1C95C68BC5C0C18A01657F0FD2E7EFAD559FF84"
OTHER_KEY_ID = "C80E331B377544AB"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "phone", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def results(report: object) -> dict[str, str]:
    document = report.to_json()  # type: ignore[attr-defined]
    found = {c["check"]: c["result"] for c in document["checks"]}
    for item in document["items"]:
        found.update({c["check"]: c["result"] for c in item["checks"]})
    return found


def test_good_bundle_verifies_every_proof() -> None:
    report = verify_path(PROOFMODE / "good.zip", trust_anchors=trust_list())
    assert report.verdict == "verified" and report.reasons() == []
    assert report.kind == "proofmode"
    assert report.key is not None and report.key["fingerprint"] == GOOD_KEY
    assert report.key["certification_hash"] == "sha1"  # accepted for certification only
    assert results(report) == {
        "openpgp.key": "pass",
        "proofmode.media_signature": "pass",
        "proofmode.csv_hash": "pass",
        "proofmode.csv_signature": "pass",
        "proofmode.json_hash": "pass",
        "proofmode.json_signature": "pass",
        "opentimestamps": "info",
        "proofmode.device_attestation": "info",
    }
    item = report.items[0]
    assert item.name == "smallest_jpeg.jpg" and item.sha256 == MEDIA_HASH
    assert item.claims_signed and item.claims["Hardware"] == "Samsung SM-A505W"
    ots = next(c for c in item.checks if c.check == "opentimestamps")
    assert "pending" in ots.detail and len(ots.data["calendars"]) == 3


def test_bad_bundle_names_the_other_key() -> None:
    report = verify_path(PROOFMODE / "bad.zip", trust_anchors=trust_list())
    assert report.verdict == "failed"
    assert results(report)["proofmode.json_signature"] == "fail"
    assert results(report)["proofmode.media_signature"] == "pass"
    (reason,) = report.reasons()
    assert f"another key (key id {OTHER_KEY_ID})" in reason


def test_no_json_bundle_media_signature_fails_and_both_rows_are_read() -> None:
    report = verify_path(PROOFMODE / "no-json.zip", trust_anchors=trust_list())
    assert report.verdict == "failed"
    found = results(report)
    assert found["proofmode.media_signature"] == "fail"
    assert found["proofmode.csv_signature"] == "pass"
    assert "proofmode.json_hash" not in found
    csv = next(c for c in report.items[0].checks if c.check == "proofmode.csv_hash")
    assert csv.result == "pass" and csv.data["records"] == 2


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a zip with members replaced (bytes), dropped (None) or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                data = change.pop(info.filename)
                if data is not None:
                    new.writestr(info.filename, data)
            else:
                new.writestr(info, old.read(info))
        for name, data in change.items():
            if data is not None:
                new.writestr(name, data)
    return target


def test_media_changed_by_one_byte_fails(tmp_path: Path) -> None:
    with zipfile.ZipFile(PROOFMODE / "good.zip") as archive:
        photo = bytearray(archive.read("smallest_jpeg.jpg"))
    photo[50] ^= 0x01
    changed = _rewrite(PROOFMODE / "good.zip", tmp_path / "changed.zip",
                       {"smallest_jpeg.jpg": bytes(photo)})
    report = verify_path(changed, trust_anchors=trust_list())
    assert report.verdict == "failed"
    assert any(MEDIA_HASH in r and "changed or is missing" in r for r in report.reasons())
    assert results(report)["proofmode.covered"] == "unverifiable"
    assert cli("verify", str(changed)).returncode == 1


def test_missing_key_is_unverifiable_until_a_key_is_given(tmp_path: Path) -> None:
    keyless = _rewrite(PROOFMODE / "good.zip", tmp_path / "keyless.zip", {"pubkey.asc": None})
    report = verify_path(keyless, trust_anchors=trust_list())
    assert report.verdict == "unverifiable"
    assert results(report)["proofmode.media_signature"] == "unverifiable"
    assert all("neither in the bundle nor pinned" in r for r in report.reasons())
    assert cli("verify", str(keyless)).returncode == 2
    key = tmp_path / "pubkey.asc"
    with zipfile.ZipFile(PROOFMODE / "good.zip") as archive:
        key.write_bytes(archive.read("pubkey.asc"))
    given = cli("verify", str(keyless), "--key", str(key), "--json")
    assert given.returncode == 0, given.stdout
    assert json.loads(given.stdout)["key"]["source"] == "pinned"


def test_legacy_layout_is_read_and_unverifiable(tmp_path: Path) -> None:
    folder = tmp_path / "legacy"
    folder.mkdir()
    with zipfile.ZipFile(PROOFMODE / "good.zip") as archive:
        for name in archive.namelist():
            if name in ("pubkey.asc", "HowToVerifyProofData.txt"):
                continue
            (folder / name.replace(MEDIA_HASH, "smallest_jpeg.jpg")).write_bytes(
                archive.read(name)
            )
    report = verify_path(folder, trust_anchors=trust_list())
    assert report.kind == "proofmode-legacy" and report.verdict == "unverifiable"
    found = results(report)
    assert found["proofmode.legacy"] == "unverifiable"
    assert found["proofmode.csv_hash"] == "pass"  # the hash checks still run
    # a legacy sidecar that names another hash fails, key or not
    csv = folder / "smallest_jpeg.jpg.proof.csv"
    csv.write_text(csv.read_text().replace(MEDIA_HASH, "0" * 64))
    assert verify_path(folder, trust_anchors=trust_list()).verdict == "failed"


C2PA_CASES = [
    # file, verdict with the official list, verdict with the test root as anchor
    ("C.jpg", "unverifiable", "verified"),
    ("CA.jpg", "unverifiable", "verified"),
    ("XCA.jpg", "failed", "failed"),
    ("E-sig-CA.jpg", "failed", "failed"),
    ("CIE-sig-CA.jpg", "failed", "failed"),
    ("video1.mp4", "unverifiable", "unverifiable"),  # its ingredient has another signer
    ("cloud.jpg", "unverifiable", "unverifiable"),
    ("A.jpg", "unverifiable", "unverifiable"),
]


@pytest.mark.parametrize(("name", "official", "with_test_root"), C2PA_CASES)
def test_c2pa_media_in_each_state(name: str, official: str, with_test_root: str) -> None:
    plain = verify_path(C2PA / name, trust_anchors=trust_list())
    assert plain.verdict == official, plain.reasons()
    rooted = verify_path(C2PA / name, trust_anchors=root_anchors())
    assert rooted.verdict == with_test_root, rooted.reasons()
    assert plain.trust_list_sha256 != rooted.trust_list_sha256


def test_c2pa_reports_failure_codes_signer_and_ingredients() -> None:
    report = verify_path(C2PA / "XCA.jpg", trust_anchors=root_anchors())
    summary = report.items[0].c2pa
    assert summary is not None
    assert summary["active_manifest"]["failure_codes"] == ["assertion.dataHash.mismatch"]
    assert summary["active_manifest"]["signer"]["common_name"] == "C2PA Signer"
    assert summary["active_manifest"]["claim_generator"].startswith("make_test_images")
    assert summary["active_manifest"]["signer"]["time"] == "2024-08-06T21:53:37+00:00"
    assert [i["title"] for i in summary["ingredients"]] == ["A.jpg"]
    bad_ingredient = verify_path(C2PA / "CIE-sig-CA.jpg", trust_anchors=root_anchors())
    summary = bad_ingredient.items[0].c2pa
    assert summary is not None and summary["active_manifest"]["failure_codes"] == []
    (ingredient,) = summary["ingredients"]
    assert ingredient["state"] == "invalid"
    assert "claimSignature.mismatch" in ingredient["failure_codes"]
    assert any("Ingredient E-sig-CA.jpg does not verify" in r for r in bad_ingredient.reasons())


def test_remote_manifest_is_reported_not_fetched() -> None:
    report = verify_path(C2PA / "cloud.jpg", trust_anchors=trust_list())
    (check,) = report.items[0].checks
    assert check.check == "c2pa.remote" and "not fetched" in check.detail
    assert check.data["url"].startswith("https://")


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    good = cli("verify", str(PROOFMODE / "good.zip"), "--json")
    assert good.returncode == 0
    document = json.loads(good.stdout)
    assert document["verdict"] == "verified" and document["format"] == "evidence-vault-phone-report"
    assert document["verifier"]["pgpy"] and document["verifier"]["c2pa-rs"]
    assert cli("verify", str(PROOFMODE / "bad.zip")).returncode == 1
    text = cli("verify", str(C2PA / "cloud.jpg"))
    assert text.returncode == 2 and "not fetched" in text.stdout
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(PROOFMODE / "good.zip") as archive:
        archive.extractall(folder)
    assert cli("verify", str(folder)).returncode == 0  # a folder share verifies the same
    shutil.rmtree(folder)
