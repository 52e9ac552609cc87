"""Phone evidence into the vault: pinned phone keys, the C2PA trust list, and importing a
verified bundle into a draft testimony.

The pure verification is :mod:`app.phone`; this module adds what needs the vault:

* **Key pinning.** A bundle brings its own key, so a good signature proves "this key",
  not "this person". Each phone key seen is remembered (setting ``phone-keys``) and may be
  given a name; a bundle imported under a known name with another key is refused unless
  the person accepts the new key, and the change is a custody event.
* **The trust list** (setting ``phone-c2pa-trust``) starts as the shipped official C2PA
  list; importing or resetting it is a custody event naming both SHA-256 values.
* **Import.** The bundle is verified and every refusal happens before any byte is written.
  Then its bytes are stored unchanged (a zip or a single file as one attachment, a folder
  file by file), each media item as an attachment derived from it, and the report as a
  JSON attachment; rows, pins and ONE signed ``phone_imported`` event commit together.

Runs on the vault thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core import custody
from app.core.custody import DEFAULT_ACTOR, Signer, append_event
from app.core.ids import Clock, new_id, resolve_id, utc_timestamp
from app.core.metadata import read_metadata
from app.core.resources import resource_path
from app.core.settings import read_value, write_value
from app.core.testimonies import require_draft
from app.errors import EvidenceVaultError, FormatError, NotFoundError
from app.phone import openpgp
from app.phone.bundle import open_bundle
from app.phone.report import FAILED, Report
from app.phone.verify import KnownKey, trust_list_sha256, verify_path
from app.sanitize import for_display
from app.storage.blobs import BlobStore
from app.storage.database import Connection, transaction

PHONE_KEYS = "phone-keys"
PHONE_TRUST = "phone-c2pa-trust"
SHIPPED_TRUST = "c2pa-trust/C2PA-TRUST-LIST.pem"
MAX_TRUST_BYTES = 1 << 20
MAX_KEYS = 500
MAX_NAME = 64
REPORT_MEDIA_TYPE = "application/vnd.evidence-vault.phone-report+json"
BUNDLE_ROLE = "phone-bundle"
ITEM_ROLE = "phone-item"
REPORT_ROLE = "phone-report"
_EVENT_ITEMS = 40  # items listed in full in the custody event; the report holds them all

Cancel = Callable[[], bool]


class PhoneImportRefusedError(EvidenceVaultError):
    """The import was refused before anything was stored."""


# -- trust list -----------------------------------------------------------------------------


def shipped_trust_list() -> str:
    return resource_path(SHIPPED_TRUST).read_text(encoding="utf-8")


def trust_anchors(conn: Connection) -> tuple[str, str]:
    """The vault's C2PA trust anchors (PEM) and where they come from ("shipped"/"imported")."""
    stored = read_value(conn, PHONE_TRUST)
    if stored is None:
        return shipped_trust_list(), "shipped"
    return stored, "imported"


def _check_pem(pem: str) -> str:
    from cryptography import x509

    if len(pem.encode()) > MAX_TRUST_BYTES:
        raise FormatError("The trust list is larger than 1 MiB.")
    try:
        certificates = x509.load_pem_x509_certificates(pem.encode())
    except ValueError:
        raise FormatError("The trust list is not a list of PEM certificates.") from None
    if not certificates:
        raise FormatError("The trust list holds no certificate.")
    return pem


def set_trust(conn: Connection, signer: Signer, pem: str | None, actor: str) -> str:
    """Replace the vault's trust anchors with ``pem`` (``None``: back to the shipped list);
    logged with the SHA-256 before and after. Returns the new list's SHA-256."""
    before, _ = trust_anchors(conn)
    if pem is not None:
        _check_pem(pem)
    after = pem if pem is not None else shipped_trust_list()
    with transaction(conn):
        write_value(conn, PHONE_TRUST, pem)
        append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="phone_trust_changed",
            actor=actor,
            details={
                "before_sha256": trust_list_sha256(before),
                "after_sha256": trust_list_sha256(after),
                "source": "imported" if pem is not None else "shipped",
            },
        )
    return trust_list_sha256(after)


# -- pinned keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneKey:
    fingerprint: str
    name: str | None
    user_ids: tuple[str, ...]
    first_seen: str
    armored: str

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "name": self.name,
            "user_ids": list(self.user_ids),
            "first_seen": self.first_seen,
        }


def list_keys(conn: Connection) -> list[PhoneKey]:
    stored = read_value(conn, PHONE_KEYS)
    if stored is None:
        return []
    return [
        PhoneKey(
            fingerprint=entry["fingerprint"],
            name=entry.get("name"),
            user_ids=tuple(entry.get("user_ids", [])),
            first_seen=entry["first_seen"],
            armored=entry["armored"],
        )
        for entry in json.loads(stored)
    ]


