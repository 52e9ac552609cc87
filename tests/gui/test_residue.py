"""After a GUI session (import, view, record, play, seal, export, lock), canaries typed
into fields and embedded in media are found nowhere on disk: not in the private home,
temp, Qt cache/config or data folders, not in the vault folder (everything there is
ciphertext), and not in the exported package on the stick. The package itself opens with
the platform's key and the canary is inside: the scan would have found it in plaintext."""

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
    stick = tmp_path / "stick"  # where the package goes: scanned, ciphertext only
    for folder in (home, temp, source, stick):
        folder.mkdir()
    # The platform's key stays outside the session's folders, as on the platform's side.
    identity = tmp_path / "platform.key"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()
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
        [sys.executable, "-m", "tests.gui.residue_session", canary, str(source), recipient,
         str(stick)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
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
    assert _hits(stick, needles) == []

    # Exactly the package the window reported, and nothing half-written beside it.
    [line] = [text for text in done.stdout.splitlines() if text.startswith("exported ")]
    package = stick / line.split(" ", 1)[1]
    assert [p.name for p in stick.iterdir()] == [package.name]
    # Decrypted into memory only: the plaintext bag never touches the disk.
    bag = subprocess.run(
        ["age", "-d", "-i", str(identity), str(package)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    assert bag[257:262] == b"ustar"  # a tar archive inside
    # The typed narrative and the photo's and recording's bytes all travelled.
    assert bag.count(canary.encode()) >= 20 + 8 + 4
