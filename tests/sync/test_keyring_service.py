"""The keyring entry's service name under the disguise: "notes", never the program's
name, when the program runs disguised (``neutral``) or the vault's neutral title is on;
a token already stored under the program's name moves (read, write, delete) so sync
keeps finding it, and a failed move leaves the old entry in use. Keyrings here are in
memory; the OS keyring is never touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.settings import read_value, write_value
from app.storage.database import transaction
from app.storage.vault import Vault
from app.sync.profile import (
    KEYRING_SERVICE,
    NEUTRAL_KEYRING_SERVICE,
    SETTING_TOKEN_SERVICE,
    import_profile,
    require_token,
    token_store,
)

from .pki import ServerPki
from .test_profile import TOKEN, MemoryKeyring, _document
from .vaults import make_vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    vault = make_vault(tmp_path / "vault")
    yield vault  # type: ignore[misc]
    vault.lock()


def _import(vault: Vault, keyring: MemoryKeyring, pki: ServerPki, receipt_key: Path,
            *, neutral: bool = False) -> None:  # fmt: skip
    data = json.dumps(_document(pki, receipt_key)).encode()
    import_profile(vault.connection, data, keyring_backend=keyring, signer=vault.device,
                   neutral=neutral)  # fmt: skip


def test_the_program_name_is_the_service_without_the_disguise(
    vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = MemoryKeyring()
    _import(vault, keyring, platform_pki, receipt_key)
    assert [service for service, _account in keyring.entries] == [KEYRING_SERVICE]


def test_a_disguised_import_names_nothing(
    vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = MemoryKeyring()
    _import(vault, keyring, platform_pki, receipt_key, neutral=True)
    ((service, account), stored), = keyring.entries.items()
    assert service == NEUTRAL_KEYRING_SERVICE == "notes" and stored == TOKEN
    assert "evidence" not in (service + account).lower()
    # A plain launch later (the command line, say) finds it and leaves it neutral.
    assert require_token(vault.connection, keyring) == TOKEN
    assert [s for s, _a in keyring.entries] == [NEUTRAL_KEYRING_SERVICE]


def test_turning_the_disguise_on_moves_the_stored_token(
    vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = MemoryKeyring()
    _import(vault, keyring, platform_pki, receipt_key)
    ((_service, account), _token), = keyring.entries.items()
    assert require_token(vault.connection, keyring, neutral=True) == TOKEN
    assert keyring.entries == {(NEUTRAL_KEYRING_SERVICE, account): TOKEN}  # old one gone
    assert read_value(vault.connection, SETTING_TOKEN_SERVICE) == NEUTRAL_KEYRING_SERVICE
    assert require_token(vault.connection, keyring) == TOKEN


def test_the_vaults_neutral_title_disguises_the_entry_too(
    vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = MemoryKeyring()
    _import(vault, keyring, platform_pki, receipt_key)
    with transaction(vault.connection):
        write_value(vault.connection, "gui.neutral_title", "1")
    assert require_token(vault.connection, keyring) == TOKEN
    assert [s for s, _a in keyring.entries] == [NEUTRAL_KEYRING_SERVICE]


class _RefusingKeyring(MemoryKeyring):
    """Reads and deletes, but refuses to store (a locked or full keyring)."""

    refuse = False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse:
            raise RuntimeError("locked")
        super().set_password(service, username, password)


def test_a_move_the_keyring_refuses_keeps_the_old_entry_working(
    vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = _RefusingKeyring()
    _import(vault, keyring, platform_pki, receipt_key)
    keyring.refuse = True
    assert require_token(vault.connection, keyring, neutral=True) == TOKEN
    assert [s for s, _a in keyring.entries] == [KEYRING_SERVICE]
    assert read_value(vault.connection, SETTING_TOKEN_SERVICE) == KEYRING_SERVICE
    keyring.refuse = False
    assert token_store(vault.connection, keyring, neutral=True).get() == TOKEN
    assert [s for s, _a in keyring.entries] == [NEUTRAL_KEYRING_SERVICE]


def test_a_session_of_a_disguised_window_names_nothing(
    tmp_path: Path, platform_pki: ServerPki, receipt_key: Path
) -> None:
    """The window launched with --neutral marks its session; the services then name the
    keyring entry neutrally without being told at each call."""
    from app.crypto.kdf import FLOOR
    from app.services import syncing
    from app.services.session import Session

    session, _recovery = Session.create(tmp_path / "v", "a passphrase for the test", params=FLOOR)
    try:
        session.disguised = True
        profile = tmp_path / "profile.json"
        profile.write_text(json.dumps(_document(platform_pki, receipt_key)), encoding="utf-8")
        keyring = MemoryKeyring()
        syncing.import_profile_file(session, profile, keyring)
        assert [s for s, _a in keyring.entries] == [NEUTRAL_KEYRING_SERVICE]
    finally:
        session.lock()
