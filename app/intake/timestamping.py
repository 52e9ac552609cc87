"""Stamping receipts with an RFC 3161 time-stamping authority (optional).

The receipt already says when the platform received a package, in the platform's own
words. A token from an independent authority says that the signed receipt existed at
that time: its imprint is the SHA-256 of the exact receipt file the server serves
(``receipts/UPLOAD_ID.json``, what ``GET {upload}/receipt`` answers), so anyone holding
the two files checks it with ``openssl ts -verify -data receipt.json -in token.tsr
-CAfile ca.pem``. The receipt document itself does not change (clients that know exactly
its fields keep working); the token is a separate file and a separate resource
(``GET {upload}/receipt/timestamp``).

An authority that cannot be reached, is slow or answers badly never holds a receipt
back: the request is abandoned after the configured timeout, the receipt goes out
alone, and a later ``GET {upload}/receipt/timestamp`` has the server ask again. A token
is kept only when it is granted, stamps exactly the receipt and our nonce, and is signed
by a certificate chaining to ``authority/ca.pem``. Runs on the completion or stamping
thread; blocking.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from cryptography import x509

from app.errors import FormatError
from app.formats.timestamps import (
    MAX_TOKEN_BYTES,
    TimestampError,
    check_token,
    load_certificates,
    timestamp_request,
)
from app.fsutil import atomic_write_bytes, ensure_private_dir
from app.intake.config import (
    IntakeLayout,
    IntakeSetupError,
    ReceiptAuthority,
    load_settings,
    validate_authority_timeout,
    validate_authority_url,
)

log = logging.getLogger(__name__)

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_CA_FILE = 256 * 1024


@dataclass(frozen=True)
class ReceiptStamper:
    """Asks the configured authority for a token over a receipt's bytes."""

    url: str
    trusted: tuple[x509.Certificate, ...]
    timeout: float

    def stamp(self, receipt_file_bytes: bytes) -> bytes | None:
        """The checked token (a DER TimeStampResp), or None when there is none to keep
        within the timeout; never raises for the authority's failures."""
        imprint = hashlib.sha256(receipt_file_bytes).digest()
        nonce = secrets.randbits(63) | 1
        deadline = time.monotonic() + self.timeout
        # Each step (connect, send, each read) gets half the budget and the whole read
        # is cut at the deadline, so a stalled or trickling authority costs at most
        # about the timeout.
        step = httpx.Timeout(self.timeout / 2)
        try:
            with httpx.Client(trust_env=False, follow_redirects=False, timeout=step) as client, \
                    client.stream("POST", self.url, content=timestamp_request(imprint, nonce),
                                  headers={"Content-Type": QUERY_TYPE,
                                           "Accept": REPLY_TYPE}) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_TOKEN_BYTES or time.monotonic() > deadline:
                        log.warning("receipt authority answered too much or too slowly")
                        return None
        except httpx.HTTPError as error:
            log.warning("receipt authority not reached: %s", type(error).__name__)
            return None
        if response.status_code != 200:
            log.warning("receipt authority answered %d", response.status_code)
            return None
        if response.headers.get("content-type", "").split(";")[0].strip() != REPLY_TYPE:
            log.warning("receipt authority did not answer a token")
            return None
        try:
            check_token(bytes(body), imprint, self.trusted, nonce=nonce)
        except TimestampError as error:
            log.warning("receipt authority's token not kept (%s)", error.reason)
            return None
        return bytes(body)


def load_stamper(layout: IntakeLayout) -> ReceiptStamper | None:
    """The stamper ``intake.json`` asks for, or None when receipts go unstamped."""
    authority = load_settings(layout).receipt_authority
    if authority is None:
        return None
    try:
        with layout.authority_ca_file.open("rb") as handle:
            pem = handle.read(MAX_CA_FILE)
    except FileNotFoundError:
        raise IntakeSetupError(
            "intake.json names a receipt authority but authority/ca.pem is missing: "
            "run 'authority set' again."
        ) from None
    return ReceiptStamper(authority.url, tuple(load_certificates(pem)), authority.timeout)


def set_authority(layout: IntakeLayout, url: str, ca_file: Path, timeout: float) -> None:
    """Record the authority (``authority set``): its CA certificate(s) copied into the
    data folder, its URL and timeout into ``intake.json``. The serving process reads
    them at start-up."""
    validate_authority_url(url)
    validate_authority_timeout(timeout)
    try:
        pem = ca_file.read_bytes()[: MAX_CA_FILE + 1]
    except OSError as error:
        raise IntakeSetupError(f"Cannot read {ca_file.name}: {error.strerror}") from None
    if len(pem) > MAX_CA_FILE:
        raise IntakeSetupError(f"{ca_file.name} is larger than {MAX_CA_FILE} bytes.")
    try:
        load_certificates(pem)
    except FormatError:
        raise IntakeSetupError(
            f"{ca_file.name} holds no PEM certificate (give the authority's CA certificate)."
        ) from None
    settings = replace(load_settings(layout), receipt_authority=ReceiptAuthority(url, timeout))
    ensure_private_dir(layout.authority_ca_file.parent)
    atomic_write_bytes(layout.authority_ca_file, pem)
    atomic_write_bytes(layout.settings_file,
                       json.dumps(settings.to_json(), indent=2).encode("utf-8"))


def clear_authority(layout: IntakeLayout) -> None:
    """Stop stamping receipts (``authority clear``); tokens already made stay."""
    settings = replace(load_settings(layout), receipt_authority=None)
    atomic_write_bytes(layout.settings_file,
                       json.dumps(settings.to_json(), indent=2).encode("utf-8"))
    if layout.authority_ca_file.parent.exists():
        shutil.rmtree(layout.authority_ca_file.parent)
