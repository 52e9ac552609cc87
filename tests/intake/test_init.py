"""``evidence-vault-intake init`` and ``device add``: keys, TLS files, profiles."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from app.crypto.age.keys import X25519Identity
from app.crypto.signing import SigningPublicKey
from app.errors import FormatError
from app.intake.config import DEFAULT_MAX_PATCH_BODY, IntakeLayout, load_settings
from tests.intake.conftest import make_server, run_intake
from tests.owner_only import is_owner_only

PROFILE_KEYS = {
    "format",
    "version",
    "name",
    "url",
    "ca_certificate_pem",
    "platform_recipient",
    "receipt_signing_key",
    "device_token",
    "proxy",
}


def test_init_creates_private_keys_tls_and_profile(tmp_path: Path) -> None:
    server = make_server(tmp_path, holds_identity=True)
    data = server.data
    for secret in (
        "keys/platform.agekey",
        "keys/receipt-signing.key",
        "tls/ca.key",
        "tls/server.key",
        "profiles/documenter.json",
        "devices.json",
    ):
        assert is_owner_only(data / secret), secret
    for folder in ("keys", "tls", "uploads", "accepted", "rejected", "receipts", "profiles"):
        assert is_owner_only(data / folder), folder

    profile = server.profile
    assert set(profile) == PROFILE_KEYS
    assert profile["format"] == "evidence-vault-platform-profile"
    assert profile["version"] == 1
    assert profile["url"] == f"https://127.0.0.1:{server.port}/files/"
    assert profile["proxy"] is None
    token = str(profile["device_token"])
    assert 16 <= len(token) <= 512 and token.isprintable() and " " not in token

    # The server keeps only a hash of the token.
    devices = (data / "devices.json").read_text()
    assert token not in devices
    assert hashlib.sha256(token.encode()).hexdigest() in devices

    # The age identity opens what is sealed to the profile's recipient: age-keygen
    # (an independent implementation) derives the same recipient from the file.
    identity_file = data / "keys" / "platform.agekey"
    derived = subprocess.run(
        ["age-keygen", "-y", str(identity_file)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert derived == profile["platform_recipient"]
    lines = [line for line in identity_file.read_text().splitlines() if not line.startswith("#")]
    assert str(X25519Identity.parse(lines[0]).recipient) == profile["platform_recipient"]

    # The receipt key is an OpenSSH Ed25519 key; ssh-keygen derives the profile's key.
    public = subprocess.run(
        ["ssh-keygen", "-y", "-f", str(data / "keys" / "receipt-signing.key")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert SigningPublicKey.parse_openssh(public) == SigningPublicKey.parse_openssh(
        str(profile["receipt_signing_key"])
    )

    # The server certificate is issued by the profile's CA for the loopback names.
    ca = x509.load_pem_x509_certificate(str(profile["ca_certificate_pem"]).encode())
    assert ca == x509.load_pem_x509_certificate((data / "tls" / "ca.pem").read_bytes())
    leaf = x509.load_pem_x509_certificate((data / "tls" / "server.pem").read_bytes())
    leaf.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("127.0.0.1") in names.get_values_for_type(x509.IPAddress)
    assert "localhost" in names.get_values_for_type(x509.DNSName)


def test_init_with_a_host_name_adds_it_and_listens_on_loopback(tmp_path: Path) -> None:
    server = make_server(tmp_path, host="intake.example.org")
    assert server.profile["url"] == f"https://intake.example.org:{server.port}/files/"
    leaf = x509.load_pem_x509_certificate((server.data / "tls" / "server.pem").read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "intake.example.org" in names.get_values_for_type(x509.DNSName)
    settings = json.loads((server.data / "intake.json").read_text())
    assert settings["bind"] == "127.0.0.1"


def test_init_refuses_a_folder_already_set_up(tmp_path: Path) -> None:
    server = make_server(tmp_path, holds_identity=True)
    before = (server.data / "keys" / "platform.agekey").read_bytes()
    again = run_intake(server.data, "init")
    assert again.returncode == 1
    assert "already set up" in again.stderr
    assert (server.data / "keys" / "platform.agekey").read_bytes() == before


def test_device_add_writes_a_new_profile_with_its_own_token(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    result = run_intake(server.data, "device", "add", "field-team-2")
    assert result.returncode == 0, result.stderr
    profile = json.loads(Path(result.stdout.strip()).read_text())
    assert set(profile) == PROFILE_KEYS
    assert profile["device_token"] != server.token
    assert profile["receipt_signing_key"] == server.profile["receipt_signing_key"]
    duplicate = run_intake(server.data, "device", "add", "field-team-2")
    assert duplicate.returncode == 1
    bad = run_intake(server.data, "device", "add", "../escape")
    assert bad.returncode == 1


def test_init_refuses_a_bind_that_is_not_an_address(tmp_path: Path) -> None:
    result = run_intake(tmp_path / "intake", "init", "--bind", "0.0.0.0; rm -rf /")
    assert result.returncode == 1
    assert not (tmp_path / "intake" / "intake.json").exists()


def test_behind_a_proxy_the_profile_names_the_public_port(tmp_path: Path) -> None:
    data = tmp_path / "intake"
    result = run_intake(
        data,
        "init",
        "--host",
        "intake.example.org",
        "--port",
        "443",
        "--listen-port",
        "8443",
        "--max-upload-size",
        "1000000",
    )
    assert result.returncode == 0, result.stderr
    profile = json.loads(Path(result.stdout.strip()).read_text())
    assert profile["url"] == "https://intake.example.org:443/files/"
    settings = json.loads((data / "intake.json").read_text())
    assert (settings["bind"], settings["port"], settings["listen_port"]) == ("127.0.0.1", 443, 8443)
    assert settings["max_upload_size"] == 1000000


def test_the_patch_body_limit_is_set_at_init_and_defaults_for_older_folders(
    tmp_path: Path,
) -> None:
    data = tmp_path / "intake"
    too_small = run_intake(data, "init", "--max-patch-body", "1000")
    assert too_small.returncode == 1 and "PATCH body limit" in too_small.stderr
    assert not (data / "intake.json").exists()
    result = run_intake(data, "init", "--max-patch-body", str(16 * 1024 * 1024))
    assert result.returncode == 0, result.stderr
    layout = IntakeLayout(data)
    assert load_settings(layout).max_patch_body == 16 * 1024 * 1024
    # A folder set up before the limit existed has no such key: the default applies.
    settings = json.loads(layout.settings_file.read_text())
    del settings["max_patch_body"]
    layout.settings_file.write_text(json.dumps(settings))
    assert load_settings(layout).max_patch_body == DEFAULT_MAX_PATCH_BODY
    settings["max_patch_body"] = 2 * 1024**3
    layout.settings_file.write_text(json.dumps(settings))
    with pytest.raises(FormatError, match="PATCH body limit"):
        load_settings(layout)
