"""Receipts: only a receipt that is exactly right, signed by the profile's key, passes."""

from __future__ import annotations

import hashlib
import json
import ssl
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.signing import NAMESPACE_PACKAGE, NAMESPACE_RECEIPT, DeviceIdentity
from app.sync.errors import ProfileError, ReceiptError
from app.sync.receipts import canonical_json, verify_receipt
from app.sync.tls import platform_ssl_context

from .pki import ServerPki

PLATFORM = DeviceIdentity.generate()
SHA = hashlib.sha256(b"package").hexdigest()


def _receipt(**changes: Any) -> dict[str, Any]:
    receipt = {
        "format": "evidence-vault-receipt",
        "version": 1,
        "upload_id": "0f3c9a",
        "package_sha256": SHA,
        "size": 7,
        "received_at": "2026-11-27T19:30:00Z",
        "platform_key_fingerprint": PLATFORM.public_key.fingerprint,
    }
    receipt.update(changes)
    return receipt


def _body(receipt: dict[str, Any], *, signer: DeviceIdentity = PLATFORM,
          namespace: str = NAMESPACE_RECEIPT, signed: dict[str, Any] | None = None) -> bytes:
    signature = signer.sign(namespace, canonical_json(signed or receipt))
    return json.dumps({"receipt": receipt, "signature": signature}).encode()


def _verify(body: bytes, **expected: Any) -> Any:
    options = {"signing_key_openssh": PLATFORM.public_key.openssh(), "expected_sha256": SHA,
               "expected_size": 7, "expected_upload_id": "0f3c9a"}
    options.update(expected)
    return verify_receipt(body, **options)


def test_a_correct_receipt_verifies() -> None:
    receipt = _verify(_body(_receipt()))
    assert receipt.size == 7 and receipt.received_at.year == 2026
    assert json.loads(receipt.to_json())["receipt"]["upload_id"] == "0f3c9a"


def test_a_receipt_of_the_same_package_by_an_earlier_upload_verifies() -> None:
    # The platform answers a package it already holds with its first receipt, which names
    # the first upload. Same bytes, signed by the platform: delivered all the same.
    receipt = _verify(_body(_receipt()), expected_upload_id="5d1e77")
    assert receipt.upload_id == "0f3c9a"


def test_canonical_json_is_sorted_and_compact() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


@pytest.mark.parametrize(
    ("body", "expected", "message"),
    [
        (_body(_receipt(), signer=DeviceIdentity.generate()), {}, "signature"),
        (_body(_receipt(), namespace=NAMESPACE_PACKAGE), {}, "signature"),
        (_body(_receipt(size=8), signed=_receipt()), {}, "signature"),  # altered after signing
        (_body(_receipt()), {"expected_size": 8}, "size"),
        (_body(_receipt()), {"expected_sha256": "0" * 64}, "another package"),
        (_body(_receipt(platform_key_fingerprint="SHA256:" + "A" * 43)), {}, "another platform"),
        (_body(_receipt(received_at="2026-11-27T21:30:00+02:00")), {}, "UTC"),
        (_body(_receipt(size=True)), {}, "size"),
        (_body(_receipt(version=2)), {}, "version"),
        (_body({**_receipt(), "extra": 1}), {}, "fields"),
        (b"not json", {}, "JSON"),
        (b"{}", {}, "receipt and a signature"),
    ],
)
def test_wrong_receipts_are_rejected(body: bytes, expected: dict[str, Any], message: str) -> None:
    with pytest.raises(ReceiptError, match=message):
        _verify(body, **expected)


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_is_rejected(position: int, bit: int) -> None:
    body = bytearray(_body(_receipt()))
    body[position % len(body)] ^= 1 << bit
    try:
        result = _verify(bytes(body))
    except ReceiptError:
        return
    # A flip inside JSON whitespace or an escape may leave the same document.
    assert json.loads(result.to_json())["receipt"] == _receipt()


def test_tls_context_trusts_only_the_profile_ca(platform_pki: ServerPki) -> None:
    context = platform_ssl_context(platform_pki.ca_pem)
    assert len(context.get_ca_certs()) == 1  # no system store
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_tls_context_refuses_a_leaf_certificate_as_ca(platform_pki: ServerPki) -> None:
    with pytest.raises(ProfileError):
        platform_ssl_context(platform_pki.cert_file.read_text())
