"""Re-key, wipe, the failed-unlock guard and the version-2 keyslot layout, on real
vaults (Argon2id at the floor to keep the tests quick)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.cases import add_case
from app.core.records import parse_case_input
from app.crypto import keyfile, keyslots
from app.crypto.kdf import FLOOR
from app.crypto.keyfile import Secret
from app.crypto.subkeys import derive_vault_keys
from app.errors import AuthenticationError, NotFoundError, WrongPassphraseError
from app.storage.blobs import BlobStore
from app.storage.database import DatabaseKeyError, open_database
from app.storage.keyslot_file import read_any
from app.storage.vault import Vault, wipe
from tests.campaigns.per_system import hard_kill

PASS = "old passphrase for the vault"
NEW = "new passphrase after the border"
CANARY = "CANARY-7f3a-after-rekey"


def _media(vault: Vault, data: bytes) -> str:
    written = vault.blobs.write(io.BytesIO(data))
    vault.blobs.release(written.blob_id)
    return written.blob_id


def test_old_keyslots_after_rekey_open_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, recovery = Vault.create(folder, PASS, params=FLOOR)
    blob_id = _media(vault, b"photo bytes" * 1000)
    old_keyslots = (folder / "keyslots").read_bytes()
    new_recovery = vault.rekey(PASS, NEW)
    add_case(vault.connection, vault.device, parse_case_input({"title": CANARY}), "t")
    vault.lock()

    # The new secrets open it, with the media and the same device.
    for secret in (NEW, new_recovery.formatted()):
        with Vault.unlock(folder, secret) as opened, opened.blobs.open(blob_id) as reader:
            assert reader.read() == b"photo bytes" * 1000
    for secret in (PASS, recovery.formatted()):
        with pytest.raises(WrongPassphraseError):
            Vault.unlock(folder, secret)

    # The old keyslot file put back: the old secrets still unwrap the OLD master key,
    # which opens neither the database nor any blob.
    (folder / "keyslots").write_bytes(old_keyslots)
    for secret in (PASS, recovery.formatted()):
        with pytest.raises(DatabaseKeyError):
            Vault.unlock(folder, secret)
        old_master = keyfile.unlock(keyfile.parse(old_keyslots), Secret.from_text(secret))
        keys = derive_vault_keys(old_master.master_key)
        with pytest.raises(DatabaseKeyError):
            open_database(folder / "vault.db", keys.database)
        with pytest.raises(AuthenticationError):
            BlobStore(folder / "blobs", keys.media).open(blob_id)
    for path in folder.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes()


def test_rekey_with_the_same_passphrase_kills_the_old_recovery_key(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, recovery = Vault.create(folder, PASS, params=FLOOR)
    new_recovery = vault.rekey(PASS, None)
    vault.lock()
    Vault.unlock(folder, PASS).lock()
    Vault.unlock(folder, new_recovery.formatted()).lock()
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(folder, recovery.formatted())


def test_version1_file_opens_and_is_migrated(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, recovery = Vault.create(folder, PASS, params=FLOOR)
    master = vault._master_key
    assert master is not None
    vault.lock()
    old = keyslots.create_keyslots(master, PASS, recovery, FLOOR)
    (folder / "keyslots").write_bytes(keyslots.serialize(old))
    # The recovery key opens a version-1 file, which stays as it is.
    Vault.unlock(folder, recovery.formatted()).lock()
    assert isinstance(read_any(folder / "keyslots"), keyslots.KeyslotFile)
    # The passphrase opens it and it is rewritten as version 2 (the old recovery slot
    # carried over verbatim): both secrets still open the vault.
    Vault.unlock(folder, PASS).lock()
    assert isinstance(read_any(folder / "keyslots"), keyfile.KeyFile)
    assert len((folder / "keyslots").read_bytes()) == keyfile.FILE_LENGTH
    Vault.unlock(folder, recovery.formatted()).lock()
    Vault.unlock(folder, PASS).lock()


def test_layout_is_fixed_whatever_is_set(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, _ = Vault.create(folder, PASS, params=FLOOR)
    plain = (folder / "keyslots").read_bytes()
    vault.set_shares_secret(b"s" * 16)
    vault.set_failed_unlock_limit(5)
    with_more = (folder / "keyslots").read_bytes()
    vault.lock()
    assert len(plain) == len(with_more) == keyfile.FILE_LENGTH
    a, b = keyfile.parse(plain), keyfile.parse(with_more)
    assert [len(s) for s in a.slots] == [len(s) for s in b.slots] == [keyfile.SLOT_LENGTH] * 8
    assert a.params == b.params
    assert b.guard == keyfile.Guard(5, 0)


def test_wipe_erases_keys_first_and_nothing_opens(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, recovery = Vault.create(folder, PASS, params=FLOOR)
    _media(vault, os.urandom(200_000))
    vault.set_shares_secret(b"k" * 16)
    vault.lock()
    slots = keyfile.parse((folder / "keyslots").read_bytes())
    times = wipe(folder)
    assert times.erase_seconds <= times.total_seconds
    for secret in (PASS, recovery.formatted(), Secret.shares(b"k" * 16)):
        with pytest.raises(NotFoundError):
            Vault.unlock(folder, secret)
    # No file left in the folder holds any slot (a wrapped master key).
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(slot in data for slot in slots.slots)
    assert not (folder / "vault.db").exists() and not (folder / "blobs").exists()


def _guard(folder: Path) -> keyfile.Guard:
    return keyfile.parse((folder / "keyslots").read_bytes()).guard


CLI = [sys.executable, "-m", "app", "--json"]


def _attempt(folder: Path, secret_file: Path, *, kill: bool) -> None:
    """One unlock attempt through the real CLI; ``kill`` SIGKILLs it once the counter
    is on disk (before the passphrase is judged)."""
    before = _guard(folder).failures
    child = subprocess.Popen(
        [*CLI, "--vault", str(folder), "--passphrase-file", str(secret_file), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).parents[2],
    )
    if kill:
        deadline = time.monotonic() + 60
        while _guard(folder).failures == before and time.monotonic() < deadline:
            time.sleep(0.002)
        hard_kill(child)  # SIGKILL; TerminateProcess on Windows
    child.wait(timeout=120)


def test_failed_unlocks_wipe_at_the_limit_even_across_kills(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    vault, _ = Vault.create(folder, PASS, params=FLOOR)
    vault.set_failed_unlock_limit(3)
    vault.lock()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    right = tmp_path / "right"
    right.write_text(PASS + "\n")
    template = tmp_path / "template"
    shutil.copytree(folder, template)

    # Two wrong attempts (one killed mid-way) do not wipe; the right one resets the count.
    _attempt(folder, wrong, kill=False)
    _attempt(folder, wrong, kill=True)
    assert _guard(folder) == keyfile.Guard(3, 2)
    Vault.unlock(folder, PASS).lock()
    assert _guard(folder) == keyfile.Guard(3, 0)

    # Three wrong ones, with kills between and during, wipe it.
    _attempt(folder, wrong, kill=True)
    _attempt(folder, wrong, kill=False)
    assert (folder / "keyslots").exists()
    _attempt(folder, wrong, kill=False)
    assert not (folder / "keyslots").exists()
    with pytest.raises(NotFoundError):
        Vault.unlock(folder, PASS)

    # A third attempt killed before its verdict still wipes: at the next try.
    shutil.rmtree(folder)
    shutil.copytree(template, folder)
    _attempt(folder, wrong, kill=False)
    _attempt(folder, wrong, kill=False)
    _attempt(folder, wrong, kill=True)
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(folder, PASS)
    assert not (folder / "keyslots").exists()
