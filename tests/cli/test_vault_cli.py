"""The documented CLI, run as a user or a script runs it: a real process, a real vault."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PASSPHRASE = "correct horse battery staple 42"

TESTIMONY = {
    "person": {"code": "W-017", "role": "survivor", "full_name": "CANARY-NAME Ivanov"},
    "interview": {"started_at": "2026-11-20T10:00:00Z", "place": "Vilnius", "language": "be"},
    "consent": {
        "interview": True,
        "audio_recording": False,
        "share_with_platform": True,
        "share_onward": False,
        "be_named": False,
        "recontact": True,
        "given_at": "2026-11-20T09:55:00Z",
        "method": "oral",
    },
    "incidents": [
        {
            "date_from": "2020-08-10",
            "place": "Akrestsina, Minsk",
            "violation_types": ["arbitrary_detention"],
        }
    ],
    "narrative": "Мяне затрымалі 10 жніўня каля метро.",
}


class Cli:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.vault = folder / "vault"
        self.passphrase_file = folder / "pass"
        self.passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable, "-m", "app", "--vault", str(self.vault),
            "--passphrase-file", str(self.passphrase_file), *args,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run("--json", *args).stdout)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("cli"))
    created = cli.json("init", "--kdf-floor")
    assert len(created["recovery_key"].replace("-", "")) >= 25
    cli.recovery_key = created["recovery_key"]  # type: ignore[attr-defined]  # test-only note
    return cli


def test_records_round_trip_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    case = cli.json("case", "add", "--title", "Akrestsina August 2020", "--region", "Minsk")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY, ensure_ascii=False), encoding="utf-8")
    added = cli.json("testimony", "add", "--case", case["id"][:8], "--from-json", str(source))
    shown = cli.json("testimony", "show", added["id"])
    assert shown["narrative"] == TESTIMONY["narrative"]
    assert shown["consent"]["share_with_platform"] is True
    assert shown["person"]["code"] == "W-017"
    listed = cli.json("testimony", "list", "--case", case["id"])
    assert [t["id"] for t in listed] == [added["id"]]
    hits = cli.json("search", "жніўня")
    assert any(h["testimony_id"] == added["id"] for h in hits)
    codes_only = cli.json("person", "list")
    assert all("full_name" not in p for p in codes_only)


def test_attach_prints_sha256_and_check_is_clean(cli: Cli, tmp_path: Path) -> None:
    case = cli.json("case", "add", "--title", "Attachments")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    testimony = cli.json("testimony", "add", "--case", case["id"], "--from-json", str(source))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\xff\xd9")
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    out = cli.run("--json", "attach", testimony["id"], str(photo), str(empty)).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["sha256"] for r in rows] == [
        hashlib.sha256(photo.read_bytes()).hexdigest(),
        hashlib.sha256(b"").hexdigest(),
    ]
    log = cli.json("custody", testimony["id"])
    assert log["verified"] is True
    assert [e["action"] for e in log["events"]].count("attachment_imported") == 2
    check = cli.json("check")
    assert check == {"ok": True, "problems": [], "cleaned": []}


def test_missing_file_is_reported_and_others_still_imported(cli: Cli, tmp_path: Path) -> None:
    case = cli.json("case", "add", "--title", "Partial")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    testimony = cli.json("testimony", "add", "--case", case["id"], "--from-json", str(source))
    good = tmp_path / "good.txt"
    good.write_text("statement", encoding="utf-8")
    result = cli.run("attach", testimony["id"], str(tmp_path / "gone.jpg"), str(good), ok=False)
    assert result.returncode == 1
    assert "gone.jpg" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(cli.json("testimony", "show", testimony["id"])["attachments"]) == 1


def test_unknown_key_in_testimony_file_is_refused_by_name(cli: Cli, tmp_path: Path) -> None:
    case = cli.json("case", "add", "--title", "Typos")
    source = tmp_path / "t.json"
    source.write_text(json.dumps({**TESTIMONY, "narative": "typo"}), encoding="utf-8")
    result = cli.run(
        "testimony", "add", "--case", case["id"], "--from-json", str(source), ok=False
    )
    assert result.returncode == 1
    assert "narative" in result.stderr


def test_wrong_passphrase_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(cli.vault), "--passphrase-file",
         str(wrong), "case", "list"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "passphrase is not correct" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_a_weak_passphrase_and_an_existing_vault(cli: Cli, tmp_path: Path) -> None:
    weak = tmp_path / "weak"
    weak.write_text("short\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(tmp_path / "v"), "--passphrase-file",
         str(weak), "init", "--kdf-floor"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "too short" in result.stderr
    assert not (tmp_path / "v" / "keyslots").exists()
    again = cli.run("init", "--kdf-floor", ok=False)
    assert again.returncode == 1
    assert "already holds a vault" in again.stderr


def test_passwd_rewraps_and_recovery_key_still_opens(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    created = cli.json("init", "--kdf-floor")
    case = cli.json("case", "add", "--title", "Before the change")
    new_file = tmp_path / "new"
    new_file.write_text("a different long passphrase 7\n", encoding="utf-8")
    cli.run("passwd", "--new-passphrase-file", str(new_file))
    assert cli.run("case", "list", ok=False).returncode == 1  # the old passphrase is gone
    cli.passphrase_file.write_text("a different long passphrase 7\n", encoding="utf-8")
    assert [c["id"] for c in cli.json("case", "list")] == [case["id"]]
    cli.passphrase_file.write_text(created["recovery_key"] + "\n", encoding="utf-8")
    assert [c["id"] for c in cli.json("case", "list")] == [case["id"]]
    events = [e["action"] for e in cli.json("custody", "vault")["events"]]
    assert "key_changed" in events
