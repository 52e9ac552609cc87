"""``attachment derive`` through the real command line: a sealed JPEG with a location
and a serial number, copied without them; ``--json`` as the other commands give it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.support import PASSPHRASE, TESTIMONY, CliVault


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


def test_attachment_derive_makes_a_linked_copy_without_location(tmp_path: Path) -> None:
    cli = CliVault(tmp_path)
    cli.passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    cli.json("init", "--kdf-floor")
    case = cli.json("case", "add", "--title", "Copies")["id"]
    source = tmp_path / "testimony.json"
    source.write_text(json.dumps(TESTIMONY, ensure_ascii=False), encoding="utf-8")
    testimony = cli.json("testimony", "add", "--case", case, "--from-json", str(source))["id"]
    original = cli.json("attach", testimony, str(_jpeg(tmp_path)))
    assert original["has_location"]

    refused = cli.run("attachment", "derive", original["id"], "--strip-location", ok=False)
    assert refused.returncode != 0 and "seal" in refused.stderr  # drafts are not copied

    cli.run("seal", testimony)
    made = cli.json("attachment", "derive", original["id"], "--strip-location", "--strip-device")

    assert made["derived_from"] == original["id"]
    assert made["original_sha256"] == original["sha256"]
    assert made["sha256"] != original["sha256"] and not made["has_location"]
    assert {"GPSInfo", "Make", "Model", "SerialNumber"} <= set(made["transformation"]["removed"])
    assert made["transformation"]["requested"] == ["location", "device"]
    log = cli.json("custody", testimony)
    event = next(e for e in log["events"] if e["event_hash"] == made["custody_event_hash"])
    assert event["action"] == "working_copy_made"
    assert event["details"]["copy_sha256"] == made["sha256"]
    assert log["verified"]

    from app.core import faces

    blurred = cli.run("attachment", "derive", original["id"], "--strip-location",
                      "--blur-faces", ok=False)  # fmt: skip
    if faces.available():  # a test pattern: no face, said so; the photo re-encoded bare
        assert blurred.returncode == 0 and "faces blurred: 0" in blurred.stdout
    else:
        assert blurred.returncode != 0 and "evidence-vault[faces]" in blurred.stderr
