"""What happens to an upload once its last byte arrived: check, accept or reject, receipt.

Completion runs on one worker thread (``CompletionService``), so two completions never
race for the same accepted file, and hashing a large package never blocks the event
loop. Each step is idempotent and leaves the data folder in a state the next start-up
can finish from:

1. the upload's size and SHA-256 must equal what the client declared at creation;
2. when the server holds the platform identity and the package module is present, the
   full package verification runs (INTEGRATION POINT below);
3. accepted bytes are hard-linked to ``accepted/<sha256>.evp``: ``link`` fails when the
   name exists, so one package is stored exactly once however often it is sent; beside it
   ``accepted/<sha256>.json`` records the first delivery (time, upload, device) and every
   delivery by upload id (``deliveries``);
4. the signed receipt is written to ``receipts/<upload id>.json``: for a package the
   platform already held, the first delivery's receipt (a replay earns no new statement);
   when a receipt authority is set, its token over those exact bytes is written first
   to ``receipts/<upload id>.tsr`` (``timestamping.py``), waiting at most the
   authority's timeout and skipped when it fails: the receipt never waits longer;
5. the upload's data is replaced by an empty placeholder, so tus ``HEAD`` still answers
   (offset == length) while the bytes live only in the accepted store.

A refused package is linked to ``rejected/<upload id>.evp`` with its reason (and the
device that sent it) beside it. The device that created an upload is kept in its
sidecar's metadata, then in these records: ``owner_of`` reads it back.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import EvidenceVaultError, FormatError, StorageError
from app.formats.package.verify import verify_package
from app.fsutil import atomic_write_bytes, fsync_dir
from app.intake.config import IntakeLayout
from app.intake.keys import load_platform_identities, load_trusted_signers
from app.intake.receipts import ReceiptSigner, build_receipt, format_utc, sign_receipt
from app.intake.timestamping import ReceiptStamper

log = logging.getLogger(__name__)

UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
MAX_INFO_FILE = 256 * 1024
_HASH_BLOCK = 1024 * 1024

# Checks a whole package file; raises an EvidenceVaultError saying why it is refused.
PackageVerifier = Callable[[Path], None]


class PackageRejectedError(EvidenceVaultError):
    """An upload's bytes are not the package its client declared, or not a valid one."""


@dataclass(frozen=True)
class UploadInfo:
    """The parts of tuspyserver's ``.info`` sidecar this module relies on."""

    size: int
    offset: int
    declared_sha256: str | None
    device: str | None = None  # the enrolled device that created the upload

    @property
    def complete(self) -> bool:
        return self.offset == self.size


def read_upload_info(layout: IntakeLayout, upload_id: str) -> UploadInfo | None:
    """The sidecar of an upload, or None when it does not exist or is unreadable."""
    path = layout.uploads_dir / f"{upload_id}.info"
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INFO_FILE + 1)
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_INFO_FILE else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    size, offset, metadata = data.get("size"), data.get("offset"), data.get("metadata")
    if not isinstance(size, int) or not isinstance(offset, int):
        return None
    if not isinstance(metadata, dict):
        metadata = {}
    declared, device = metadata.get("sha256"), metadata.get("device")
    return UploadInfo(
        size=size,
        offset=offset,
        declared_sha256=declared if isinstance(declared, str) else None,
        device=device if isinstance(device, str) else None,
    )


def _read_small_json(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INFO_FILE + 1)
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_INFO_FILE else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def owner_of(layout: IntakeLayout, upload_id: str) -> str | None:
    """The device that created an upload, or None when unknown (then no device may use it).

    Read from the sidecar while the upload area holds it, then from the rejection or the
    accepted package's record, which outlive the sidecar's expiry.
    """
    info = read_upload_info(layout, upload_id)
    if info is not None:
        return info.device
    rejection = _read_small_json(rejection_path(layout, upload_id))
    if rejection is not None:
        device = rejection.get("device")
        return device if isinstance(device, str) else None
    document = _read_small_json(receipt_path(layout, upload_id))
    receipt = document.get("receipt") if document else None
    sha256 = receipt.get("package_sha256") if isinstance(receipt, dict) else None
    if not isinstance(sha256, str) or not SHA256_HEX.fullmatch(sha256):
        return None
    record = _read_small_json(layout.accepted_dir / f"{sha256}.json")
    deliveries = record.get("deliveries") if record else None
    delivery = deliveries.get(upload_id) if isinstance(deliveries, dict) else None
    device = delivery.get("device") if isinstance(delivery, dict) else None
    return device if isinstance(device, str) else None


def receipt_path(layout: IntakeLayout, upload_id: str) -> Path:
    return layout.receipts_dir / f"{upload_id}.json"


def receipt_token_path(layout: IntakeLayout, upload_id: str) -> Path:
    return layout.receipts_dir / f"{upload_id}.tsr"


def rejection_path(layout: IntakeLayout, upload_id: str) -> Path:
    return layout.rejected_dir / f"{upload_id}.json"


