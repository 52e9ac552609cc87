"""``sync status --json`` counts every attempt, the one that delivered included: a package
delivered by its first run says ``"attempts": 1``, one whose receipt came a run later says
2. Real vault, the independent tus server, and the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.storage.vault import Vault
from app.sync import outbox
from app.sync.outbox import OutboxState
from app.sync.profile import import_profile, require_profile, require_token
from app.sync.service import SyncOptions, sync_all
from app.sync.tus_client import RetryPolicy

from .pki import ServerPki
from .tus_node import TusNodeServer
from .vaults import PASSPHRASE, add_package, make_vault, platform_recipient, profile_bytes

CHUNK = 64 * 1024
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.interop


def _vault_with_package(tmp_path: Path, server: TusNodeServer, pki: ServerPki,
                        receipt_key: Path, token: str) -> tuple[Vault, str]:
    vault = make_vault(tmp_path / "vault")
    recipient = platform_recipient()
    import_profile(vault.connection,
                   profile_bytes(url=server.url, ca_pem=pki.ca_pem, recipient=recipient,
                                 receipt_key=receipt_key, token=token),
                   keyring_backend=None, signer=vault.device)
    return vault, add_package(vault, os.urandom(3 * CHUNK + 5), [recipient])


def _sync(vault: Vault, receipt_wait: float) -> None:
    conn = vault.connection
    sync_all(vault, require_profile(conn), token=require_token(conn, None),
             options=SyncOptions(chunk_size=CHUNK, timeout=10.0, receipt_wait=receipt_wait,
                                 retry=RetryPolicy(base_delay=0.01, max_delay=0.2)))


def _status(tmp_path: Path) -> dict[str, Any]:
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(tmp_path / "vault"), "--passphrase-file",
         str(passphrase_file), "--json", "sync", "status"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    (package,) = json.loads(done.stdout)["packages"]
    return dict(package)


def test_a_package_delivered_by_its_first_run_counts_one_attempt(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    vault, package_id = _vault_with_package(tmp_path, tus_server, platform_pki, receipt_key,
                                            device_token)
    with vault:
        _sync(vault, receipt_wait=20.0)
        assert outbox.require(vault.connection, package_id).state == OutboxState.DELIVERED
    status = _status(tmp_path)
    assert (status["package_id"], status["state"]) == (package_id, "delivered")
    assert status["attempts"] == 1
    assert status["last_error"] is None


def test_a_receipt_fetched_on_the_next_run_makes_two_attempts(
    tmp_path: Path, tus_server: TusNodeServer, platform_pki: ServerPki, receipt_key: Path,
    device_token: str,
) -> None:
    tus_server.kill()
    tus_server.receipt_delay = 3
    tus_server.start()
    vault, package_id = _vault_with_package(tmp_path, tus_server, platform_pki, receipt_key,
                                            device_token)
    with vault:
        _sync(vault, receipt_wait=0.0)
        pending = outbox.require(vault.connection, package_id)
        assert (pending.state, pending.attempts) == (OutboxState.AWAITING_RECEIPT, 1)
        _sync(vault, receipt_wait=20.0)
    status = _status(tmp_path)
    assert (status["state"], status["attempts"], status["last_error"]) == ("delivered", 2, None)
