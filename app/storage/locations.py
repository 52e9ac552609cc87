"""Where a vault lives by default: the platform's per-user data folder.

Any other folder (an encrypted USB stick, for example) can be chosen instead; this is
only the default offered on first start. Pure computation, any thread.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_FOLDER = "Evidence Vault"
XDG_FOLDER = "evidence-vault"


def default_vault_folder(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """The default vault folder for ``platform`` (``sys.platform`` by default).

    Linux and other Unix: ``$XDG_DATA_HOME/evidence-vault/vault`` or
    ``~/.local/share/evidence-vault/vault``; macOS: ``~/Library/Application Support/
    Evidence Vault/vault``; Windows: ``%APPDATA%\\Evidence Vault\\vault``.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform == "win32":
        appdata = environ.get("APPDATA")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
        return base / APP_FOLDER / "vault"
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER / "vault"
    xdg = environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / XDG_FOLDER / "vault"
