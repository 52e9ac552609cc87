"""The whole way, through the command line and the real intake server: a sync while the
authority is unreachable delivers anyway and defers the timestamp; the next sync stamps;
a later package carries the token; ``verify --trusted-authorities`` reports the attested
time; and the by-hand procedure (every command of VERIFY.txt, then the timestamp step's
lines as written) passes with ``age``, ``tar``, ``sha256sum``, ``ssh-keygen``, ``xxd``
and ``openssl ts -verify``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.formats.package import procedure
from tests.sync.test_end_to_end import TESTIMONY, _free_port, _intake, _running_intake
from tests.sync.vaults import PASSPHRASE, make_vault

from .conftest import closed_port_url
from .tsa import Authority, AuthorityServer

pytestmark = pytest.mark.interop
REPO = Path(__file__).resolve().parents[2]


def _cli(vault_dir: Path, secret: Path, *args: str) -> tuple[int, Any]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(vault_dir.parent),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(vault_dir), "--passphrase-file",
         str(secret), "--json", *args],
        capture_output=True, text=True, cwd=REPO, timeout=120, env=env, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else None


def _with_authority(profile_file: Path, url: str, authority: Authority, out: Path) -> Path:
    document = json.loads(profile_file.read_text())
    document["timestamp_authorities"] = [{
        "name": "test-tsa", "url": url, "certificate_pem": authority.ca_pem.decode(),
        "use_proxy": False,
    }]
    out.write_text(json.dumps(document))
    return out


def _timestamp_lines() -> list[str]:
    [step] = [s for s in procedure.steps() if s.title.startswith("Check the trusted timestamps")]
    [example] = [p for p in step.parts if isinstance(p, procedure.Example)]
    return list(example.lines)


def test_deferred_then_stamped_carried_and_verified_by_program_and_by_hand(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    port = _free_port()
    data = tmp_path / "intake"
    profile_file = Path(_intake(data, "init", "--host", "localhost", "--port", str(port)))
    vault_dir = tmp_path / "vault"
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    with make_vault(vault_dir) as vault:
        _intake(data, "trust", "add", vault.device.public_key.openssh(), "--name", "d1")
    offline = _with_authority(profile_file, closed_port_url(), authority,
                              tmp_path / "offline.json")
    online = _with_authority(profile_file, tsa.url, authority, tmp_path / "online.json")
    _cli(vault_dir, secret, "sync", "profile", "import", str(offline))
    _, case = _cli(vault_dir, secret, "case", "add", "--title", "Field work")
    source = tmp_path / "t.json"
    source.write_text(json.dumps(TESTIMONY), encoding="utf-8")
    _, added = _cli(vault_dir, secret, "testimony", "add", "--case", case["id"],
                    "--from-json", str(source))
    testimony = added["id"]
    _cli(vault_dir, secret, "seal", testimony)

    with _running_intake(data, port, tmp_path / "intake.log"):
        code, first = _cli(vault_dir, secret, "sync")
        # The authority is unreachable: delivery goes on, the timestamp waits.
        assert code == 0, first
        assert [p["state"] for p in first["packages"]] == ["delivered"]
        assert [t["state"] for t in first["timestamps"]] == ["deferred"]
        _cli(vault_dir, secret, "sync", "profile", "import", str(online))
        code, second = _cli(vault_dir, secret, "sync")
    assert code == 0 and [t["state"] for t in second["timestamps"]] == ["stamped"]
    assert second["timestamps"][0]["versions"] == 1
    # The version had left without its token: a small supplement follows, delivered and
    # verified by the platform like any package.
    assert second["packaged_now"] == [testimony]
    assert [p["state"] for p in second["packages"]] == ["delivered"], second
    assert len(sorted((data / "accepted").glob("*.evp"))) == 2
    kinds = sorted(row["kind"] for row in _cli(vault_dir, secret, "package", "list")[1])
    assert kinds == ["testimony", "timestamp-supplement"]
    assert _cli(vault_dir, secret, "timestamp")[1]["timestamps"][0]["state"] == "nothing-new"
    status = _cli(vault_dir, secret, "sync", "status")[1]
    assert status["timestamps"]["stamped"] == 1 and status["timestamps"]["sealed"] == 1

    # A later package of the version carries the token; the program verifies it.
    checker = tmp_path / "checker"
    checker.mkdir()
    # The platform's own identity opens it (consent here allows no other recipient).
    shutil.copyfile(data / "keys" / "platform.agekey", checker / "key.txt")
    stick = tmp_path / "stick"
    stick.mkdir()
    _cli(vault_dir, secret, "export", testimony, "--to", str(stick))
    (package,) = stick.iterdir()
    shutil.copyfile(package, checker / "package.age")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    allowed = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(vault_dir), "--passphrase-file",
         str(secret), "keys", "export-public"], capture_output=True, text=True, cwd=REPO,
        env=env, check=True).stdout
    (checker / "allowed_signers").write_text(allowed)
    (checker / "tsa-ca.pem").write_bytes(authority.ca_pem)
    code, report = _cli(vault_dir, secret, "verify", str(checker / "package.age"),
                        "--identity", str(checker / "key.txt"), "--trusted-signers",
                        str(checker / "allowed_signers"), "--trusted-authorities",
                        str(checker / "tsa-ca.pem"))
    assert code == 0 and report["ok"], report
    [stamp] = report["timestamps"]
    assert stamp["trusted"] and stamp["authority"] == "test-tsa"
    assert stamp["attested_time"] == second["timestamps"][0]["attested_at"]

    # By hand: the whole procedure as VERIFY.txt has it, then the timestamp step.
    script = ("set -eu\n" + "\n".join(procedure.commands()) + "\n"
              + "\n".join(_timestamp_lines()) + "\n")
    done = subprocess.run(["bash", "-c", script], cwd=checker, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Verification: OK" in done.stdout and "Time stamp:" in done.stdout
    # And the same lines refuse a CA that is not the authority's.
    (checker / "tsa-ca.pem").write_bytes(authority.cert_pem)  # the TSA's, not its CA
    shutil.rmtree(checker / "unpacked")
    refused = subprocess.run(["bash", "-c", script], cwd=checker, capture_output=True,
                             text=True, timeout=120, check=False)
    assert refused.returncode != 0 and "Verification: FAILED" in refused.stdout
