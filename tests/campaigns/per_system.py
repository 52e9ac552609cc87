"""What the campaigns do differently on Linux, macOS and Windows, in one place.

The crash campaigns kill a child as hard as the system allows and check it was that kill
that ended it; the residue campaign points every folder a program may write to into the
test's own area and then scans, besides those folders, what cannot be redirected there.
The hosted workflow runs the campaigns on each system (``EVIDENCE_VAULT_CAMPAIGN_SYSTEM``
names it there); every branch is exercised on Linux by ``test_per_system.py`` with the
system imitated.

- Killing: SIGKILL on Linux and macOS (the process gets no chance to run anything), and
  ``TerminateProcess`` on Windows, which Python's ``Popen.kill`` calls with exit code 1;
  a child that ended by itself exits 0 or with a traceback's 1 only after printing it,
  which the campaigns tell apart by its stderr.
- Folders: HOME, TMPDIR and the XDG folders on Linux; on macOS also HOME (Qt and Python
  follow it for ``~/Library``); on Windows USERPROFILE, APPDATA, LOCALAPPDATA, TEMP and TMP.
- What cannot be redirected: on macOS the real ``~/Library`` preference, cache and saved
  state files changed during the session (CFPreferences and AppKit use the account's home,
  not HOME); on Windows the current user's registry keys a Qt or Python program writes
  (exported with ``reg export`` to text the scan reads). Linux has none.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Registry keys under HKEY_CURRENT_USER that a Qt program (QSettings, file dialogs) or the
# keyring could write to; the scan exports each that exists.
WINDOWS_REGISTRY_KEYS = (
    r"HKCU\Software\evidence-vault",
    r"HKCU\Software\notes",
    r"HKCU\Software\QtProject",
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\ComDlg32",
)
# ~/Library folders whose files a macOS program writes without asking.
MACOS_LIBRARY_FOLDERS = ("Preferences", "Caches", "Saved Application State")


def system() -> str:
    """'linux', 'darwin' or 'win32': the hosted workflow's name for the runner if given."""
    named = os.environ.get("EVIDENCE_VAULT_CAMPAIGN_SYSTEM", "").lower()
    return {"linux": "linux", "macos": "darwin", "windows": "win32"}.get(named, sys.platform)


def hard_kill(child: subprocess.Popen[Any], platform: str | None = None) -> None:
    """End ``child`` at once, without letting it run any clean-up."""
    if (platform or sys.platform) == "win32":
        child.kill()  # TerminateProcess(handle, 1)
    else:
        child.send_signal(signal.SIGKILL)


def ended_by_hard_kill(
    returncode: int | None, errors: str = "", platform: str | None = None
) -> bool:
    """Whether the kill ended the child (not the child itself, before the kill came)."""
    if (platform or sys.platform) == "win32":
        # Exit code 1 is also a traceback's: the child printed one if it failed.
        return returncode == 1 and "Traceback" not in errors
    return returncode == -signal.SIGKILL


def redirected_env(root: Path, base: dict[str, str], platform: str | None = None) -> dict[str, str]:
    """``base`` with the system's own per-user folders pointed into ``root`` (made here)."""
    env = dict(base)
    if (platform or sys.platform) == "win32":
        for name, sub in (("USERPROFILE", "home"), ("APPDATA", "config"),
                          ("LOCALAPPDATA", "data"), ("TEMP", "tmp"), ("TMP", "tmp")):  # fmt: skip
            folder = root / sub
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
    return env


def unredirectable_files(
    since: float,
    scratch: Path,
    platform: str | None = None,
    home: Path | None = None,
    run: Callable[[list[str]], int] | None = None,
) -> list[Path]:
    """Files holding what a session may have written outside the redirected folders:
    macOS ``~/Library`` files modified since ``since``; on Windows a text export of the
    registry keys above, written into ``scratch``. ``home`` and ``run`` (runs a command,
    returns its exit code) are for imitating a system in tests."""
    platform = platform or sys.platform
    if platform == "darwin":
        library = (home or Path(os.path.expanduser("~"))) / "Library"
        found = []
        for name in MACOS_LIBRARY_FOLDERS:
            folder = library / name
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                try:
                    if path.is_file() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    continue  # removed or unreadable meanwhile: nothing to scan
        return found
    if platform == "win32":
        runner = run or (lambda argv: subprocess.run(argv, capture_output=True).returncode)
        exports = []
        for number, key in enumerate(WINDOWS_REGISTRY_KEYS):
            target = scratch / f"registry-{number}.reg"
            # reg export answers 1 when the key does not exist: nothing written, nothing
            # to scan.
            if runner(["reg", "export", key, str(target), "/y"]) == 0 and target.is_file():
                exports.append(target)
        return exports
    return []
