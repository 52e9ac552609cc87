"""A withdrawal after delivery: the next sync sends the signed withdrawal notice to the
platform (once), never the testimony again, and the platform's intake verifies it."""

from __future__ import annotations

import json
from pathlib import Path

from .test_end_to_end import TESTIMONY, _cli, _free_port, _intake, _running_intake
from .vaults import PASSPHRASE, make_vault


def test_sync_delivers_the_withdrawal_notice_it_owes(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "intake"
    profile_file = Path(_intake(data, "init", "--host", "localhost", "--port", str(port)))
    vault_dir = tmp_path / "vault"
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    with make_vault(vault_dir) as vault:
        _intake(data, "trust", "add", vault.device.public_key.openssh(), "--name", "d1")
    _cli(vault_dir, secret, "sync", "profile", "import", str(profile_file))
    case = _cli(vault_dir, secret, "case", "add", "--title", "Field work")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    testimony = _cli(vault_dir, secret, "testimony", "add", "--case", case["id"],
                     "--from-json", str(source))["id"]
    _cli(vault_dir, secret, "seal", testimony)

    with _running_intake(data, port, tmp_path / "intake.log"):
        first = _cli(vault_dir, secret, "sync")
        assert [p["state"] for p in first["packages"]] == ["delivered"]
        _cli(vault_dir, secret, "testimony", "withdraw", testimony, "--note", "by phone")
        notice = _cli(vault_dir, secret, "sync")
        again = _cli(vault_dir, secret, "sync")

    assert notice["packaged_now"] == [testimony]
    assert [p["state"] for p in notice["packages"]] == ["delivered"], notice
    assert again["packaged_now"] == [] and again["packages"] == []
    kinds = sorted(row["kind"] for row in _cli(vault_dir, secret, "package", "list"))
    assert kinds == ["testimony", "withdrawal-notice"]
    statuses = {row["id"]: row for row in _cli(vault_dir, secret, "testimony", "list")}
    assert statuses[testimony]["consent_withdrawn"] is True
    # The platform holds both packages: the testimony, and the signed notice it verified.
    assert len(sorted((data / "accepted").glob("*.evp"))) == 2
