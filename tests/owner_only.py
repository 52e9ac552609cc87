"""Whether a file or folder is readable by its owner alone, asked the way each system
keeps it, so the tests that check the vault's privacy hold on Windows and macOS too.

Linux and macOS: the mode (0700 for a folder, 0600 for a file). Windows ignores modes:
the ACL ``icacls`` lists must name the current user alone, with full control, whether
set on the entry or inherited from its protected folder. (Tests that assert a mode
directly assume Linux; they use :func:`is_owner_only` instead.)
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

Run = Callable[[list[str]], str]


def _icacls(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, errors="replace", check=True)
    return done.stdout


def acl_entries(output: str, path: str) -> list[tuple[str, str]]:
    """``(account, rights)`` of each entry in ``icacls PATH``'s output."""
    entries = []
    for line in output.splitlines():
        text = line.removeprefix(path).strip() if line.startswith(path) else line.strip()
        if not text or text.startswith("Successfully processed"):
            continue
        account, separator, rights = text.partition(":(")
        if separator:
            entries.append((account, "(" + rights))
    return entries


def is_owner_only(
    path: Path,
    *,
    system: str | None = None,
    run: Run | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """``path`` is readable and writable by the current user alone."""
    if (system or sys.platform) != "win32":
        wanted = 0o700 if path.is_dir() else 0o600
        return stat.S_IMODE(path.stat().st_mode) == wanted
    environ = os.environ if environ is None else environ
    user = environ.get("USERNAME", "")
    domain = environ.get("USERDOMAIN", "")
    entries = acl_entries((run or _icacls)(["icacls", str(path)]), str(path))
    accounts = {account.lower() for account, _rights in entries}
    names = {user.lower(), f"{domain}\\{user}".lower()}
    return bool(entries) and accounts <= names and all("(F)" in r for _a, r in entries)
