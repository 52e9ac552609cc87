"""What the recorded consent allows: sealing, and where a sealed testimony may go.

One place decides, so sealing, USB export and sync cannot disagree:

- sealing needs consent recorded: the interview agreed to, with when and how consent was
  given (``given_at`` and ``method``), and no withdrawal;
- a package encrypted to the platform needs ``share_with_platform``;
- any other recipient (a coordinator who can then read it, another organisation) needs
  ``share_onward``: a recipient key means the holder can read the testimony;
- identifying details of the person (name, contacts, date of birth) travel only with
  ``be_named``; otherwise the package names the person by pseudonym code only;
- a withdrawal (in the record or recorded later, on any version) blocks every export and
  sync of the testimony; only a withdrawal notice may still be sealed and sent.

Pure decisions over records the caller loaded; runs on the vault thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.records import Testimony
from app.core.testimonies import consent_withdrawn
from app.errors import ConsentError
from app.storage.database import Connection


@dataclass(frozen=True)
class ExportPermission:
    """What a package of this testimony may contain, once the export was allowed."""

    include_identity: bool


def check_can_seal(conn: Connection, testimony: Testimony) -> None:
    consent = testimony.consent
    if not consent.given_at.strip() or not consent.method.strip():
        raise ConsentError(
            "Consent is not recorded (when and how it was given); record it before sealing.",
            code="consent.not_recorded",
        )
    if not consent.interview:
        raise ConsentError(
            "The person did not consent to the interview; it cannot be sealed.",
            code="consent.no_interview",
        )
    if consent_withdrawn(conn, testimony.id):
        raise ConsentError(
            "Consent was withdrawn; this testimony cannot be sealed.", code="consent.withdrawn"
        )


def check_can_export(
    conn: Connection, testimony: Testimony, *, to_platform: bool, other_recipients: int
) -> ExportPermission:
    """Raise ConsentError naming the missing consent; else what the package may carry."""
    if consent_withdrawn(conn, testimony.id):
        raise ConsentError(
            "Consent was withdrawn: this testimony may not be exported or synced. "
            "Only a withdrawal notice can be sent (export --withdrawal-notice).",
            code="consent.withdrawn_no_export",
        )
    consent = testimony.consent
    if to_platform and not consent.share_with_platform:
        raise ConsentError(
            "The person did not consent to sharing with the platform.",
            code="consent.no_platform_sharing",
        )
    if other_recipients and not consent.share_onward:
        raise ConsentError(
            "The person did not consent to sharing beyond the platform, so the package "
            "cannot be encrypted to other recipients.",
            code="consent.no_onward_sharing",
            params={"recipients": other_recipients},
        )
    return ExportPermission(include_identity=consent.be_named)


def check_can_sync(conn: Connection, testimony: Testimony) -> ExportPermission:
    """Sync delivers to the platform only."""
    return check_can_export(conn, testimony, to_platform=True, other_recipients=0)


def check_package_may_leave(conn: Connection, package_id: str) -> None:
    """For sync and forwarding: a package of a testimony whose consent was withdrawn
    after the package was sealed may no longer leave (a withdrawal notice always may).
    Imported packages are opaque here; the platform applies the withdrawal it receives."""
    row = conn.execute(
        "SELECT testimony_id, kind FROM packages WHERE id = ?", (package_id,)
    ).fetchone()
    if row is None or row[0] is None or row[1] == "withdrawal-notice":
        return
    if consent_withdrawn(conn, str(row[0])):
        raise ConsentError(
            "Consent was withdrawn after this package was sealed; it may no longer be sent. "
            "Send the withdrawal notice instead.",
            code="consent.withdrawn_after_sealing",
        )
