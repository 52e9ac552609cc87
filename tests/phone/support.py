"""Synthetic phone bundles made in the tests: a fresh OpenPGP key (PGPy) signing media, CSV
and JSON the way ProofMode does, large media signed in a stream, C2PA manifests made with
the SDK and the test signing certificate, and hostile zips."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pgpy
    from pgpy.constants import (
        CompressionAlgorithm,
        HashAlgorithm,
        KeyFlags,
        PubKeyAlgorithm,
        SymmetricKeyAlgorithm,
    )
    from pgpy.packet.fields import MPI

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "phone"
PROOFMODE = FIXTURES / "proofmode"
C2PA = FIXTURES / "c2pa"
MEDIA_HASH = "0b8d8b5f15046343fd32f451df93acc2bdd9e6373be478b968e4cad6b6647351"
CSV_HEADER = "File Hash SHA256,Location.Latitude,Location.Longitude,Proof Generated,Notes,"


def new_key(name: str = "phone@example.org") -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        key = pgpy.PGPKey.new(PubKeyAlgorithm.RSAEncryptOrSign, 2048)
        uid = pgpy.PGPUID.new("ProofMode test", email=name)
        key.add_uid(
            uid,
            usage={KeyFlags.Sign, KeyFlags.Certify},
            hashes=[HashAlgorithm.SHA256],
            ciphers=[SymmetricKeyAlgorithm.AES256],
            compression=[CompressionAlgorithm.Uncompressed],
        )
    return key


def sign(key: Any, data: bytes) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(key.sign(data, hash=HashAlgorithm.SHA256))


def sign_file(key: Any, path: Path) -> str:
    """A detached binary signature over a file of any size, hashed in a stream: PGPy makes
    the packet (over no data, for its trailer), the RSA value is computed here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signature = key.sign(b"", hash=HashAlgorithm.SHA256)
        trailer = bytes(signature.hashdata(b""))
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    digest.update(trailer)
    value = digest.digest()
    private = key._key.keymaterial.__privkey__()
    raw = private.sign(value, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
    signature._signature.signature.md_mod_n = MPI(int.from_bytes(raw, "big"))
    signature._signature.hash2 = bytearray(value[:2])
    return str(signature)


def public(key: Any) -> str:
    return str(key.pubkey)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Bundle:
    folder: Path
    media: Path
    sha256: str
    key: Any


def proofmode_folder(
    folder: Path,
    media_name: str,
    media: bytes | Path,
    key: Any,
    *,
    rows: int = 1,
    json_records: int = 1,
    with_key: bool = True,
) -> Bundle:
    """A ProofMode share in a folder: the media, its proofs named by its SHA-256, signed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / media_name
    if isinstance(media, Path):
        media.rename(target)
    else:
        target.write_bytes(media)
    sha = file_sha256(target)
    csv = CSV_HEADER + "\n" + "".join(
        f"{sha},52.1,21.0,row {i},ProofMode test,\n" for i in range(rows)
    )
    records = "".join(
        json.dumps({"File Hash SHA256": sha, "Location.Latitude": "52.1", "Notes": f"r{i}"}) + "\n"
        for i in range(json_records)
    )
    (folder / f"{sha}.proof.csv").write_text(csv)
    (folder / f"{sha}.proof.csv.asc").write_text(sign(key, csv.encode()))
    (folder / f"{sha}.proof.json").write_text(records)
    (folder / f"{sha}.proof.json.asc").write_text(sign(key, records.encode()))
    (folder / f"{sha}.asc").write_text(sign_file(key, target))
    if with_key:
        (folder / "pubkey.asc").write_text(public(key))
    return Bundle(folder, target, sha, key)


def zip_folder(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out


def trust_list() -> str:
    root = Path(__file__).resolve().parents[2] / "resources" / "c2pa-trust" / "C2PA-TRUST-LIST.pem"
    return root.read_text()


def root_anchors() -> str:
    return (C2PA / "test_cert_root_bundle.pem").read_text()


def c2pa_sign(source: Path, out: Path, *, media_type: str = "image/jpeg", title: str = "x") -> Path:
    """``source`` with a C2PA manifest signed by the SDK's test certificate."""
    import io

    import c2pa

    info = c2pa.C2paSignerInfo(
        alg=b"es256",
        sign_cert=(C2PA / "es256_certs.pem").read_bytes(),
        private_key=(C2PA / "es256_private.key").read_bytes(),
        ta_url=None,
    )
    signer = c2pa.Signer.from_info(info)
    manifest = {
        "claim_generator_info": [{"name": "evidence-vault-tests", "version": "1"}],
        "title": title,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": "http://cv.iptc.org/newscodes/"
                            "digitalsourcetype/digitalCapture",
                        }
                    ]
                },
            }
        ],
    }
    builder = c2pa.Builder(json.dumps(manifest))
    buffer = io.BytesIO()
    with source.open("rb") as handle:
        builder.sign(signer, media_type, handle, buffer)
    out.write_bytes(buffer.getvalue())
    return out
