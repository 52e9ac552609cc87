"""Typed errors shared by every Qt-free package.

Core code raises these; the CLI prints ``str(error)`` and the GUI maps the class to a
translated sentence. Messages never carry testimony text, key material or full paths
of evidence, because they may be shown or logged.
"""


class EvidenceVaultError(Exception):
    """Base of every error the program expects and explains to its user."""


class FormatError(EvidenceVaultError):
    """Bytes that do not follow the format they claim (corrupt, truncated, crafted)."""


class UnsupportedVersionError(FormatError):
    """A file in a known format but a version this program does not read."""


class AuthenticationError(EvidenceVaultError):
    """A MAC, AEAD tag or signature did not verify: tampering or a wrong key."""


class WrongPassphraseError(AuthenticationError):
    """No key slot opened with the passphrase or recovery key given."""

    def __init__(self) -> None:
        super().__init__("The passphrase is not correct for this vault.")


class NoMatchingIdentityError(AuthenticationError):
    """An encrypted file is not addressed to any identity we hold."""


class VaultLockedError(EvidenceVaultError):
    """An operation needed the vault unlocked."""


class NotFoundError(EvidenceVaultError):
    """A record, file or key that was asked for does not exist."""


class ConsentError(EvidenceVaultError):
    """The recorded consent does not allow what was asked."""


class ImmutableRecordError(EvidenceVaultError):
    """A sealed record cannot change; a correction is a new version."""


class StorageError(EvidenceVaultError):
    """The disk refused a write (full, read-only, removed) or a file is missing."""


class CancelledError(EvidenceVaultError):
    """The user cancelled a long task; nothing of it was recorded."""


class VaultInUseError(EvidenceVaultError):
    """Another running program already has this vault open."""


class PackageVerificationError(EvidenceVaultError):
    """A sealed package failed one verification check; ``check`` names it (stable id)."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


class PassphraseRejectedError(EvidenceVaultError):
    """A new passphrase cannot be used (empty, too long, or shaped like a recovery key)."""


class SignatureRejectedError(AuthenticationError):
    """A signature was refused; ``reason`` is one of "bad_signature", "wrong_namespace",
    "untrusted_signer" so the interface can explain which."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class VaultExistsError(EvidenceVaultError):
    """A new vault was asked for in a folder that already holds one (or other files)."""


class ReadOnlyVaultError(EvidenceVaultError):
    """The vault is open read-only (its database is older than its keys, see ``check
    --accept-rollback``): every change is refused until the user decides."""
