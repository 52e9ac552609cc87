"""Tools to take a package apart and put it back together, as an attacker who knows the
platform's public key could: re-encrypting is open to anyone, re-signing is not."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

from app.crypto.age import Decryptor, Encryptor, X25519Identity, X25519Recipient
from app.crypto.signing import NAMESPACE_PACKAGE, DeviceIdentity
from app.formats.package import bag
from app.formats.package.tarstream import TarReader, TarWriter

Members = list[tuple[str, bytes]]


def take_apart(path: Path, identity: X25519Identity) -> Members:
    with path.open("rb") as source:
        reader = TarReader(Decryptor(source, [identity]))
        return [(m.name, b"".join(reader.chunks())) for m in reader.members()]


def tar_bytes(members: Members) -> bytes:
    out = io.BytesIO()
    writer = TarWriter(out, mtime=0)
    for name, data in members:
        writer.add(name, data)
    writer.close()
    return out.getvalue()


def encrypt_to(plaintext: bytes, recipient: X25519Recipient, path: Path) -> Path:
    with path.open("wb") as out, Encryptor(out, [recipient]) as writer:
        writer.write(plaintext)
    return path


def put_together(members: Members, recipient: X25519Recipient, path: Path) -> Path:
    return encrypt_to(tar_bytes(members), recipient, path)


def replace(members: Members, suffix: str, data: bytes) -> Members:
    hits = [name for name, _ in members if name.endswith(suffix)]
    assert len(hits) == 1, hits
    return [(n, data if n == hits[0] else d) for n, d in members]


def get(members: Members, suffix: str) -> bytes:
    return next(d for n, d in members if n.endswith(suffix))


def resign(members: Members, signer: DeviceIdentity) -> Members:
    """Recompute manifest, bag-info signer fields, tag manifest and signature by ``signer``."""
    top = members[0][0].split("/", 1)[0] + "/"
    files = {name[len(top) :]: data for name, data in members}
    payload = {p: d for p, d in files.items() if p.startswith("data/")}
    files[bag.MANIFEST] = bag.manifest_text(
        (p, hashlib.sha256(d).hexdigest()) for p, d in payload.items()
    )
    info = bag.parse_bag_info(files[bag.BAG_INFO])
    info["Signer-Fingerprint"] = signer.fingerprint
    info["Payload-Oxum"] = f"{sum(len(d) for d in payload.values())}.{len(payload)}"
    files[bag.BAG_INFO] = bag.bag_info_text(list(info.items()))
    files[bag.SIGNER_PUB] = (signer.public_key.openssh() + "\n").encode()
    files[bag.TAGMANIFEST] = bag.manifest_text(
        (n, hashlib.sha256(files[n]).hexdigest()) for n in bag.TAG_FILES
    )
    files[bag.SIGNATURE] = signer.sign(NAMESPACE_PACKAGE, files[bag.TAGMANIFEST]).encode()
    return [(top + p, files[p]) for p in (n[len(top) :] for n, _ in members)]


def python_tar(members: Members, extra: list[tarfile.TarInfo]) -> bytes:
    """A tar by Python's tarfile with crafted entries (links, odd paths) appended."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info, io.BytesIO(b"x" * info.size) if info.isreg() else None)
    return out.getvalue()
