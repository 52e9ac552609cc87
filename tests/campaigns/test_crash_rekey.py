"""Crash campaign: kill -9 at random moments of ``rekey`` (journal written, database
re-encrypted, device key and blobs re-wrapped, slots settled).

After every kill the vault must open with the old passphrase or the new one, never
neither; once the child reported a re-key, with the new one (and its recovery key) and
not the old; and then the database, the device identity and every media file are intact.

CI: 50 kills. ``pytest --full``: 500.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_rekey_child import passphrase
from per_system import hard_kill

from app.core.cases import add_case, get_case
from app.core.check import check_vault
from app.core.records import parse_case_input
from app.crypto.kdf import FLOOR
from app.errors import WrongPassphraseError
from app.storage.vault import Vault

CHILD = Path(__file__).with_name("crash_rekey_child.py")
KILLS_CI = 50
KILLS_FULL = 500
# A re-key at the floor cost (three Argon2id runs, the database re-encrypted) takes
# from a few tenths of a second to seconds on a busy shared 2-core machine.
KILL_WINDOW = 5.0


def _open(folder: Path, generation: int, context: str) -> tuple[Vault, int]:
    for candidate in (generation, generation + 1):
        try:
            return Vault.unlock(folder, passphrase(candidate)), candidate
        except WrongPassphraseError:
            continue
    pytest.fail(f"{context}: neither the old nor the new passphrase opens the vault")


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)
def test_killed_rekey_always_leaves_an_openable_vault(tmp_path: Path, full_run: bool) -> None:
    kills = KILLS_FULL if full_run else KILLS_CI
    seed = int(os.environ.get("CRASH_SEED", str(int(time.time()))))
    rng = random.Random(f"{seed}-rekey")
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, passphrase(0), params=FLOOR)
    media: dict[str, str] = {}
    for size in (0, 1, 65537, 300_000):
        data = rng.randbytes(size)
        written = vault.blobs.write(io.BytesIO(data))
        vault.blobs.release(written.blob_id)
        media[written.blob_id] = hashlib.sha256(data).hexdigest()
    case = add_case(vault.connection, vault.device, parse_case_input({"title": "canary"}), "c")
    device = vault.device.fingerprint
    vault.lock()

    generation = 0
    settled_kills = 0
    for kill in range(kills):
        context = f"seed {seed}, kill {kill}, generation {generation}"
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(folder), str(generation)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stderr is not None
        if child.stdout.readline() != b"ready\n":
            child.kill()
            child.wait()
            pytest.fail(f"{context}: child failed: {child.stderr.read().decode()}")
        time.sleep(rng.uniform(0, KILL_WINDOW))
        hard_kill(child)
        child.wait(timeout=30)
        lines = child.stdout.read().decode().splitlines()
        child.stdout.close()
        child.stderr.close()
        reported = [line.split(" ", 2) for line in lines if line.startswith("rekeyed ")]
        if reported:
            generation = int(reported[-1][1])
            recovery = reported[-1][2]
        else:
            recovery = None
        opened, used = _open(folder, generation, context)
        with opened:
            assert opened.device.fingerprint == device, context
            assert get_case(opened.connection, case.id).title == "canary", context
            for blob_id, digest in media.items():
                with opened.blobs.open(blob_id) as reader:
                    assert hashlib.sha256(reader.read()).hexdigest() == digest, context
            # Core's check (no orphan sweep: these blobs have no row on purpose).
            report = check_vault(opened.connection, opened.blobs, opened.device.public_key)
            assert report.ok, f"{context}: {report.problems}"
        if used == generation + 1:
            # A re-key committed after its last report: the new secrets are in force, and
            # the recovery key reported last (the one before them) is dead.
            generation += 1
            if recovery is not None:
                with pytest.raises(WrongPassphraseError):
                    Vault.unlock(folder, recovery)
        else:
            settled_kills += 1
            with pytest.raises(WrongPassphraseError):
                Vault.unlock(folder, passphrase(generation + 1))
            if recovery is not None:
                Vault.unlock(folder, recovery).lock()
    assert generation > 0, f"no re-key ever completed in {kills} runs: the kill window is too short"
