"""Bundles made in the tests, so the formats are exercised beyond the fixed samples: a fresh
OpenPGP key signing media, CSV and JSON (checked by gpg too when it is installed), rows
and records appended, SHA-1 refused for data, C2PA manifests signed with the test
certificate, a 500 MiB video verified with flat memory, and no network ever."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.phone.verify import KnownKey, verify_path
from tests.phone.support import (
    C2PA,
    CSV_HEADER,
    PROOFMODE,
    c2pa_sign,
    new_key,
    proofmode_folder,
    public,
    root_anchors,
    trust_list,
    zip_folder,
)
from tests.system_probes import own_peak_memory


@pytest.fixture(scope="module")
def key() -> object:
    return new_key()


def checks(report: object) -> dict[str, str]:
    document = report.to_json()  # type: ignore[attr-defined]
    found = {c["check"]: c["result"] for c in document["checks"]}
    for item in document["items"]:
        found.update({c["check"]: c["result"] for c in item["checks"]})
    return found


def test_fresh_key_signing_media_csv_and_json_verifies(tmp_path: Path, key: object) -> None:
    bundle = proofmode_folder(tmp_path / "b", "photo.heic", os.urandom(70_000), key)
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert report.verdict == "verified", report.reasons()
    zipped = zip_folder(bundle.folder, tmp_path / "b.zip")
    assert verify_path(zipped, trust_anchors=trust_list()).verdict == "verified"
    if shutil.which("gpg"):  # an independent OpenPGP implementation agrees
        home = tmp_path / "gnupg"
        home.mkdir(mode=0o700)
        env = {**os.environ, "GNUPGHOME": str(home)}
        subprocess.run(["gpg", "-q", "--import", str(bundle.folder / "pubkey.asc")],
                       env=env, check=True, capture_output=True)
        result = subprocess.run(
            ["gpg", "--status-fd", "1", "--verify",
             str(bundle.folder / f"{bundle.sha256}.asc"), str(bundle.media)],
            env=env, capture_output=True, text=True,
        )
        assert "GOODSIG" in result.stdout


def test_appended_json_records_and_csv_rows(tmp_path: Path, key: object) -> None:
    bundle = proofmode_folder(tmp_path / "b", "v.mp4", os.urandom(5000), key, rows=3,
                              json_records=4)
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert report.verdict == "verified", report.reasons()
    by_check = {c.check: c for c in report.items[0].checks}
    assert by_check["proofmode.csv_hash"].data["records"] == 3
    assert by_check["proofmode.json_hash"].data["records"] == 4


def test_csv_with_a_new_header_in_another_column_order(tmp_path: Path, key: object) -> None:
    from tests.phone.support import sign

    bundle = proofmode_folder(tmp_path / "b", "p.jpg", os.urandom(3000), key)
    sha = bundle.sha256
    columns = CSV_HEADER.rstrip(",").split(",")
    reordered = ",".join(reversed(columns)) + ","
    csv = (
        CSV_HEADER + "\n" + f"{sha},1,2,first,a,\n"
        + reordered + "\n" + f"b,second,2,1,{sha},\n"
    )
    (bundle.folder / f"{sha}.proof.csv").write_text(csv)
    (bundle.folder / f"{sha}.proof.csv.asc").write_text(sign(key, csv.encode()))
    assert verify_path(bundle.folder, trust_anchors=trust_list()).verdict == "verified"
    wrong = csv + f"b,third,2,1,{'f' * 64},\n"  # an appended row for another file
    (bundle.folder / f"{sha}.proof.csv").write_text(wrong)
    (bundle.folder / f"{sha}.proof.csv.asc").write_text(sign(key, wrong.encode()))
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert report.verdict == "failed"
    assert checks(report)["proofmode.csv_hash"] == "fail"
    assert checks(report)["proofmode.csv_signature"] == "pass"


def test_a_json_record_appended_after_signing_fails(tmp_path: Path, key: object) -> None:
    bundle = proofmode_folder(tmp_path / "b", "p.jpg", os.urandom(3000), key, json_records=2)
    path = bundle.folder / f"{bundle.sha256}.proof.json"
    with path.open("a") as handle:
        handle.write(json.dumps({"File Hash SHA256": bundle.sha256, "Notes": "added"}) + "\n")
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert checks(report)["proofmode.json_hash"] == "pass"
    assert checks(report)["proofmode.json_signature"] == "fail"
    assert report.verdict == "failed"


def test_sha1_data_signatures_are_refused(tmp_path: Path, key: object) -> None:
    import warnings

    from pgpy.constants import HashAlgorithm

    bundle = proofmode_folder(tmp_path / "b", "p.jpg", os.urandom(3000), key)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weak = key.sign(bundle.media.read_bytes(), hash=HashAlgorithm.SHA1)  # type: ignore[attr-defined]
    (bundle.folder / f"{bundle.sha256}.asc").write_text(str(weak))
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert report.verdict == "failed"
    assert any("SHA1" in r and "refused" in r for r in report.reasons())


def test_another_keys_signature_is_named_by_key_id(tmp_path: Path, key: object) -> None:
    from tests.phone.support import sign

    other = new_key("other@example.org")
    bundle = proofmode_folder(tmp_path / "b", "p.jpg", os.urandom(3000), key)
    (bundle.folder / f"{bundle.sha256}.asc").write_text(sign(other, bundle.media.read_bytes()))
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    key_id = str(other.fingerprint.keyid)  # type: ignore[attr-defined]
    assert any(f"key id {key_id}" in r for r in report.reasons())


def test_save_folder_verifies_only_with_a_pinned_key(tmp_path: Path, key: object) -> None:
    bundle = proofmode_folder(tmp_path / "save", "IMG_1.jpg", os.urandom(4000), key,
                              with_key=False)
    meta = {"title": "Checkpoint", "location": "52.1,21.0", "hash": bundle.sha256}
    (bundle.folder / "IMG_1.jpg.meta.json").write_text(json.dumps(meta))
    report = verify_path(bundle.folder, trust_anchors=trust_list())
    assert report.kind == "save" and report.verdict == "unverifiable"
    pinned = verify_path(bundle.folder, trust_anchors=trust_list(),
                         known_keys=[KnownKey(public(key), "Anna's phone")])
    assert pinned.verdict == "verified", pinned.reasons()
    assert pinned.key is not None and pinned.key["pinned_name"] == "Anna's phone"
    assert pinned.items[0].claims["title"] == "Checkpoint"
    assert checks(pinned)["save.meta_hash"] == "pass"


def test_tella_export_hash_must_match(tmp_path: Path) -> None:
    folder = tmp_path / "tella"
    folder.mkdir()
    media = folder / "VID_2024.mp4"
    media.write_bytes(os.urandom(9000))
    from tests.phone.support import file_sha256

    sha = file_sha256(media)
    csv = folder / "VID_2024.csv"
    csv.write_text(f"File name,Hash,Latitude,Longitude,Time\nVID_2024.mp4,{sha},52.1,21.0,x\n")
    report = verify_path(folder, trust_anchors=trust_list())
    assert report.kind == "tella" and report.verdict == "verified"
    assert report.items[0].claims["Latitude"] == "52.1" and not report.items[0].claims_signed
    csv.write_text(f"File name,Hash,Latitude\nVID_2024.mp4,{'0' * 64},52.1\n")
    assert verify_path(folder, trust_anchors=trust_list()).verdict == "failed"


def test_c2pa_made_with_the_test_certificate(tmp_path: Path) -> None:
    signed = c2pa_sign(C2PA / "A.jpg", tmp_path / "signed.jpg", title="signed.jpg")
    assert verify_path(signed, trust_anchors=trust_list()).verdict == "unverifiable"
    assert verify_path(signed, trust_anchors=root_anchors()).verdict == "verified"
    data = bytearray(signed.read_bytes())
    data[-100] ^= 0xFF  # image data after the manifest
    (tmp_path / "changed.jpg").write_bytes(bytes(data))
    changed = verify_path(tmp_path / "changed.jpg", trust_anchors=root_anchors())
    assert changed.verdict == "failed"
    assert "assertion.dataHash.mismatch" in changed.reasons()[0]


def test_proofmode_3_bundle_with_embedded_c2pa(tmp_path: Path, key: object) -> None:
    signed = c2pa_sign(C2PA / "A.jpg", tmp_path / "c2pa.jpg")
    bundle = proofmode_folder(tmp_path / "b", "IMG.jpg", signed, key)
    report = verify_path(bundle.folder, trust_anchors=root_anchors())
    assert report.verdict == "verified", report.reasons()
    found = checks(report)
    assert found["c2pa.active_manifest"] == "pass" and found["proofmode.media_signature"] == "pass"


def _block_python_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_no_network_ever(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts = _block_python_network(monkeypatch)
    verdicts = {
        path.name: verify_path(path, trust_anchors=trust_list()).verdict
        for path in [*sorted(C2PA.glob("*.jpg")), C2PA / "video1.mp4",
                     *sorted(PROOFMODE.glob("*.zip"))]
    }
    assert verdicts["cloud.jpg"] == "unverifiable" and verdicts["good.zip"] == "verified"
    assert attempts == []
    # The SDK is native code: run the CLI where no network exists at all.
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("no network namespace on this machine")
    result = subprocess.run(
        [unshare, "-rn", sys.executable, "-m", "app", "phone", "verify",  # type: ignore[list-item]
         str(C2PA / "cloud.jpg"), "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert json.loads(result.stdout)["items"][0]["checks"][0]["check"] == "c2pa.remote"


def test_500_mib_video_verifies_with_flat_memory(tmp_path: Path, key: object) -> None:
    big = tmp_path / "raw.mp4"
    with big.open("wb") as handle:
        block = os.urandom(1 << 20)
        for _ in range(500):
            handle.write(block)
    bundle = proofmode_folder(tmp_path / "big", "VID_big.mp4", big, key)
    small = proofmode_folder(tmp_path / "small", "VID_small.mp4", os.urandom(1 << 20), key)

    def peak_bytes(folder: Path) -> int:
        # The child's own peak, asked the way its system keeps it (tests/system_probes.py).
        program = (
            "import sys\n"
            "from pathlib import Path\n"
            "from app.phone.verify import verify_path\n"
            "from tests.phone.support import trust_list\n"
            "from tests.system_probes import own_peak_memory\n"
            "r = verify_path(Path(sys.argv[1]), trust_anchors=trust_list())\n"
            "assert r.verdict == 'verified', r.reasons()\n"
            "print(own_peak_memory())\n"
        )
        result = subprocess.run([sys.executable, "-c", program, str(folder)],
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())

    growth_mib = (peak_bytes(bundle.folder) - peak_bytes(small.folder)) / (1 << 20)
    print(f"peak memory growth for 500 MiB over 1 MiB: {growth_mib:.1f} MiB")
    assert growth_mib < 100
    assert own_peak_memory() < 2 << 30  # this process too


def test_zip_members_with_embedded_proofs_are_read_from_the_sample() -> None:
    with zipfile.ZipFile(PROOFMODE / "good.zip") as archive:
        assert "pubkey.asc" in archive.namelist()


def test_an_eyewitness_copy_is_recorded_as_a_copy() -> None:
    plain = verify_path(C2PA / "A.jpg", trust_anchors=trust_list(), eyewitness=True)
    assert plain.kind == "eyewitness-copy" and plain.verdict == "unverifiable"
    (item,) = plain.items
    assert item.role == "copy" and item.checks[0].check == "eyewitness.copy"
    assert "eyeWitness to Atrocities holds the original" in item.checks[0].detail
    credentials = verify_path(C2PA / "C.jpg", trust_anchors=root_anchors(), eyewitness=True)
    assert credentials.verdict == "verified"  # its own credentials still count
    assert credentials.items[0].role == "copy"
