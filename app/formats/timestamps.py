"""Trusted timestamps (RFC 3161) over sealed versions: the hash tree, the request, the
check of a token, and the ``timestamps.txt`` tag file that carries them in a package.

A documenter seals offline and reaches a time-stamping authority later, so one request
covers every version sealed since: each version is a leaf, the root of a small hash tree
over the leaves is what the authority stamps, and each version keeps its own proof path
from its leaf to that root. Nothing about the content leaves the laptop, only the root.

The tree (docs/package-format.md, "Trusted timestamps"):

- a leaf is SHA-256 of the byte 0x00 followed by the 32 bytes of the version's sealed
  content digest (``content_sha256`` of its ``sealed`` custody event);
- a node is SHA-256 of the byte 0x01, the left child and the right child (32 bytes
  each); the domain bytes keep a leaf from ever passing for a node;
- leaves are paired in order at each level; a last, unpaired node goes up unchanged;
- a proof path is the list of (side, sibling) from the leaf up: ``L`` when the sibling
  is on the left, ``R`` when on the right; the root is the message imprint (SHA-256)
  of the authority's token, so ``openssl ts -verify -digest <root>`` checks it.

The token is kept as the authority's whole TimeStampResp (DER), what ``openssl ts
-verify -in`` reads. Pure functions, no network, any thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from app.errors import FormatError

TAG_FILE = "timestamps.txt"
SIDES = ("L", "R")
MAX_LINES = 1000
MAX_TOKEN_BYTES = 64 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_STEP = re.compile(r"([LR])([0-9a-f]{64})")
AUTHORITY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SHA256_OID = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")
MAX_PATH_STEPS = 40  # 2**40 leaves: far more than one request ever covers

Step = tuple[str, str]  # (side, sibling hex)


class TimestampError(FormatError):
    """A token or proof that does not hold; ``reason`` names what failed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# --- the hash tree -----------------------------------------------------------------------


