"""Receipts: the platform's signed statement that it holds a package.

A receipt names the upload, the package's SHA-256 and size, the time the platform first
accepted those bytes, the enrolled device that delivered them (``device``; absent only
for uploads begun before devices were recorded), and the fingerprint of the key that
signs it. A package delivered again is answered with its first receipt: the upload, the
device and the time of the first delivery. The signature is an
SSHSIG over the receipt's canonical JSON (sorted keys, no spaces, UTF-8), so a client,
or ``ssh-keygen -Y verify``, checks exactly the bytes the server signed. Pure functions
plus the signer passed in; they run on the server's completion thread.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from app.formats.canonical import canonical_json

RECEIPT_FORMAT = "evidence-vault-receipt"
RECEIPT_VERSION = 1


class ReceiptSigner(Protocol):
    """What signing a receipt needs from the platform's key."""

    @property
    def fingerprint(self) -> str: ...

    def sign_receipt(self, message: bytes) -> str:
        """An armored SSHSIG over ``message`` in the receipt namespace."""
        ...


def format_utc(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_receipt(
    *,
    upload_id: str,
    package_sha256: str,
    size: int,
    received_at: str,
    platform_key_fingerprint: str,
    device: str | None = None,
) -> dict[str, Any]:
    receipt: dict[str, Any] = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "upload_id": upload_id,
        "package_sha256": package_sha256,
        "size": size,
        "received_at": received_at,
        "platform_key_fingerprint": platform_key_fingerprint,
    }
    if device is not None:
        receipt["device"] = device
    return receipt


def sign_receipt(signer: ReceiptSigner, receipt: dict[str, Any]) -> dict[str, Any]:
    """The document served at ``GET {upload URL}/receipt``."""
    return {"receipt": receipt, "signature": signer.sign_receipt(canonical_json(receipt))}
