"""End to end, every part real: a documenter's vault seals a testimony into a package, a
coordinator's vault imports it from the stick and, through the CLI, the profile that
``evidence-vault-intake init`` wrote; ``evidence-vault sync`` uploads
to the reference intake server, the server verifies the package and signs a receipt,
the client verifies it and marks the package delivered. The accepted file on the
server is byte-identical to the sealed package, and ``ssh-keygen -Y verify`` accepts
the stored receipt on its own."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core import cases
from app.core.coordinator import import_package
from app.core.export import export_package
from app.core.records import parse_case_input, parse_testimony_input
from app.core.sealing import seal_testimony
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import add_testimony
from app.crypto.signing import NAMESPACE_RECEIPT
from app.storage.vault import Vault
from app.sync.receipts import canonical_json

from .vaults import PASSPHRASE, make_vault

REPO = Path(__file__).resolve().parents[2]
ACTOR = "documenter-1"

pytestmark = pytest.mark.interop

TESTIMONY: dict[str, Any] = {
    "person": {"code": "W-101", "role": "witness", "full_name": "Тэст Сведка"},
    "interview": {"place": "Vilnius", "interviewer": "D-3", "language": "be"},
    "consent": {
        "interview": True, "audio_recording": True, "share_with_platform": True,
        "share_onward": False, "be_named": False, "recontact": True,
        "given_at": "2024-03-01T10:15:00Z", "method": "oral, at the start",
    },
    "incidents": [],
    "narrative": "Я бачыў затрыманне каля стэлы.",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _intake(data: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "app.intake", "--data", str(data), *args],
                            capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _cli(vault_dir: Path, passphrase_file: Path, *args: str) -> Any:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(vault_dir.parent),
           # The OS keyring of whoever runs the tests stays untouched: keyring's own
           # "fail" backend means "no secure keyring here", so the token goes in the vault.
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(vault_dir), "--passphrase-file",
         str(passphrase_file), "--json", *args],
        capture_output=True, text=True, cwd=REPO, timeout=120, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@contextlib.contextmanager
def _running_intake(data: Path, port: int, log: Path) -> Iterator[None]:
    server = subprocess.Popen(
        [sys.executable, "-m", "app.intake", "--data", str(data), "serve"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(30)


def _seal_and_export(vault: Vault, recipient: str, export_dir: Path) -> Path:
    conn, device = vault.connection, vault.device
    set_setting(conn, device, PLATFORM_RECIPIENT, recipient, ACTOR)
    case = cases.add_case(conn, device, parse_case_input({"title": "Case"}), ACTOR)
    testimony = add_testimony(conn, device, case.id, parse_testimony_input(TESTIMONY), ACTOR)
    seal_testimony(conn, vault.blobs, device, testimony.id, ACTOR)
    exported = export_package(conn, vault.blobs, device, testimony.id, export_dir, [], ACTOR)
    return exported.path


def test_vault_to_intake_server_with_verified_receipt(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "intake"
    profile_file = Path(_intake(data, "init", "--host", "localhost", "--port", str(port)))
    vault_dir = tmp_path / "vault"
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    make_vault(vault_dir).lock()  # the coordinator's vault, which syncs
    profile = json.loads(profile_file.read_text())

    # A documenter seals a testimony to the platform and exports it to a stick.
    export_dir = tmp_path / "stick"
    export_dir.mkdir()
    with make_vault(tmp_path / "documenter") as documenter:
        package_file = _seal_and_export(documenter, profile["platform_recipient"], export_dir)
        _intake(data, "trust", "add", documenter.device.public_key.openssh(),
                "--name", "documenter")

    imported = _cli(vault_dir, passphrase_file, "sync", "profile", "import", str(profile_file))
    assert imported["profile"]["token_location"] == "vault"
    assert imported["delete_profile_file"] is True
    shown = _cli(vault_dir, passphrase_file, "sync", "profile", "show")
    assert shown["url"] == f"https://localhost:{port}/files/" and shown["token_location"] == "vault"
    assert "device_token" not in json.dumps(shown)
    assert _cli(vault_dir, passphrase_file, "sync", "--auto") == {
        "ran": False, "reason": "Automatic sync is off; sync starts only when you start it."}
    policy = _cli(vault_dir, passphrase_file, "sync", "policy", "--delete-after-receipt", "ask")
    assert policy == {"delete_after_receipt": "ask", "auto": "off"}

    # The coordinator imports it from the stick into the vault that syncs.
    with Vault.unlock(vault_dir, PASSPHRASE) as vault:
        import_package(vault.connection, vault.blobs, vault.device, package_file, ACTOR)

    with _running_intake(data, port, tmp_path / "intake.log"):
        dry = _cli(vault_dir, passphrase_file, "sync", "--dry-run")
        assert dry["dry_run"] is True
        report = _cli(vault_dir, passphrase_file, "sync")
        assert [p["state"] for p in report["packages"]] == ["delivered"], report
        assert report["awaiting_decision"] == [report["packages"][0]["package_id"]]
        status = _cli(vault_dir, passphrase_file, "sync", "status")

    (entry,) = status["packages"]
    assert entry["state"] == "delivered" and entry["has_receipt"]
    original = package_file.read_bytes()
    accepted = sorted((data / "accepted").glob("*.evp"))
    assert [p.read_bytes() for p in accepted] == [original]

    # The stored receipt verifies with ssh-keygen alone, against the platform's key.
    with Vault.unlock(vault_dir, PASSPHRASE) as vault:
        stored = vault.connection.execute("SELECT receipt_json FROM outbox").fetchone()[0]
        assert vault.connection.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
    pub = profile["receipt_signing_key"]
    document = json.loads(stored)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'platform namespaces="{NAMESPACE_RECEIPT}" {pub}\n')
    signature = tmp_path / "receipt.sig"
    signature.write_text(document["signature"])
    check = subprocess.run(
        ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", "platform",
         "-n", NAMESPACE_RECEIPT, "-s", str(signature)],
        input=canonical_json(document["receipt"]), capture_output=True, check=False,
    )
    assert check.returncode == 0, check.stderr
    assert document["receipt"]["size"] == len(original)
    assert io.BytesIO(original).read(22) == b"age-encryption.org/v1\n"


def test_documenter_seals_and_syncs_without_a_stick(tmp_path: Path) -> None:
    """The documenter's own flow through the CLI: seal, then sync. The sync makes the
    package (inside the vault), uploads it and verifies the receipt; a testimony whose
    consent does not allow the platform stays at home with the reason."""
    port = _free_port()
    data = tmp_path / "intake"
    profile_file = Path(_intake(data, "init", "--host", "localhost", "--port", str(port)))
    vault_dir = tmp_path / "vault"
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    with make_vault(vault_dir) as vault:
        _intake(data, "trust", "add", vault.device.public_key.openssh(), "--name", "d1")
    _cli(vault_dir, passphrase_file, "sync", "profile", "import", str(profile_file))
    case = _cli(vault_dir, passphrase_file, "case", "add", "--title", "Field work")
    ids = []
    for share in (True, False):
        record = {**TESTIMONY, "consent": {**TESTIMONY["consent"], "share_with_platform": share}}
        source = tmp_path / f"t-{share}.json"
        source.write_text(json.dumps(record), encoding="utf-8")
        ids.append(_cli(vault_dir, passphrase_file, "testimony", "add", "--case", case["id"],
                        "--from-json", str(source))["id"])
        _cli(vault_dir, passphrase_file, "seal", ids[-1])
    shared, private = ids

    with _running_intake(data, port, tmp_path / "intake.log"):
        dry = _cli(vault_dir, passphrase_file, "sync", "--dry-run")
        assert {p["package_id"] for p in dry["packages"]} == {shared, private}
        report = _cli(vault_dir, passphrase_file, "sync")
        again = _cli(vault_dir, passphrase_file, "sync")

    assert report["packaged_now"] == [shared]
    assert len(report["not_packaged"]) == 1 and report["not_packaged"][0].startswith(private)
    assert [p["state"] for p in report["packages"]] == ["delivered"], report
    # Nothing is packaged or sent twice; the refused one is reported again, not sent.
    assert again["packaged_now"] == [] and again["packages"] == []
    accepted = sorted((data / "accepted").glob("*.evp"))
    assert len(accepted) == 1