def _store_keys(conn: Connection, keys: Sequence[PhoneKey]) -> None:
    if len(keys) > MAX_KEYS:
        raise EvidenceVaultError(f"At most {MAX_KEYS} phone keys can be kept.")
    write_value(
        conn,
        PHONE_KEYS,
        json.dumps(
            [{**k.to_json(), "armored": k.armored} for k in keys],
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    )


def phone_name(untrusted: str) -> str:
    name = untrusted.strip()
    if not name or len(name) > MAX_NAME:
        raise EvidenceVaultError(f"A phone's name needs 1 to {MAX_NAME} characters.")
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in name):
        raise EvidenceVaultError("A phone's name may hold only visible characters.")
    return name


def _find(keys: Sequence[PhoneKey], fingerprint: str) -> PhoneKey:
    wanted = fingerprint.replace(" ", "").upper()
    matches = [k for k in keys if k.fingerprint == wanted or k.fingerprint.endswith(wanted)]
    if len(wanted) < 16 or len(matches) != 1:
        raise NotFoundError("No phone key with that fingerprint is known to this vault.")
    return matches[0]


def name_key(conn: Connection, signer: Signer, fingerprint: str, name: str, actor: str) -> PhoneKey:
    """Give a known phone key a name (the name moves to it from any other key)."""
    name = phone_name(name)
    with transaction(conn):
        keys = list_keys(conn)
        key = _find(keys, fingerprint)
        previous = next((k for k in keys if k.name == name and k is not key), None)
        updated = [
            PhoneKey(k.fingerprint, name if k is key else (None if k is previous else k.name),
                     k.user_ids, k.first_seen, k.armored)
            for k in keys
        ]
        _store_keys(conn, updated)
        append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="phone_key_named",
            actor=actor,
            details={
                "fingerprint": key.fingerprint,
                "name": name,
                "previous_fingerprint": previous.fingerprint if previous else None,
            },
        )
    return _find(updated, key.fingerprint)


def forget_key(conn: Connection, signer: Signer, fingerprint: str, actor: str) -> PhoneKey:
    with transaction(conn):
        keys = list_keys(conn)
        key = _find(keys, fingerprint)
        _store_keys(conn, [k for k in keys if k is not key])
        append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="phone_key_forgotten",
            actor=actor,
            details={"fingerprint": key.fingerprint, "name": key.name},
        )
    return key


def known_keys(conn: Connection) -> list[KnownKey]:
    return [KnownKey(k.armored, k.name) for k in list_keys(conn)]


# -- verify and import ----------------------------------------------------------------------


def verify_in_vault(
    conn: Connection, path: Path, *, cancel: Cancel | None = None, eyewitness: bool = False
) -> Report:
    """The report on ``path`` judged with the vault's trust list and pinned keys."""
    anchors, _ = trust_anchors(conn)
    report = verify_path(
        path, trust_anchors=anchors, known_keys=known_keys(conn), cancel=cancel,
        eyewitness=eyewitness,
    )  # fmt: skip
    if report.key is not None:
        with contextlib.suppress(NotFoundError):
            report.key["pinned_name"] = _find(list_keys(conn), report.key["fingerprint"]).name
    return report


@dataclass(frozen=True)
class PinDecision:
    """What an import does to the pinned keys."""

    fingerprint: str | None
    name: str | None
    previous_fingerprint: str | None  # the key the name had before (a key change)
    new_key: bool  # the key was not known to the vault


def decide_pin(
    conn: Connection, report: Report, name: str | None, *, accept_new_key: bool
) -> PinDecision:
    """Refuse a known name arriving with another key unless ``accept_new_key``."""
    keys = list_keys(conn)
    fingerprint = report.key["fingerprint"] if report.key else None
    known = next((k for k in keys if k.fingerprint == fingerprint), None)
    if name is None:
        return PinDecision(fingerprint, known.name if known else None, None, known is None)
    name = phone_name(name)
    holder = next((k for k in keys if k.name == name), None)
    if fingerprint is None:
        if holder is None:
            return PinDecision(None, name, None, False)
        return PinDecision(holder.fingerprint, name, None, False)
    if holder is not None and holder.fingerprint != fingerprint and not accept_new_key:
        raise PhoneImportRefusedError(
            f"The phone {name!r} is known with key {holder.fingerprint}, but this bundle was "
            f"signed with key {fingerprint}. If the phone really has a new key, import again "
            "with --accept-new-key; the change is recorded."
        )
    moved = holder is not None and holder.fingerprint != fingerprint
    previous = holder.fingerprint if holder is not None and moved else None
    return PinDecision(fingerprint, name, previous, known is None)


@dataclass(frozen=True)
class ImportedBundle:
    report: Report
    bundle_attachment_ids: list[str]
    item_attachment_ids: list[str]
    report_attachment_id: str
    event_hash: str
    pin: PinDecision


