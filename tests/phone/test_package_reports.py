"""Import, seal, export and ``verify``: the package carries the phone reports (as
attachments of the report media type) and the platform's verify shows what the phone
proofs said, failed ones included, and whether the media they name are in the package."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import evidence_vault
from tests.phone.support import PROOFMODE
from tests.phone.test_import_cli import draft_vault


def test_package_carries_reports_and_verify_shows_them(tmp_path: Path) -> None:
    cli = draft_vault(tmp_path)
    testimony = cli.made["testimony"]
    cli.json("phone", "import", testimony, str(PROOFMODE / "good.zip"), "--phone", "Anna")
    cli.json("phone", "import", testimony, str(PROOFMODE / "bad.zip"), "--accept-failed")
    cli.run("seal", testimony)
    identity = tmp_path / "platform.key"
    recipient = cli.json("keys", "new-recipient", "--out", str(identity), "--keep")
    cli.run("settings", "set", "platform-recipient", recipient["public_key"])
    signers = tmp_path / "allowed_signers"
    signers.write_text(cli.run("keys", "export-public").stdout, encoding="utf-8")
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = cli.json("export", testimony, "--to", str(stick))
    package = stick / exported[0]["file"]
    args = ["verify", str(package), "--identity", str(identity),
            "--trusted-signers", str(signers)]
    result = evidence_vault(*args, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["ok"] is True
    reports = {r["bundle_name"]: r for r in document["phone_reports"]}
    assert set(reports) == {"good.zip", "bad.zip"}
    assert reports["good.zip"]["verdict"] == "verified"
    assert reports["bad.zip"]["verdict"] == "failed"
    assert any("C80E331B377544AB" in reason for reason in reports["bad.zip"]["reasons"])
    for report in reports.values():
        assert report["bundle_in_package"] and report["items"][0]["in_package"]
        assert ["proofmode.media_signature", "pass"] in report["items"][0]["checks"]
        assert len(report["trust_list_sha256"]) == 64 and report["verifier"]["pgpy"]
    text = evidence_vault(*args).stdout
    assert "Phone:      proofmode bundle good.zip (in this package): VERIFIED" in text
    assert "bad.zip (in this package): FAILED" in text
    # the platform can re-verify: the original bundle's bytes are in the package
    unpacked = tmp_path / "unpacked"
    evidence_vault(*args, "--unpack", str(unpacked))
    (bag,) = unpacked.iterdir()
    (original,) = [p for p in (bag / "data" / "attachments").iterdir()
                   if p.name.endswith("-good.zip")]
    verified = evidence_vault("phone", "verify", str(original), "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["verdict"] == "verified"
