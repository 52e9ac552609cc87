"""Sealing, export, package verification and the custody log, as vault-worker jobs.

Results are frozen summaries of what the screens show; core's own errors carry the
reasons (consent missing, damaged media) and reach the user as translated sentences.
Bodies run on the vault worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.records import CONSENT_FLAGS
from app.gui.record_jobs import actor_of
from app.gui.vault_worker import Job, JobContext

MAX_KEY_FILE = 1 << 20


@dataclass(frozen=True)
class SealSummary:
    testimony_id: str
    person_code: str
    version: int
    incidents: int
    attachments: int
    attachment_bytes: int
    narrative_chars: int
    consent: tuple[tuple[str, bool], ...]
    device_fingerprint: str
    blocked_by: str  # "" when sealing may go ahead, else core's reason


@dataclass(frozen=True)
class Sealed:
    version: int
    sealed_at: str
    content_sha256: str


@dataclass(frozen=True)
class Exported:
    file_name: str
    size: int
    sha256: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class CustodyLine:
    seq: int
    at: str
    action: str
    actor: str
    device: str


@dataclass(frozen=True)
class Verified:
    ok: bool
    passed: tuple[str, ...]
    failed_check: str | None
    message: str
    signer: str | None
    signer_trusted: bool
    files: int


def seal_summary(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> SealSummary:
        from app.core import persons, sealing, testimonies
        from app.core.consent_policy import check_can_seal
        from app.errors import EvidenceVaultError

        vault = ctx.vault
        conn = vault.connection
        testimony = testimonies.get_testimony(conn, testimony_id)
        person = persons.get_person(conn, testimony.person_id)
        attachments = sealing.attachments_of(conn, testimony.id)
        blocked = ""
        try:
            check_can_seal(conn, testimony)
        except EvidenceVaultError as error:
            blocked = str(error)
        consent = testimony.consent
        return SealSummary(
            testimony_id=testimony.id,
            person_code=person.code,
            version=testimony.version,
            incidents=len(testimony.incidents),
            attachments=len(attachments),
            attachment_bytes=sum(a.size for a in attachments),
            narrative_chars=len(testimony.narrative),
            consent=tuple(
                (key, bool(getattr(consent, key)))
                for key in CONSENT_FLAGS
            ),
            device_fingerprint=str(vault.device.public_key.short_fingerprint()),
            blocked_by=blocked,
        )

    return job


def seal(testimony_id: str, total_bytes: int) -> Job:
    def job(ctx: JobContext) -> Sealed:
        from app.core import sealing

        vault = ctx.vault
        result = sealing.seal_testimony(
            vault.connection,
            vault.blobs,
            vault.device,
            testimony_id,
            actor_of(vault),
            progress=lambda done: ctx.progress(done / max(1, total_bytes)),
            cancel=ctx.cancelled,
        )
        return Sealed(result.version, result.sealed_at, result.content_sha256)

    return job


def platform_recipient() -> Job:
    def job(ctx: JobContext) -> str:
        from app.core.settings import PLATFORM_RECIPIENT, get_setting

        return get_setting(ctx.vault.connection, PLATFORM_RECIPIENT) or ""

    return job


def export(
    testimony_id: str, destination: Path, extra_recipients: tuple[str, ...], total_bytes: int
) -> Job:
    def job(ctx: JobContext) -> Exported:
        from app.core.export import export_package

        vault = ctx.vault
        result = export_package(
            vault.connection,
            vault.blobs,
            vault.device,
            testimony_id,
            destination,
            list(extra_recipients),
            actor_of(vault),
            progress=lambda done: ctx.progress(done / max(1, total_bytes)),
            cancel=ctx.cancelled,
        )
        return Exported(result.path.name, result.size, result.sha256, tuple(result.recipients))

    return job


def custody_log(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> tuple[CustodyLine, ...]:
        from app.core import custody

        return tuple(
            CustodyLine(e.seq, e.at, e.action, e.actor, e.device_fingerprint)
            for e in custody.events(ctx.vault.connection, testimony_id)
        )

    return job


def _read_small(path: Path) -> str:
    from app.errors import FormatError

    with path.open("rb") as handle:
        data = handle.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        raise FormatError("The key file is too large.")
    return data.decode("utf-8", errors="strict")


def verify(package: Path, identity_file: Path, trusted_file: Path | None) -> Job:
    """Every check of a package, as the coordinator's ``verify`` command runs them."""

    def job(ctx: JobContext) -> Verified:
        from app.crypto.age.keys import parse_identities
        from app.crypto.signing import parse_trusted_signers
        from app.formats.package.verify import verify_package

        identities = parse_identities(_read_small(identity_file))
        trusted = parse_trusted_signers(_read_small(trusted_file)) if trusted_file else None
        report = verify_package(lambda: package.open("rb"), identities, trusted)
        return Verified(
            ok=report.ok,
            passed=tuple(report.passed),
            failed_check=report.failed_check,
            message=report.message,
            signer=report.signer_short_fingerprint,
            signer_trusted=report.signer_trusted,
            files=report.files,
        )

    return job
