"""After a GUI session, canaries typed into fields and embedded in media are found
nowhere on disk: not in the private home, temp, Qt cache/config or data folders, and not
in the vault folder either (everything there is ciphertext)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _hits(folder: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(str(path.relative_to(folder)))
    return found


def test_no_residue_after_a_session(tmp_path: Path) -> None:
    canary = "CANARY" + secrets.token_hex(8)
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    source = tmp_path / "source"  # where the photo came from (a stick): not scanned
    for folder in (home, temp, source):
        folder.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(temp),
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.residue_session", canary, str(source)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "session done" in done.stdout
    vault = home / ".local" / "share" / "evidence-vault" / "vault"
    assert (vault / "keyslots").is_file()  # the session really used the default folder
    assert canary not in done.stderr  # nor in what the program printed
    needles = [canary.encode("utf-8"), canary.encode("utf-16-le"), canary[:8].encode()]
    assert _hits(source, needles) == ["photo.jpg"]  # the scan can find a canary
    assert _hits(home, needles) == []
    assert _hits(temp, needles) == []