_COLUMNS = (
    "id, testimony_id, blob_id, original_name, size, sha256, media_type, imported_at,"
    " metadata_json, has_location, metadata_note, derived_from"
)


def _note(report: Report, accepted_failed: bool) -> str:
    if report.verdict == FAILED:
        return (
            "PHONE PROOFS FAILED VERIFICATION: imported on the documenter's explicit choice. "
            + "; ".join(report.reasons()[:3])
        )[:500]
    return f"Phone proofs ({report.kind}): {report.verdict}."


def import_bundles(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    testimony_id: str,
    paths: Sequence[Path],
    *,
    phone: str | None = None,
    accept_new_key: bool = False,
    accept_failed: bool = False,
    eyewitness: bool = False,
    actor: str = DEFAULT_ACTOR,
    cancel: Cancel | None = None,
    clock: Clock | None = None,
) -> list[ImportedBundle]:
    """Verify every bundle, refuse before writing anything, then import each one."""
    testimony = require_draft(conn, resolve_id(conn, "testimonies", testimony_id))
    reports = [
        verify_in_vault(conn, Path(p), cancel=cancel, eyewitness=eyewitness) for p in paths
    ]
    decisions = []
    for path, report in zip(paths, reports, strict=True):
        if report.verdict == FAILED and not accept_failed:
            raise PhoneImportRefusedError(
                f"{for_display(Path(path).name)}: the phone proofs failed verification "
                f"({'; '.join(report.reasons()[:2])}). Nothing was imported; to keep it "
                "anyway, marked as failed, import again with --accept-failed."
            )
        decisions.append(decide_pin(conn, report, phone, accept_new_key=accept_new_key))
    done = []
    for path, report, decision in zip(paths, reports, decisions, strict=True):
        done.append(
            _import_one(
                conn, blobs, signer, testimony.id, Path(path), report, decision,
                accept_failed=accept_failed, actor=actor, cancel=cancel, clock=clock,
            )
        )
    return done


def _write(blobs: BlobStore, source: BinaryIO, cancel: Cancel | None) -> Any:
    return blobs.write(source, cancel=cancel)