def is_finished(layout: IntakeLayout, upload_id: str) -> bool:
    """True once the upload has a receipt or a rejection: its data was handed over."""
    return receipt_path(layout, upload_id).exists() or rejection_path(layout, upload_id).exists()


def measure(path: Path) -> tuple[int, str]:
    """(size, lower-case hex SHA-256) of a file, read in bounded blocks."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError as error:
        raise StorageError(f"Cannot read the upload: {error.strerror}") from None
    return size, digest.hexdigest()


def _link(source: Path, target: Path) -> bool:
    """Hard-link ``source`` as ``target``; False when ``target`` already exists."""
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError as error:
        raise StorageError(f"Cannot store the package: {error.strerror}") from None
    fsync_dir(target.parent)
    return True


@dataclass(frozen=True)
class FirstDelivery:
    """What the first receipt for a package says: when, which upload, which device."""

    received_at: str
    upload_id: str
    device: str | None


def _accepted_record(
    layout: IntakeLayout, sha256: str, size: int, upload_id: str, device: str | None
) -> FirstDelivery:
    """Record this delivery of a package; return its first delivery (this one, if first).

    ``accepted/<sha256>.json`` is written when the package is first accepted and again
    for each later delivery, which is added to ``deliveries`` (upload id: device, time).
    """
    path = layout.accepted_dir / f"{sha256}.json"
    now = format_utc(datetime.datetime.now(datetime.UTC))
    record = _read_small_json(path)
    if record is None or not isinstance(record.get("received_at"), str):
        record = {"received_at": now, "size": size, "first_upload_id": upload_id}
        if device is not None:
            record["device"] = device
    deliveries = record.get("deliveries")
    if not isinstance(deliveries, dict):
        deliveries = record["deliveries"] = {}
    if upload_id not in deliveries:
        deliveries[upload_id] = {"device": device, "delivered_at": now}
        atomic_write_bytes(path, json.dumps(record).encode("utf-8"))
    first_upload = record.get("first_upload_id")
    first_device = record.get("device")
    return FirstDelivery(
        received_at=str(record["received_at"]),
        upload_id=first_upload if isinstance(first_upload, str) else upload_id,
        device=first_device if isinstance(first_device, str) else None,
    )


def _release_upload_data(layout: IntakeLayout, upload_id: str) -> None:
    # Same name, now empty: tus HEAD keeps answering from the sidecar, and the bytes
    # remain only under accepted/ or rejected/.
    atomic_write_bytes(layout.uploads_dir / upload_id, b"")


def _reject(
    layout: IntakeLayout, upload_id: str, data: Path, reason: str, device: str | None
) -> None:
    _link(data, layout.rejected_dir / f"{upload_id}.evp")
    document = {
        "upload_id": upload_id,
        "reason": reason,
        "rejected_at": format_utc(datetime.datetime.now(datetime.UTC)),
        "device": device,
    }
    atomic_write_bytes(rejection_path(layout, upload_id), json.dumps(document).encode("utf-8"))
    _release_upload_data(layout, upload_id)
    # Only the kind of failure: a verifier's message may quote names from inside the
    # package, which have no place in the server's log.
    log.warning("upload %s rejected (%s)", upload_id, reason.split(":", 1)[0])


def finish_upload(
    layout: IntakeLayout,
    upload_id: str,
    signer: ReceiptSigner,
    verifier: PackageVerifier | None,
    stamper: ReceiptStamper | None = None,
) -> str:
    """Check a complete upload and accept or reject it; returns what happened.

    Safe to call again at any point (after a crash, for a second final PATCH).
    """
    if not UPLOAD_ID.fullmatch(upload_id):
        raise FormatError("Not an upload id.")
    if is_finished(layout, upload_id):
        return "finished"
    info = read_upload_info(layout, upload_id)
    if info is None or not info.complete:
        return "incomplete"
    data = layout.uploads_dir / upload_id
    size, sha256 = measure(data)
    declared = info.declared_sha256
    if declared is None or not SHA256_HEX.fullmatch(declared):
        _reject(layout, upload_id, data, "the upload declared no valid SHA-256", info.device)
        return "rejected"
    if size != info.size:
        reason = f"size {size} differs from the declared {info.size}"
        _reject(layout, upload_id, data, reason, info.device)
        return "rejected"
    if sha256 != declared:
        _reject(layout, upload_id, data, "SHA-256 differs from the declared one", info.device)
        return "rejected"
    if verifier is not None:
        try:
            verifier(data)
        except PackageRejectedError as error:
            _reject(layout, upload_id, data, f"package verification failed: {error}", info.device)
            return "rejected"
        # Other errors (an unreadable file, a damaged key file) are the server's, not the
        # package's: they propagate, and the next submit tries again.
    target = layout.accepted_dir / f"{sha256}.evp"
    first = _link(data, target)
    first_delivery = _accepted_record(layout, sha256, size, upload_id, info.device)
    # For a package already held: the first receipt again (Ed25519 signatures are
    # deterministic, so even its bytes are the same), not a new statement.
    receipt = build_receipt(
        upload_id=first_delivery.upload_id,
        package_sha256=sha256,
        size=size,
        received_at=first_delivery.received_at,
        platform_key_fingerprint=signer.fingerprint,
        device=first_delivery.device,
    )
    document = json.dumps(sign_receipt(signer, receipt)).encode("utf-8")
    if stamper is not None:
        # Before the receipt, so a client that sees the receipt finds its token too. A
        # crash between the two is harmless: the receipt signed again after a restart is
        # the same bytes (same record, deterministic signature), and is stamped again.
        token = stamper.stamp(document)
        if token is not None:
            atomic_write_bytes(receipt_token_path(layout, upload_id), token)
    atomic_write_bytes(receipt_path(layout, upload_id), document)
    _release_upload_data(layout, upload_id)
    log.info("upload %s accepted as %s (%s)", upload_id, sha256, "new" if first else "duplicate")
    return "accepted" if first else "duplicate"


def stamp_stored_receipt(layout: IntakeLayout, upload_id: str, stamper: ReceiptStamper) -> bool:
    """Stamp a receipt that went out without its token (the authority failed then);
    True when the token is now kept."""
    if not UPLOAD_ID.fullmatch(upload_id) or receipt_token_path(layout, upload_id).exists():
        return False
    try:
        document = receipt_path(layout, upload_id).read_bytes()
    except FileNotFoundError:
        return False
    token = stamper.stamp(document)
    if token is None:
        return False
    atomic_write_bytes(receipt_token_path(layout, upload_id), token)
    log.info("receipt of upload %s stamped", upload_id)
    return True


def load_package_verifier(layout: IntakeLayout) -> PackageVerifier | None:
    """The full package check, when this server holds the platform identity.

    Runs ``app.formats.package.verify.verify_package`` (decryption with the platform
    identity, archive, bag, signature, trust, checksums, custody, seal). Trust is
    enforced: the signer must be listed in ``DATA/trusted-signers`` (allowed_signers
    format, ``evidence-vault-intake trust add``); with no such file every package fails
    the ``trust`` check. Without the identity file only size and SHA-256 are checked
    (a platform that keeps its identity offline verifies later, elsewhere).
    """
    if not layout.platform_identity_file.exists():
        return None
    identities = load_platform_identities(layout.platform_identity_file)

    def run(path: Path) -> None:
        # Re-read per package, so a signer added while the server runs counts at once.
        trusted = load_trusted_signers(layout.trusted_signers_file)
        report = verify_package(lambda: path.open("rb"), identities, trusted)
        if not report.ok:
            raise PackageRejectedError(f"{report.failed_check}: {report.message}")

    return run


class CompletionService:
    """One worker thread finishing uploads in order; ``submit`` may be called from any thread."""

    def __init__(
        self,
        layout: IntakeLayout,
        signer: ReceiptSigner,
        verifier: PackageVerifier | None,
        stamper: ReceiptStamper | None = None,
    ) -> None:
        self._layout = layout
        self._signer = signer
        self._verifier = verifier
        self.stamper = stamper
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="completion")
        # Late stamps on their own thread: a slow authority never holds a completion.
        self._stamping = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stamping")
        self._lock = threading.Lock()
        self._queued: set[str] = set()
        self._stamp_queued: set[str] = set()

    def submit_stamp(self, upload_id: str) -> None:
        """Ask the authority again for a receipt that went out without its token."""
        stamper = self.stamper
        if stamper is None:
            return
        with self._lock:
            if upload_id in self._stamp_queued:
                return
            self._stamp_queued.add(upload_id)

        def run() -> None:
            try:
                stamp_stored_receipt(self._layout, upload_id, stamper)
            except (OSError, EvidenceVaultError) as error:
                log.error("receipt of upload %s could not be stamped: %s", upload_id, error)
            finally:
                with self._lock:
                    self._stamp_queued.discard(upload_id)

        self._stamping.submit(run)

    def submit(self, upload_id: str) -> None:
        with self._lock:
            if upload_id in self._queued:
                return
            self._queued.add(upload_id)
        self._executor.submit(self._run, upload_id)

    def is_queued(self, upload_id: str) -> bool:
        with self._lock:
            return upload_id in self._queued

    def _run(self, upload_id: str) -> None:
        try:
            finish_upload(self._layout, upload_id, self._signer, self._verifier, self.stamper)
        except EvidenceVaultError as error:
            # Left as it is; the next submit (client's retry, next start-up) tries again.
            log.error("upload %s could not be finished: %s", upload_id, error)
        except Exception:
            log.exception("upload %s could not be finished", upload_id)
        finally:
            with self._lock:
                self._queued.discard(upload_id)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=False)
        # A late stamp is asked again by the client's next request; no need to wait.
        self._stamping.shutdown(wait=False, cancel_futures=True)


def upload_ids(layout: IntakeLayout) -> list[str]:
    try:
        names = [path.name for path in layout.uploads_dir.iterdir()]
    except FileNotFoundError:
        return []
    return sorted(name for name in names if UPLOAD_ID.fullmatch(name))


def read_sidecar(layout: IntakeLayout, upload_id: str) -> dict[str, Any] | None:
    path = layout.uploads_dir / f"{upload_id}.info"
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
