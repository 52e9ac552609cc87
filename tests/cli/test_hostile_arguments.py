"""Odd input to the command line gets a clear error, never "Internal error": a 5000-digit
number in a testimony file, a FIFO given as the package, an unpack folder that is a
dangling symlink. And text that should not sit in argv (case titles, search words) can
come from a file or standard input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.support import TESTIMONY, CliVault
from tests.system_probes import special_file


def test_a_huge_integer_in_the_testimony_file_is_a_clear_error(
    sealed_vault: CliVault, tmp_path: Path
) -> None:
    source = tmp_path / "testimony.json"
    huge = '"extra": ' + "9" * 5000 + ', "incidents": ['
    text = json.dumps(TESTIMONY).replace('"incidents": [', huge)
    source.write_text(text)
    case = sealed_vault.made["case"]
    result = sealed_vault.run(
        "testimony", "add", "--case", case, "--from-json", str(source), ok=False
    )
    assert result.returncode == 1, result.stderr
    assert "Internal error" not in result.stderr and "number" in result.stderr, result.stderr


def test_a_fifo_given_as_the_package_is_a_clear_error(
    sealed_vault: CliVault, tmp_path: Path
) -> None:
    fifo = special_file(tmp_path)  # a FIFO, or Windows's NUL device (tests/system_probes.py)
    identity = sealed_vault.made["identity"]
    result = sealed_vault.run("verify", str(fifo), "--identity", identity, ok=False)
    assert result.returncode == 1
    assert "not a regular file" in result.stderr, result.stderr
    result = sealed_vault.run("package", "import", str(fifo), ok=False)  # never blocks
    assert result.returncode == 1 and "not a regular file" in result.stdout, result


def test_a_dangling_symlink_as_the_unpack_folder_is_a_clear_error(
    sealed_vault: CliVault, tmp_path: Path
) -> None:
    dangling = tmp_path / "out"
    dangling.symlink_to(tmp_path / "nowhere" / "deeper")
    result = sealed_vault.run(
        "verify", sealed_vault.made["package_file"], "--identity", sealed_vault.made["identity"],
        "--trusted-signers", sealed_vault.made["allowed_signers"], "--unpack", str(dangling),
        ok=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Internal error" not in result.stderr
    assert "symbolic link" in result.stderr, result.stderr
    assert not (tmp_path / "nowhere").exists()


def _with_stdin(cli: CliVault, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, *cli.globals()],
        input=text, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_case_text_and_search_words_come_from_a_file_or_stdin(
    sealed_vault: CliVault, tmp_path: Path
) -> None:
    title = tmp_path / "title.txt"
    title.write_text("Okrestina, August 2020\n")
    case = sealed_vault.json("case", "add", "--title-file", str(title))
    assert case["title"] == "Okrestina, August 2020"
    values = tmp_path / "case.json"
    values.write_text(json.dumps({"title": "Hrodna", "region": "Hrodna", "description": "D"}))
    case = sealed_vault.json("case", "add", "--from-json", str(values))
    assert (case["title"], case["region"], case["description"]) == ("Hrodna", "Hrodna", "D")
    done = _with_stdin(
        sealed_vault, "Brest sessions\n", "--json", "case", "add", "--title-file", "-"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Brest sessions"

    words = tmp_path / "words.txt"
    words.write_text("Okrestina\n")
    hits = sealed_vault.json("search", "--from-file", str(words))
    assert [h["case_id"] for h in hits if h["testimony_id"] is None]
    done = _with_stdin(sealed_vault, "Brest", "--json", "search", "--from-file", "-")
    assert done.returncode == 0 and json.loads(done.stdout), done.stderr
    result = sealed_vault.run("case", "add", ok=False)
    assert result.returncode == 2  # a title is still required, one way or another
