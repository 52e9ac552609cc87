"""A real vault driven through the real CLI, for the tests of the command line as a whole.

The vault uses the Argon2id floor (``init --kdf-floor``) and a passphrase file, as the
other CLI tests do; every call is a new process, as a user or a script runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSPHRASE = "correct horse battery staple 42"

TESTIMONY = {
    "person": {"code": "W-021", "role": "witness"},
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


def evidence_vault(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=timeout
    )


@dataclass
class CliVault:
    """A vault folder, its passphrase file, and what was made in it by name."""

    folder: Path
    made: dict[str, str] = field(default_factory=dict)

    @property
    def vault(self) -> Path:
        return self.folder / "vault"

    @property
    def passphrase_file(self) -> Path:
        return self.folder / "pass"

    def globals(self) -> list[str]:
        return ["--vault", str(self.vault), "--passphrase-file", str(self.passphrase_file)]

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        # The global options after the command: accepted there as well as before it.
        result = evidence_vault(*args, *self.globals())
        if ok:
            assert result.returncode == 0, (args, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)


def build_sealed_vault(folder: Path) -> CliVault:
    """A vault with a case, a testimony with a file, sealed and exported to a package
    for a recipient whose identity is kept in a file (and in the vault)."""
    cli = CliVault(folder)
    cli.passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    cli.made["recovery_key"] = cli.json("init", "--kdf-floor")["recovery_key"]
    cli.made["case"] = cli.json("case", "add", "--title", "Akrestsina August 2020")["id"]
    source = folder / "testimony.json"
    source.write_text(json.dumps(TESTIMONY, ensure_ascii=False), encoding="utf-8")
    cli.made["testimony_file"] = str(source)
    testimony = cli.json("testimony", "add", "--case", cli.made["case"], "--from-json",
                         str(source))
    cli.made["testimony"] = testimony["id"]
    note = folder / "note.txt"
    note.write_text("a statement on paper, scanned\n", encoding="utf-8")
    cli.made["note"] = str(note)
    cli.run("attach", testimony["id"], str(note))
    cli.run("seal", testimony["id"])
    identity = folder / "platform.key"
    recipient = cli.json("keys", "new-recipient", "--out", str(identity), "--keep")
    cli.made["identity"] = str(identity)
    cli.made["recipient"] = recipient["public_key"]
    cli.run("settings", "set", "platform-recipient", recipient["public_key"])
    signers = folder / "allowed_signers"
    signers.write_text(cli.run("keys", "export-public").stdout, encoding="utf-8")
    cli.made["allowed_signers"] = str(signers)
    stick = folder / "stick"
    stick.mkdir()
    exported = cli.json("export", testimony["id"], "--to", str(stick))
    cli.made["package_file"] = str(stick / exported[0]["file"])
    cli.made["package_id"] = exported[0]["package_id"]
    return cli
