"""Use cases on sealed work: seal, export to a folder, keep a package for sync, verify a
package file, and the coordinator's import, re-verify, list and forward.

Runs on the thread that owns the session (``verify_file`` needs none).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from app.core import consent_policy, coordinator, persons, sealing, testimonies
from app.core import export as export_core
from app.core.coordinator import ImportResult, PackageRow
from app.core.export import ExportResult, export_package, keep_package
from app.core.export_content import ORIGINALS, WORKING_COPIES
from app.core.records import CONSENT_FLAGS
from app.core.sealing import Cancel, SealResult
from app.core.sealing import Progress as ByteProgress
from app.core.settings import PLATFORM_MEDIA, PLATFORM_RECIPIENT, get_setting
from app.crypto.age import X25519Identity
from app.crypto.signing import SigningPublicKey
from app.errors import EvidenceVaultError, FormatError
from app.formats.package.verify import VerificationReport, verify_package
from app.services.session import Session

# -- sealing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealSummary:
    """What sealing will sign, shown to the person before they confirm."""

    testimony_id: str
    person_code: str
    version: int
    incidents: int
    attachments: int
    attachment_bytes: int
    narrative_chars: int
    consent: tuple[tuple[str, bool], ...]
    device_fingerprint: str
    blocked_by: str  # why it cannot be sealed yet; "" when it can
    blocked_code: str = ""  # core's stable code for that reason (app/errors.py)


def seal_summary(session: Session, testimony_id: str) -> SealSummary:
    conn = session.connection
    testimony = testimonies.get_testimony(conn, testimony_id)
    person = persons.get_person(conn, testimony.person_id)
    attachments = sealing.attachments_of(conn, testimony.id)
    blocked, blocked_code = "", ""
    try:
        consent_policy.check_can_seal(conn, testimony)
    except EvidenceVaultError as error:
        blocked, blocked_code = str(error), error.code
    consent = testimony.consent
    return SealSummary(
        testimony_id=testimony.id,
        person_code=person.code,
        version=testimony.version,
        incidents=len(testimony.incidents),
        attachments=len(attachments),
        attachment_bytes=sum(a.size for a in attachments),
        narrative_chars=len(testimony.narrative),
        consent=tuple((key, bool(getattr(consent, key))) for key in CONSENT_FLAGS),
        device_fingerprint=session.device_fingerprint,
        blocked_by=blocked,
        blocked_code=blocked_code,
    )


def seal(
    session: Session,
    testimony_id: str,
    *,
    progress: ByteProgress | None = None,
    cancel: Cancel | None = None,
) -> SealResult:
    """Seal a draft: its media checked, the record signed, never to change again."""
    return sealing.seal_testimony(
        session.connection,
        session.blobs,
        session.device,
        testimony_id,
        session.actor,
        progress=progress,
        cancel=cancel,
    )


# -- packages of this vault --------------------------------------------------------------------


def export(
    session: Session,
    testimony_id: str,
    destination: Path,
    *,
    recipients: Sequence[str] = (),
    withdrawal_notice: bool = False,
    media: str | None = None,
    include_platform: bool = True,
    progress: ByteProgress | None = None,
    cancel: Cancel | None = None,
) -> ExportResult:
    """Write one encrypted package of a sealed version into a folder (a stick), read it
    back, and log it. With ``withdrawal_notice`` the package is the signed notice that
    consent was withdrawn, addressed to everyone who received a package of it.

    ``media`` None is the default choice: working copies when the package reaches any
    onward recipient, else what the platform is set to receive (``platform-media``)."""
    if media is None:
        media = WORKING_COPIES if recipients else platform_media(session)
    return export_package(
        session.connection,
        session.blobs,
        session.device,
        testimony_id,
        destination,
        recipients,
        session.actor,
        withdrawal_notice=withdrawal_notice,
        media=media,
        include_platform=include_platform,
        progress=progress,
        cancel=cancel,
    )


def platform_media(session: Session) -> str:
    """What the platform receives: ``originals`` unless set to working copies."""
    return get_setting(session.connection, PLATFORM_MEDIA) or ORIGINALS


def export_per_recipient(
    session: Session,
    testimony_id: str,
    destination: Path,
    *,
    recipients: Sequence[str] = (),
    platform: str | None = None,
    onward: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Cancel | None = None,
) -> list[ExportResult]:
    """Packages of a sealed version where each recipient gets the media chosen for it:
    the platform ``platform`` (default: its setting, originals), onward recipients
    ``onward`` (default: working copies). One package when both choices agree (or there
    is no onward recipient), else one for the others and one for the platform.

    Every package is prepared (consent, recipients, working copies) before any is
    written, so a refusal leaves nothing on the stick; ``progress(done, total)`` then
    counts the media bytes of all of them against one total known from the start."""
    for_platform = platform or platform_media(session)
    for_onward = onward or WORKING_COPIES
    no_platform = get_setting(session.connection, PLATFORM_RECIPIENT) is None
    plan: list[tuple[Sequence[str], str, bool]]
    if no_platform and recipients:
        plan = [(recipients, for_onward, True)]
    elif not recipients or for_platform == for_onward:
        plan = [(recipients, for_onward if recipients else for_platform, True)]
    else:
        plan = [(recipients, for_onward, False), ((), for_platform, True)]
    prepared = [
        export_core.prepare_package(
            session.connection, session.blobs, testimony_id, others,
            withdrawal_notice=False, clock=None, media=media, include_platform=include_platform,
        )
        for others, media, include_platform in plan
    ]  # fmt: skip
    total = sum(package.media_bytes for package in prepared)
    results: list[ExportResult] = []
    before = 0
    for package in prepared:

        def report(done: int, before: int = before) -> None:
            if progress is not None:
                progress(before + done, total)

        written = export_core.write_to_folder(
            session.connection, session.device, package, destination, session.actor,
            progress=report, cancel=cancel,
        )  # fmt: skip
        results.append(written)
        before += package.media_bytes
    return results


def keep(
    session: Session,
    testimony_id: str,
    *,
    recipients: Sequence[str] = (),
    withdrawal_notice: bool = False,
) -> ExportResult:
    """Seal a package into the vault itself, for sync to upload."""
    return keep_package(
        session.connection,
        session.blobs,
        session.device,
        testimony_id,
        recipients,
        session.actor,
        withdrawal_notice=withdrawal_notice,
    )


def verify_file(
    path: Path,
    identities: Sequence[X25519Identity],
    trusted: Sequence[SigningPublicKey] | None,
    *,
    unpack_to: Path | None = None,
    trusted_authorities: Sequence[x509.Certificate] | None = None,
) -> VerificationReport:
    """Verify a package file (what the platform runs); no vault needed. Timestamp tokens
    count only against ``trusted_authorities`` (CA certificates)."""
    if not identities:
        raise EvidenceVaultError("The identity file holds no age identity.")
    if not path.exists():
        raise EvidenceVaultError("The package file does not exist.")
    if not path.is_file():
        # A FIFO or a device would block or never end.
        raise EvidenceVaultError("The package is not a regular file.")
    if unpack_to is not None and unpack_to.is_symlink() and not unpack_to.exists():
        raise EvidenceVaultError(
            "The unpack folder is a symbolic link that points nowhere; give an existing or "
            "a new folder."
        )
    return verify_package(
        lambda: path.open("rb"), identities, trusted, unpack_to=unpack_to,
        trusted_authorities=trusted_authorities,
    )


# -- the coordinator's work ----------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    imported: tuple[ImportResult, ...]
    refused: tuple[str, ...]  # one reason per file that is not a package


def import_packages(
    session: Session,
    paths: Sequence[Path],
    *,
    identities: Sequence[X25519Identity] = (),
    trusted: Sequence[SigningPublicKey] | None = None,
) -> ImportReport:
    """Store package files (or the packages inside folders) unchanged; verify each one
    when a recipient identity is at hand. A foreign file does not stop the others."""
    imported: list[ImportResult] = []
    refused: list[str] = []
    for path in coordinator.package_files(paths):
        try:
            imported.append(
                coordinator.import_package(
                    session.connection,
                    session.blobs,
                    session.device,
                    path,
                    session.actor,
                    identities=identities,
                    trusted=trusted,
                )
            )
        except FormatError as error:
            refused.append(str(error))
    return ImportReport(tuple(imported), tuple(refused))


def kept_recipient_identities(session: Session) -> list[X25519Identity]:
    """The coordinator's own age identities kept in the vault (to verify imports here)."""
    return coordinator.recipient_identities(session.connection)


def keep_recipient_identity(session: Session, identity: X25519Identity) -> None:
    coordinator.keep_recipient_identity(
        session.connection, session.device, identity, session.actor
    )


def list_packages(session: Session) -> list[PackageRow]:
    return coordinator.list_packages(session.connection)


def verify_stored(
    session: Session,
    package_id: str,
    *,
    identities: Sequence[X25519Identity] = (),
    trusted: Sequence[SigningPublicKey] | None = None,
) -> PackageRow:
    """Verify a kept package again and record the result (its state in the list)."""
    return coordinator.verify_stored_package(
        session.connection,
        session.blobs,
        session.device,
        package_id,
        session.actor,
        identities=identities,
        trusted=trusted,
    )


def forward(session: Session, package_id: str, destination: Path) -> Path:
    """Copy a kept package unchanged into a folder as ``<package id>.age``."""
    return coordinator.forward_package(
        session.connection, session.blobs, session.device, package_id, destination, session.actor
    )
