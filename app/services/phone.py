"""Phone evidence use cases for both front ends: verify a bundle (with or without a
vault), import it into a draft testimony, the pinned phone keys and the C2PA trust list.

Runs on the thread that owns the session (verification without a vault on any thread).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from app.core import phone_import
from app.core.phone_import import ImportedBundle, PhoneKey
from app.phone.report import Report
from app.phone.verify import KnownKey, trust_list_sha256, verify_path
from app.services.session import Session

Cancel = Callable[[], bool]


def verify_offline(
    path: Path,
    *,
    key_file: Path | None = None,
    cancel: Cancel | None = None,
    eyewitness: bool = False,
) -> Report:
    """The report on ``path`` without a vault: the shipped trust list, and the public key
    in ``key_file`` for bundles that do not carry theirs (Save, the legacy layout)."""
    keys = []
    if key_file is not None:
        keys.append(KnownKey(key_file.read_text(encoding="utf-8", errors="replace"), None))
    return verify_path(
        path,
        trust_anchors=phone_import.shipped_trust_list(),
        known_keys=keys,
        cancel=cancel,
        eyewitness=eyewitness,
    )


def verify(
    session: Session, path: Path, *, cancel: Cancel | None = None, eyewitness: bool = False
) -> Report:
    """The report on ``path`` with the vault's trust list and pinned keys; stores nothing."""
    return phone_import.verify_in_vault(
        session.connection, path, cancel=cancel, eyewitness=eyewitness
    )


def import_bundles(
    session: Session,
    testimony_id: str,
    paths: Sequence[Path],
    *,
    phone: str | None = None,
    accept_new_key: bool = False,
    accept_failed: bool = False,
    eyewitness: bool = False,
    cancel: Cancel | None = None,
) -> list[ImportedBundle]:
    return phone_import.import_bundles(
        session.connection,
        session.blobs,
        session.device,
        testimony_id,
        paths,
        phone=phone,
        accept_new_key=accept_new_key,
        accept_failed=accept_failed,
        eyewitness=eyewitness,
        actor=session.actor,
        cancel=cancel,
    )


def keys(session: Session) -> list[PhoneKey]:
    return phone_import.list_keys(session.connection)


def name_key(session: Session, fingerprint: str, name: str) -> PhoneKey:
    return phone_import.name_key(
        session.connection, session.device, fingerprint, name, session.actor
    )


def forget_key(session: Session, fingerprint: str) -> PhoneKey:
    return phone_import.forget_key(session.connection, session.device, fingerprint, session.actor)


def trust_show(session: Session) -> dict[str, object]:
    pem, source = phone_import.trust_anchors(session.connection)
    return {
        "source": source,
        "sha256": trust_list_sha256(pem),
        "certificates": pem.count("-----BEGIN CERTIFICATE-----"),
    }


def trust_import(session: Session, pem_file: Path) -> str:
    pem = pem_file.read_text(encoding="utf-8")
    return phone_import.set_trust(session.connection, session.device, pem, session.actor)


def trust_reset(session: Session) -> str:
    return phone_import.set_trust(session.connection, session.device, None, session.actor)
