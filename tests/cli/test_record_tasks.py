"""The tasks the application layer added, through the real CLI as separate processes:
withdraw consent, delete a draft, remove an attachment, and the coordinator's package
verify and forward by the id the documenter's export printed. Refusals included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.support import TESTIMONY, CliVault, build_sealed_vault


@pytest.fixture
def cli(tmp_path: Path) -> CliVault:
    """A fresh vault with one sealed testimony exported once (these tests change it)."""
    return build_sealed_vault(tmp_path)


def _draft(cli: CliVault, narrative: str) -> str:
    source = cli.folder / "draft.json"
    source.write_text(json.dumps({**TESTIMONY, "narrative": narrative}), encoding="utf-8")
    made = cli.json("testimony", "add", "--case", cli.made["case"], "--from-json", str(source))
    return str(made["id"])


def _actions(cli: CliVault, chain: str) -> list[str]:
    return [event["action"] for event in cli.json("custody", chain)["events"]]


def test_withdrawal_blocks_export_and_the_notice_verifies(cli: CliVault) -> None:
    testimony = cli.made["testimony"]
    stick = cli.folder / "stick2"
    stick.mkdir()
    withdrawn = cli.json(
        "testimony", "withdraw", testimony, "--at", "2026-11-25T12:00:00Z", "--note", "by phone"
    )
    assert withdrawn["withdrawn_at"] == "2026-11-25T12:00:00Z"
    assert _actions(cli, testimony)[-1] == "consent_withdrawn"
    listed = {row["id"]: row for row in cli.json("testimony", "list")}
    assert listed[testimony]["consent_withdrawn"] is True
    assert cli.json("testimony", "show", testimony)["consent_withdrawn"] is True

    refused = cli.run("export", testimony, "--to", str(stick), ok=False)
    assert refused.returncode == 1
    assert "withdrawn" in refused.stderr.lower()
    assert list(stick.iterdir()) == []  # nothing half-written

    notice = cli.json("export", testimony, "--withdrawal-notice", "--to", str(stick))
    assert notice[0]["kind"] == "withdrawal-notice"
    # The notice goes to everyone who received the testimony (here the platform's key).
    assert cli.made["recipient"] in notice[0]["recipients"]
    checked = cli.run(
        "verify",
        str(stick / notice[0]["file"]),
        "--identity",
        cli.made["identity"],
        "--trusted-signers",
        cli.made["allowed_signers"],
        "--json",
    )
    report = json.loads(checked.stdout)
    assert report["ok"] is True and report["signer_trusted"] is True
    assert report["kind"] == "withdrawal-notice"
    assert report["testimony_id"] == testimony


def test_a_withdrawal_cannot_be_recorded_with_a_bad_date(cli: CliVault) -> None:
    result = cli.run("testimony", "withdraw", cli.made["testimony"], "--at", "yesterday", ok=False)
    assert result.returncode == 1
    assert "withdrawn_at" in result.stderr
    assert "consent_withdrawn" not in _actions(cli, cli.made["testimony"])


def test_delete_a_draft_and_its_words(cli: CliVault) -> None:
    draft = _draft(cli, "Кватэра на вуліцы Каліноўскага, ноччу")
    cli.run("attach", draft, cli.made["note"])
    assert [hit["testimony_id"] for hit in cli.json("search", "Каліноўскага")] == [draft]

    deleted = cli.json("testimony", "delete", draft)
    assert deleted["testimony_id"] == draft and deleted["attachments_removed"] == 1
    assert cli.json("search", "Каліноўскага") == []
    assert draft not in {row["id"] for row in cli.json("testimony", "list")}
    gone = cli.run("testimony", "show", draft, ok=False)
    assert gone.returncode == 1
    vault_chain = cli.json("custody", "vault")
    assert vault_chain["verified"] is True
    event = vault_chain["events"][-1]
    assert event["action"] == "draft_deleted"
    assert event["details"]["testimony_id"] == draft
    assert set(event["details"]) == {"testimony_id", "version", "record_sha256", "attachments"}
    # The sealed testimony's media file is another blob: it is untouched.
    assert cli.json("check")["ok"] is True


def test_a_sealed_testimony_cannot_be_deleted(cli: CliVault) -> None:
    result = cli.run("testimony", "delete", cli.made["testimony"], ok=False)
    assert result.returncode == 1
    assert "sealed" in result.stderr
    assert cli.json("testimony", "show", cli.made["testimony"])["status"] == "exported"


def test_remove_an_attachment_of_a_draft_only(cli: CliVault) -> None:
    sealed_attachment = cli.json("testimony", "show", cli.made["testimony"])["attachments"][0]
    refused = cli.run("attachment", "remove", sealed_attachment["id"], ok=False)
    assert refused.returncode == 1 and "sealed" in refused.stderr
    assert len(cli.json("testimony", "show", cli.made["testimony"])["attachments"]) == 1

    draft = _draft(cli, "a draft with a file")
    attached = json.loads(cli.run("attach", draft, cli.made["note"], "--json").stdout)
    removed = cli.json("attachment", "remove", attached["id"])
    assert removed["sha256"] == attached["sha256"]
    assert cli.json("testimony", "show", draft)["attachments"] == []
    event = cli.json("custody", draft)["events"][-1]
    assert event["action"] == "attachment_removed"
    assert event["details"]["sha256"] == attached["sha256"]
    assert event["details"]["name"] == "note.txt"
    assert cli.json("check")["ok"] is True


def test_a_correction_can_be_deleted_but_its_parent_keeps_its_media(cli: CliVault) -> None:
    parent = cli.made["testimony"]
    correction = cli.json("testimony", "correct", parent)["id"]
    # The correction shares its parent's media: removing it from the draft keeps the file.
    shared = cli.json("testimony", "show", correction)["attachments"][0]
    cli.run("attachment", "remove", shared["id"])
    cli.run("testimony", "delete", correction)
    assert cli.json("check")["ok"] is True
    assert len(cli.json("testimony", "show", parent)["attachments"]) == 1


def test_one_status_vocabulary(cli: CliVault) -> None:
    draft = _draft(cli, "still a draft")
    statuses = {row["id"]: row["status"] for row in cli.json("testimony", "list")}
    assert statuses == {cli.made["testimony"]: "exported", draft: "draft"}
    exported = cli.json("testimony", "list", "--status", "exported")
    assert [row["id"] for row in exported] == [cli.made["testimony"]]
    assert cli.json("testimony", "list", "--status", "sealed") == []


def test_coordinator_verifies_again_and_forwards_by_the_package_id(
    cli: CliVault, tmp_path: Path
) -> None:
    coordinator = CliVault(tmp_path / "coordinator")
    coordinator.folder.mkdir()
    coordinator.passphrase_file.write_text("coordinator passphrase 1234\n", encoding="utf-8")
    coordinator.run("init", "--kdf-floor")
    imported = coordinator.json(
        "package", "import", cli.made["package_file"], "--identity", cli.made["identity"]
    )
    # Every check passed but the last: nobody said whom to trust yet.
    assert imported[0]["verification"]["failed_check"] == "trust"
    assert imported[0]["verification"]["signer_trusted"] is False
    package_id = cli.made["package_id"]
    row = next(r for r in coordinator.json("package", "list") if r["id"] == imported[0]["id"])
    assert row["package_id"] == package_id
    assert row["testimony_id"] == cli.made["testimony"]

    untrusted = coordinator.run(
        "package", "verify", package_id[:10], "--identity", cli.made["identity"], ok=False
    )
    assert untrusted.returncode == 1
    trusted = coordinator.json(
        "package",
        "verify",
        package_id,
        "--identity",
        cli.made["identity"],
        "--trusted-signers",
        cli.made["allowed_signers"],
    )
    assert trusted["verification"]["ok"] is True
    assert trusted["verification"]["signer_trusted"] is True
    events = coordinator.json("custody", "vault")["events"]
    assert events[-1]["action"] == "package_verified"

    out = tmp_path / "out"
    out.mkdir()
    forwarded = coordinator.json("package", "forward", package_id[:12], "--to", str(out))
    assert forwarded == [f"{package_id}.age"]
    assert (out / f"{package_id}.age").read_bytes() == Path(cli.made["package_file"]).read_bytes()
