"""Typed errors from core turned into short translated sentences for dialogs and banners.

A dialog never shows a traceback or an unexpected error's message: those may carry
testimony text or paths. Expected errors get a sentence chosen by their class.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app import errors
from app.gui.vault_worker import JobFailure


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def failure_text(failure: JobFailure) -> str:
    """One sentence saying what went wrong, in the interface language."""
    kind = failure.kind
    if issubclass(kind, errors.WrongPassphraseError):
        return _tr("This passphrase does not open the vault.")
    if issubclass(kind, errors.PassphraseRejectedError):
        return _tr("This passphrase cannot be used; choose another.")
    if issubclass(kind, errors.VaultInUseError):
        return _tr("Another window of the program already has this vault open.")
    if issubclass(kind, errors.VaultLockedError):
        return _tr("The vault is locked.")
    if issubclass(kind, errors.ConsentError):
        return _tr("The recorded consent does not allow this.")
    if issubclass(kind, errors.ImmutableRecordError):
        return _tr("This testimony is sealed and cannot change; start a correction instead.")
    if issubclass(kind, errors.CancelledError):
        return _tr("Cancelled. Nothing of it was recorded.")
    if issubclass(kind, errors.UnsupportedVersionError):
        return _tr("This was written by a newer version of the program; please update.")
    if issubclass(kind, errors.AuthenticationError):
        return _tr("A check failed: the data is damaged or was altered.")
    if issubclass(kind, errors.FormatError):
        return _tr("The data is not in the expected format.")
    if issubclass(kind, errors.NotFoundError):
        return _tr("What was asked for does not exist.")
    if issubclass(kind, errors.StorageError):
        return _tr("The disk refused the write (full, removed or read-only). Nothing was lost.")
    if issubclass(kind, errors.EvidenceVaultError):
        return _tr("The action could not be completed.")
    return _tr("An unexpected error occurred. Nothing was changed.")
