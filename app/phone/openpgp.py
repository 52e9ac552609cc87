"""OpenPGP, only as far as phone proofs need: public keys and detached signatures.

PGPy (pinned in pyproject) parses the packets; everything that decides a result is done
here: hashing the signed data in a stream (so a large video is verified with flat
memory), the trailer, and the RSA check by ``cryptography``. PGPy stays behind this
module so it can be replaced by another parser without touching the callers.

ProofMode's keys are certified with SHA-1. SHA-1 is accepted for key certification
only (self-certifications and subkey bindings); a data signature over SHA-1, MD5 or
RIPEMD-160 is refused as weak.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from app.errors import FormatError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pgpy
    from pgpy.constants import HashAlgorithm, PubKeyAlgorithm, SignatureType

PARSER = "pgpy"
try:
    from importlib.metadata import version as _version

    PARSER_VERSION = _version("pgpy")
except Exception:  # pragma: no cover - a frozen bundle without metadata
    PARSER_VERSION = str(getattr(pgpy, "__version__", "unknown"))

# OpenPGP hash algorithm -> (hashlib name, cryptography hash)
_STRONG: dict[int, tuple[str, hashes.HashAlgorithm]] = {
    8: ("sha256", hashes.SHA256()),
    9: ("sha384", hashes.SHA384()),
    10: ("sha512", hashes.SHA512()),
    11: ("sha224", hashes.SHA224()),
}
_CERTIFICATION_ONLY: dict[int, tuple[str, hashes.HashAlgorithm]] = {2: ("sha1", hashes.SHA1())}  # noqa: S303 - key certification only
_RSA_ALGORITHMS = {PubKeyAlgorithm.RSAEncryptOrSign, PubKeyAlgorithm.RSASign}


class OpenPgpError(FormatError):
    """Not a readable OpenPGP key or signature."""


def _parse(kind: str, data: bytes) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "key":
                key, _ = pgpy.PGPKey.from_blob(data)
                return key
            return pgpy.PGPSignature.from_blob(data)
    except Exception as error:  # PGPy raises many kinds on malformed input
        raise OpenPgpError(f"Not a readable OpenPGP {kind}: {type(error).__name__}.") from None


def _rsa_key(keymaterial: Any) -> rsa.RSAPublicKey:
    return rsa.RSAPublicNumbers(int(keymaterial.e), int(keymaterial.n)).public_key()


def _rsa_verify(
    public: rsa.RSAPublicKey, value: int, digest: bytes, algo: hashes.HashAlgorithm
) -> bool:
    size = (public.key_size + 7) // 8
    if value <= 0 or value.bit_length() > size * 8:
        return False
    try:
        public.verify(value.to_bytes(size, "big"), digest, padding.PKCS1v15(), Prehashed(algo))
    except InvalidSignature:
        return False
    return True


def _signature_value(sig: Any) -> int:
    return int(sig._signature.signature.md_mod_n)


@dataclass(frozen=True)
class PublicKey:
    fingerprint: str  # 40 hex digits, upper case
    key_id: str  # the last 16 hex digits
    user_ids: tuple[str, ...]
    created: str  # UTC ISO 8601
    algorithm: str
    bits: int
    certified: bool  # a self-certification of a user id verified
    certification_hash: str  # e.g. "sha1"
    armored: str  # the key as given, re-armored (for pinning)
    # key id -> RSA key, for the primary key and each subkey whose binding verified
    signing_keys: dict[str, rsa.RSAPublicKey] = field(repr=False, compare=False)


def read_public_key(data: bytes) -> PublicKey:
    """The key in ``data`` (armored or binary), its certifications checked."""
    key = _parse("key", data)
    if not key.is_public:
        raise OpenPgpError("The key file holds a private key; only public keys are read.")
    if key.key_algorithm not in _RSA_ALGORITHMS:
        raise OpenPgpError(f"Keys of type {key.key_algorithm.name} are not supported (RSA only).")
    primary = _rsa_key(key._key.keymaterial)
    key_id = str(key.fingerprint.keyid)
    signing: dict[str, rsa.RSAPublicKey] = {key_id: primary}
    certified = False
    cert_hash = ""
    for uid in key.userids:
        for sig in uid._signatures:
            if str(sig.signer) != key_id or sig.type not in (
                SignatureType.Generic_Cert,
                SignatureType.Persona_Cert,
                SignatureType.Casual_Cert,
                SignatureType.Positive_Cert,
            ):
                continue
            algo = {**_STRONG, **_CERTIFICATION_ONLY}.get(int(sig.hash_algorithm))
            if algo is None:
                continue
            digest = hashlib.new(algo[0], bytes(sig.hashdata(uid))).digest()
            if _rsa_verify(primary, _signature_value(sig), digest, algo[1]):
                certified = True
                cert_hash = algo[0]
    for subkey_id, subkey in key.subkeys.items():
        if subkey.key_algorithm not in _RSA_ALGORITHMS:
            continue
        for sig in subkey._signatures:
            if sig.type != SignatureType.Subkey_Binding or str(sig.signer) != key_id:
                continue
            algo = {**_STRONG, **_CERTIFICATION_ONLY}.get(int(sig.hash_algorithm))
            if algo is None:
                continue
            digest = hashlib.new(algo[0], bytes(sig.hashdata(subkey))).digest()
            if _rsa_verify(primary, _signature_value(sig), digest, algo[1]):
                signing[str(subkey_id)] = _rsa_key(subkey._key.keymaterial)
    created: datetime = key.created
    return PublicKey(
        fingerprint=str(key.fingerprint).replace(" ", "").upper(),
        key_id=key_id,
        user_ids=tuple(str(uid.userid) for uid in key.userids if uid.is_uid),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        algorithm="RSA",
        bits=primary.key_size,
        certified=certified,
        certification_hash=cert_hash,
        armored=str(key),
        signing_keys=signing,
    )


@dataclass(frozen=True)
class DetachedSignature:
    issuer: str  # key id, 16 hex digits
    hash_name: str  # hashlib name
    text: bool  # a canonical-text signature (line ends hashed as CRLF)
    created: str
    _trailer: bytes = field(repr=False)
    _left16: bytes = field(repr=False)
    _value: int = field(repr=False)
    _algo: hashes.HashAlgorithm | None = field(repr=False)
    weak: bool

    def new_hasher(self) -> Any:
        """A hashlib object for the signed data (feed it through :class:`DataHasher`)."""
        return hashlib.new(self.hash_name)


def read_signature(data: bytes) -> DetachedSignature:
    sig = _parse("signature", data)
    if sig.type not in (SignatureType.BinaryDocument, SignatureType.CanonicalDocument):
        raise OpenPgpError("The signature is not a signature over a document.")
    if sig.key_algorithm not in _RSA_ALGORITHMS:
        raise OpenPgpError(f"Signatures of type {sig.key_algorithm.name} are not supported.")
    number = int(sig.hash_algorithm)
    strong = _STRONG.get(number)
    weak = strong is None
    hash_name = strong[0] if strong else _hashlib_name(sig.hash_algorithm)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trailer = bytes(sig.hashdata(b""))  # document types: data || trailer
    return DetachedSignature(
        issuer=str(sig.signer),
        hash_name=hash_name,
        text=sig.type == SignatureType.CanonicalDocument,
        created=sig.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        _trailer=trailer,
        _left16=bytes(sig._signature.hash2),
        _value=_signature_value(sig),
        _algo=strong[1] if strong else None,
        weak=weak,
    )


def _hashlib_name(algorithm: HashAlgorithm) -> str:
    return {2: "sha1", 1: "md5", 3: "ripemd160"}.get(int(algorithm), "sha256")


class DataHasher:
    """Feeds a signed document, chunk by chunk, to the signature's hash; canonicalises
    line ends for text signatures across chunk boundaries."""

    def __init__(self, signature: DetachedSignature, shared: Any | None = None) -> None:
        self.signature = signature
        self._hash = shared if shared is not None else signature.new_hasher()
        self._held_cr = False

    def update(self, chunk: bytes) -> None:
        if not self.signature.text:
            self._hash.update(chunk)
            return
        if self._held_cr:
            chunk = b"\r" + chunk
            self._held_cr = False
        if chunk.endswith(b"\r"):
            chunk = chunk[:-1]
            self._held_cr = True
        self._hash.update(chunk.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    def final_digest(self) -> bytes:
        state = self._hash.copy()
        if self._held_cr:
            state.update(b"\r")
        state.update(self.signature._trailer)
        return bytes(state.digest())


# Results of checking one signature.
GOOD = "good"
BAD = "bad"
OTHER_KEY = "other_key"
WEAK_HASH = "weak_hash"


def check(key: PublicKey, signature: DetachedSignature, digest: bytes) -> str:
    """GOOD, BAD, OTHER_KEY (made by a key not in ``key``: report ``signature.issuer``) or
    WEAK_HASH (a data signature over SHA-1, MD5 or RIPEMD-160)."""
    public = key.signing_keys.get(signature.issuer)
    if public is None:
        return OTHER_KEY
    if signature.weak or signature._algo is None:
        return WEAK_HASH
    if digest[:2] != signature._left16:
        return BAD
    return GOOD if _rsa_verify(public, signature._value, digest, signature._algo) else BAD


def verify_bytes(key: PublicKey, signature: DetachedSignature, data: bytes) -> str:
    hasher = DataHasher(signature)
    hasher.update(data)
    return check(key, signature, hasher.final_digest())