def leaf_hash(digest_hex: str) -> bytes:
    if not _HEX64.fullmatch(digest_hex):
        raise TimestampError("imprint", "A leaf is not a SHA-256 digest in hex.")
    return hashlib.sha256(b"\x00" + bytes.fromhex(digest_hex)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def build_tree(leaves: Sequence[str]) -> tuple[bytes, list[list[Step]]]:
    """(root, one proof path per leaf, in the leaves' order)."""
    if not leaves:
        raise ValueError("a tree needs at least one leaf")
    level = [leaf_hash(digest) for digest in leaves]
    paths: list[list[Step]] = [[] for _ in leaves]
    # Which node of the current level each leaf has become.
    position = list(range(len(leaves)))
    while len(level) > 1:
        upper = [
            node_hash(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
            for i in range(0, len(level), 2)
        ]
        for leaf, index in enumerate(position):
            if index % 2 == 0 and index + 1 < len(level):
                paths[leaf].append(("R", level[index + 1].hex()))
            elif index % 2 == 1:
                paths[leaf].append(("L", level[index - 1].hex()))
            position[leaf] = index // 2
        level = upper
    return level[0], paths


def root_from_path(digest_hex: str, path: Sequence[Step]) -> bytes:
    current = leaf_hash(digest_hex)
    for side, sibling in path:
        other = bytes.fromhex(sibling)
        current = node_hash(other, current) if side == "L" else node_hash(current, other)
    return current


# --- the request -------------------------------------------------------------------------


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + content


def _der_int(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")  # a leading 0 keeps it positive
    return _der(0x02, raw)


def timestamp_request(root: bytes, nonce: int) -> bytes:
    """A DER TimeStampReq (RFC 3161 2.4.1) whose imprint is ``root`` as a SHA-256 value.

    Built here because a library request hashes data itself, and the root must be the
    imprint as is (so the by-hand check is ``openssl ts -verify -digest <root>``). The
    certificate is requested so the token carries the authority's certificate."""
    if len(root) != 32 or nonce <= 0:
        raise ValueError("the root is a SHA-256 value and the nonce positive")
    algorithm = _der(0x30, _der(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")
    imprint = _der(0x30, algorithm + _der(0x04, root))
    return _der(0x30, _der_int(1) + imprint + _der_int(nonce) + b"\x01\x01\xff")


# --- checking a token --------------------------------------------------------------------


@dataclass(frozen=True)
class TokenFacts:
    """What a token says (read, not yet trusted)."""

    gen_time: datetime
    imprint: bytes
    nonce: int | None
    authority_subject: str


def read_token(token: bytes) -> TokenFacts:
    """Parse a TimeStampResp; TimestampError when it is not a granted SHA-256 token."""
    from rfc3161_client import PKIStatus, decode_timestamp_response

    if not token or len(token) > MAX_TOKEN_BYTES:
        raise TimestampError("token", "The timestamp token is empty or too large.")
    try:
        response = decode_timestamp_response(token)
        if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
            raise TimestampError("token", "The authority did not grant the timestamp.")
        info = response.tst_info
        if info.message_imprint.hash_algorithm != _SHA256_OID:
            raise TimestampError("token", "The token's imprint is not SHA-256.")
        subject = ""
        signer_infos = list(response.signed_data.signer_infos)
        for der in response.signed_data.certificates:
            certificate = x509.load_der_x509_certificate(der)
            if signer_infos and certificate.serial_number == signer_infos[0].serial_number:
                subject = certificate.subject.rfc4514_string()
        return TokenFacts(info.gen_time, bytes(info.message_imprint.message), info.nonce, subject)
    except TimestampError:
        raise
    except Exception:  # the parser raises its own types for any malformed DER
        raise TimestampError("token", "The timestamp token is malformed.") from None


def check_token(
    token: bytes,
    root: bytes,
    trusted: Sequence[x509.Certificate],
    *,
    nonce: int | None = None,
) -> TokenFacts:
    """The token is granted, stamps exactly ``root``, and is signed by an authority whose
    certificate chains to ``trusted`` (valid at the attested time, timeStamping usage).

    TimestampError with reason ``imprint`` (another root), ``untrusted`` (signature or
    chain does not hold against the trusted certificates), ``token`` (malformed)."""
    from rfc3161_client import VerifierBuilder, decode_timestamp_response

    facts = read_token(token)
    if facts.imprint != root:
        raise TimestampError("imprint", "The token stamps another digest than the proof's root.")
    if nonce is not None and facts.nonce != nonce:
        raise TimestampError("token", "The token answers another request (nonce).")
    if not trusted:
        raise TimestampError("untrusted", "No trusted time-stamping authority was given.")
    response = decode_timestamp_response(token)
    builder = VerifierBuilder()
    for certificate in trusted:
        builder = builder.add_root_certificate(certificate)
    try:
        builder.build().verify(response, root)
    except Exception:  # VerificationError, or the native verifier's own types
        raise TimestampError(
            "untrusted",
            "The token's signature or its authority's certificate chain does not verify "
            "against the trusted time-stamping authorities.",
        ) from None
    return facts


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    try:
        found = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise FormatError("The authorities' file holds no valid PEM certificate.") from None
    if not found or len(found) > 64:
        raise FormatError("The authorities' file must hold 1 to 64 certificates.")
    return found


# --- the tag file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Proof:
    """One token over one version: ``<authority> <leaf> <root> <path> <token>`` in the tag
    file, path ``-`` when the version was the only leaf, else steps joined by commas."""

    authority: str
    leaf: str
    root: str
    path: tuple[Step, ...]
    token: bytes

    def line(self) -> str:
        steps = ",".join(side + sibling for side, sibling in self.path) or "-"
        encoded = base64.b64encode(self.token).decode("ascii")
        return f"{self.authority} {self.leaf} {self.root} {steps} {encoded}\n"


def tag_file(proofs: Sequence[Proof]) -> bytes:
    return "".join(proof.line() for proof in proofs).encode("ascii")


def parse_tag_file(data: bytes) -> list[Proof]:
    """The proofs of a ``timestamps.txt`` (untrusted): strict fields, capped."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise TimestampError("format", f"{TAG_FILE} is not ASCII.") from None
    lines = text.splitlines()
    if not lines or len(lines) > MAX_LINES or not text.endswith("\n"):
        raise TimestampError("format", f"{TAG_FILE} is empty, too long or not ended.")
    proofs = []
    for line in lines:
        fields = line.split(" ")
        if len(fields) != 5:
            raise TimestampError("format", f"{TAG_FILE} has a malformed line.")
        authority, leaf, root, steps, encoded = fields
        if not (AUTHORITY_NAME.fullmatch(authority) and _HEX64.fullmatch(leaf)
                and _HEX64.fullmatch(root)):
            raise TimestampError("format", f"{TAG_FILE} has a malformed line.")
        path: list[Step] = []
        if steps != "-":
            parts = steps.split(",")
            if len(parts) > MAX_PATH_STEPS:
                raise TimestampError("format", f"{TAG_FILE} has a proof path too long.")
            for part in parts:
                match = _STEP.fullmatch(part)
                if match is None:
                    raise TimestampError("format", f"{TAG_FILE} has a malformed proof path.")
                path.append((match.group(1), match.group(2)))
        try:
            token = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise TimestampError("format", f"{TAG_FILE} holds a token not in base64.") from None
        proofs.append(Proof(authority, leaf, root, tuple(path), token))
    return proofs


@dataclass(frozen=True)
class ProofResult:
    """The outcome of one proof, for the verification report."""

    authority: str
    attested_time: str  # ISO 8601 UTC, as the authority signed it
    authority_subject: str
    trusted: bool  # checked against the trusted authorities given

    def to_json(self) -> dict[str, object]:
        return {
            "authority": self.authority,
            "attested_time": self.attested_time,
            "authority_subject": self.authority_subject,
            "trusted": self.trusted,
        }


def check_proofs(
    data: bytes, sealed_digest: str, trusted: Sequence[x509.Certificate] | None
) -> list[ProofResult]:
    """Every proof of the tag file: its leaf is ``sealed_digest``, its path leads to its
    root, the token stamps that root and, when ``trusted`` is given, verifies against it.
    Without ``trusted`` the token is only read (its time reported as not checked)."""
    results = []
    for proof in parse_tag_file(data):
        if proof.leaf != sealed_digest:
            raise TimestampError("imprint", "A timestamp covers another digest than was sealed.")
        if root_from_path(proof.leaf, proof.path).hex() != proof.root:
            raise TimestampError("imprint", "A timestamp's proof path does not lead to its root.")
        root = bytes.fromhex(proof.root)
        if trusted is None:
            facts = read_token(proof.token)
            if facts.imprint != root:
                raise TimestampError("imprint", "The token stamps another digest than the root.")
        else:
            facts = check_token(proof.token, root, trusted)
        results.append(
            ProofResult(
                proof.authority,
                facts.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                facts.authority_subject,
                trusted is not None,
            )
        )
    return results
