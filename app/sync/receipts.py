"""The platform's signed receipt: strict parsing, canonical bytes, verification.

A receipt is the only thing that marks a package delivered, so nothing in it is
trusted before every check holds: exact keys and types, an SSHSIG by the profile's
receipt key (and no other) under the receipt namespace over the canonical JSON bytes,
the key fingerprint it names, and the package SHA-256, size and upload id we sent.
The platform may also name the enrolled device that delivered the package (``device``).
A platform that has its receipts stamped serves an RFC 3161 token beside the receipt
(``GET {upload}/receipt/timestamp``), never inside it: ``check_receipt_token`` keeps it
only when it stamps the SHA-256 of the receipt exactly as stored and is signed by an
authority the profile names. Pure functions; safe on any thread.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.crypto.signing import NAMESPACE_RECEIPT, SigningPublicKey, verify
from app.errors import EvidenceVaultError
from app.formats.canonical import canonical_json
from app.formats.timestamps import TimestampError, check_token, load_certificates
from app.sync.errors import ReceiptError

RECEIPT_FORMAT = "evidence-vault-receipt"
RECEIPT_VERSION = 1
MAX_RECEIPT_BYTES = 64 * 1024
MAX_SIGNATURE_CHARS = 8 * 1024
_RECEIPT_KEYS = frozenset(
    {
        "format",
        "version",
        "upload_id",
        "package_sha256",
        "size",
        "received_at",
        "platform_key_fingerprint",
    }
)
# Present when the platform names the device that delivered (intake servers since 2026-12).
_OPTIONAL_KEYS = frozenset({"device"})
_DEVICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
_UPLOAD_ID = re.compile(r"[A-Za-z0-9._~-]{1,200}")


@dataclass(frozen=True)
class Receipt:
    """A verified receipt, and the exact bytes that were signed (kept as evidence)."""

    upload_id: str
    package_sha256: str
    size: int
    received_at: datetime
    platform_key_fingerprint: str
    document: str  # the whole response body as received, for the outbox and audits
    device: str | None = None  # the enrolled device that delivered, when the platform says

    def to_json(self) -> str:
        return self.document


def _reject(what: str) -> ReceiptError:
    return ReceiptError(f"The platform's receipt did not verify: {what}.")


def _parse_time(untrusted: Any) -> datetime:
    if not isinstance(untrusted, str) or len(untrusted) > 40:
        raise _reject("the time received is not a timestamp")
    text = untrusted[:-1] + "+00:00" if untrusted.endswith("Z") else untrusted
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _reject("the time received is not a timestamp") from None
    if moment.utcoffset() is None or moment.utcoffset() != UTC.utcoffset(None):
        raise _reject("the time received is not in UTC")
    return moment


def parse_receipt_document(untrusted_body: bytes) -> tuple[dict[str, Any], str]:
    """The ``receipt`` object and the armored signature, shape-checked only."""
    if len(untrusted_body) > MAX_RECEIPT_BYTES:
        raise _reject("it is larger than allowed")
    try:
        document = json.loads(untrusted_body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _reject("it is not JSON") from None
    if not isinstance(document, dict) or set(document) != {"receipt", "signature"}:
        raise _reject("it does not have exactly a receipt and a signature")
    receipt, signature = document["receipt"], document["signature"]
    if not isinstance(receipt, dict) or not (
        _RECEIPT_KEYS <= set(receipt) <= _RECEIPT_KEYS | _OPTIONAL_KEYS
    ):
        raise _reject("the receipt does not have the expected fields")
    if not isinstance(signature, str) or len(signature) > MAX_SIGNATURE_CHARS:
        raise _reject("the signature is missing")
    if receipt["format"] != RECEIPT_FORMAT:
        raise _reject("it is not an Evidence Vault receipt")
    version = receipt["version"]
    if type(version) is not int or version != RECEIPT_VERSION:
        raise _reject("its version is not supported")
    return receipt, signature


def verify_receipt(
    untrusted_body: bytes,
    *,
    signing_key_openssh: str,
    expected_sha256: str,
    expected_size: int,
    expected_upload_id: str,
) -> Receipt:
    """Check everything about a receipt; return it only when all holds."""
    receipt, signature = parse_receipt_document(untrusted_body)
    try:
        trusted = SigningPublicKey.parse_openssh(signing_key_openssh)
    except EvidenceVaultError:
        raise ReceiptError("The profile's receipt signing key is not usable.") from None
    try:
        verify(signature, canonical_json(receipt), NAMESPACE_RECEIPT, [trusted])
    except (EvidenceVaultError, ValueError):
        raise _reject("the signature is not the platform's") from None
    # Only signed content from here on; still checked field by field.
    fingerprint = receipt["platform_key_fingerprint"]
    if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
        raise _reject("the platform key fingerprint is malformed")
    if fingerprint != trusted.fingerprint:
        raise _reject("it names another platform key")
    sha256 = receipt["package_sha256"]
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256):
        raise _reject("the package SHA-256 is malformed")
    if sha256 != expected_sha256.lower():
        raise _reject("it is for another package (SHA-256 differs)")
    size = receipt["size"]
    if type(size) is not int or size != expected_size:
        raise _reject("the size received differs from the package's")
    upload_id = receipt["upload_id"]
    if not isinstance(upload_id, str) or not _UPLOAD_ID.fullmatch(upload_id):
        raise _reject("the upload id is malformed")
    # Another upload id is no reason to refuse: the platform answers a package it holds
    # already (sent again after a lost answer, or forwarded by a coordinator) with its first
    # receipt, which names the first upload. The signed SHA-256 and size are what prove
    # delivery; ``expected_upload_id`` only tells which upload this run made.
    del expected_upload_id
    device = receipt.get("device")
    if device is not None and (not isinstance(device, str) or not _DEVICE.fullmatch(device)):
        raise _reject("the device name is malformed")
    return Receipt(
        upload_id=upload_id,
        package_sha256=sha256,
        size=size,
        received_at=_parse_time(receipt["received_at"]),
        platform_key_fingerprint=fingerprint,
        document=untrusted_body.decode("utf-8"),
        device=device,
    )


def check_receipt_token(
    untrusted_token: bytes, receipt_document: str, trusted_pems: Sequence[str]
) -> datetime:
    """The time the authority attested for the receipt ``receipt_document`` (the body
    as received and stored); ReceiptError unless the token is granted, stamps the
    SHA-256 of exactly those bytes, and chains to one of ``trusted_pems`` (the CA
    certificates of the profile's time-stamping authorities)."""
    imprint = hashlib.sha256(receipt_document.encode("utf-8")).digest()
    trusted = []
    for pem in trusted_pems:
        try:
            trusted.extend(load_certificates(pem.encode("ascii")))
        except (EvidenceVaultError, UnicodeEncodeError):
            continue
    try:
        facts = check_token(untrusted_token, imprint, trusted)
    except TimestampError as error:
        what = {
            "imprint": "it stamps another receipt",
            "untrusted": "it is not signed by an authority the profile trusts",
        }.get(error.reason, "it is not a valid token")
        raise ReceiptError(f"The receipt's timestamp was refused: {what}.") from None
    return facts.gen_time.astimezone(UTC)


def upload_id_of(upload_url: str) -> str:
    """The upload id: the last path segment of the upload URL."""
    return upload_url.rstrip("/").rsplit("/", 1)[-1]
