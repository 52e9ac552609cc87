"""The vault folder: create, unlock, lock, passphrase change, single-process access."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.custody import VAULT_CHAIN, events
from app.crypto.kdf import FLOOR
from app.crypto.recovery import RecoveryKey
from app.errors import (
    NotFoundError,
    PassphraseRejectedError,
    UnsupportedVersionError,
    VaultExistsError,
    VaultInUseError,
    VaultLockedError,
    WrongPassphraseError,
)
from app.storage.migrations import latest_version
from app.storage.vault import Vault
from tests.owner_only import is_owner_only

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RecoveryKey]:
    """One vault created per module (Argon2id at the floor); tests work on copies."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    vault, recovery = Vault.create(folder, PASSPHRASE, params=FLOOR)
    vault.lock()
    return folder, recovery


@pytest.fixture
def folder(template: tuple[Path, RecoveryKey], tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(template[0], copy)
    return copy


@pytest.fixture
def vault(folder: Path) -> Iterator[Vault]:
    with Vault.unlock(folder, PASSPHRASE) as opened:
        yield opened


def _fingerprint(folder: Path) -> dict[str, str]:
    """Content hash of every file, to show an operation changed nothing."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


def test_created_vault_layout_and_modes(template: tuple[Path, RecoveryKey]) -> None:
    folder, _ = template
    assert is_owner_only(folder)
    assert is_owner_only(folder / "blobs")
    for name in ("keyslots", "vault.db", "lock"):
        assert is_owner_only(folder / name), name
    assert not (folder / "vault.db-wal").exists() or (folder / "vault.db-wal").stat().st_size == 0


def test_unlock_with_passphrase_and_recovery_key(
    folder: Path, template: tuple[Path, RecoveryKey]
) -> None:
    with Vault.unlock(folder, PASSPHRASE) as vault:
        row = vault.connection.execute("SELECT public_key FROM device").fetchone()
        assert bytes(row[0]) == vault.device.public_key.raw
        assert vault.connection.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        fingerprint = vault.device.fingerprint
        # Storage writes no domain records: the layer above logs the creation.
        assert events(vault.connection, VAULT_CHAIN) == []
    with Vault.unlock(folder, template[1].formatted()) as vault:
        assert vault.device.fingerprint == fingerprint


def test_wrong_passphrase_changes_nothing(folder: Path) -> None:
    before = _fingerprint(folder)
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(folder, "not the passphrase")
    assert _fingerprint(folder) == before
    Vault.unlock(folder, PASSPHRASE).lock()  # and the lock was released


def test_lock_drops_keys_and_refuses_use(folder: Path) -> None:
    vault = Vault.unlock(folder, PASSPHRASE)
    blobs = vault.blobs
    written = blobs.write(io.BytesIO(b"evidence"))
    vault.lock()
    assert vault.is_locked
    assert vault._keys is None and vault._device is None and vault._connection is None
    for name in ("connection", "blobs", "device", "folder"):
        with pytest.raises(VaultLockedError):
            getattr(vault, name)
    with pytest.raises(VaultLockedError):
        blobs.open(written.blob_id)  # a reference kept from before cannot decrypt either
    with pytest.raises(VaultLockedError):
        vault.change_passphrase(PASSPHRASE, "another passphrase")
    vault.lock()  # twice is fine


def test_context_manager_locks(folder: Path) -> None:
    with Vault.unlock(folder, PASSPHRASE) as vault:
        pass
    assert vault.is_locked


def test_create_refuses_an_existing_vault(folder: Path) -> None:
    before = _fingerprint(folder)
    with pytest.raises(VaultExistsError):
        Vault.create(folder, "another passphrase", params=FLOOR)
    assert _fingerprint(folder) == before


def test_create_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    documents.chmod(0o755)
    (documents / "letter.txt").write_text("private")
    before = documents.stat().st_mode
    with pytest.raises(VaultExistsError, match="already contains files"):
        Vault.create(documents, PASSPHRASE, params=FLOOR)
    assert documents.stat().st_mode == before  # a folder of other files is left alone
    assert sorted(p.name for p in documents.iterdir()) == ["letter.txt"]


def test_create_in_an_empty_existing_folder(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    stick.chmod(0o755)
    (stick / ".hidden-by-the-os").write_text("")
    vault, recovery = Vault.create(stick, PASSPHRASE, params=FLOOR)
    vault.lock()
    assert is_owner_only(stick)
    Vault.unlock(stick, recovery.formatted()).lock()


def test_rejected_passphrase_leaves_no_vault(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    with pytest.raises(PassphraseRejectedError):
        Vault.create(folder, "", params=FLOOR)
    assert not (folder / "keyslots").exists() and not (folder / "vault.db").exists()


def test_failed_creation_leaves_no_half_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.storage.vault as vault_module
    from app.errors import StorageError

    def disk_full(path: Path, slots: object) -> None:
        raise StorageError("Cannot write keyslots: No space left on device")

    folder = tmp_path / "new"
    monkeypatch.setattr(vault_module, "write_keyfile", disk_full)
    with pytest.raises(StorageError):
        Vault.create(folder, PASSPHRASE, params=FLOOR)
    assert sorted(p.name for p in folder.iterdir()) == ["lock"]
    monkeypatch.undo()
    Vault.create(folder, PASSPHRASE, params=FLOOR)[0].lock()  # the same folder works now


def test_no_vault_in_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no vault"):
        Vault.unlock(tmp_path / "nowhere", PASSPHRASE)
    with pytest.raises(NotFoundError, match="no vault"):
        Vault.unlock(tmp_path, PASSPHRASE)


@pytest.mark.parametrize("missing", ["vault.db", "keyslots"])
def test_missing_part_is_named_and_nothing_lost(folder: Path, missing: str) -> None:
    aside = folder.parent / "aside"
    (folder / missing).rename(aside)
    before = _fingerprint(folder)
    with pytest.raises(NotFoundError, match=missing):
        Vault.unlock(folder, PASSPHRASE)
    assert _fingerprint(folder) == before  # no empty database created in its place
    aside.rename(folder / missing)
    Vault.unlock(folder, PASSPHRASE).lock()


def test_second_opener_is_refused(vault: Vault) -> None:
    with pytest.raises(VaultInUseError):
        Vault.unlock(vault.folder, PASSPHRASE)
    program = (
        "import sys\n"
        "from app.storage.vault import Vault\n"
        "from app.errors import VaultInUseError\n"
        "try:\n"
        "    Vault.unlock(sys.argv[1], sys.stdin.readline().rstrip('\\n'))\n"
        "except VaultInUseError as error:\n"
        "    print('refused:', error)\n"
        "else:\n"
        "    print('opened')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(vault.folder)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("refused: This vault is already open"), done.stderr


def test_other_process_may_open_after_lock(folder: Path) -> None:
    Vault.unlock(folder, PASSPHRASE).lock()
    program = (
        "import sys\nfrom app.storage.vault import Vault\n"
        "Vault.unlock(sys.argv[1], sys.stdin.readline().rstrip('\\n')).lock()\nprint('opened')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(folder)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "opened", done.stderr


def test_change_passphrase(folder: Path, template: tuple[Path, RecoveryKey]) -> None:
    with Vault.unlock(folder, PASSPHRASE) as vault:
        vault.change_passphrase(PASSPHRASE, "a new passphrase")
        assert events(vault.connection, VAULT_CHAIN) == []  # the session logs key changes
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(folder, PASSPHRASE)
    Vault.unlock(folder, "a new passphrase").lock()
    # The recovery key still opens, and can reset a forgotten passphrase.
    with Vault.unlock(folder, template[1].formatted()) as vault:
        vault.change_passphrase(template[1].formatted(), "third passphrase")
    Vault.unlock(folder, "third passphrase").lock()


def test_wrong_current_passphrase_records_nothing(vault: Vault) -> None:
    before = (vault.folder / "keyslots").read_bytes()
    with pytest.raises(WrongPassphraseError):
        vault.change_passphrase("wrong", "a new passphrase")
    assert (vault.folder / "keyslots").read_bytes() == before
    assert events(vault.connection, VAULT_CHAIN) == []


def test_unlock_removes_unfinished_imports(folder: Path) -> None:
    sub = folder / "blobs" / "7f"
    sub.mkdir(mode=0o700)
    leftover = sub / ("7f" + "0" * 30 + ".partial")
    leftover.write_bytes(b"half an import")
    with Vault.unlock(folder, PASSPHRASE) as vault:
        assert len(vault.cleaned) == 1 and "7f" + "0" * 30 in vault.cleaned[0]
    assert not leftover.exists()


def test_newer_vault_is_refused_and_released(folder: Path) -> None:
    with Vault.unlock(folder, PASSPHRASE) as vault:
        vault.connection.execute(f"PRAGMA user_version = {latest_version() + 5}")
    with pytest.raises(UnsupportedVersionError):
        Vault.unlock(folder, PASSPHRASE)
    with pytest.raises(UnsupportedVersionError):  # not VaultInUseError: the lock was let go
        Vault.unlock(folder, PASSPHRASE)
