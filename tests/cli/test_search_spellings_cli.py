"""``evidence-vault search`` finds a name in either spelling and says when a hit holds it
only in the other one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "quiet river under seven bridges"


def _run(folder: Path, *args: str) -> str:
    command = [
        sys.executable, "-m", "app", "--vault", str(folder / "vault"),
        "--passphrase-file", str(folder / "pass"), *args,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_search_names_the_spelling_it_matched(tmp_path: Path) -> None:
    (tmp_path / "pass").write_text(PASSPHRASE + "\n", encoding="utf-8")
    _run(tmp_path, "--json", "init", "--kdf-floor")
    belarusian = json.loads(_run(tmp_path, "--json", "case", "add", "--title", "Акрэсціна"))
    russian = json.loads(_run(tmp_path, "--json", "case", "add", "--title", "Окрестина"))
    hits = {h["case_id"]: h for h in json.loads(_run(tmp_path, "--json", "search", "Окрестина"))}
    assert set(hits) == {belarusian["id"], russian["id"]}
    assert hits[belarusian["id"]]["matched"] == [{"found": "Акрэсціна", "typed": "Окрестина"}]
    assert hits[russian["id"]]["matched"] == []
    text = _run(tmp_path, "search", "Окрестина").splitlines()
    [line] = [line for line in text if belarusian["id"] in line]
    assert line.endswith("[Акрэсціна]  (matched «Акрэсціна» for «Окрестина»)")
    [other] = [line for line in text if russian["id"] in line]
    assert "matched" not in other
