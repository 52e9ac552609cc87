"""Hostile packages built from scratch, streamed straight into a real age file: the
memory-amplification package (every JSON document ``[{},{},…]``) signed by any key.

Shared by the package tests and ``benchmarks/bench_hostile_package``. Nothing is held
in memory beyond one document at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from app.core.export import new_package_id
from app.crypto.age import Encryptor, X25519Recipient
from app.crypto.signing import NAMESPACE_PACKAGE, DeviceIdentity
from app.formats.package import bag
from app.formats.package.tarstream import TarWriter

MIB = 1024 * 1024
DOCUMENT_NAMES = (
    "data/testimony.json",
    "data/person.json",
    "data/consent.json",
    "data/attachments.json",
    "data/custody.jsonl",
)


def empty_objects(size: int) -> bytes:
    """``[{},{},…]`` of exactly ``size`` bytes (size >= 2): the most nodes per byte."""
    count = max(0, (size - 2 + 1) // 3)
    body = b"[" + b",".join([b"{}"] * count) + b"]"
    return body + b" " * (size - len(body)) if len(body) <= size else body[:size]


def signed_package(
    path: Path,
    recipient: X25519Recipient,
    signer: DeviceIdentity,
    documents: Mapping[str, bytes],
    *,
    chain_id: str = "00000000-0000-4000-8000-000000000000",
    last: str = "0" * 64,
) -> Path:
    """A bag whose tag files are well formed and signed by ``signer``; the payload is
    ``documents`` as given (bag path -> bytes)."""
    top = new_package_id()
    listing = {name: hashlib.sha256(data).hexdigest() for name, data in documents.items()}
    oxum = f"{sum(len(d) for d in documents.values())}.{len(documents)}"
    info = bag.bag_info_text(
        [
            ("Package-Id", top),
            ("Package-Format", bag.PACKAGE_FORMAT),
            ("Package-Kind", "testimony"),
            ("Signer-Fingerprint", signer.fingerprint),
            ("Testimony-Id", chain_id),
            ("Custody-Last-Hash", last),
            ("Payload-Oxum", oxum),
        ]
    )
    tags = {
        bag.BAGIT: bag.BAGIT_TXT,
        bag.BAG_INFO: info,
        bag.MANIFEST: bag.manifest_text(listing.items()),
        bag.SIGNER_PUB: (signer.public_key.openssh() + "\n").encode(),
        bag.VERIFY_TXT: b"Verify by hand.\n",
    }
    tags[bag.TAGMANIFEST] = bag.manifest_text(
        (name, hashlib.sha256(data).hexdigest()) for name, data in tags.items()
    )
    tags[bag.SIGNATURE] = signer.sign(NAMESPACE_PACKAGE, tags[bag.TAGMANIFEST]).encode()
    with path.open("wb") as out, Encryptor(out, [recipient]) as encrypted:
        writer = TarWriter(encrypted, mtime=0)
        for name, data in [*tags.items(), *documents.items()]:
            writer.begin(f"{top}/{name}", len(data))
            for start in range(0, len(data), MIB):
                writer.write(data[start : start + MIB])
            writer.end()
        writer.close()
    return path


def amplification_package(
    path: Path, recipient: X25519Recipient, signer: DeviceIdentity, document_bytes: int
) -> Path:
    """Every JSON document ``[{},{},…]`` of ``document_bytes`` bytes (the issue's package:
    about 18.4 MiB each, 92 MiB in all)."""
    one = empty_objects(document_bytes)
    return signed_package(path, recipient, signer, dict.fromkeys(DOCUMENT_NAMES, one))


def _sealed_chain(signer: DeviceIdentity, chain_id: str) -> tuple[bytes, str]:
    """A one-event custody log (a "sealed" event that seals nothing in this package),
    validly signed by ``signer``: it passes the custody check against its own signer, so
    the verifier goes on to parse testimony.json and attachments.json."""
    from app.crypto.signing import NAMESPACE_CUSTODY
    from app.formats import custody_log

    body = {
        "chain_id": chain_id,
        "seq": 0,
        "at": "2026-01-01T00:00:00.000000Z",
        "actor": "x",
        "device_fingerprint": signer.fingerprint,
        "action": "sealed",
        "details": {"content_sha256": "0" * 64},
        "prev_hash": custody_log.GENESIS_HASH,
    }
    digest = custody_log.event_hash(body)
    event = custody_log.CustodyEvent(
        **body,  # type: ignore[arg-type]  # the fields as CustodyEvent declares them
        event_hash=digest,
        signature=signer.sign(NAMESPACE_CUSTODY, digest.encode("ascii")),
    )
    return custody_log.to_jsonl([event]), digest


def _filled(nodes: int, size: int) -> bytes:
    """A JSON object of about ``nodes`` values and exactly ``size`` bytes: ``[{},…]`` and
    one long string (what parses into the most memory within both caps)."""
    head = b'{"a":' + empty_objects(3 * (nodes // 2)) + b',"b":"'
    return head + b"x" * (size - len(head) - 2) + b'"}'


def worst_case_package(path: Path, recipient: X25519Recipient, signer: DeviceIdentity) -> Path:
    """Every document as large as its caps allow and every check up to ``seal`` passing
    for an unknown signer: the most the verifier ever parses."""
    from app.formats.package.reader import DOCUMENT_LIMITS, MAX_DOCUMENTS_BYTES

    chain_id = "00000000-0000-4000-8000-000000000000"
    custody, last = _sealed_chain(signer, chain_id)
    testimony = DOCUMENT_LIMITS["data/testimony.json"]
    attachments = DOCUMENT_LIMITS["data/attachments.json"]
    small = 4096
    attachments_bytes = min(
        attachments.max_bytes, MAX_DOCUMENTS_BYTES - testimony.max_bytes - 3 * small - len(custody)
    )
    documents = {
        "data/testimony.json": _filled(testimony.max_nodes - 100, testimony.max_bytes),
        "data/person.json": b"{}",
        "data/consent.json": b"{}",
        "data/attachments.json": _filled(attachments.max_nodes - 100, attachments_bytes),
        "data/custody.jsonl": custody,
    }
    return signed_package(path, recipient, signer, documents, chain_id=chain_id, last=last)
