"""``phone import`` through the real CLI on a real vault: the bundle's bytes, each item and
the report stored; one signed custody event naming every hash, check and version; key
pinning (a known name with a new key refused, then accepted and logged); a failed bundle
only on explicit choice, marked; a refusal writes nothing."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import TESTIMONY, CliVault
from tests.phone.support import PROOFMODE, new_key, proofmode_folder, zip_folder

GOOD_KEY = "E1C95C68BC5C0C18A01657F0FD2E7EFAD559FF84"


def draft_vault(folder: Path) -> CliVault:
    cli = CliVault(folder)
    cli.passphrase_file.write_text("correct horse battery staple 42\n", encoding="utf-8")
    cli.json("init", "--kdf-floor")
    cli.made["case"] = cli.json("case", "add", "--title", "Phones")["id"]
    source = folder / "testimony.json"
    source.write_text(json.dumps(TESTIMONY, ensure_ascii=False), encoding="utf-8")
    cli.made["testimony"] = cli.json(
        "testimony", "add", "--case", cli.made["case"], "--from-json", str(source)
    )["id"]
    return cli


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> CliVault:
    return draft_vault(tmp_path_factory.mktemp("phone-vault"))


def attachments(cli: CliVault) -> list[dict[str, object]]:
    return cli.json("testimony", "show", cli.made["testimony"])["attachments"]  # type: ignore[no-any-return]


def events(cli: CliVault, chain: str) -> list[dict[str, Any]]:
    return cli.json("custody", chain)["events"]  # type: ignore[no-any-return]


def blob_files(cli: CliVault) -> set[Path]:
    return {p for p in cli.vault.rglob("*") if p.is_file() and "blobs" in p.parts}


def test_import_stores_bundle_items_report_and_one_event(vault: CliVault) -> None:
    testimony = vault.made["testimony"]
    before = len(attachments(vault))
    (done,) = vault.json("phone", "import", testimony, str(PROOFMODE / "good.zip"),
                         "--phone", "Anna's phone")
    assert done["verdict"] == "verified" and done["phone"] == "Anna's phone"
    stored = {a["id"]: a for a in attachments(vault)}
    assert len(stored) == before + 3
    bundle = stored[done["bundle_attachment_ids"][0]]
    assert bundle["sha256"] == hashlib.sha256((PROOFMODE / "good.zip").read_bytes()).hexdigest()
    (item_id,) = done["item_attachment_ids"]
    assert stored[item_id]["sha256"] == (
        "0b8d8b5f15046343fd32f451df93acc2bdd9e6373be478b968e4cad6b6647351"
    )
    report = stored[done["report_attachment_id"]]
    assert report["media_type"] == "application/vnd.evidence-vault.phone-report+json"
    (event,) = [e for e in events(vault, testimony) if e["action"] == "phone_imported"]
    details = event["details"]
    assert details["bundle_sha256"] == bundle["sha256"]
    assert details["item_sha256s"] == [stored[item_id]["sha256"]]
    assert details["report_sha256"] == report["sha256"]
    assert details["verdict"] == "verified" and details["key_fingerprint"] == GOOD_KEY
    assert ["proofmode.media_signature", "pass"] in details["items"][0]["checks"]
    assert details["verifier"]["pgpy"] == "0.6.0" and "c2pa-rs" in details["verifier"]
    assert len(details["trust_list_sha256"]) == 64
    keys = vault.json("phone", "keys", "list")
    assert [(k["fingerprint"], k["name"]) for k in keys] == [(GOOD_KEY, "Anna's phone")]
    vault_events = [e["action"] for e in events(vault, "vault")]
    assert "phone_key_named" in vault_events


def test_a_known_name_with_a_new_key_is_refused_then_accepted(vault: CliVault,
                                                              tmp_path: Path) -> None:
    testimony = vault.made["testimony"]
    vault.json("phone", "import", testimony, str(PROOFMODE / "good.zip"), "--phone", "Boris")
    key = new_key("boris@example.org")
    other = zip_folder(proofmode_folder(tmp_path / "b", "IMG.jpg", b"\xff\xd8" + bytes(900),
                                        key).folder, tmp_path / "other.zip")
    count, blobs = len(attachments(vault)), blob_files(vault)
    refused = vault.run("phone", "import", testimony, str(other), "--phone", "Boris", ok=False)
    assert refused.returncode == 1 and "--accept-new-key" in refused.stderr
    assert len(attachments(vault)) == count and blob_files(vault) == blobs  # nothing written
    (done,) = vault.json("phone", "import", testimony, str(other), "--phone", "Boris",
                         "--accept-new-key")
    assert done["verdict"] == "verified"
    changed = [e for e in events(vault, "vault") if e["action"] == "phone_key_changed"]
    assert changed[-1]["details"]["previous_fingerprint"] == GOOD_KEY
    assert changed[-1]["details"]["name"] == "Boris"


def test_failed_bundle_only_on_explicit_choice_and_marked(vault: CliVault) -> None:
    testimony = vault.made["testimony"]
    count, blobs = len(attachments(vault)), blob_files(vault)
    refused = vault.run("phone", "import", testimony, str(PROOFMODE / "bad.zip"), ok=False)
    assert refused.returncode == 1 and "failed verification" in refused.stderr
    assert len(attachments(vault)) == count and blob_files(vault) == blobs
    (done,) = vault.json("phone", "import", testimony, str(PROOFMODE / "bad.zip"),
                         "--accept-failed")
    assert done["verdict"] == "failed"
    stored = {a["id"]: a for a in attachments(vault)}
    for attachment_id in [*done["bundle_attachment_ids"], *done["item_attachment_ids"],
                          done["report_attachment_id"]]:
        assert "FAILED VERIFICATION" in str(stored[attachment_id]["metadata_note"])
    (event,) = [e for e in events(vault, testimony)
                if e["action"] == "phone_imported" and e["details"]["verdict"] == "failed"]
    assert event["details"]["accepted_failed"] is True


def test_a_hostile_bundle_writes_nothing(vault: CliVault, tmp_path: Path) -> None:
    path = tmp_path / "slip.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ok.jpg", b"x")
        archive.writestr("../../evil.jpg", b"y")
    count, blobs = len(attachments(vault)), blob_files(vault)
    refused = vault.run("phone", "import", vault.made["testimony"], str(path), ok=False)
    assert refused.returncode == 1 and "leaves the bundle" in refused.stderr
    assert len(attachments(vault)) == count and blob_files(vault) == blobs


def test_keys_name_forget_and_trust(vault: CliVault, tmp_path: Path) -> None:
    keys = vault.json("phone", "keys", "list")
    fingerprint = keys[0]["fingerprint"]
    named = vault.json("phone", "keys", "name", fingerprint, "Field phone 2")
    assert named["name"] == "Field phone 2"
    vault.json("phone", "keys", "forget", fingerprint)
    assert fingerprint not in [k["fingerprint"] for k in vault.json("phone", "keys", "list")]
    shown = vault.json("phone", "trust", "show")
    assert shown["source"] == "shipped" and shown["certificates"] > 5
    roots = Path(__file__).resolve().parents[1] / "fixtures/phone/c2pa/test_cert_root_bundle.pem"
    imported = vault.json("phone", "trust", "import", str(roots))
    assert vault.json("phone", "trust", "show")["sha256"] == imported["sha256"]
    rejected = tmp_path / "not.pem"
    rejected.write_text("not a certificate")
    assert vault.run("phone", "trust", "import", str(rejected), ok=False).returncode == 1
    assert vault.json("phone", "trust", "reset")["sha256"] == shown["sha256"]
    trust_events = [e for e in events(vault, "vault")
                    if e["action"] == "phone_trust_changed"]
    assert [e["details"]["source"] for e in trust_events] == ["imported", "shipped"]
