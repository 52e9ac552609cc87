"""The custody log: an append-only, hash-chained, signed record of everything done to evidence.

One chain per testimony version (``chain_id`` = the testimony id) and one vault chain
(``chain_id = "vault"``) for cases, people and key changes. Each event's hash covers the
canonical JSON (sorted keys, no spaces, UTF-8) of every field except ``event_hash`` and
``signature``; ``prev_hash`` links it to the event before (64 zeros at ``seq`` 0); the
device signs the event hash (its 64 hex characters, ASCII) under the SSHSIG namespace
``NAMESPACE_CUSTODY``. Details never hold narrative text or identifying person details:
ids, counts, hashes and dates only.

``append_event`` runs inside the caller's transaction, so the event commits with the change
it records or not at all. The database refuses UPDATE and DELETE on the table (triggers).
A chain exported with ``to_jsonl`` is verified from those bytes alone by the platform.
Runs on the vault thread; verification is pure and may run anywhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.core.ids import Clock, utc_timestamp
from app.core.records import canonical_json
from app.crypto.signing import NAMESPACE_CUSTODY, SigningPublicKey, verify
from app.errors import AuthenticationError, EvidenceVaultError, FormatError

VAULT_CHAIN = "vault"
GENESIS_HASH = "0" * 64
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
        "key_changed",
        "consent_withdrawn",
        "correction_started",
        "corrected",
    }
)
_ACTION = re.compile(r"[a-z][a-z_]{1,39}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_DETAILS_BYTES = 16 << 10
_MAX_TEXT = 500
_MAX_JSONL_LINE = 64 << 10
_MAX_JSONL_EVENTS = 1_000_000
_EVENT_KEYS = frozenset(
    {
        "chain_id",
        "seq",
        "at",
        "actor",
        "device_fingerprint",
        "action",
        "details",
        "prev_hash",
        "event_hash",
        "signature",
    }
)


class CustodyChainError(EvidenceVaultError):
    """A custody chain does not verify; names the chain, the event and the reason."""

    def __init__(self, chain_id: str, seq: int, reason: str) -> None:
        super().__init__(f"Custody chain {chain_id}, event {seq}: {reason}")
        self.chain_id = chain_id
        self.seq = seq
        self.reason = reason


class Signer(Protocol):
    """What signs events: the device identity (``app.crypto.signing.DeviceIdentity``)."""

    @property
    def fingerprint(self) -> str: ...

    def sign(self, namespace: str, data: bytes) -> str: ...


@dataclass(frozen=True)
class CustodyEvent:
    chain_id: str
    seq: int
    at: str
    actor: str
    device_fingerprint: str
    action: str
    details: Mapping[str, Any]
    prev_hash: str
    event_hash: str
    signature: str

    def body(self) -> dict[str, Any]:
        """Every field the hash covers."""
        return {
            "chain_id": self.chain_id,
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "device_fingerprint": self.device_fingerprint,
            "action": self.action,
            "details": dict(self.details),
            "prev_hash": self.prev_hash,
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "event_hash": self.event_hash, "signature": self.signature}


def event_hash(body: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


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
    conn: Any,
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


def events(conn: Any, chain_id: str) -> list[CustodyEvent]:
    """The events of one chain in ``seq`` order."""
    rows = conn.execute(f"{_SELECT} WHERE chain_id = ? ORDER BY seq", (chain_id,)).fetchall()
    return [_from_row(row) for row in rows]


def last_hash(conn: Any, chain_id: str) -> str | None:
    row = conn.execute(
        "SELECT event_hash FROM custody_events WHERE chain_id = ? ORDER BY seq DESC LIMIT 1",
        (chain_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def chain_ids(conn: Any) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT chain_id FROM custody_events")]


def verify_chain(
    chain: Sequence[CustodyEvent],
    trusted: Sequence[SigningPublicKey],
    *,
    chain_id: str | None = None,
    expected_last_hash: str | None = None,
) -> None:
    """Check order, links, hashes and signatures; raise CustodyChainError at the first fault.

    A chain alone cannot show that events were cut off its end; pass ``expected_last_hash``
    (from a sealed package or a receipt) to check that too.
    """
    if not chain:
        if expected_last_hash is not None:
            raise CustodyChainError(chain_id or "?", 0, "the chain is empty (events removed)")
        return
    wanted_chain = chain_id or chain[0].chain_id
    previous = GENESIS_HASH
    for position, event in enumerate(chain):
        if event.chain_id != wanted_chain:
            raise CustodyChainError(
                wanted_chain, event.seq, f"belongs to another chain ({event.chain_id})"
            )
        if event.seq > position:
            if any(later.seq == position for later in chain[position + 1 :]):
                raise CustodyChainError(wanted_chain, event.seq, "is out of order (reordered)")
            raise CustodyChainError(
                wanted_chain, event.seq, f"events before it are missing (expected {position})"
            )
        if event.seq < position:
            raise CustodyChainError(wanted_chain, event.seq, "is out of order or repeated")
        if event_hash(event.body()) != event.event_hash:
            raise CustodyChainError(
                wanted_chain, event.seq, "its content does not match its hash (edited)"
            )
        if event.prev_hash != previous:
            raise CustodyChainError(
                wanted_chain,
                event.seq,
                "does not link to the event before it (removed, replaced or reordered)",
            )
        try:
            key = verify(
                event.signature, event.event_hash.encode("ascii"), NAMESPACE_CUSTODY, trusted
            )
        except (AuthenticationError, FormatError):
            raise CustodyChainError(
                wanted_chain, event.seq, "its signature is not valid for any trusted key"
            ) from None
        if key.fingerprint != event.device_fingerprint:
            raise CustodyChainError(
                wanted_chain, event.seq, "is signed by a different device than it names"
            )
        previous = event.event_hash
    if expected_last_hash is not None and previous != expected_last_hash:
        raise CustodyChainError(
            wanted_chain, chain[-1].seq, "the chain does not end where expected (events removed)"
        )


def verify_all(conn: Any, trusted: Sequence[SigningPublicKey]) -> list[str]:
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


def to_jsonl(chain: Sequence[CustodyEvent]) -> bytes:
    """One canonical JSON object per line, ``seq`` order: the custody file of a package."""
    return b"".join(canonical_json(event.to_json()) + b"\n" for event in chain)


def _no_constant(name: str) -> object:
    # NaN and Infinity are not JSON and have no canonical form.
    raise ValueError(f"{name} is not allowed")


def from_jsonl(raw: bytes) -> list[CustodyEvent]:
    """Read custody JSONL strictly (untrusted: it may come from any package)."""
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) > _MAX_JSONL_EVENTS:
        raise FormatError("The custody log has too many events.")
    result: list[CustodyEvent] = []
    for number, line in enumerate(lines, start=1):
        if len(line) > _MAX_JSONL_LINE:
            raise FormatError(f"Custody log line {number} is too long.")
        try:
            item = json.loads(line.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise FormatError(f"Custody log line {number} is not valid JSON.") from None
        if not isinstance(item, dict) or set(item) != _EVENT_KEYS:
            raise FormatError(f"Custody log line {number} does not have the event fields.")
        texts = ("chain_id", "at", "actor", "device_fingerprint", "action", "signature")
        if not all(isinstance(item[key], str) for key in texts):
            raise FormatError(f"Custody log line {number} has a field of the wrong type.")
        seq = item["seq"]
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise FormatError(f"Custody log line {number} has an invalid seq.")
        if not isinstance(item["details"], dict):
            raise FormatError(f"Custody log line {number} has details that are not an object.")
        for key in ("prev_hash", "event_hash"):
            if not isinstance(item[key], str) or not _HEX64.fullmatch(item[key]):
                raise FormatError(f"Custody log line {number} has an invalid {key}.")
        result.append(CustodyEvent(**item))
    return result
