"""The profile's time-stamping authorities: parsed strictly, stored, read back; a
profile without them reads (and is stored) exactly as before."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from app.sync.errors import ProfileError
from app.sync.profile import parse_profile

from .tsa import Authority


@pytest.fixture(scope="module")
def receipt_key(tmp_path_factory: pytest.TempPathFactory) -> str:
    key = tmp_path_factory.mktemp("receipt") / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key.with_suffix(".pub").read_text().strip()


def _document(authority: Authority, receipt_key: str, **extra: Any) -> dict[str, Any]:
    from app.crypto.age import X25519Identity

    return {
        "format": "evidence-vault-platform-profile", "version": 1, "name": "P",
        "url": "https://platform.test/files/", "ca_certificate_pem": authority.ca_pem.decode(),
        "platform_recipient": str(X25519Identity.generate().recipient),
        "receipt_signing_key": receipt_key, "proxy": None, **extra,
    }


def _entry(authority: Authority, **change: Any) -> dict[str, Any]:
    return {"name": "tsa-1", "url": "http://tsa.example.org/tsr",
            "certificate_pem": authority.ca_pem.decode(), "use_proxy": True, **change}


def test_authorities_round_trip_and_their_absence_changes_nothing(
    authority: Authority, receipt_key: str
) -> None:
    plain, _ = parse_profile(json.dumps(_document(authority, receipt_key)).encode())
    assert plain.timestamp_authorities == ()
    assert "timestamp_authorities" not in plain.to_json()
    entries = [_entry(authority), _entry(authority, name="tsa-2", use_proxy=False,
                                         url="https://tsa2.example.org/",
                                         tls_ca_pem=authority.ca_pem.decode())]
    profile, _ = parse_profile(json.dumps(
        _document(authority, receipt_key, timestamp_authorities=entries)).encode())
    assert [a.name for a in profile.timestamp_authorities] == ["tsa-1", "tsa-2"]
    assert profile.timestamp_authorities[0].tls_ca_pem is None
    again, _ = parse_profile(json.dumps(profile.to_json()).encode())
    assert again == profile


@pytest.mark.parametrize(
    "entries",
    [
        "not a list",
        [{"name": "a"}],
        [{**{"name": "tsa-1", "url": "ftp://tsa/", "use_proxy": True}, "certificate_pem": ""}],
        ["entry"],
    ],
)
def test_malformed_lists_are_refused(
    authority: Authority, receipt_key: str, entries: object
) -> None:
    with pytest.raises(ProfileError):
        parse_profile(json.dumps(
            _document(authority, receipt_key, timestamp_authorities=entries)).encode())


@pytest.mark.parametrize(
    "change",
    [
        {"url": "ftp://tsa.example.org/"},
        {"url": "http://user:pw@tsa.example.org/"},
        {"url": "http://tsa.example.org/#x"},
        {"url": "http://tsa.example.org:99999/"},
        {"name": "bad name"},
        {"name": ""},
        {"certificate_pem": "not a certificate"},
        {"tls_ca_pem": "not a certificate"},
        {"use_proxy": "yes"},
        {"extra": 1},
    ],
)
def test_each_malformed_field_is_refused(
    authority: Authority, receipt_key: str, change: dict[str, Any]
) -> None:
    document = _document(authority, receipt_key,
                         timestamp_authorities=[_entry(authority, **change)])
    with pytest.raises(ProfileError):
        parse_profile(json.dumps(document).encode())


def test_names_are_unique_and_the_list_is_capped(
    authority: Authority, receipt_key: str
) -> None:
    twice = [_entry(authority), _entry(authority)]
    many = [_entry(authority, name=f"t{i}") for i in range(9)]
    for entries in (twice, many):
        with pytest.raises(ProfileError):
            parse_profile(json.dumps(
                _document(authority, receipt_key, timestamp_authorities=entries)).encode())
