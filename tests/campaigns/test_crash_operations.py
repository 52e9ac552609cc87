"""Crash campaign: kill -9 during seal, export, passphrase change and recovery-key use.

A child process (crash_operations_child.py) repeats one operation on a real vault and
prints a line after each commit. The test kills it with SIGKILL at a random moment
(sometimes while it is still unlocking), then proves:

- the vault opens with the right secret: after a killed passphrase change, the old or
  the new passphrase opens it (never neither), and the recovery key always does;
- the integrity check finds no damage (leftovers of the interrupted work are cleaned);
- every committed item is intact: attachments with their SHA-256, sealed versions still
  sealed with the content digest they were sealed with, exported packages byte-equal to
  what the export reported, and any complete package file the export had not reported
  yet (renamed just before the kill) is a whole package that verifies.

CI: 52 kills here (13 per operation), with test_crash_import's 50 more than 100.
``pytest --full``: 500 here (125 per operation), 1,000 with the import campaign.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pytest
from crash_operations_child import TESTIMONY, passphrase
from per_system import ended_by_hard_kill, hard_kill

from app.core.cases import add_case
from app.core.ingest import get_attachment, import_attachment
from app.core.records import parse_case_input, parse_testimony_input
from app.core.sealing import attachments_of, seal_testimony, sealed_content_sha256
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import add_testimony, get_testimony
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, parse_trusted_signers
from app.errors import WrongPassphraseError
from app.formats.package.verify import verify_package
from app.services.maintenance import check_vault
from app.storage.vault import Vault

CHILD = Path(__file__).with_name("crash_operations_child.py")
KILLS_CI = 13  # per operation: 52 here + 50 in test_crash_import = 102
KILLS_FULL = 125  # per operation: 500 here + 500 in test_crash_import = 1,000
FRESH_VAULT_EVERY = 6  # keeps the check (which reads every blob) fast
# Upper bound of the random wait after "ready": a few operations (a passphrase change
# costs two Argon2id derivations, about a second on a busy 2-core machine).
KILL_WINDOW = {"seal": 0.8, "export": 0.8, "passwd": 3.0, "recovery": 3.0}
MEDIA = {"empty": 0, "one": 1, "chunk_plus_1": 65537, "voice": 2_500_000}
ACTOR = "crash-campaign"


@dataclass
class Template:
    folder: Path
    recovery_key: str
    case_id: str
    sealed_id: str
    platform: X25519Identity
    trusted_line: str
    expected: dict[str, str] = field(default_factory=dict)  # media name -> sha256


def _make_template(folder: Path, media: Path, expected: dict[str, str]) -> Template:
    vault, recovery = Vault.create(folder, passphrase(0), params=FLOOR)
    platform = X25519Identity.generate()
    with vault:
        conn = vault.connection
        set_setting(conn, vault.device, PLATFORM_RECIPIENT, str(platform.recipient), ACTOR)
        case = add_case(conn, vault.device, parse_case_input({"title": "campaign"}), ACTOR)
        draft = add_testimony(conn, vault.device, case.id, parse_testimony_input(TESTIMONY), ACTOR)
        for path in sorted(media.iterdir()):
            import_attachment(
                vault.connection, vault.blobs, vault.device, draft.id, path, actor=ACTOR,
            )
        seal_testimony(conn, vault.blobs, vault.device, draft.id, ACTOR)
        trusted = vault.device.public_key.allowed_signers_line(
            "documenter", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]
        )
    return Template(
        folder, recovery.formatted(), case.id, draft.id, platform, trusted, dict(expected)
    )


def _open(folder: Path, candidates: list[str], context: str) -> tuple[Vault, str]:
    """The vault opened with the first candidate secret that works; fails if none does."""
    for secret in candidates:
        try:
            return Vault.unlock(folder, secret), secret
        except WrongPassphraseError:
            continue
    pytest.fail(f"{context}: no expected secret opens the vault after the kill")


def _run_child(argv: list[str], secret: str, wait: float) -> tuple[list[str], str]:
    """Start the child, kill it ``wait`` seconds after it said ready (or during unlock
    when ``wait`` is negative), return the lines it printed and its stderr."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(secret.encode() + b"\n")
    child.stdin.close()
    if wait < 0:
        time.sleep(-wait)
    else:
        line = child.stdout.readline()  # blocks until "ready" (or the child died)
        if line != b"ready\n":
            child.kill()
            child.wait()
            pytest.fail(f"child failed before the kill: {child.stderr.read().decode()}")
        time.sleep(wait)
    hard_kill(child)
    child.wait(timeout=30)
    out = child.stdout.read().decode()
    errors = child.stderr.read().decode(errors="replace")
    child.stdout.close()
    child.stderr.close()
    assert ended_by_hard_kill(child.returncode, errors), f"child ended by itself: {errors}"
    return out.splitlines(), errors


