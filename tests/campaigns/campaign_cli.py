"""The command line as a user runs it, for the hostile-file and residue campaigns.

Every run gets HOME, TMPDIR and the XDG folders pointed into the test's own area, so a
campaign can scan those folders afterwards for anything the program left there. The
passphrase travels in a file, never argv or the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from per_system import redirected_env

AREAS = ("home", "tmp", "cache", "config", "data", "state", "runtime")


def isolated_env(root: Path) -> dict[str, str]:
    """An environment whose home, temp and XDG folders all live under ``root``."""
    for area in AREAS:
        (root / area).mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("XDG_") and key not in ("HOME", "TMPDIR", "TEMP", "TMP")
    }
    env.update(
        HOME=str(root / "home"),
        TMPDIR=str(root / "tmp"),
        XDG_CACHE_HOME=str(root / "cache"),
        XDG_CONFIG_HOME=str(root / "config"),
        XDG_DATA_HOME=str(root / "data"),
        XDG_STATE_HOME=str(root / "state"),
        XDG_RUNTIME_DIR=str(root / "runtime"),
        PYTHONDONTWRITEBYTECODE="1",  # no .pyc files appearing under the scanned folders
    )
    return redirected_env(root, env)  # and Windows' own per-user folders


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its size and modification time (ns)."""
    found: dict[str, tuple[int, int]] = {}
    for path in folder.rglob("*"):
        info = path.lstat()
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


@dataclass
class CampaignCli:
    root: Path  # holds the isolated home/temp/XDG folders
    vault: Path
    passphrase_file: Path

    @classmethod
    def prepare(cls, root: Path, passphrase: str) -> CampaignCli:
        root.mkdir(parents=True, exist_ok=True)
        secret = root / "secret"
        secret.write_text(passphrase + "\n", encoding="utf-8")
        secret.chmod(0o600)
        return cls(root, root / "vault", secret)

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable, "-m", "app", "--vault", str(self.vault),
            "--passphrase-file", str(self.passphrase_file), *args,
        ]  # fmt: skip
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=300,
            env=isolated_env(self.root),
            cwd=self.root / "home",
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run("--json", *args).stdout)

    def json_lines(self, *args: str) -> list[Any]:
        return [json.loads(line) for line in self.run("--json", *args).stdout.splitlines() if line]
