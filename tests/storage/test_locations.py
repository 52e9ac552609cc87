"""The default vault folder on each platform."""

from __future__ import annotations

from pathlib import Path

from app.storage.locations import default_vault_folder

HOME = Path("/home/documenter")


def test_linux_uses_xdg_data_home() -> None:
    assert default_vault_folder(
        platform="linux", environ={"XDG_DATA_HOME": "/data/me"}, home=HOME
    ) == Path("/data/me/evidence-vault/vault")


def test_linux_default_and_relative_xdg_ignored() -> None:
    expected = HOME / ".local/share/evidence-vault/vault"
    assert default_vault_folder(platform="linux", environ={}, home=HOME) == expected
    assert default_vault_folder(
        platform="linux", environ={"XDG_DATA_HOME": "relative/path"}, home=HOME
    ) == expected


def test_macos() -> None:
    assert default_vault_folder(platform="darwin", environ={}, home=HOME) == (
        HOME / "Library/Application Support/Evidence Vault/vault"
    )


def test_windows_uses_local_appdata_not_roaming() -> None:
    folder = default_vault_folder(
        platform="win32",
        environ={
            "APPDATA": "C:/Users/d/AppData/Roaming",
            "LOCALAPPDATA": "C:/Users/d/AppData/Local",
        },
        home=HOME,
    )
    assert folder.parts[-3:] == ("Local", "Evidence Vault", "vault")
    assert str(folder).startswith("C:/Users/d/AppData/Local")
    fallback = default_vault_folder(platform="win32", environ={}, home=HOME)
    assert fallback == HOME / "AppData/Local/Evidence Vault/vault"


def test_current_platform_gives_an_absolute_path() -> None:
    assert default_vault_folder().is_absolute()