def _check_seal(vault: Vault, lines: list[str], template: Template, context: str) -> int:
    sealed = 0
    conn = vault.connection
    for line in lines:
        kind, *words = line.split(" ")
        if kind == "draft":
            get_testimony(conn, words[0])  # raises if the committed draft were lost
        elif kind == "attached":
            attachment = get_attachment(conn, words[1])
            assert attachment.sha256 == template.expected[words[2]], context
        elif kind == "sealed":
            testimony = get_testimony(conn, words[0])
            assert testimony.status == "sealed", context
            digest = sealed_content_sha256(testimony, attachments_of(conn, testimony.id))
            assert digest == words[1], context
            sealed += 1
    return sealed


def _opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


def _check_export(stick: Path, lines: list[str], template: Template, context: str) -> int:
    reported = {}
    for line in lines:
        _, name, digest = line.split(" ")
        reported[name] = digest
    for name, digest in reported.items():
        assert hashlib.sha256((stick / name).read_bytes()).hexdigest() == digest, context
    unreported = [
        p for p in stick.iterdir() if p.name not in reported and not p.name.endswith(".partial")
    ]
    # Only the export in flight can have been renamed without being reported, and a
    # file that looks complete must be a whole package.
    assert len(unreported) <= 1, f"{context}: {unreported}"
    trusted = parse_trusted_signers(template.trusted_line)
    for path in unreported:
        report = verify_package(_opener(path), [template.platform], trusted)
        assert report.ok, f"{context}: a complete-looking file is not a package: {report.message}"
    for path in stick.iterdir():
        path.unlink()  # the next round starts with an empty stick
    return len(reported)


@pytest.mark.slow
@pytest.mark.timeout(4 * 3600)  # the --full size; the CI slice takes about a minute
@pytest.mark.parametrize("operation", ["seal", "export", "passwd", "recovery"])
def test_killed_operations_lose_nothing(tmp_path: Path, full_run: bool, operation: str) -> None:
    kills = KILLS_FULL if full_run else KILLS_CI
    seed = int(os.environ.get("CRASH_SEED", str(int(time.time()))))
    rng = random.Random(f"{seed}-{operation}")

    media = tmp_path / "media"
    media.mkdir()
    expected = {}
    for name, size in MEDIA.items():
        data = rng.randbytes(size)
        (media / name).write_bytes(data)
        expected[name] = hashlib.sha256(data).hexdigest()
    template = _make_template(tmp_path / "template", media, expected)
    folder = tmp_path / "vault"
    stick = tmp_path / "stick"
    stick.mkdir()

    generation = 0
    completed = during_unlock = cleaned = 0
    for kill in range(kills):
        context = f"{operation}, seed {seed}, kill {kill}"
        if kill % FRESH_VAULT_EVERY == 0:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(template.folder, folder)
            generation = 0
        secret = template.recovery_key if operation == "recovery" else passphrase(generation)
        argv = {
            "seal": [template.case_id, str(media)],
            "export": [template.sealed_id, str(stick)],
            "passwd": [str(generation)],
            "recovery": [str(generation)],
        }[operation]
        if rng.random() < 0.1:
            wait = -rng.uniform(0.05, 0.6)  # while still starting or unlocking
            during_unlock += 1
        else:
            wait = rng.uniform(0.0, KILL_WINDOW[operation])
        lines, _ = _run_child([operation, str(folder), *argv], secret, wait)
        lines = [line for line in lines if line != "ready"]

        if operation in ("passwd", "recovery"):
            changed = [int(line.split(" ")[1]) for line in lines]
            last = changed[-1] if changed else generation
            # The reported generation, or the next one if the new key slot file was in
            # place when the kill came before the line was printed. Never neither.
            vault, opened_with = _open(
                folder, [passphrase(last), passphrase(last + 1)], context
            )
            generation = last if opened_with == passphrase(last) else last + 1
            completed += len(changed)
            if operation == "recovery":
                vault.lock()
                vault = Vault.unlock(folder, template.recovery_key)  # the recovery key still works
        else:
            vault = Vault.unlock(folder, passphrase(generation))
        with vault:
            report = check_vault(vault)
            assert report.problems == [], f"{context}: {report.problems}"
            cleaned += len(vault.cleaned) + len(report.cleaned)
            if operation == "seal":
                completed += _check_seal(vault, lines, template, context)
            elif operation == "export":
                completed += _check_export(stick, lines, template, context)
            sealed = get_testimony(vault.connection, template.sealed_id)
            assert sealed.status == "sealed", context

    # The kills must have landed among completed operations, or the campaign proved little.
    assert completed > 0, f"{operation}, seed {seed}: no operation completed before a kill"
    print(f"\n{operation}: {kills} kills (seed {seed}), {during_unlock} during unlock, "
          f"{completed} operations completed, {cleaned} leftovers cleaned")
