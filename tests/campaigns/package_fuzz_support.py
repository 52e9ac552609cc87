"""A small valid package (plaintext tar and age file) for the fuzz campaigns, and the one
rule they check: reading or verifying any bytes either succeeds or raises a declared
error type; never anything else, never a write."""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass

from app.crypto.age import Decryptor, Encryptor, X25519Identity
from app.crypto.signing import NAMESPACE_PACKAGE, DeviceIdentity, SigningPublicKey
from app.errors import EvidenceVaultError
from app.formats.package.reader import scan
from app.formats.package.tarstream import TarLimits
from app.formats.package.verify import verify_package
from app.formats.package.writer import AttachmentSource, PackageContent, write_package

# Declared: every failure of a package is an EvidenceVaultError subclass (FormatError,
# AuthenticationError, PackageVerificationError, TarFormatError, ...).
DECLARED = (EvidenceVaultError,)
LIMITS = TarLimits(max_members=200, max_member_size=1 << 20, max_total_size=4 << 20)


@dataclass(frozen=True)
class Sample:
    identity: X25519Identity
    trusted: list[SigningPublicKey]
    ciphertext: bytes
    plaintext: bytes


def make_sample() -> Sample:
    device = DeviceIdentity.generate()
    identity = X25519Identity.generate()
    media = bytes(range(256)) * 9
    content = PackageContent(
        package_id="0123456789abcdef0123456789abcdef",
        created_at="2026-01-02T03:04:05.000000Z",
        documents={
            "data/testimony.json": b'{"narrative": "x"}\n',
            "data/attachments.json": b'{"format": "evidence-vault-attachments/1"}\n',
            "data/custody.jsonl": b"",
        },
        attachments=[
            AttachmentSource(
                "data/attachments/001-a.bin",
                len(media),
                hashlib.sha256(media).hexdigest(),
                lambda: io.BytesIO(media),
            )
        ],
        bag_info=[("Package-Kind", "testimony"), ("Testimony-Id", "t")],
    )
    out = io.BytesIO()
    write_package(
        out,
        content,
        [identity.recipient],
        signer=device,
        signer_public_line=device.public_key.openssh(),
        namespace=NAMESPACE_PACKAGE,
        mtime=0,
    )
    ciphertext = out.getvalue()
    plaintext = Decryptor(io.BytesIO(ciphertext), [identity]).read()
    return Sample(identity, [device.public_key], ciphertext, plaintext)


def check_plaintext(sample: Sample, data: bytes) -> None:
    """Scan a tar, then run every check on it re-encrypted; only declared errors."""
    with contextlib.suppress(*DECLARED):
        scan(io.BytesIO(data), LIMITS)
    out = io.BytesIO()
    with Encryptor(out, [sample.identity.recipient]) as writer:
        writer.write(data)
    check_ciphertext(sample, out.getvalue())


def check_ciphertext(sample: Sample, data: bytes) -> None:
    try:
        report = verify_package(
            lambda: io.BytesIO(data), [sample.identity], sample.trusted, limits=LIMITS
        )
    except DECLARED:
        return
    assert report.ok == (report.failed_check is None)
