"""The client's side of stamped receipts, through the command line and the real intake
server: the token fetched after the receipt is checked and kept with it, and ``sync
status`` says when the authority attested the receipt; a platform that stamps nothing
(an older server) still delivers; a token the platform serves tampered is refused and
the receipt keeps no attested time, while the next sync asks again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.sync.test_end_to_end import TESTIMONY, _free_port, _intake, _running_intake
from tests.sync.vaults import PASSPHRASE, make_vault

from .conftest import closed_port_url
from .tsa import Authority, AuthorityServer, make_authority


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    """An authority of this module's own: the session's counts its requests, which
    other modules' tests read back."""
    return make_authority(tmp_path_factory.mktemp("receipt-tsa"), "Receipt sync TSA")

pytestmark = pytest.mark.interop
REPO = Path(__file__).resolve().parents[2]


def _cli(vault_dir: Path, secret: Path, *args: str, text: bool = False) -> Any:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(vault_dir.parent),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(vault_dir), "--passphrase-file",
         str(secret), *([] if text else ["--json"]), *args],
        capture_output=True, text=True, cwd=REPO, timeout=120, env=env, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout if text else json.loads(result.stdout)


def _setup(tmp_path: Path, authority: Authority, tsa_url: str | None,
           profile_tsa_url: str) -> tuple[Path, int, Path, Path]:
    """An intake data folder (stamping with ``tsa_url`` when given), and a vault with
    one sealed testimony whose profile names the authority."""
    port = _free_port()
    data = tmp_path / "intake"
    profile_file = Path(_intake(data, "init", "--host", "localhost", "--port", str(port)))
    if tsa_url is not None:
        ca = tmp_path / "tsa-ca.pem"
        ca.write_bytes(authority.ca_pem)
        _intake(data, "authority", "set", tsa_url, "--ca", str(ca), "--timeout", "2")
    vault_dir = tmp_path / "vault"
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    with make_vault(vault_dir) as vault:
        _intake(data, "trust", "add", vault.device.public_key.openssh(), "--name", "d1")
    document = json.loads(profile_file.read_text())
    document["timestamp_authorities"] = [{
        "name": "test-tsa", "url": profile_tsa_url,
        "certificate_pem": authority.ca_pem.decode(), "use_proxy": False,
    }]
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(document))
    _cli(vault_dir, secret, "sync", "profile", "import", str(profile))
    case = _cli(vault_dir, secret, "case", "add", "--title", "Field work")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    added = _cli(vault_dir, secret, "testimony", "add", "--case", case["id"],
                 "--from-json", str(source))
    _cli(vault_dir, secret, "seal", added["id"])
    return data, port, vault_dir, secret


def test_stamped_receipt_kept_and_reported(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    data, port, vault_dir, secret = _setup(tmp_path, authority, tsa.url, tsa.url)
    with _running_intake(data, port, tmp_path / "intake.log"):
        report = _cli(vault_dir, secret, "sync")
    assert [p["state"] for p in report["packages"]] == ["delivered"], report
    status = _cli(vault_dir, secret, "sync", "status")
    (entry,) = status["packages"]
    assert entry["receipt_timestamp"] == "stamped", entry
    attested = entry["receipt_attested_at"]
    assert attested and attested.endswith("Z")
    text = _cli(vault_dir, secret, "sync", "status", text=True)
    assert f"receipt timestamped at {attested}" in text
    # The token kept is the server's, over the receipt kept.
    (token_file,) = (data / "receipts").glob("*.tsr")
    from app.storage.vault import Vault
    from app.sync.receipt_tokens import stamp_of

    with Vault.unlock(vault_dir, PASSPHRASE) as vault:
        (stored,) = vault.connection.execute("SELECT receipt_json FROM outbox").fetchone()
        (package_id,) = vault.connection.execute("SELECT package_id FROM outbox").fetchone()
        kept = stamp_of(vault.connection, package_id)
    assert kept is not None and kept.token == token_file.read_bytes()
    assert stored.encode() == (data / "receipts" / (token_file.stem + ".json")).read_bytes()


def test_platform_without_authority_still_delivers(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    data, port, vault_dir, secret = _setup(tmp_path, authority, None, tsa.url)
    with _running_intake(data, port, tmp_path / "intake.log"):
        report = _cli(vault_dir, secret, "sync")
        again = _cli(vault_dir, secret, "sync")
    assert [p["state"] for p in report["packages"]] == ["delivered"], report
    assert again["packages"] == []
    (entry,) = _cli(vault_dir, secret, "sync", "status")["packages"]
    assert entry["has_receipt"] and entry["receipt_timestamp"] == "none"
    assert entry["receipt_attested_at"] is None


def test_tampered_token_refused_then_asked_again(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    # The platform's authority is unreachable at delivery: the receipt comes alone.
    data, port, vault_dir, secret = _setup(tmp_path, authority, closed_port_url(), tsa.url)
    with _running_intake(data, port, tmp_path / "intake.log"):
        report = _cli(vault_dir, secret, "sync")
        assert [p["state"] for p in report["packages"]] == ["delivered"], report
        (entry,) = _cli(vault_dir, secret, "sync", "status")["packages"]
        assert entry["receipt_timestamp"] == "pending"
        # The server now serves a token altered on its disk.
        (receipt,) = (data / "receipts").glob("*.json")
        import hashlib

        import httpx

        from app.formats.timestamps import timestamp_request

        query = timestamp_request(hashlib.sha256(receipt.read_bytes()).digest(), 7)
        good = httpx.post(tsa.url, content=query,
                          headers={"Content-Type": "application/timestamp-query"}).content
        tampered = bytearray(good)
        tampered[-5] ^= 0x01
        receipt.with_suffix(".tsr").write_bytes(bytes(tampered))
        _cli(vault_dir, secret, "sync")
        (entry,) = _cli(vault_dir, secret, "sync", "status")["packages"]
        assert entry["receipt_timestamp"] == "refused" and entry["receipt_attested_at"] is None
        assert "timestamp was refused" in entry["receipt_timestamp_note"]
        assert entry["state"] == "delivered"  # the receipt stands on its own
        # The good token, served at the next sync, is kept.
        receipt.with_suffix(".tsr").write_bytes(good)
        _cli(vault_dir, secret, "sync")
    (entry,) = _cli(vault_dir, secret, "sync", "status")["packages"]
    assert entry["receipt_timestamp"] == "stamped" and entry["receipt_attested_at"]
    assert entry["receipt_timestamp_note"] is None
