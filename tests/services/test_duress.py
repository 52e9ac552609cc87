"""The duress passphrase on real vaults (Argon2id at the floor): the keyslot file looks
the same with or without one, typing it leaves nothing of the real vault that any secret
opens, and the decoy it opens is an ordinary vault afterwards. The CLI as subprocesses."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import custody
from app.core.cases import add_case
from app.core.records import parse_case_input
from app.crypto import keyfile
from app.crypto.kdf import FLOOR
from app.crypto.keyfile import Kind, Secret
from app.crypto.subkeys import derive_vault_keys
from app.errors import FormatError, PassphraseRejectedError, WrongPassphraseError
from app.services import coercion, maintenance, records
from app.services.session import Session
from app.storage.database import DatabaseKeyError, open_database
from app.storage.keyslot_file import read_any
from tests.core.core_support import sample_testimony

PASS = "the real passphrase of this vault"
DURESS = "an innocent looking other phrase"
CANARY = "CANARY-duress-4be1-real-case"
ROOT = Path(__file__).parents[2]


def _decoy_document() -> bytes:
    testimony = sample_testimony()
    return json.dumps(
        {
            "cases": [
                {"title": "Housing complaints, district 3", "region": "North",
                 "testimonies": [testimony]},
                {"title": "Pension delays", "tags": ["admin"]},
            ]
        }
    ).encode("utf-8")  # fmt: skip


def _fields(data: bytes) -> dict[str, object]:
    """Everything an observer's parse of a keyslot file gives, field by field: the
    header values in clear, and the length of every opaque field."""
    parsed = keyfile.parse(data)
    return {
        "length": len(data),
        "magic+version": data[:10],
        "params": parsed.params,
        "salt length": len(parsed.salt),
        "slot lengths": [len(slot) for slot in parsed.slots],
        "journal lengths": [len(entry) for entry in parsed.journal],
        "state length": len(parsed.state),
        "legacy length": len(parsed.legacy),
        "legacy clear header": parsed.legacy[:16],
        "guard": parsed.guard,
    }


def _files(folder: Path) -> dict[Path, int]:
    return {p.relative_to(folder): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_keyslot_files_with_and_without_duress_have_the_same_shape(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    session, _ = Session.create(folder, PASS, params=FLOOR)
    coercion.split_recovery(session, 2, 3)
    session.lock()
    before_files = _files(folder)
    session = Session.unlock(folder, PASS)  # the anchor sealed on lock: same start
    without = (folder / "keyslots").read_bytes()
    coercion.set_duress(session, DURESS)
    with_duress = (folder / "keyslots").read_bytes()
    master = session.vault._master_key
    assert master is not None
    assert coercion.duress_is_set(session)
    assert "duress" not in session.key_slot_kinds()  # never shown on the keys screen
    session.lock()

    # Field by field, as the format parses them, the two files are the same.
    assert _fields(without) == _fields(with_duress)
    assert len(with_duress) == keyfile.FILE_LENGTH
    # An empty decoy adds no file, and the keyslot file keeps its size. (The database
    # holds one more custody event, as after any change; it is not a sign of duress.)
    after_files = _files(folder)
    assert set(after_files) == set(before_files)
    assert after_files[Path("keyslots")] == before_files[Path("keyslots")]

    # Which slot is the duress one? Only the keys say (the sealed state): slot 0..7.
    parsed = keyfile.parse(with_duress)
    state = keyfile.open_state(parsed, master)
    assert state is not None
    (duress_index,) = state.slots_of(Kind.DURESS)
    # The observer's parse holds nothing to tell it from the unused, random slots: the
    # same length, and a slot under a key nobody holds opens exactly as a random one
    # does (not at all). Replacing it with random bytes gives a file with the same
    # fields, which the real passphrase still opens the same way.
    unused = [i for i, code in enumerate(state.kinds) if code == 0]
    assert unused
    stranger = keyfile.derive(parsed, Secret.from_text("a guess of the observer"))
    assert keyfile.open_slots(parsed, stranger) == []
    swapped = keyfile.with_slot(parsed, duress_index, keyfile.random_slot())
    assert _fields(keyfile.serialize(swapped)) == _fields(with_duress)
    real_key = keyfile.derive(parsed, Secret.from_text(PASS))
    assert [e[1] for e in keyfile.open_slots(parsed, real_key)] == [Kind.PASSPHRASE]
    assert [e[1] for e in keyfile.open_slots(swapped, real_key)] == [Kind.PASSPHRASE]
    # And its place is random: over several settings it lands in different slots.
    places = set()
    for _ in range(6):
        session = Session.unlock(folder, PASS)
        coercion.unset_duress(session)
        coercion.set_duress(session, DURESS)
        found = read_any(folder / "keyslots")
        assert isinstance(found, keyfile.KeyFile)
        places.update(keyfile.open_state(found, master).slots_of(Kind.DURESS))  # type: ignore[union-attr]
        session.lock()
    assert len(places) > 1


def test_duress_refuses_the_passphrase_and_recovery_keys(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    session, recovery = Session.create(folder, PASS, params=FLOOR)
    with session:
        with pytest.raises(FormatError, match="differ from the vault's passphrase"):
            coercion.set_duress(session, PASS)
        for text in (recovery.formatted(), recovery.formatted()[:-1] + "X"):
            with pytest.raises(PassphraseRejectedError, match="recovery key"):
                coercion.set_duress(session, text)
        with pytest.raises(FormatError, match="cases"):
            coercion.set_duress(session, DURESS, b'{"cases": 3}')
        assert not coercion.duress_is_set(session)


def test_duress_erases_the_real_vault_and_opens_the_decoy(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    session, recovery = Session.create(folder, PASS, params=FLOOR)
    add_case(session.connection, session.device, parse_case_input({"title": CANARY}), "t")
    written = session.blobs.write(io.BytesIO(b"real photo " * 5000))
    session.blobs.release(written.blob_id)
    shares = [s.split("\n", 3)[3] for s in coercion.split_recovery(session, 2, 3)]
    coercion.set_failed_unlock_limit(session, 5)
    before_set = int(time.time())
    coercion.set_duress(session, DURESS, coercion.read_decoy_file(_write(tmp_path, "decoy.json",
                                                                         _decoy_document())))
    after_set = time.time()
    real_device = session.device.fingerprint
    real_master = session.vault._master_key
    assert real_master is not None
    session.lock()
    real_slots = keyfile.parse((folder / "keyslots").read_bytes()).slots
    assert len(list((folder / "blobs").rglob("*/*"))) == 2  # the photo and the decoy

    decoy = Session.unlock(folder, DURESS)
    assert sorted(c.title for c in records.list_cases(decoy)) == [
        "Housing complaints, district 3", "Pension delays"]  # fmt: skip
    assert decoy.device.fingerprint != real_device
    assert decoy.key_slot_kinds() == ["passphrase", "recovery"]
    assert not coercion.duress_is_set(decoy)
    assert maintenance.check(decoy).ok
    assert custody.verify_all(decoy.connection, [decoy.device.public_key]) == []
    created = custody.events(decoy.connection, custody.VAULT_CHAIN)[0]
    assert created.action == "creation"
    # Dated when the duress passphrase was set, not when it was typed.
    stamp = datetime.strptime(created.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert before_set <= stamp.timestamp() < after_set + 1
    decoy.lock()

    # Nothing of the real vault is left that a secret opens.
    for secret in (PASS, recovery.formatted(), coercion.combine_shares(shares[:2])):
        with pytest.raises(WrongPassphraseError):
            Session.unlock(folder, secret)
    assert not (folder / "blobs" / written.blob_id[:2] / written.blob_id).exists()
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(slot in data for slot in real_slots), path
    with pytest.raises(DatabaseKeyError):
        open_database(folder / "vault.db", derive_vault_keys(real_master).database)
    assert sorted(p.name for p in folder.iterdir()) == ["blobs", "keyslots", "lock", "vault.db"]
    assert list((folder / "blobs").iterdir()) == []

    # The decoy is an ordinary vault now: the duress passphrase is its passphrase, the
    # failed-unlock guard counts and resets, the rollback anchor holds.
    # (the three secrets above were three failed unlocks of the decoy)
    assert keyfile.parse((folder / "keyslots").read_bytes()).guard == keyfile.Guard(5, 3)
    with pytest.raises(WrongPassphraseError):
        Session.unlock(folder, PASS)
    assert keyfile.parse((folder / "keyslots").read_bytes()).guard == keyfile.Guard(5, 4)
    shutil.copy(folder / "vault.db", tmp_path / "decoy-then.db")
    with Session.unlock(folder, DURESS) as again:
        records.add_case(again, {"title": "added in the decoy"})
    assert keyfile.parse((folder / "keyslots").read_bytes()).guard == keyfile.Guard(5, 0)
    shutil.copy(tmp_path / "decoy-then.db", folder / "vault.db")
    with Session.unlock(folder, DURESS) as rolled_back:
        assert rolled_back.rollback is not None


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
        timeout=180, check=False,
    )  # fmt: skip


def test_duress_commands_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    real = _write(tmp_path, "real", (PASS + "\n").encode())
    duress = _write(tmp_path, "duress", (DURESS + "\n").encode())
    decoy_file = _write(tmp_path, "decoy.json", _decoy_document())
    vault = ["--vault", str(folder)]
    init = _cli(*vault, "--passphrase-file", str(real), "--json", "init", "--kdf-floor")
    assert init.returncode == 0, init.stderr
    recovery = json.loads(init.stdout)["recovery_key"]
    _cli(*vault, "--passphrase-file", str(real), "case", "add", "--title", CANARY)
    as_real = [*vault, "--passphrase-file", str(real), "--json"]

    # Refused: the real passphrase, the recovery key, a broken decoy file.
    same = _cli(*as_real, "duress", "set", "--duress-passphrase-file", str(real))
    assert same.returncode == 1 and "differ" in json.loads(same.stderr)["message"]
    rk = _write(tmp_path, "rk", (recovery + "\n").encode())
    looks = _cli(*as_real, "duress", "set", "--duress-passphrase-file", str(rk))
    assert looks.returncode == 1 and "recovery key" in json.loads(looks.stderr)["message"]
    broken = _write(tmp_path, "broken.json", b'{"cases": [{"titel": "x"}]}')
    bad = _cli(*as_real, "duress", "set", "--duress-passphrase-file", str(duress),
               "--decoy-from", str(broken))  # fmt: skip
    assert bad.returncode == 1 and "titel" in json.loads(bad.stderr)["message"]
    assert _cli(*vault, "--passphrase-file", str(duress), "case", "list").returncode == 1

    # Set, then unset: the duress passphrase then opens nothing and erases nothing.
    ok = _cli(*as_real, "duress", "set", "--duress-passphrase-file", str(duress))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"duress": True, "decoy": False}
    gone = _cli(*as_real, "duress", "unset")
    assert json.loads(gone.stdout) == {"duress": False, "removed": True}
    tried = _cli(*vault, "--passphrase-file", str(duress), "--json", "case", "list")
    assert json.loads(tried.stderr)["error"] == "WrongPassphraseError"
    listed = _cli(*as_real, "case", "list")
    assert [c["title"] for c in json.loads(listed.stdout)] == [CANARY]

    # Set with a prepared decoy; typing it lists the decoy's cases only, and afterwards
    # the real passphrase and recovery key fail.
    ok = _cli(*as_real, "duress", "set", "--duress-passphrase-file", str(duress),
              "--decoy-from", str(decoy_file))  # fmt: skip
    assert json.loads(ok.stdout) == {"duress": True, "decoy": True}, ok.stderr
    opened = _cli(*vault, "--passphrase-file", str(duress), "--json", "case", "list")
    assert opened.returncode == 0, opened.stderr
    titles = sorted(c["title"] for c in json.loads(opened.stdout))
    assert titles == ["Housing complaints, district 3", "Pension delays"]
    assert opened.stderr == ""
    for secret in (real, rk):
        failed = _cli(*vault, "--passphrase-file", str(secret), "--json", "case", "list")
        assert json.loads(failed.stderr)["error"] == "WrongPassphraseError"
    again = _cli(*vault, "--passphrase-file", str(duress), "--json", "case", "list")
    assert sorted(c["title"] for c in json.loads(again.stdout)) == titles
