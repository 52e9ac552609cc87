"""Vaults, packages and profiles for the sync tests, made through the real code paths
(SQLCipher vault at the Argon2id floor, blobs encrypted in the vault's store)."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from app.crypto.age.keys import X25519Identity
from app.crypto.kdf import FLOOR
from app.storage.database import transaction
from app.storage.vault import Vault
from app.sync.profile import PROFILE_FORMAT, PROFILE_VERSION

PASSPHRASE = "correct horse battery staple for sync tests"


def make_vault(folder: Path) -> Vault:
    vault, _recovery = Vault.create(folder, PASSPHRASE, params=FLOOR)
    return vault


def add_package(vault: Vault, data: bytes, recipients: list[str]) -> str:
    """A package kept in the vault (as a coordinator's imported package would be)."""
    written = vault.blobs.write(io.BytesIO(data))
    package_id = hashlib.sha256(data).hexdigest()[:32]
    with transaction(vault.connection):
        vault.connection.execute(
            "INSERT INTO packages (id, testimony_id, origin, kind, blob_id, size, sha256,"
            " recipients_json, signer_fingerprint, created_at, verification_json)"
            " VALUES (?, NULL, 'imported', 'unknown', ?, ?, ?, ?, NULL, ?, NULL)",
            (package_id, written.blob_id, len(data), hashlib.sha256(data).hexdigest(),
             json.dumps(recipients), datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
        )
    vault.blobs.release(written.blob_id)
    return package_id


def platform_recipient() -> str:
    return str(X25519Identity.generate().recipient)


def profile_bytes(*, url: str, ca_pem: str, recipient: str, receipt_key: Path,
                  token: str | None, proxy: str | None = None) -> bytes:
    document: dict[str, object] = {
        "format": PROFILE_FORMAT,
        "version": PROFILE_VERSION,
        "name": "Test platform",
        "url": url,
        "ca_certificate_pem": ca_pem,
        "platform_recipient": recipient,
        "receipt_signing_key": receipt_key.with_suffix(".pub").read_text().strip(),
        "proxy": proxy,
    }
    if token is not None:
        document["device_token"] = token
    return json.dumps(document).encode("utf-8")
