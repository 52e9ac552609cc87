"""A second ``sync profile import`` with other keys, through the real CLI: refused without
``--replace`` with both fingerprints printed, nothing stored; with ``--replace`` stored and
recorded as a custody event naming both."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.core import custody
from app.crypto.signing import DeviceIdentity
from app.services.session import Session
from app.sync.profile import fingerprint

from .pki import make_pki
from .vaults import platform_recipient, profile_bytes

PASS = "passphrase for the profile swap test"
ROOT = Path(__file__).parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
        timeout=180, check=False,
    )  # fmt: skip


def _profile(folder: Path, label: str, recipient: str) -> tuple[Path, str, str]:
    """A profile file for a platform of its own (CA, receipt key, platform key); with the
    fingerprints of its CA certificate and receipt key."""
    pki = make_pki(folder / label, label)
    receipt = folder / label / "receipt"
    receipt_key = DeviceIdentity.generate().public_key
    receipt.with_suffix(".pub").write_text(receipt_key.openssh() + "\n")
    path = folder / f"{label}.json"
    path.write_bytes(profile_bytes(url=f"https://{label.lower()}.test:8443/files/",
                                   ca_pem=pki.ca_pem, recipient=recipient, receipt_key=receipt,
                                   token=None))  # fmt: skip
    return path, fingerprint(pki.ca_pem), receipt_key.fingerprint


def test_a_profile_with_other_keys_needs_replace_and_is_logged(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    secret = tmp_path / "pass"
    secret.write_text(PASS + "\n")
    vault = ["--vault", str(folder), "--passphrase-file", str(secret), "--json"]
    assert _cli(*vault, "init", "--kdf-floor").returncode == 0
    first_key, second_key = platform_recipient(), platform_recipient()
    first, first_ca, first_receipt = _profile(tmp_path, "First", first_key)
    second, second_ca, second_receipt = _profile(tmp_path, "Second", second_key)
    assert _cli(*vault, "sync", "profile", "import", str(first)).returncode == 0
    # The same profile again is no change and needs nothing.
    assert _cli(*vault, "sync", "profile", "import", str(first)).returncode == 0

    refused = _cli(*vault, "sync", "profile", "import", str(second))
    assert refused.returncode == 1 and refused.stdout == ""
    error = json.loads(refused.stderr)
    assert error["error"] == "ProfileSwapError"
    for printed in (fingerprint(first_key), fingerprint(second_key), first_ca, second_ca,
                    first_receipt, second_receipt):  # fmt: skip
        assert printed in error["message"]
    shown = json.loads(_cli(*vault, "sync", "profile", "show").stdout)
    assert shown["platform_recipient"] == first_key

    replaced = _cli(*vault, "sync", "profile", "import", str(second), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    shown = json.loads(_cli(*vault, "sync", "profile", "show").stdout)
    assert shown["platform_recipient"] == second_key

    with Session.unlock(folder, PASS) as session:
        events = [e for e in custody.events(session.connection, custody.VAULT_CHAIN)
                  if e.action == "profile_replaced"]  # fmt: skip
    assert len(events) == 1
    changes = {c["field"]: (c["old"], c["new"]) for c in events[0].details["changes"]}
    assert changes["platform key"] == (fingerprint(first_key), fingerprint(second_key))
    assert changes["CA certificate"] == (first_ca, second_ca)
    assert changes["receipt key"] == (first_receipt, second_receipt)
    assert changes["URL"] == ("https://first.test:8443/files/", "https://second.test:8443/files/")
