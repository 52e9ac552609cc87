"""Writing one sealed package in a single streaming pass.

vault blob (decrypting reader) -> SHA-256 check -> tar member -> age encryptor -> the
destination file. Every size and checksum is known before the first byte is written
(from the attachment rows), so the tag files, the tag manifest and its signature are
computed up front and written first; the media follow. Each attachment is re-hashed as
it streams and the package is abandoned when a blob's bytes differ from the SHA-256
recorded at import: damaged evidence is never sealed into a package. Memory stays at
one read buffer plus the small documents. Plaintext exists only inside this process.
Runs on a worker thread (it may take minutes for large media); progress and
cancellation are plain callbacks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol, cast

from app import __version__
from app.crypto.age import Encryptor, X25519Recipient
from app.errors import CancelledError, EvidenceVaultError, FormatError
from app.formats.package import bag
from app.formats.package.tarstream import TarWriter, Writable
from app.formats.package.verify_text import verify_text

READ_SIZE = 1024 * 1024

Progress = Callable[[int], None]
Cancel = Callable[[], bool]


class DamagedEvidenceError(EvidenceVaultError):
    """A stored attachment no longer matches the SHA-256 recorded at import."""


class SigningKey(Protocol):
    """What the writer needs of the device identity (app.crypto.signing.DeviceIdentity)."""

    @property
    def fingerprint(self) -> str: ...

    def sign(self, namespace: str, data: bytes) -> str: ...


@dataclass(frozen=True)
class AttachmentSource:
    """One original file to carry: where in the bag, its recorded size and SHA-256."""

    bag_path: str  # "data/attachments/001-photo.jpg"
    size: int
    sha256: str
    open: Callable[[], BinaryIO]  # a plaintext reader (the vault blob, decrypting)


@dataclass(frozen=True)
class PackageContent:
    package_id: str  # 32 lowercase hex digits; also the bag's top folder
    created_at: str  # ISO 8601 UTC, as claimed by this device's clock
    documents: dict[str, bytes]  # "data/testimony.json" -> bytes, ...
    attachments: Sequence[AttachmentSource]
    bag_info: Sequence[tuple[str, str]]  # extra fields (Testimony-Id, ...)
    # Optional tag files (bag.OPTIONAL_TAG_FILES: timestamps.txt), listed in the tag
    # manifest and so covered by the signature like the others.
    extra_tags: Sequence[tuple[str, bytes]] = ()


@dataclass(frozen=True)
class PackageWritten:
    package_id: str
    size: int  # bytes of the encrypted file
    sha256: str  # of the encrypted file, hex
    payload_bytes: int
    signer_fingerprint: str


class _HashingSink:
    """Counts and hashes the ciphertext on its way to the destination."""

    def __init__(self, out: Writable) -> None:
        self._out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview, /) -> int:
        self._out.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        flush = getattr(self._out, "flush", None)
        if flush is not None:
            flush()


def build_tag_files(
    content: PackageContent,
    *,
    signer: SigningKey,
    signer_public_line: str,
    namespace: str,
) -> list[tuple[str, bytes]]:
    """Every tag file (bag-relative name, bytes), signature last; payload comes after."""
    payload: list[bag.PayloadEntry] = [
        bag.PayloadEntry(path, len(data), hashlib.sha256(data).hexdigest())
        for path, data in content.documents.items()
    ]
    payload += [bag.PayloadEntry(a.bag_path, a.size, a.sha256) for a in content.attachments]
    names = [entry.path for entry in payload]
    if len(set(names)) != len(names) or not all(n.startswith(bag.PAYLOAD_DIR) for n in names):
        raise ValueError("payload paths must be unique and under data/")
    info = [
        ("Package-Id", content.package_id),
        ("Package-Format", bag.PACKAGE_FORMAT),
        ("Bagging-Date", content.created_at[:10]),
        ("Created-At", content.created_at),
        ("Bag-Software-Agent", f"Evidence Vault {__version__}"),
        ("App-Version", __version__),
        ("Signer-Fingerprint", signer.fingerprint),
        ("Signature-Namespace", namespace),
        *content.bag_info,
        ("Payload-Oxum", bag.payload_oxum(payload)),
    ]
    tag: dict[str, bytes] = {
        bag.BAGIT: bag.BAGIT_TXT,
        bag.BAG_INFO: bag.bag_info_text(info),
        bag.MANIFEST: bag.manifest_text((e.path, e.sha256) for e in payload),
        bag.SIGNER_PUB: (signer_public_line.strip() + "\n").encode("ascii"),
        bag.VERIFY_TXT: verify_text(
            package_id=content.package_id,
            fingerprint=signer.fingerprint,
            namespace=namespace,
            package_format=bag.PACKAGE_FORMAT,
        ),
    }
    for name, data in content.extra_tags:
        if name not in bag.OPTIONAL_TAG_FILES or name in tag:
            raise ValueError("not an optional tag file of the format")
        tag[name] = data
    tagmanifest = bag.manifest_text(
        (name, hashlib.sha256(data).hexdigest()) for name, data in tag.items()
    )
    signature = signer.sign(namespace, tagmanifest).encode("ascii")
    return [
        *tag.items(),
        (bag.TAGMANIFEST, tagmanifest),
        (bag.SIGNATURE, signature),
    ]


def write_package(
    destination: Writable,
    content: PackageContent,
    recipients: Sequence[X25519Recipient],
    *,
    signer: SigningKey,
    signer_public_line: str,
    namespace: str,
    mtime: int,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> PackageWritten:
    """Encrypt the package to ``recipients`` into ``destination`` in one pass.

    Raises DamagedEvidenceError when an attachment's bytes do not match its recorded
    SHA-256, CancelledError when ``cancel()`` turns true; the caller discards the
    partial destination in both cases.
    """
    if not recipients:
        raise ValueError("a package needs at least one recipient")
    tag_files = build_tag_files(
        content, signer=signer, signer_public_line=signer_public_line, namespace=namespace
    )
    top = content.package_id + "/"
    sink = _HashingSink(destination)
    done = 0
    # The encryptor only calls write(); the sink is file-like enough for it.
    with Encryptor(cast(BinaryIO, sink), list(recipients)) as encrypted:
        tar = TarWriter(encrypted, mtime=mtime)
        for name, data in tag_files:
            tar.add(top + name, data)
        for name, data in content.documents.items():
            tar.add(top + name, data)
        buffer = bytearray(READ_SIZE)
        view = memoryview(buffer)
        for attachment in content.attachments:
            tar.begin(top + attachment.bag_path, attachment.size)
            digest = hashlib.sha256()
            written = 0
            with attachment.open() as source:
                while written < attachment.size:
                    if cancel is not None and cancel():
                        raise CancelledError("The export was cancelled.")
                    want = min(READ_SIZE, attachment.size - written)
                    count = source.readinto(view[:want])  # type: ignore[attr-defined]  # BinaryIO lacks readinto in typeshed
                    if not count:
                        break
                    chunk = view[:count]
                    digest.update(chunk)
                    tar.write(chunk)
                    written += count
                    done += count
                    if progress is not None:
                        progress(done)
                extra = source.read(1)
            if written != attachment.size or extra or digest.hexdigest() != attachment.sha256:
                raise DamagedEvidenceError(
                    "A stored attachment no longer matches the checksum recorded when it was "
                    "imported; the package was not written. Run 'evidence-vault check'."
                )
            tar.end()
        tar.close()
    if sink.size == 0:
        raise FormatError("The encryptor produced no output.")
    return PackageWritten(
        package_id=content.package_id,
        size=sink.size,
        sha256=sink.digest.hexdigest(),
        payload_bytes=done,
        signer_fingerprint=signer.fingerprint,
    )
