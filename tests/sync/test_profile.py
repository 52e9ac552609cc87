"""The platform profile: strict parsing, storage in the vault, and where the token goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backends import chainer, fail, null

from app.core.settings import PLATFORM_RECIPIENT, read_value
from app.errors import EvidenceVaultError, UnsupportedVersionError
from app.storage.vault import Vault
from app.sync.errors import ProfileError
from app.sync.profile import (
    KEYRING_SERVICE,
    LOCATION_KEYRING,
    LOCATION_VAULT,
    SETTING_TOKEN,
    import_profile,
    is_secure_backend,
    parse_profile,
    require_profile,
    require_token,
)

from .pki import ServerPki
from .vaults import make_vault, platform_recipient, profile_bytes

TOKEN = "device-token-0123456789abcdef"


class MemoryKeyring:
    """A secure-looking keyring held in memory (the OS one is never touched by tests)."""

    priority = 5

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    vault = make_vault(tmp_path_factory.mktemp("profile") / "vault")
    yield vault  # type: ignore[misc]
    vault.lock()


# One platform key for the module: the vault is shared, and importing a profile with
# another key is refused without replace=True (a swap).
PLATFORM_KEY = platform_recipient()


def _document(pki: ServerPki, receipt_key: Path, **changes: object) -> dict[str, object]:
    document = json.loads(profile_bytes(url="https://platform.example:8443/files/",
                                        ca_pem=pki.ca_pem, recipient=PLATFORM_KEY,
                                        receipt_key=receipt_key, token=TOKEN))
    document.update(changes)
    return {k: v for k, v in document.items() if v is not ...}


def test_a_valid_profile_parses(platform_pki: ServerPki, receipt_key: Path) -> None:
    profile, token = parse_profile(json.dumps(_document(platform_pki, receipt_key)).encode())
    assert token == TOKEN
    assert profile.host == "platform.example" and profile.proxy is None
    assert profile.receipt_key_fingerprint.startswith("SHA256:")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "http://platform.example/files/"}, "https://"),
        ({"url": "https://user:pw@platform.example/files/"}, "user"),
        ({"url": "https://platform.example/files/?a=b"}, "query"),
        ({"proxy": "socks5://127.0.0.1:9050"}, "socks5h"),
        ({"proxy": "http://127.0.0.1:8080"}, "socks5h"),
        ({"proxy": "socks5h://127.0.0.1"}, "socks5h"),
        ({"ca_certificate_pem": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"},
         "PEM"),
        ({"platform_recipient": "age1notakey"}, "age"),
        ({"receipt_signing_key": "ssh-rsa AAAAB3NzaC1yc2E="}, "Ed25519"),
        ({"device_token": "short"}, "token"),
        ({"device_token": "has spaces inside the token"}, "token"),
        ({"extra": 1}, "fields"),
        ({"name": ...}, "fields"),
        ({"format": "something-else"}, "not an Evidence Vault"),
    ],
)
def test_malformed_profiles_are_refused_with_a_reason(
    platform_pki: ServerPki, receipt_key: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(json.dumps(_document(platform_pki, receipt_key, **changes)).encode())


def test_newer_profile_version_is_unsupported(platform_pki: ServerPki, receipt_key: Path) -> None:
    with pytest.raises(UnsupportedVersionError):
        parse_profile(json.dumps(_document(platform_pki, receipt_key, version=2)).encode())


def test_oversized_profile_is_refused_before_parsing() -> None:
    with pytest.raises(ProfileError, match="larger"):
        parse_profile(b" " * (64 * 1024 + 1))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
def test_arbitrary_bytes_never_crash_the_parser(data: bytes) -> None:
    with pytest.raises(EvidenceVaultError):
        parse_profile(data)


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(["name", "url", "proxy", "version", "device_token",
                            "platform_recipient", "receipt_signing_key"]),
       value=st.one_of(st.none(), st.integers(), st.text(max_size=40), st.booleans(),
                       st.lists(st.integers(), max_size=2)))
def test_mutated_fields_are_refused_or_kept_valid(
    platform_pki: ServerPki, receipt_key: Path, key: str, value: object
) -> None:
    document = _document(platform_pki, receipt_key, **{key: value})
    try:
        profile, token = parse_profile(json.dumps(document).encode())
    except EvidenceVaultError:
        return
    # Whatever was accepted is still a safe profile.
    assert profile.url.startswith("https://")
    assert profile.proxy is None or profile.proxy.startswith("socks5h://")
    assert token is None or (16 <= len(token) <= 512 and " " not in token)


def test_real_keyring_backends_without_a_secret_store_are_not_secure() -> None:
    assert not is_secure_backend(fail.Keyring())
    assert not is_secure_backend(null.Keyring())
    assert is_secure_backend(MemoryKeyring())
    assert not is_secure_backend(chainer.ChainerBackend())  # chains nothing secure here


def test_import_moves_the_token_into_a_secure_keyring(
    shared_vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    keyring = MemoryKeyring()
    conn = shared_vault.connection
    data = json.dumps(_document(platform_pki, receipt_key)).encode()
    result = import_profile(conn, data, keyring_backend=keyring, signer=shared_vault.device)
    assert result.token_location == LOCATION_KEYRING
    assert read_value(conn, SETTING_TOKEN) is None  # not in the vault as well
    ((service, account), stored), = keyring.entries.items()
    assert service == KEYRING_SERVICE and stored == TOKEN and TOKEN not in account
    assert require_token(conn, keyring) == TOKEN
    assert require_profile(conn) == result.profile
    assert read_value(conn, PLATFORM_RECIPIENT) == result.profile.platform_recipient
    assert TOKEN not in (read_value(conn, "sync.profile") or "")

    # When no secure keyring is available any more, a new token goes into the vault.
    renewed = json.dumps(_document(platform_pki, receipt_key,
                                   device_token="renewed-token-0123456789")).encode()
    again = import_profile(conn, renewed, keyring_backend=fail.Keyring())
    assert again.token_location == LOCATION_VAULT
    assert require_token(conn, fail.Keyring()) == "renewed-token-0123456789"


def test_import_without_token_keeps_the_stored_one(
    shared_vault: Vault, platform_pki: ServerPki, receipt_key: Path
) -> None:
    conn = shared_vault.connection
    import_profile(conn, json.dumps(_document(platform_pki, receipt_key)).encode(),
                   keyring_backend=None)
    result = import_profile(
        conn, json.dumps(_document(platform_pki, receipt_key, device_token=...)).encode(),
        keyring_backend=None,
    )
    assert result.token_location is None
    assert require_token(conn, None) == TOKEN
