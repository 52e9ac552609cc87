"""Sealing, export, package verification and the custody log, as vault-worker jobs.

Results are frozen summaries of what the screens show; core's own errors carry the
reasons (consent missing, damaged media) and reach the user as translated sentences.
Bodies run on the vault worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.gui.vault_worker import Job, JobContext
from app.services import packages, records, syncing
from app.services.packages import SealSummary as SealSummary  # the seal dialog's summary

MAX_KEY_FILE = 1 << 20


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
    media: str = "originals"  # or "working-copies"


@dataclass(frozen=True)
class CustodyLine:
    seq: int
    at: str
    action: str
    actor: str
    device: str
    # A trusted timestamp's authority and the time it attested ("timestamped" events).
    authority: str = ""
    attested_at: str = ""


@dataclass(frozen=True)
class Attested:
    """One trusted timestamp a package carries: who attested the sealed digest, when,
    and whether that authority was checked against the trusted ones given."""

    authority: str  # untrusted text from the package
    attested_time: str  # ISO 8601 UTC, as the authority signed it
    trusted: bool


@dataclass(frozen=True)
class Verified:
    ok: bool
    passed: tuple[str, ...]
    failed_check: str | None
    message: str
    signer: str | None
    signer_trusted: bool
    files: int
    sealed_at: str | None = None  # the device clock's claim
    timestamps: tuple[Attested, ...] = ()
    authorities_given: bool = False


def seal_summary(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> SealSummary:
        return packages.seal_summary(ctx.session, testimony_id)

    return job


def seal(testimony_id: str, total_bytes: int) -> Job:
    def job(ctx: JobContext) -> Sealed:
        result = packages.seal(
            ctx.session,
            testimony_id,
            progress=lambda done: ctx.progress(done / max(1, total_bytes)),
            cancel=ctx.cancelled,
        )
        return Sealed(result.version, result.sealed_at, result.content_sha256)

    return job


def platform_recipient() -> Job:
    def job(ctx: JobContext) -> str:
        return syncing.platform_recipient(ctx.session)

    return job


def platform_media() -> Job:
    """What the platform receives by default: ``originals`` unless set otherwise."""

    def job(ctx: JobContext) -> str:
        return packages.platform_media(ctx.session)

    return job


def export(
    testimony_id: str,
    destination: Path,
    extra_recipients: tuple[str, ...],
    *,
    platform_media: str | None = None,
    onward_media: str | None = None,
) -> Job:
    """The packages of one sealed version, each recipient with the media chosen for it
    (the service the CLI's ``export --media/--platform-media`` uses): one package when
    the choices agree, else one for the other recipients and one for the platform."""

    def job(ctx: JobContext) -> tuple[Exported, ...]:
        results = packages.export_per_recipient(
            ctx.session,
            testimony_id,
            destination,
            recipients=list(extra_recipients),
            platform=platform_media,
            onward=onward_media,
            progress=lambda done, total: ctx.progress(done / max(1, total)),
            cancel=ctx.cancelled,
        )
        return tuple(
            Exported(r.path.name, r.size, r.sha256, tuple(r.recipients), r.media)
            for r in results
        )

    return job


def custody_log(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> tuple[CustodyLine, ...]:
        report = records.custody_log(ctx.session, testimony_id)
        return tuple(
            CustodyLine(
                e.seq, e.at, e.action, e.actor, e.device_fingerprint,
                str(e.details.get("authority", "")) if e.action == "timestamped" else "",
                str(e.details.get("attested_at", "")) if e.action == "timestamped" else "",
            )
            for e in report.events
        )  # fmt: skip

    return job


def _read_small(path: Path) -> str:
    from app.errors import FormatError

    with path.open("rb") as handle:
        data = handle.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        raise FormatError("The key file is too large.")
    return data.decode("utf-8", errors="strict")


def verify(
    package: Path,
    identity_file: Path,
    trusted_file: Path | None,
    authorities_file: Path | None = None,
) -> Job:
    """Every check of a package, as the coordinator's ``verify`` command runs them
    (``--trusted-authorities``: the PEM CA certificates whose timestamp tokens count)."""

    def job(ctx: JobContext) -> Verified:
        from app.crypto.age.keys import parse_identities
        from app.crypto.signing import parse_trusted_signers
        from app.formats.timestamps import load_certificates

        identities = parse_identities(_read_small(identity_file))
        trusted = parse_trusted_signers(_read_small(trusted_file)) if trusted_file else None
        authorities = (
            load_certificates(_read_small(authorities_file).encode("utf-8"))
            if authorities_file
            else None
        )
        report = packages.verify_file(
            package, identities, trusted, trusted_authorities=authorities
        )
        return Verified(
            ok=report.ok,
            passed=tuple(report.passed),
            failed_check=report.failed_check,
            message=report.message,
            signer=report.signer_short_fingerprint,
            signer_trusted=report.signer_trusted,
            files=report.files,
            sealed_at=report.sealed_at,
            timestamps=tuple(
                Attested(
                    str(stamp.get("authority", "")),
                    str(stamp.get("attested_time", "")),
                    bool(stamp.get("trusted")),
                )
                for stamp in report.timestamps
            ),
            authorities_given=authorities is not None,
        )

    return job