def _import_one(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    testimony_id: str,
    path: Path,
    report: Report,
    decision: PinDecision,
    *,
    accept_failed: bool,
    actor: str,
    cancel: Cancel | None,
    clock: Clock | None,
) -> ImportedBundle:
    written: list[Any] = []
    rows: list[tuple[Any, ...]] = []
    now = utc_timestamp(clock)
    note = _note(report, accept_failed)
    verdict_fields = {"phone_verdict": report.verdict, "phone_kind": report.kind}

    def row(blob: Any, name: str, media_type: str, meta: dict[str, Any], derived: str | None,
            has_location: bool = False) -> str:
        attachment_id = new_id()
        rows.append(
            (attachment_id, testimony_id, blob.blob_id, name, blob.size, blob.sha256, media_type,
             now, json.dumps(meta, sort_keys=True, ensure_ascii=False), int(has_location),
             note, derived)
        )
        return attachment_id

    try:
        bundle_ids: list[str] = []
        item_ids: list[str] = []
        with open_bundle(path) as bundle:
            by_name = {item.name: item for item in report.items}
            if bundle.kind in ("zip", "file"):
                with path.open("rb") as source:
                    blob = _write(blobs, source, cancel)
                written.append(blob)
                if blob.sha256 != report.bundle_sha256:
                    raise PhoneImportRefusedError("The bundle changed while it was being imported.")
                info = read_metadata(blob.head, complete=blob.size == len(blob.head))
                if bundle.kind == "file":
                    meta = {**info.fields, **verdict_fields, "phone_role": ITEM_ROLE}
                    bundle_ids.append(
                        row(blob, path.name, info.media_type, meta, None, info.has_location)
                    )
                else:
                    meta = {**verdict_fields, "phone_role": BUNDLE_ROLE}
                    bundle_ids.append(row(blob, path.name, "application/zip", meta, None))
                if bundle.kind == "file":
                    item_ids.append(bundle_ids[0])
            else:
                for member in bundle.members:
                    if member.name in by_name:
                        continue
                    with bundle.open(member.name) as member_stream:
                        blob = _write(blobs, member_stream, cancel)
                    written.append(blob)
                    bundle_ids.append(
                        row(blob, member.name, "application/octet-stream",
                            {**verdict_fields, "phone_role": BUNDLE_ROLE}, None)
                    )
            if bundle.kind != "file":
                parent = bundle_ids[0] if bundle.kind == "zip" else None
                for item in report.items:
                    with bundle.open(item.name) as item_stream:
                        blob = _write(blobs, item_stream, cancel)
                    written.append(blob)
                    if blob.sha256 != item.sha256:
                        raise PhoneImportRefusedError(
                            "The bundle changed while it was being imported."
                        )
                    info = read_metadata(blob.head, complete=blob.size == len(blob.head))
                    item_ids.append(
                        row(blob, item.name, info.media_type,
                            {**info.fields, **verdict_fields, "phone_role": ITEM_ROLE},
                            parent, info.has_location)
                    )
        report_bytes = report.to_bytes()
        report_blob = _write(blobs, io.BytesIO(report_bytes), cancel)
        written.append(report_blob)
        report_name = f"phone-report-{report.bundle_sha256[:16]}.json"
        report_id = row(report_blob, report_name, REPORT_MEDIA_TYPE,
                        {**verdict_fields, "phone_role": REPORT_ROLE},
                        bundle_ids[0] if bundle_ids else None)
        details = _event_details(report, report_blob.sha256, report_id, bundle_ids, item_ids,
                                 decision, accept_failed)
        with transaction(conn):
            require_draft(conn, testimony_id)
            for values in rows:
                conn.execute(
                    f"INSERT INTO attachments ({_COLUMNS})"  # noqa: S608 - fixed column list
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
            _record_pin(conn, signer, report, decision, actor, clock)
            event = append_event(conn, signer, chain_id=testimony_id, action="phone_imported",
                                 actor=actor, details=details, clock=clock)
    except BaseException:
        for blob in written:
            with contextlib.suppress(Exception):
                used = conn.execute(
                    "SELECT 1 FROM attachments WHERE blob_id = ? LIMIT 1", (blob.blob_id,)
                ).fetchone()
                if used is None:
                    blobs.delete(blob.blob_id)
        raise
    finally:
        for blob in written:
            blobs.release(blob.blob_id)
    return ImportedBundle(report, bundle_ids, item_ids, report_id, event.event_hash, decision)


def _record_pin(conn: Connection, signer: Signer, report: Report, decision: PinDecision,
                actor: str, clock: Clock | None) -> None:
    if report.key is None or decision.fingerprint is None or report.key.get("source") != "bundle":
        return
    keys = list_keys(conn)
    fingerprint = decision.fingerprint
    known = next((k for k in keys if k.fingerprint == fingerprint), None)
    changed = decision.name is not None and (known is None or known.name != decision.name)
    if known is not None and not changed:
        return
    armored = str(report.key.get("armored") or "")
    if not known:
        openpgp.read_public_key(armored.encode())  # stored only when it reads back
    updated = [
        PhoneKey(k.fingerprint, None if (decision.name and k.name == decision.name) else k.name,
                 k.user_ids, k.first_seen, k.armored)
        for k in keys if k.fingerprint != fingerprint
    ]
    updated.append(
        PhoneKey(fingerprint, decision.name, tuple(report.key.get("user_ids", [])),
                 known.first_seen if known else utc_timestamp(clock),
                 known.armored if known else armored)
    )
    _store_keys(conn, updated)
    action = "phone_key_changed" if decision.previous_fingerprint else "phone_key_named"
    if decision.name is None:
        action = "phone_key_seen"
    append_event(
        conn, signer, chain_id=custody.VAULT_CHAIN, action=action, actor=actor,
        details={"fingerprint": fingerprint, "name": decision.name,
                 "previous_fingerprint": decision.previous_fingerprint,
                 "bundle_sha256": report.bundle_sha256},
        clock=clock,
    )


def _event_details(report: Report, report_sha256: str, report_id: str, bundle_ids: list[str],
                   item_ids: list[str], decision: PinDecision,
                   accept_failed: bool) -> dict[str, Any]:
    items = [
        {
            "name": for_display(item.name, limit=120),
            "sha256": item.sha256,
            "size": item.size,
            "role": item.role,
            "attachment_id": attachment_id,
            "checks": [[c.check, c.result] for c in item.checks][:30],
        }
        for item, attachment_id in zip(report.items, item_ids, strict=False)
    ]
    return {
        "bundle_sha256": report.bundle_sha256,
        "bundle_name": for_display(report.bundle_name, limit=120),
        "bundle_kind": report.bundle_kind,
        "bundle_attachment_ids": bundle_ids[:_EVENT_ITEMS],
        "kind": report.kind,
        "verdict": report.verdict,
        "accepted_failed": report.verdict == FAILED and accept_failed,
        "checks": [[c.check, c.result] for c in report.checks][:30],
        "items": items[:_EVENT_ITEMS],
        "item_count": len(report.items),
        "item_sha256s": [item.sha256 for item in report.items][:200],
        "report_attachment_id": report_id,
        "report_sha256": report_sha256,
        "verified_at": report.verified_at,
        "verifier": dict(report.verifier),
        "trust_list_sha256": report.trust_list_sha256,
        "key_fingerprint": report.key["fingerprint"] if report.key else None,
        "phone": decision.name,
    }


def report_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
