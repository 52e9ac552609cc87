"""Trusted timestamps in the vault: which sealed versions still need one, and keeping
what an authority granted together with each version's proof path.

A version is pending for an authority until a token of that authority covers it; one
request covers every pending version through a hash tree (app/formats/timestamps.py).
The token, the proofs and one signed custody event ``timestamped`` per version commit
in one transaction, so a version either has its proof and its event or neither. The
custody event carries the authority, the root, the leaf, the attested time and the
token's SHA-256 (the token itself is in ``timestamp_tokens``). Runs on the vault thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from app.core import custody
from app.core.custody import Signer
from app.core.ids import Clock, utc_timestamp
from app.core.testimonies import get_testimony
from app.errors import EvidenceVaultError
from app.formats.package.bag import TIMESTAMPS
from app.formats.package.writer import PackageContent
from app.formats.timestamps import Proof, Step, tag_file
from app.storage.database import Connection, transaction


@dataclass(frozen=True)
class Leaf:
    testimony_id: str
    content_sha256: str  # the sealed content digest, from the version's ``sealed`` event


def pending_leaves(conn: Connection, authority: str) -> list[Leaf]:
    """Sealed versions no token of ``authority`` covers yet, oldest seal first."""
    rows = conn.execute(
        "SELECT t.id, json_extract(e.details_json, '$.content_sha256')"
        " FROM testimonies t JOIN custody_events e ON e.chain_id = t.id"
        " AND e.seq = (SELECT max(seq) FROM custody_events s"
        "              WHERE s.chain_id = t.id AND s.action = 'sealed')"
        " WHERE t.status = 'sealed' AND NOT EXISTS ("
        "   SELECT 1 FROM timestamp_proofs p JOIN timestamp_tokens k ON k.id = p.token_id"
        "   WHERE p.testimony_id = t.id AND k.authority = ?)"
        " ORDER BY t.sealed_at, t.id",
        (authority,),
    ).fetchall()
    return [Leaf(str(tid), str(digest)) for tid, digest in rows if isinstance(digest, str)]


@dataclass(frozen=True)
class Stamped:
    authority: str
    root: str
    attested_at: str
    versions: int


def record_token(
    conn: Connection,
    signer: Signer,
    *,
    authority: str,
    root: bytes,
    token: bytes,
    attested_at: str,
    leaves: Sequence[Leaf],
    paths: Sequence[Sequence[Step]],
    actor: str,
    clock: Clock | None = None,
) -> Stamped:
    """Keep a token checked by the caller and each leaf's proof, with custody events."""
    if len(leaves) != len(paths) or not leaves:
        raise ValueError("one proof path per leaf")
    token_sha256 = hashlib.sha256(token).hexdigest()
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO timestamp_tokens (authority, root, token, attested_at, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (authority, root.hex(), token, attested_at, utc_timestamp(clock)),
        )
        token_id = cursor.lastrowid
        for leaf, path in zip(leaves, paths, strict=True):
            conn.execute(
                "INSERT INTO timestamp_proofs (testimony_id, token_id, leaf, path_json)"
                " VALUES (?, ?, ?, ?)",
                (leaf.testimony_id, token_id, leaf.content_sha256,
                 json.dumps([list(step) for step in path])),
            )
            custody.append_event(
                conn, signer, chain_id=leaf.testimony_id, action="timestamped", actor=actor,
                details={
                    "authority": authority,
                    "root": root.hex(),
                    "leaf": leaf.content_sha256,
                    "proof_steps": len(path),
                    "attested_at": attested_at,
                    "token_sha256": token_sha256,
                    "versions_in_request": len(leaves),
                },
                clock=clock,
            )
    return Stamped(authority, root.hex(), attested_at, len(leaves))


def proofs_for(conn: Connection, testimony_id: str) -> list[Proof]:
    """Every token covering this version with its proof, oldest first (for packages)."""
    rows = conn.execute(
        "SELECT k.authority, p.leaf, k.root, p.path_json, k.token FROM timestamp_proofs p"
        " JOIN timestamp_tokens k ON k.id = p.token_id WHERE p.testimony_id = ?"
        " ORDER BY k.id",
        (testimony_id,),
    ).fetchall()
    proofs = []
    for authority, leaf, root, path_json, token in rows:
        path = tuple((str(side), str(sibling)) for side, sibling in json.loads(path_json))
        proofs.append(Proof(str(authority), str(leaf), str(root), path, bytes(token)))
    return proofs


SUPPLEMENT_KIND = "timestamp-supplement"


def supplement_content(
    conn: Connection, testimony_id: str, *, package_id: str, created_at: str
) -> PackageContent:
    """A timestamp supplement: the version's custody log and ``timestamps.txt``, no
    content and no media, for a version whose package left before its token arrived.
    The platform joins it to the earlier package by Testimony-Id; the tokens' leaf is
    the sealed digest the signed ``sealed`` event in the log names."""
    testimony = get_testimony(conn, testimony_id)
    proofs = proofs_for(conn, testimony.id)
    if not proofs:
        raise EvidenceVaultError("This version has no trusted timestamp yet.")
    chain = custody.events(conn, testimony.id)
    info = [
        ("Package-Kind", SUPPLEMENT_KIND),
        ("Testimony-Id", testimony.id),
        ("Testimony-Version", str(testimony.version)),
        ("Custody-Last-Hash", chain[-1].event_hash if chain else "none"),
    ]
    return PackageContent(
        package_id, created_at, {"data/custody.jsonl": custody.to_jsonl(chain)}, [], info,
        [(TIMESTAMPS, tag_file(proofs))],
    )


def unsent_supplements(conn: Connection) -> list[str]:
    """Sealed versions whose latest package for sync left before their latest token:
    the platform has not received that token yet. A withdrawn version gets none (its
    withdrawal notice is what may still leave)."""
    rows = conn.execute(
        "SELECT t.id FROM testimonies t WHERE t.status = 'sealed'"
        " AND t.consent_withdrawn_at IS NULL AND NOT EXISTS ("
        "   SELECT 1 FROM consent_withdrawals w WHERE w.root_id = t.root_id)"
        " AND EXISTS (SELECT 1 FROM packages p WHERE p.testimony_id = t.id"
        "   AND p.origin = 'local' AND p.kind = 'testimony'"
        "   AND (p.blob_id IS NOT NULL OR p.id IN (SELECT package_id FROM outbox)))"
        " AND (SELECT max(k.created_at) FROM timestamp_proofs r"
        "      JOIN timestamp_tokens k ON k.id = r.token_id WHERE r.testimony_id = t.id)"
        "  > (SELECT max(p.created_at) FROM packages p WHERE p.testimony_id = t.id"
        "   AND p.origin = 'local' AND p.kind IN ('testimony', 'timestamp-supplement')"
        "   AND (p.blob_id IS NOT NULL OR p.id IN (SELECT package_id FROM outbox)))"
        " ORDER BY t.sealed_at, t.id"
    ).fetchall()
    return [str(row[0]) for row in rows]


@dataclass(frozen=True)
class TimestampState:
    sealed: int  # sealed versions in the vault
    stamped: int  # of them, covered by at least one token
    last_attested_at: str | None


def state(conn: Connection) -> TimestampState:
    sealed, stamped = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS ("
        " SELECT 1 FROM timestamp_proofs p WHERE p.testimony_id = t.id))"
        " FROM testimonies t WHERE t.status = 'sealed'"
    ).fetchone()
    last = conn.execute("SELECT max(attested_at) FROM timestamp_tokens").fetchone()[0]
    return TimestampState(int(sealed), int(stamped), None if last is None else str(last))
