"""Crash campaign: kill an importing process at random moments, then prove nothing is lost.

A child process imports files of mixed sizes (0 B, 1 B, 64 KiB ± 1, up to tens of MB)
into a vault and prints each attachment id once its import has committed. The test
kills it with SIGKILL at a random moment, then checks: the vault unlocks, the integrity
check finds no problem (leftovers of the interrupted import are cleaned, which is
allowed), and every attachment the child reported is there with the right SHA-256.
The CI slice kills 50 times; ``pytest --full`` kills 500 times.
"""

from __future__ import annotations

import hashlib
import os
import random
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from per_system import ended_by_hard_kill, hard_kill

from app.core.cases import add_case
from app.core.ingest import get_attachment
from app.core.records import parse_case_input, parse_testimony_input
from app.core.testimonies import add_testimony
from app.crypto.kdf import FLOOR
from app.services.maintenance import check_vault
from app.storage.vault import Vault

CHILD = Path(__file__).with_name("crash_import_child.py")
PASSPHRASE = "crash campaign passphrase"
KILLS_CI = 50
KILLS_FULL = 500
FRESH_VAULT_EVERY = 5  # keeps the check (which reads every blob) fast
SIZES = {
    "empty": 0,
    "one": 1,
    "chunk_minus_1": 65535,
    "chunk": 65536,
    "chunk_plus_1": 65537,
    "photo": 300_000,
    "voice": 1_500_000,
    "big_video": 24 * 1024 * 1024,
}

TESTIMONY = {
    "person": {"code": "C-1", "role": "witness"},
    "interview": {
        "started_at": "2024-03-01T10:00:00Z",
        "place": "Vilnius",
        "interviewer": "D-1",
        "language": "ru",
        "interpreter": "",
    },
    "consent": {
        "interview": True,
        "audio_recording": True,
        "share_with_platform": True,
        "share_onward": False,
        "be_named": False,
        "recontact": False,
        "given_at": "2024-03-01T10:00:00Z",
        "method": "oral",
    },
    "incidents": [],
    "narrative": "crash campaign",
}


def _make_template(folder: Path) -> str:
    vault, _ = Vault.create(folder, PASSPHRASE, params=FLOOR)
    with vault:
        case = add_case(
            vault.connection, vault.device, parse_case_input({"title": "campaign"}), "tester"
        )
        testimony = add_testimony(
            vault.connection, vault.device, case.id, parse_testimony_input(TESTIMONY), "tester"
        )
    return testimony.id


def _read_lines(stream: int, buffer: bytearray, deadline: float, until: bytes | None) -> None:
    """Read what the child printed into ``buffer``; stop at ``until`` or the deadline."""
    while time.monotonic() < deadline:
        if until is not None and until in buffer:
            return
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return
        chunk = os.read(stream, 65536)
        if not chunk:
            return
        buffer += chunk


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)  # the --full size; the CI slice takes about a minute or two
def test_killed_imports_lose_nothing(tmp_path: Path, full_run: bool) -> None:
    kills = KILLS_FULL if full_run else KILLS_CI
    seed = int(os.environ.get("CRASH_SEED", str(int(time.time()))))
    rng = random.Random(seed)

    files = tmp_path / "files"
    files.mkdir()
    expected: dict[str, str] = {}
    for name, size in SIZES.items():
        data = rng.randbytes(size)
        (files / name).write_bytes(data)
        expected[name] = hashlib.sha256(data).hexdigest()

    template = tmp_path / "template"
    testimony_id = _make_template(template)
    folder = tmp_path / "vault"

    committed: dict[str, str] = {}  # attachment id -> file name
    cleaned_total = 0
    before_ready = 0
    for kill in range(kills):
        if kill % FRESH_VAULT_EVERY == 0:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(template, folder)
            committed.clear()
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(folder), testimony_id, str(files), str(seed + kill)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSPHRASE.encode() + b"\n")
        child.stdin.close()
        out = bytearray()
        if rng.random() < 0.1:
            # Sometimes while it is still unlocking (migrations, partial-file cleanup).
            time.sleep(rng.uniform(0.0, 0.6))
            before_ready += 1
        else:
            _read_lines(child.stdout.fileno(), out, time.monotonic() + 60, b"ready\n")
            if child.poll() is not None and child.stderr is not None:
                pytest.fail(f"child failed before the kill: {child.stderr.read().decode()}")
            time.sleep(rng.uniform(0.0, 0.5))
        hard_kill(child)
        child.wait(timeout=30)
        _read_lines(child.stdout.fileno(), out, time.monotonic() + 5, None)
        child.stdout.close()
        errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if child.stderr:
            child.stderr.close()
        assert ended_by_hard_kill(child.returncode, errors), f"child ended by itself: {errors}"
        for line in out.decode().splitlines():
            if line.startswith("committed "):
                _, attachment_id, name = line.split(" ", 2)
                committed[attachment_id] = name

        context = f"seed {seed}, kill {kill}"
        with Vault.unlock(folder, PASSPHRASE) as vault:
            report = check_vault(vault)
            assert report.problems == [], f"{context}: {report.problems}"
            cleaned_total += len(vault.cleaned) + len(report.cleaned)
            for attachment_id, name in committed.items():
                attachment = get_attachment(vault.connection, attachment_id)
                assert attachment.sha256 == expected[name], context
                assert attachment.original_name == name, context
            rows = vault.connection.execute("SELECT count(*) FROM attachments").fetchone()[0]
            # Every row was reported, except at most the one whose commit returned just
            # before the kill, when the child had no time left to print.
            assert len(committed) <= rows <= len(committed) + FRESH_VAULT_EVERY, context

    # The campaign must have hit imports in the middle, or it proved nothing.
    assert cleaned_total > 0, f"seed {seed}: no kill interrupted an import"
    print(f"\n{kills} kills (seed {seed}), {before_ready} during unlock, "
          f"{cleaned_total} leftovers cleaned")
