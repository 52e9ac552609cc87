"""The README's documenter command lines, run as written, in a fresh ``bash``.

The shell block is read from README.md (the one that starts with ``scripts/run init``)
and its lines are run unchanged, so the test fails when the README drifts from the
program. What the test adds around them: ``set -euo pipefail``; a temporary vault and a
passphrase file, given to the real ``scripts/run`` by a shell function of the same name
(``--vault`` and ``--passphrase-file`` go before any command); the files the block names
(``testimony.json`` is the README's own smallest valid file, ``photo.jpg`` a small JPEG
with EXIF, ``interview.m4a`` a few bytes of an MPEG-4 audio header); and checks after
it. Lines that need what a test machine does not have are left out by ``EXCLUDED``,
each with its reason; the test fails if one of them is no longer in the block.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from app.selftest import generated_image

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PASSPHRASE = "a long documenter passphrase 2024"

EXCLUDED = {
    "scripts/run settings set platform-recipient age1...":
        "age1... stands for the platform's public key, which the platform gives out",
    'scripts/run export "$testimony" --to /media/stick':
        "/media/stick stands for a USB stick, and the export needs the platform's key",
    "scripts/run sync profile import platform-profile.json":
        "needs a profile file from a platform's intake server",
    "scripts/run sync":
        "needs a running platform (tests/sync and tests/campaigns/test_residue.py run it)",
}


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def _documenter_block(text: str) -> list[str]:
    found = [b for b in _blocks(text, "sh") if b.startswith("scripts/run init")]
    assert len(found) == 1, "README.md has no single shell block starting with scripts/run init"
    return [line for line in found[0].splitlines() if line.strip()]


def _command(line: str) -> str:
    """The line without its trailing comment (no line of the block quotes a " #")."""
    return line.split(" #", 1)[0].rstrip()


def _smallest_testimony(text: str) -> str:
    after = text.split("The smallest\nvalid file:", 1)
    assert len(after) == 2, "README.md no longer introduces 'The smallest valid file:'"
    block = _blocks(after[1], "json")[0]
    json.loads(block)  # the README's example must be JSON
    return block


def test_the_documenter_block_runs_as_written(tmp_path: Path) -> None:
    decision = subprocess.run([str(ROOT / "scripts" / "setup"), "--dry-run"],
                              capture_output=True, text=True, timeout=60, check=False).stdout
    if "nothing missing" not in decision or "up to date" not in decision:
        pytest.fail(f"this test needs an environment scripts/setup completed: {decision!r}")
    text = README.read_text(encoding="utf-8")
    lines = _documenter_block(text)
    commands = [_command(line) for line in lines]
    assert set(EXCLUDED) <= set(commands), "an excluded line is no longer in the README"
    kept = [line for line, command in zip(lines, commands, strict=True)
            if command not in EXCLUDED]
    assert kept[0].startswith("scripts/run init") and len(kept) == len(lines) - len(EXCLUDED)

    work = tmp_path / "work"
    work.mkdir()
    (work / "testimony.json").write_text(_smallest_testimony(text), encoding="utf-8")
    (work / "photo.jpg").write_bytes(generated_image())
    (work / "interview.m4a").write_bytes(
        b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom" + bytes(64))
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    vault = tmp_path / "vault"

    script = "\n".join([
        "set -euo pipefail",
        f"scripts/run() {{ {shlex.quote(str(ROOT / 'scripts' / 'run'))} "
        f"--vault {shlex.quote(str(vault))} "
        f"--passphrase-file {shlex.quote(str(passphrase_file))} \"$@\"; }}",
        "echo '--- README ---'",
        *kept,
        "echo '--- checks ---'",
        'echo "case=$case"',
        'scripts/run --json testimony show "$testimony"',
    ]) + "\n"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=work,
                          env=env, timeout=300, check=False, start_new_session=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "", done.stderr

    readme_part, checks = done.stdout.split("--- README ---\n", 1)[1].split("--- checks ---\n")
    # init printed a recovery key; attach printed one SHA-256 per file.
    assert re.search(r"([0-9A-Z]{5}-){7}[0-9A-Z]{5}", readme_part), readme_part
    for name in ("photo.jpg", "interview.m4a"):
        digest = hashlib.sha256((work / name).read_bytes()).hexdigest()
        assert digest in readme_part, (name, readme_part)
    case_line, shown = checks.split("\n", 1)
    record = json.loads(shown)
    assert case_line == f"case={record['case_id']}"
    assert record["status"] == "sealed" and record["version"] == 1
    assert record["consent"]["audio_recording"] is True
    assert sorted(a["name"] for a in record["attachments"]) == ["interview.m4a", "photo.jpg"]
    # The vault is where --vault said, nothing in the default place.
    assert (vault / "vault.db").exists()
    assert not (home / "data" / "evidence-vault").exists()
