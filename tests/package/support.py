"""Shared helpers for the package tests: a real vault (SQLCipher, blob store, device key)
with sealed testimonies and media, real age identities, and runners for the standard
tools (age, tar, sha256sum, ssh-keygen, bagit.py) used as independent checkers."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.core import cases
from app.core.ids import new_id, utc_timestamp
from app.core.records import parse_case_input, parse_testimony_input
from app.core.sealing import seal_testimony
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import add_testimony
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE
from app.storage.database import transaction
from app.storage.vault import Vault

ACTOR = "documenter-1"
PASSPHRASE = "correct horse battery staple"
BAGIT_CLI = Path(sys.executable).with_name("bagit.py")

CONSENT: dict[str, Any] = {
    "interview": True,
    "audio_recording": True,
    "share_with_platform": True,
    "share_onward": False,
    "be_named": False,
    "recontact": True,
    "given_at": "2024-03-01T10:15:00Z",
    "method": "oral, recorded at the start of the interview",
}


def record_data(**consent: Any) -> dict[str, Any]:
    return {
        "person": {
            "code": "W-017",
            "role": "survivor",
            "full_name": "Алесь Тэставы",
            "contacts": "+375 29 000 00 00",
            "date_of_birth": "1990-01-02",
        },
        "interview": {"place": "Vilnius", "interviewer": "D-3", "language": "be"},
        "consent": {**CONSENT, **consent},
        "incidents": [],
        "narrative": "Мяне затрымалі 9 жніўня каля стэлы.",
    }


def create_vault(folder: Path) -> Vault:
    vault, _recovery = Vault.create(folder, PASSPHRASE, params=FLOOR)
    return vault


def add_draft(vault: Vault, **consent: Any) -> str:
    conn, device = vault.connection, vault.device
    case = cases.add_case(conn, device, parse_case_input({"title": "Case"}), ACTOR)
    testimony = add_testimony(
        conn, device, case.id, parse_testimony_input(record_data(**consent)), ACTOR
    )
    return testimony.id


def add_media(vault: Vault, testimony_id: str, name: str, data: bytes) -> str:
    """An attachment row and its blob, as an import leaves them."""
    written = vault.blobs.write(io.BytesIO(data))
    attachment_id = new_id()
    with transaction(vault.connection):
        vault.connection.execute(
            "INSERT INTO attachments (id, testimony_id, blob_id, original_name, size, sha256,"
            " media_type, imported_at, metadata_json, has_location, metadata_note, derived_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL)",
            (
                attachment_id,
                testimony_id,
                written.blob_id,
                name,
                written.size,
                written.sha256,
                "image/jpeg",
                utc_timestamp(),
                json.dumps({"Make": "Test"}),
            ),
        )
    vault.blobs.release(written.blob_id)
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    return attachment_id


def sealed_testimony(vault: Vault, media: dict[str, bytes], **consent: Any) -> str:
    testimony_id = add_draft(vault, **consent)
    for name, data in media.items():
        add_media(vault, testimony_id, name, data)
    seal_testimony(vault.connection, vault.blobs, vault.device, testimony_id, ACTOR)
    return testimony_id


def set_platform(vault: Vault, identity: X25519Identity) -> None:
    set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, str(identity.recipient), ACTOR)


def trusted_line(vault: Vault) -> str:
    return vault.device.public_key.allowed_signers_line(
        "documenter", [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]
    )


def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(argv, capture_output=True, env=env, check=False, **kwargs)
