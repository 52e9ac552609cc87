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
            ("Testimony-Id", "00000000-0000-4000-8000-000000000000"),
            ("Custody-Last-Hash", "0" * 64),
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
