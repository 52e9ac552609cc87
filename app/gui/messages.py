"""Typed errors from core turned into short translated sentences for dialogs and banners.

A dialog never shows a traceback or an unexpected error's message: those may carry
testimony text or paths. Expected errors get a sentence chosen by their class.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app import errors
from app.gui.vault_worker import JobFailure


def failure_text(failure: JobFailure) -> str:
    """One sentence saying what went wrong, in the interface language."""
    kind = failure.kind
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
    if issubclass(kind, errors.ConsentError):
        return QCoreApplication.translate("messages", "The recorded consent does not allow this.")
    if issubclass(kind, errors.ImmutableRecordError):
        return QCoreApplication.translate(
            "messages", "This testimony is sealed and cannot change; start a correction instead."
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
