"""A recovery key typed with a mistake is answered with the group to check, not with
"the passphrase is not correct"; in a real process, on a real vault."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import CliVault, evidence_vault


def _typo_in_group(key: str, number: int) -> str:
    groups = key.split("-")
    group = groups[number - 1]
    swapped = group[1] + group[0] + group[2:] if group[0] != group[1] else group[:4] + (
        "0" if group[4] != "0" else "1"
    )
    groups[number - 1] = swapped
    return "-".join(groups)


def test_the_cli_names_the_group(sealed_vault: CliVault, tmp_path: Path) -> None:
    secret = tmp_path / "typed"
    secret.write_text(_typo_in_group(sealed_vault.made["recovery_key"], 5) + "\n",
                      encoding="utf-8")  # fmt: skip
    options = ["--vault", str(sealed_vault.vault), "--passphrase-file", str(secret)]
    text = evidence_vault("case", "list", *options)
    assert text.returncode == 1 and text.stdout == ""
    assert text.stderr == (
        "evidence-vault: Group 5 of the recovery key has a typing mistake: check it.\n"
    )
    as_json = evidence_vault("case", "list", "--json", *options)
    assert as_json.returncode == 1
    assert json.loads(as_json.stderr) == {
        "error": "RecoveryKeyTypoError",
        "message": "Group 5 of the recovery key has a typing mistake: check it.",
    }
    # passwd takes the recovery key as the current secret: the same answer.
    new = tmp_path / "new"
    new.write_text("a different long passphrase 7\n", encoding="utf-8")
    changed = evidence_vault("passwd", "--new-passphrase-file", str(new), *options)
    assert changed.returncode == 1
    assert "Group 5 of the recovery key" in changed.stderr
    # The key as printed still opens the vault.
    secret.write_text(sealed_vault.made["recovery_key"].lower().replace("-", " ") + "\n",
                      encoding="utf-8")  # fmt: skip
    assert evidence_vault("case", "list", *options).returncode == 0
