"""Typed errors from core turned into short translated sentences for dialogs and banners.

A dialog never shows a traceback or an unexpected error's message: those may carry
testimony text or paths. Expected errors get a sentence chosen by their class; a refusal
(consent, a record that can no longer change) adds core's reason after it, since the
reason differs within the class (withdrawn, not agreed to sharing; sealed, recording
still open). Sync
errors get their own sentences (:func:`sync_failure_text`): what the user can do
differs for each (wait, use the proxy, stop because someone may be in the middle, ask
for a new profile). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app import errors
from app.gui.vault_worker import JobFailure
from app.sanitize import for_display
from app.sync import errors as sync_errors


def _with_reason(lead: str, failure: JobFailure) -> str:
    """A refusal: the translated lead, then core's reason (written by core to be shown:
    which rule refused, never a record's content), sanitised."""
    reason = for_display(failure.message, limit=300).strip() if failure.expected else ""
    return f"{lead} {reason}" if reason else lead


def recovery_key_typo_text(groups: tuple[int, ...]) -> str:
    """The groups of a mistyped recovery key to check again, in the interface language;
    empty when there is none to name."""
    if len(groups) == 1:
        return QCoreApplication.translate(
            "messages", "Group {group} of the recovery key has a typing mistake: check it."
        ).format(group=groups[0])
    if len(groups) == 2:
        return QCoreApplication.translate(
            "messages",
            "Groups {first} and {second} of the recovery key have a typing mistake: check them.",
        ).format(first=groups[0], second=groups[1])
    return ""


def failure_text(failure: JobFailure) -> str:
    """One sentence saying what went wrong, in the interface language."""
    kind = failure.kind
    if issubclass(kind, errors.RecoveryKeyTypoError):
        typo = recovery_key_typo_text(errors.RecoveryKeyTypoError.groups_in(failure.message))
        if typo:
            return typo
    if issubclass(kind, errors.WrongPassphraseError):
        return QCoreApplication.translate("messages", "This passphrase does not open the vault.")
    if issubclass(kind, errors.PassphraseRejectedError):
        return QCoreApplication.translate(
            "messages", "This passphrase cannot be used; choose another."
        )
    if issubclass(kind, errors.VaultInUseError):
        return QCoreApplication.translate(
            "messages", "Another window of the program already has this vault open."
        )
    if issubclass(kind, errors.VaultLockedError):
        return QCoreApplication.translate("messages", "The vault is locked.")
    if issubclass(kind, errors.ReadOnlyVaultError):
        return QCoreApplication.translate(
            "messages",
            "The vault is open read-only because its database is older than its keys: "
            "nothing can be changed until you accept this state.",
        )
    if issubclass(kind, errors.ConsentError):
        return _with_reason(
            QCoreApplication.translate("messages", "The recorded consent does not allow this."),
            failure,
        )
    if issubclass(kind, errors.ImmutableRecordError):
        return _with_reason(
            QCoreApplication.translate("messages", "This cannot be changed any more."), failure
        )
    if issubclass(kind, errors.CancelledError):
        return QCoreApplication.translate("messages", "Cancelled. Nothing of it was recorded.")
    if issubclass(kind, errors.UnsupportedVersionError):
        return QCoreApplication.translate(
            "messages", "This was written by a newer version of the program; please update."
        )
    if issubclass(kind, errors.AuthenticationError):
        return QCoreApplication.translate(
            "messages", "A check failed: the data is damaged or was altered."
        )
    if issubclass(kind, errors.FormatError):
        return QCoreApplication.translate("messages", "The data is not in the expected format.")
    if issubclass(kind, errors.NotFoundError):
        return QCoreApplication.translate("messages", "What was asked for does not exist.")
    if issubclass(kind, errors.StorageError):
        return QCoreApplication.translate(
            "messages", "The disk refused the write (full, removed or read-only). Nothing was lost."
        )
    if issubclass(kind, errors.EvidenceVaultError):
        return QCoreApplication.translate("messages", "The action could not be completed.")
    return QCoreApplication.translate(
        "messages", "An unexpected error occurred. Nothing was changed."
    )


def sync_failure_text(failure: JobFailure) -> str:
    """What to tell the user about a failed sync or profile import, in their language.

    Each kind of sync failure has its own translated sentence; a profile that cannot be
    used keeps core's explanation (which field, or why the file could not be read) after
    the translated lead. Any other sync error shows core's sentence, written to be shown
    and sanitised here; core never puts the token in it. Everything else goes through
    :func:`failure_text`.
    """
    kind = failure.kind
    if not failure.expected or not issubclass(kind, sync_errors.SyncError):
        return failure_text(failure)
    if issubclass(kind, sync_errors.CertificateRejectedError):
        return QCoreApplication.translate(
            "messages",
            "The server's certificate is not from the platform named in the profile. "
            "Nothing was sent. Someone may be intercepting the connection, or the "
            "profile is outdated: check it with your coordinator.",
        )
    if issubclass(kind, sync_errors.ProxyUnavailableError):
        return QCoreApplication.translate(
            "messages",
            "The proxy does not answer or cannot reach the platform. Check that the "
            "circumvention tool (for example Tor) is running and connected.",
        )
    if issubclass(kind, sync_errors.NetworkDownError):
        return QCoreApplication.translate(
            "messages",
            "The platform cannot be reached: the device seems to be offline, or names "
            "are blocked. Try again when connected, or through the proxy.",
        )
    if issubclass(kind, sync_errors.ConnectionBlockedError):
        return QCoreApplication.translate(
            "messages",
            "The platform did not answer: it may be down, or the connection is blocked "
            "or too slow. Try again later or through the proxy.",
        )
    if issubclass(kind, sync_errors.TokenRefusedError):
        return QCoreApplication.translate(
            "messages",
            "The platform refused this device: its token is wrong or was revoked. Ask "
            "your coordinator for a new profile.",
        )
    if issubclass(kind, sync_errors.ReceiptError):
        return QCoreApplication.translate(
            "messages",
            "The platform's receipt did not verify with the key in the profile, so the "
            "package is not marked delivered. The profile may be outdated: ask your "
            "coordinator.",
        )
    detail = for_display(failure.message, limit=300)
    if issubclass(kind, sync_errors.ProfileError):
        return QCoreApplication.translate(
            "messages", "The platform profile cannot be used. {reason}"
        ).format(reason=detail)
    return detail or failure_text(failure)
