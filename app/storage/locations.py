"""Where a vault lives by default: the platform's per-user data folder.

Any other folder (an encrypted USB stick, for example) can be chosen instead; this is
only the default offered on first start. Pure computation, any thread.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from app.platform.paths import user_data_root

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
    Evidence Vault/vault``; Windows: ``%LOCALAPPDATA%\\Evidence Vault\\vault`` (not the
    roaming ``%APPDATA%``, which a domain profile copies to a server at sign-out).
    """
    platform = sys.platform if platform is None else platform
    base = user_data_root(system=platform, environ=environ, home=home)
    return base / (XDG_FOLDER if platform not in ("win32", "darwin") else APP_FOLDER) / "vault"
