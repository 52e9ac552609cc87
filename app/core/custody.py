"""The custody log inside the vault: appending signed events and reading chains back.

One chain per testimony version (``chain_id`` = the testimony id) and one vault chain
(``chain_id = "vault"``) for cases, people and key changes. The event format, its hash,
chain verification and JSONL are pure and live in :mod:`app.formats.custody_log` (the
platform checks a package's log with them alone). Details never hold narrative text or
identifying person details: ids, counts, hashes and dates only.

``append_event`` runs inside the caller's transaction, so the event commits with the change
it records or not at all. The database refuses UPDATE and DELETE on the table (triggers).
Runs on the vault thread.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from app.core.ids import Clock, utc_timestamp
from app.crypto.signing import NAMESPACE_CUSTODY, SigningPublicKey
from app.formats.canonical import canonical_json
from app.formats.custody_log import (
    GENESIS_HASH,
    CustodyChainError,
    CustodyEvent,
    Signer,
    event_hash,
    from_jsonl,
    to_jsonl,
    verify_chain,
)
from app.storage.database import Connection

# The log's types and checks are re-exported: the vault side reads them from here.
__all__ = [
    "ACTIONS",
    "DEFAULT_ACTOR",
    "GENESIS_HASH",
    "VAULT_CHAIN",
    "CustodyChainError",
    "CustodyEvent",
    "Signer",
    "append_event",
    "chain_ids",
    "event_hash",
    "events",
    "from_jsonl",
    "last_hash",
    "to_jsonl",
    "verify_all",
    "verify_chain",
]

VAULT_CHAIN = "vault"
# Who an event names when the person acting gave no other name: the device's owner.
DEFAULT_ACTOR = "documenter"
ACTIONS = frozenset(
    {
        "creation",
        "change",
        "attachment_imported",
        "sealed",
        "exported",
        "synced",
        "receipt_verified",
        "deleted",
        "draft_deleted",
        "attachment_removed",
        "key_changed",
        "consent_withdrawn",
        "correction_started",
        "corrected",
        "rekeyed",
        "rollback_accepted",
        "recovery_shares_created",
        "duress_set",
        "duress_removed",
        "profile_replaced",
        "phone_imported",
        "phone_key_seen",
        "phone_key_named",
        "phone_key_changed",
        "phone_key_forgotten",
        "phone_trust_changed",
        "timestamped",
    }
)
_ACTION = re.compile(r"[a-z][a-z_]{1,39}")
_MAX_DETAILS_BYTES = 16 << 10
_MAX_TEXT = 500


def _check_details(value: object, depth: int = 0) -> None:
    # Floats are refused: their text form is not canonical across implementations.
    if depth > 8:
        raise ValueError("custody details are nested too deeply")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError("custody detail keys must be strings")
            _check_details(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_details(item, depth + 1)
    elif value is not None and not isinstance(value, str | int | bool):
        raise ValueError(f"custody details cannot hold {type(value).__name__}")


def append_event(
    conn: Connection,
    signer: Signer,
    *,
    chain_id: str,
    action: str,
    actor: str,
    details: Mapping[str, Any] | None = None,
    clock: Clock | None = None,
) -> CustodyEvent:
    """Sign and append the next event of ``chain_id``, inside the caller's transaction."""
    if not conn.in_transaction:
        # Outside a transaction the event could commit without the change it records.
        raise RuntimeError("append_event must run inside the transaction of the change")
    if not _ACTION.fullmatch(action):
        raise ValueError(f"not a custody action name: {action!r}")
    if not actor or len(actor) > _MAX_TEXT or not chain_id or len(chain_id) > 64:
        raise ValueError("custody actor and chain id must be short non-empty text")
    plain_details = dict(details or {})
    _check_details(plain_details)
    if len(canonical_json(plain_details)) > _MAX_DETAILS_BYTES:
        raise ValueError("custody details are too large")
    last = conn.execute(
        "SELECT seq, event_hash FROM custody_events WHERE chain_id = ? ORDER BY seq DESC LIMIT 1",
        (chain_id,),
    ).fetchone()
    seq, prev = (0, GENESIS_HASH) if last is None else (int(last[0]) + 1, str(last[1]))
    unsigned = CustodyEvent(
        chain_id=chain_id,
        seq=seq,
        at=utc_timestamp(clock),
        actor=actor,
        device_fingerprint=signer.fingerprint,
        action=action,
        details=plain_details,
        prev_hash=prev,
        event_hash="",
        signature="",
    )
    digest = event_hash(unsigned.body())
    event = dataclasses.replace(
        unsigned,
        event_hash=digest,
        signature=signer.sign(NAMESPACE_CUSTODY, digest.encode("ascii")),
    )
    conn.execute(
        "INSERT INTO custody_events (chain_id, seq, at, actor, device_fingerprint, action,"
        " details_json, prev_hash, event_hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.chain_id,
            event.seq,
            event.at,
            event.actor,
            event.device_fingerprint,
            event.action,
            canonical_json(plain_details).decode("utf-8"),
            event.prev_hash,
            event.event_hash,
            event.signature,
        ),
    )
    return event


def _from_row(row: Sequence[Any]) -> CustodyEvent:
    return CustodyEvent(
        chain_id=row[0],
        seq=int(row[1]),
        at=row[2],
        actor=row[3],
        device_fingerprint=row[4],
        action=row[5],
        details=json.loads(row[6]),
        prev_hash=row[7],
        event_hash=row[8],
        signature=row[9],
    )


_SELECT = (
    "SELECT chain_id, seq, at, actor, device_fingerprint, action, details_json, prev_hash,"
    " event_hash, signature FROM custody_events"
)


def events(conn: Connection, chain_id: str) -> list[CustodyEvent]:
    """The events of one chain in ``seq`` order."""
    rows = conn.execute(f"{_SELECT} WHERE chain_id = ? ORDER BY seq", (chain_id,)).fetchall()
    return [_from_row(row) for row in rows]


def last_hash(conn: Connection, chain_id: str) -> str | None:
    row = conn.execute(
        "SELECT event_hash FROM custody_events WHERE chain_id = ? ORDER BY seq DESC LIMIT 1",
        (chain_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def chain_ids(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT chain_id FROM custody_events")]


def verify_all(conn: Connection, trusted: Sequence[SigningPublicKey]) -> list[str]:
    """Every chain in the vault verified; one line per problem found (empty when all is well)."""
    problems: list[str] = []
    for chain_id in sorted(chain_ids(conn)):
        try:
            verify_chain(events(conn, chain_id), trusted, chain_id=chain_id)
        except CustodyChainError as error:
            problems.append(str(error))
    unlogged = conn.execute(
        "SELECT id FROM testimonies WHERE id NOT IN (SELECT chain_id FROM custody_events)"
    ).fetchall()
    problems.extend(f"Testimony {row[0]} has no custody chain." for row in unlogged)
    return problems
