"""The custody log as it travels: events, their hashes, chain verification and JSONL.

Pure and stateless (no database, no records): the platform's intake server and the
package verifier check a chain from a package's bytes alone with what is here. Writing
events into a vault is :mod:`app.core.custody`. Each event's hash covers the canonical
JSON (sorted keys, no spaces, UTF-8) of every field except ``event_hash`` and
``signature``; ``prev_hash`` links it to the event before (64 zeros at ``seq`` 0); the
device signs the event hash (its 64 hex characters, ASCII) under the SSHSIG namespace
``NAMESPACE_CUSTODY``. Any thread.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.crypto.signing import NAMESPACE_CUSTODY, SigningPublicKey, verify
from app.errors import AuthenticationError, EvidenceVaultError, FormatError
from app.formats.canonical import canonical_json

GENESIS_HASH = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")
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
