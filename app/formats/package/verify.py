"""Verifying a sealed package (the platform's side) and unpacking it only once it passed.

Checks, in order, each with a stable name (docs/package-format.md lists them):
``decryption`` (age header, recipient, every STREAM chunk and the end of the file),
``archive`` (strict tar: regular files only, safe relative paths, no duplicates, caps),
``layout``/``extra-file`` (one bag folder named by the package id, only defined files),
``bag`` (bagit.txt, bag-info.txt, Payload-Oxum), ``format-version``, ``signature`` (the
SSHSIG over tagmanifest-sha256.txt by the key in signer.pub, in the package namespace),
``trust`` (that key is among the trusted signers), ``tag-checksum``/``tag-manifest``,
``missing-file``/``extra-file``/``payload-checksum``, ``custody`` (the custody log's
hashes, links and signatures, ending where bag-info says), ``seal`` (the signed "sealed"
custody event names exactly this record and these media), ``consent`` (consent.json
and person.json agree with the sealed record: identifying details only with consent to
be named), ``timestamp`` (when the package carries ``timestamps.txt``: each token's
imprint leads through its proof path to the sealed digest and, with trusted
authorities given, its signature and certificate chain hold). The bag, the
signature, the trust and the manifest (against the format's fixed payload set) are
judged from the tag files, which come first in the tar, before any payload byte is read:
an untrusted or malformed package is never buffered or parsed.

With ``unpack_to`` a second decrypting pass writes the files under
``DIR/<package id>.partial/`` (no symlinks followed, files created exclusively), checks
each against the first pass, and renames the folder to ``DIR/<package id>`` only when all
match. Nothing is written before every check passed, and nothing outside DIR. Any thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography import x509

from app.crypto.age import Decryptor, X25519Identity
from app.crypto.signing import NAMESPACE_PACKAGE, SigningPublicKey, verify
from app.errors import (
    AuthenticationError,
    FormatError,
    NoMatchingIdentityError,
    PackageVerificationError,
    SignatureRejectedError,
    StorageError,
)
from app.formats import custody_log as custody
from app.formats.package import bag, phone_reports
from app.formats.package.content import (
    attachment_entries,
    check_consent_and_person,
    check_lineage,
    content_digest_from_package,
)
from app.formats.package.reader import (
    SUPPLEMENT_DOCUMENTS,
    TESTIMONY_DOCUMENTS,
    WITHDRAWAL_DOCUMENTS,
    Gate,
    ScannedPackage,
    media_path,
    scan,
    split_member,
)
from app.formats.package.tarstream import TarFormatError, TarLimits, TarReader
from app.formats.timestamps import TimestampError, check_proofs
from app.platform import files, private
from app.platform.files import binary_flags
from app.sanitize import for_display

Opener = Callable[[], BinaryIO]


@dataclass
class VerificationReport:
    """The outcome; ``ok`` only when every check passed and the signer is trusted."""

    ok: bool = False
    failed_check: str | None = None
    message: str = ""
    passed: list[str] = field(default_factory=list)
    package_id: str | None = None
    signer_fingerprint: str | None = None
    signer_short_fingerprint: str | None = None
    signer_trusted: bool = False
    testimony_id: str | None = None
    # Version and parent let a platform tell a replayed older version from news.
    testimony_version: int | None = None
    testimony_parent: str | None = None
    kind: str | None = None
    created_at: str | None = None
    files: int = 0
    payload_bytes: int = 0
    unpacked_to: str | None = None
    # Whether an identity given opened the age file: False means the package could not
    # be looked into at all (not for us), which says nothing about its integrity.
    opened: bool = False
    # What the phone proofs carried as attachments said (shown, never judged here).
    phone_reports: list[dict[str, Any]] = field(default_factory=list)
    # Trusted timestamps carried in timestamps.txt: authority, attested time, trusted.
    timestamps: list[dict[str, object]] = field(default_factory=list)
    # When the sealed event says the device sealed it (the device clock's claim).
    sealed_at: str | None = None
    # Media that are working copies (metadata removed), each linked to a sealed original.
    working_copies: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "failed_check": self.failed_check,
            "message": self.message,
            "passed": list(self.passed),
            "package_id": self.package_id,
            "signer_fingerprint": self.signer_fingerprint,
            "signer_short_fingerprint": self.signer_short_fingerprint,
            "signer_trusted": self.signer_trusted,
            "testimony_id": self.testimony_id,
            "testimony_version": self.testimony_version,
            "testimony_parent": self.testimony_parent,
            "kind": self.kind,
            "created_at": self.created_at,
            "files": self.files,
            "payload_bytes": self.payload_bytes,
            "unpacked_to": self.unpacked_to,
            "phone_reports": self.phone_reports,
            "timestamps": self.timestamps,
            "sealed_at": self.sealed_at,
            "working_copies": self.working_copies,
        }


def _fail(check: str, message: str) -> PackageVerificationError:
    return PackageVerificationError(check, message)


def _decrypt_scan(
    opener: Opener,
    identities: Sequence[X25519Identity],
    limits: TarLimits,
    gate: Gate,
    report: VerificationReport,
) -> ScannedPackage:
    try:
        with opener() as source:
            decrypted = Decryptor(source, list(identities))
            report.opened = True
            report.passed.append("decryption")
            return scan(decrypted, limits, gate)
    except TarFormatError as error:
        check = "extra-file" if error.reason == "extra-file" else "archive"
        if error.reason == "layout":
            check = "layout"
        raise _fail(check, f"{error} ({error.reason})") from None
    except NoMatchingIdentityError:
        raise _fail("decryption", "The package is not encrypted to any identity given.") from None
    except AuthenticationError:
        # An identity unwrapped the file key (the header MAC or a chunk failed after).
        report.opened = True
        raise _fail("decryption", "The encrypted file was altered or truncated.") from None
    except FormatError as error:
        raise _fail("decryption", f"The file is not a readable age package: {error}") from None
    except OSError as error:
        raise StorageError(f"Cannot read the package: {error.strerror}") from None


def _check_signature(
    scanned: ScannedPackage, trusted: Sequence[SigningPublicKey] | None, report: VerificationReport
) -> SigningPublicKey:
    """The signing key; raises "trust" at once for a key outside a given trusted list."""
    tags = scanned.tag_files
    for name in (bag.TAGMANIFEST, bag.SIGNATURE, bag.SIGNER_PUB):
        if name not in tags:
            raise _fail("signature", f"The package has no {name}.")
    try:
        embedded = SigningPublicKey.parse_openssh(tags[bag.SIGNER_PUB].decode("ascii").strip())
        armored = tags[bag.SIGNATURE].decode("ascii")
    except (UnicodeDecodeError, FormatError, ValueError):
        raise _fail("signature", "signer.pub or the signature is malformed.") from None
    try:
        verify(armored, tags[bag.TAGMANIFEST], NAMESPACE_PACKAGE, [embedded])
    except SignatureRejectedError as error:
        reason = {
            "bad_signature": "The signature does not match the tag manifest.",
            "wrong_namespace": "The signature was made for another purpose (namespace).",
            "untrusted_signer": "The signature was not made by the key in signer.pub.",
        }.get(error.reason, str(error))
        raise _fail("signature", reason) from None
    except (AuthenticationError, FormatError, ValueError):
        raise _fail("signature", "The signature is malformed or does not verify.") from None
    report.signer_fingerprint = embedded.fingerprint
    report.signer_short_fingerprint = embedded.short_fingerprint()
    info = bag.parse_bag_info(tags[bag.BAG_INFO]) if bag.BAG_INFO in tags else {}
    if info.get("Signer-Fingerprint") != embedded.fingerprint:
        raise _fail("signature", "bag-info.txt names another signer than the signature.")
    report.passed.append("signature")
    if trusted is None:
        return embedded  # the remaining checks run; "trust" fails at the end
    if not any(key == embedded and key.allows(NAMESPACE_PACKAGE) for key in trusted):
        raise _fail("trust", f"The signer {embedded.fingerprint} is not among the trusted signers.")
    report.signer_trusted = True
    report.passed.append("trust")
    return embedded


def _check_bag(scanned: ScannedPackage, report: VerificationReport) -> dict[str, str]:
    tags = scanned.tag_files
    for name in (bag.BAGIT, bag.BAG_INFO, bag.MANIFEST, bag.TAGMANIFEST):
        if name not in tags:
            raise _fail("bag", f"The bag has no {name}.")
    bag.check_bagit_txt(tags[bag.BAGIT])
    info = bag.parse_bag_info(tags[bag.BAG_INFO])
    if info.get("Package-Format") != bag.PACKAGE_FORMAT:
        raise _fail("format-version", "The package format version is not one this program reads.")
    if info.get("Package-Id") != scanned.top:
        raise _fail("bag", "The bag folder does not carry the package id of bag-info.txt.")
    report.package_id = scanned.top
    report.testimony_id = info.get("Testimony-Id")
    version = info.get("Testimony-Version", "")
    report.testimony_version = int(version) if version.isdecimal() and len(version) < 10 else None
    parent = info.get("Testimony-Parent")
    report.testimony_parent = None if parent in (None, "none") else parent
    report.created_at = info.get("Created-At")
    report.kind = info.get("Package-Kind")
    if report.kind not in ("testimony", "withdrawal-notice", "timestamp-supplement"):
        raise _fail("format-version", "The package kind is not one this program reads.")
    report.passed.append("bag")
    return info


def _check_tags(
    scanned: ScannedPackage, info: dict[str, str], report: VerificationReport
) -> dict[str, str]:
    """The tag files against the tag manifest, and the manifest against the format's fixed
    payload set; returns the manifest. Runs before any payload byte is read."""
    tags = scanned.tag_files
    tagmanifest = bag.parse_manifest(tags[bag.TAGMANIFEST], bag.TAGMANIFEST)
    measured_tags = {p: d for p, (d, _) in scanned.digests.items() if "/" not in p}
    bag.check_tag_manifest(tagmanifest, measured_tags)
    for name in bag.TAG_FILES:
        if name not in tagmanifest:
            raise _fail("tag-manifest", f"The tag manifest does not cover {name}.")
    for name in tags:
        # An optional tag file (timestamps.txt) counts only when the signed list holds it.
        if name not in (bag.TAGMANIFEST, bag.SIGNATURE) and name not in tagmanifest:
            raise _fail("tag-manifest", f"The tag manifest does not cover {name}.")
    report.passed.append("tag-checksum")
    manifest = bag.parse_manifest(tags[bag.MANIFEST], bag.MANIFEST)
    kind = info.get("Package-Kind")
    withdrawal = kind in ("withdrawal-notice", "timestamp-supplement")
    required = (
        WITHDRAWAL_DOCUMENTS if kind == "withdrawal-notice"
        else SUPPLEMENT_DOCUMENTS if kind == "timestamp-supplement"
        else TESTIMONY_DOCUMENTS
    )
    for path in manifest:
        # Only a testimony package carries media.
        if path not in required and (withdrawal or not media_path(path)):
            raise _fail(
                "extra-file",
                "The manifest lists a payload file outside the format's fixed set.",
            )
    for path in required:
        if path not in manifest:
            raise _fail("missing-file", f"The manifest does not list {path}.")
    return manifest


def _check_checksums(
    scanned: ScannedPackage,
    info: dict[str, str],
    manifest: dict[str, str],
    report: VerificationReport,
) -> None:
    bag.check_payload(manifest, scanned.digests, info)
    report.passed.append("payload-checksum")
    report.files = len(manifest)
    report.payload_bytes = sum(scanned.digests[p][1] for p in manifest)


def _check_custody(
    scanned: ScannedPackage,
    info: dict[str, str],
    trusted: Sequence[SigningPublicKey],
    report: VerificationReport,
) -> str | None:
    """The custody and seal checks; returns the sealed content digest (None: no seal)."""
    raw = scanned.documents.get("data/custody.jsonl")
    if raw is None:
        raise _fail("custody", "The package has no custody log.")
    try:
        chain = custody.from_jsonl(raw)
        custody.verify_chain(
            chain,
            trusted,
            chain_id=info.get("Testimony-Id"),
            expected_last_hash=info.get("Custody-Last-Hash"),
        )
    except (custody.CustodyChainError, FormatError) as error:
        raise _fail("custody", str(error)) from None
    except (ValueError, RecursionError):
        # Values JSON allows but canonical JSON refuses (NaN, huge nesting).
        raise _fail("custody", "The custody log holds values that cannot be hashed.") from None
    report.passed.append("custody")
    sealed = [event for event in chain if event.action == "sealed"]
    sealed_digest = sealed[-1].details.get("content_sha256") if sealed else None
    if sealed:
        report.sealed_at = sealed[-1].at
    if info.get("Package-Kind") == "withdrawal-notice":
        if not any(event.action == "consent_withdrawn" for event in chain):
            raise _fail("seal", "A withdrawal notice without a withdrawal in its custody log.")
        report.passed.append("seal")
        return sealed_digest if isinstance(sealed_digest, str) else None
    if info.get("Package-Kind") == "timestamp-supplement":
        # No record here to hash again: the tokens are checked against the digest the
        # signed sealed event names (the earlier package proved it matches the content).
        if not isinstance(sealed_digest, str):
            raise _fail("seal", "A timestamp supplement without a sealed event.")
        if bag.TIMESTAMPS not in scanned.tag_files:
            raise _fail("timestamp", "A timestamp supplement without timestamps.txt.")
        return sealed_digest
    if not sealed:
        raise _fail("seal", "The custody log has no sealed event for this version.")
    try:
        # Before the seal: a copy's original hash stands in the seal's list only once
        # the signed custody event vouches that this copy was made of it.
        raw = scanned.documents.get("data/attachments.json")
        copies = check_lineage(raw, chain, sealed[-1].seq)
    except FormatError as error:
        raise _fail("lineage", f"Working copies: {error}.") from None
    if copies:
        report.working_copies = copies
        report.passed.append("lineage")
    try:
        digest = content_digest_from_package(scanned.documents, scanned.digests)
    except (FormatError, ValueError, RecursionError):
        raise _fail("seal", "The record or attachments.json cannot be read.") from None
    if sealed[-1].details.get("content_sha256") != digest:
        raise _fail("seal", "The record or media differ from what was sealed.")
    report.passed.append("seal")
    try:
        check_consent_and_person(scanned.documents, info.get("Person-Identified"))
    except (FormatError, ValueError, RecursionError) as error:
        raise _fail("consent", str(error)) from None
    report.passed.append("consent")
    return digest


def _check_timestamps(
    scanned: ScannedPackage,
    sealed_digest: str | None,
    authorities: Sequence[x509.Certificate] | None,
    report: VerificationReport,
) -> None:
    raw = scanned.tag_files.get(bag.TIMESTAMPS)
    if raw is None:
        return
    if sealed_digest is None:
        raise _fail("timestamp", "The package carries timestamps but no sealed digest.")
    try:
        results = check_proofs(raw, sealed_digest, authorities)
    except TimestampError as error:
        raise _fail("timestamp", str(error)) from None
    report.timestamps = [result.to_json() for result in results]
    report.passed.append("timestamp")


def _read_phone_reports(scanned: ScannedPackage, report: VerificationReport) -> None:
    if not scanned.phone_reports:
        return
    try:
        entries = attachment_entries(scanned.documents.get("data/attachments.json"))
    except FormatError:
        return  # the seal check already held this document to the sealed record
    report.phone_reports = phone_reports.summarise(
        scanned.phone_reports, entries, scanned.digests
    )
    scanned.phone_reports.clear()


def verify_package(
    opener: Opener,
    identities: Sequence[X25519Identity],
    trusted: Sequence[SigningPublicKey] | None,
    *,
    unpack_to: Path | None = None,
    limits: TarLimits | None = None,
    trusted_authorities: Sequence[x509.Certificate] | None = None,
) -> VerificationReport:
    """Run every check; ``report.ok`` only when all passed (trust included).

    ``trusted_authorities``: the CA certificates of the time-stamping authorities whose
    tokens count; without them a token's imprint and proof are still checked and its
    time reported as not verified, and the verdict does not depend on it.

    Failures of the package are in the report (``failed_check``, ``message``); errors of
    the caller's environment (unreadable file, full disk when unpacking) raise.
    """
    limits = limits or TarLimits()
    report = VerificationReport()
    judged: list[tuple[dict[str, str], SigningPublicKey, dict[str, str]]] = []

    def gate(scanned: ScannedPackage) -> frozenset[str]:
        # The tag files alone: nothing of the payload is read (or parsed) unless the bag
        # is well formed, the signature holds and, when a list is given, the signer is
        # trusted; and only the payload files the signed manifest lists are read.
        info = _check_bag(scanned, report)
        signer = _check_signature(scanned, trusted, report)
        manifest = _check_tags(scanned, info, report)
        judged.append((info, signer, manifest))
        return frozenset(manifest)

    try:
        scanned = _decrypt_scan(opener, identities, limits, gate, report)
        report.passed.append("archive")
        info, signer, manifest = judged[0]
        _check_checksums(scanned, info, manifest, report)
        # Without a trusted list the custody chain is checked against the package's own
        # signer, so the report says whether everything but trust holds.
        sealed_digest = _check_custody(
            scanned, info, [signer] if trusted is None else trusted, report
        )
        _check_timestamps(scanned, sealed_digest, trusted_authorities, report)
        _read_phone_reports(scanned, report)
        if trusted is None:
            raise _fail(
                "trust",
                f"Every other check passed, but the signer {signer.fingerprint} was not "
                "checked against trusted signers (give --trusted-signers).",
            )
        scanned.documents.clear()  # parsed and checked; not needed to unpack
        if unpack_to is not None:
            report.unpacked_to = str(unpack(opener, identities, scanned, unpack_to, limits))
            report.passed.append("unpack")
    except PackageVerificationError as error:
        report.failed_check = error.check
        report.message = str(error)
        return report
    report.ok = True
    report.message = "Every check passed."
    return report


# --- unpacking ---------------------------------------------------------------------------


def _create_private(path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags | binary_flags(), 0o600)


def unpack(
    opener: Opener,
    identities: Sequence[X25519Identity],
    scanned: ScannedPackage,
    destination: Path,
    limits: TarLimits,
) -> Path:
    """Second pass: write the verified bag under ``destination``; returns the bag folder."""
    final = destination / scanned.top
    staging = destination / (scanned.top + ".partial")
    if final.exists() or staging.exists():
        raise StorageError("The unpack folder already holds this package; choose an empty one.")
    # FAT32 holds no file over 4 GiB: a larger video is refused before anything is written.
    private.check_fits(destination, max((size for _, size in scanned.digests.values()), default=0))
    try:
        destination.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging.mkdir(mode=0o700)
    except OSError as error:
        raise StorageError(f"Cannot create the unpack folder: {error.strerror}") from None
    try:
        # The evidence in plain goes in here: readable by this user alone on every
        # system (Windows ignores the mode; there an ACL that what is created inside
        # inherits, and which the rename keeps).
        try:
            private.protect_where_possible(staging, folder=True)
        except OSError as error:
            raise StorageError(f"Cannot restrict the unpack folder: {error}") from None
        _write_members(opener, identities, scanned, staging, limits)
        files.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files.fsync_dir(destination)
    return final


def _write_members(
    opener: Opener,
    identities: Sequence[X25519Identity],
    scanned: ScannedPackage,
    staging: Path,
    limits: TarLimits,
) -> None:
    written: list[str] = []
    try:
        with opener() as source:
            reader = TarReader(Decryptor(source, list(identities)), limits)
            for member in reader.members():
                _, path = split_member(member.name, scanned.top)
                expected = scanned.digests.get(path)
                # Never write more than the first pass saw for this member.
                if expected is None or member.size != expected[1]:
                    raise _fail("unpack", "The package changed between the two passes.")
                target = staging.joinpath(*path.split("/"))
                # Folders are created here, under a staging folder this call made; the
                # path was checked (no '..', no absolute, no links exist in the archive).
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with os.fdopen(_create_private(target), "wb") as handle:
                    for chunk in reader.chunks():
                        digest.update(chunk)
                        handle.write(chunk)
                    handle.flush()
                    files.fsync_file(handle.fileno())
                if (digest.hexdigest(), member.size) != expected:
                    raise _fail("unpack", "The package changed between the two passes.")
                written.append(path)
    except (TarFormatError, AuthenticationError, FormatError):
        raise _fail("unpack", "The package changed between the two passes.") from None
    except OSError as error:
        raise StorageError(f"Cannot write the unpacked files: {error.strerror}") from None
    if sorted(written) != sorted(scanned.digests):
        raise _fail("unpack", "The package changed between the two passes.")


def describe(report: VerificationReport) -> str:
    """A few lines for a person: the result, the signer and what failed.

    Values read from the package (ids, dates, messages quoting them) are untrusted text
    and pass through ``for_display`` so they cannot drive the terminal.
    """
    show = for_display
    lines = []
    if report.ok:
        lines.append("VALID: every check passed.")
    else:
        lines.append(f"NOT VALID: check '{report.failed_check}' failed: {show(report.message)}")
    if report.package_id:
        lines.append(f"Package:    {show(report.package_id)}")
    if report.signer_fingerprint:
        trust = "trusted" if report.signer_trusted else "NOT verified as trusted"
        lines.append(f"Signer:     {report.signer_fingerprint} ({trust})")
        lines.append(f"Short:      {report.signer_short_fingerprint}")
    if report.testimony_id:
        version = f" version {report.testimony_version}" if report.testimony_version else ""
        parent = (
            f", correction of {show(report.testimony_parent, limit=80)}"
            if report.testimony_parent
            else ""
        )
        lines.append(f"Testimony:  {show(report.testimony_id, limit=80)}{version}{parent}")
    if report.created_at:
        lines.append(f"Created-At: {show(report.created_at, limit=80)} (device clock, as claimed)")
    if report.working_copies:
        lines.append(
            f"Working copies: {report.working_copies} (metadata removed; each linked by its"
            " custody event to a sealed original, which is not in this package)"
        )
    if report.files:
        lines.append(f"Files:      {report.files} ({report.payload_bytes} bytes of payload)")
    if report.timestamps and report.sealed_at:
        lines.append(f"Sealed at:  {show(report.sealed_at, limit=80)} (device clock, as claimed)")
    for stamp in report.timestamps:
        trusted = (
            "verified" if stamp.get("trusted") else "NOT verified: no trusted authorities given"
        )
        lines.append(
            f"Timestamp:  {show(str(stamp.get('attested_time')), limit=80)} attested by "
            f"{show(str(stamp.get('authority')), limit=80)} "
            f"({show(str(stamp.get('authority_subject')), limit=200)}; {trusted})"
        )
    if report.passed:
        lines.append("Passed:     " + ", ".join(report.passed))
    if report.unpacked_to:
        lines.append(f"Unpacked:   {show(report.unpacked_to)}")
    lines += [show(line, limit=2000) for line in phone_reports.describe_lines(report.phone_reports)]
    return "\n".join(lines)


def report_json(report: VerificationReport) -> str:
    return json.dumps(report.to_json(), sort_keys=True)
