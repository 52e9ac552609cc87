"""Typed errors shared by every Qt-free package.

Core code raises these; the CLI prints ``str(error)`` and the GUI maps the class to a
translated sentence. A refusal or broken rule whose reason differs within its class also
carries a stable ``code`` and the ``params`` its sentence needs: the window shows its own
translation of the code (app/gui/messages.py, one table for every code core raises).
Messages and params never carry testimony text, key material or full paths of evidence,
because they may be shown or logged.
"""

import re
from collections.abc import Mapping, Sequence


class EvidenceVaultError(Exception):
    """Base of every error the program expects and explains to its user.

    ``code`` ("" when the class says it all) names the reason independently of the
    English message, e.g. ``consent.no_onward_sharing``; ``params`` fills its sentence.
    """

    def __init__(
        self, *args: object, code: str = "", params: Mapping[str, str | int] | None = None
    ) -> None:
        super().__init__(*args)
        self.code = code
        self.params: dict[str, str | int] = dict(params or {})


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


class KeyFileAlteredError(WrongPassphraseError):
    """No slot opened, and the key file's Argon2id parameters are not ones this program
    chooses: the passphrase may be right and the file tampered with."""

    def __init__(self) -> None:
        AuthenticationError.__init__(
            self,
            "The passphrase is not correct for this vault, or its key file was altered: "
            "its key-derivation settings are not ones this program chooses. If you are "
            "sure of the passphrase, restore the keyslots file from a backup.",
        )


class RecoveryKeyTypoError(WrongPassphraseError):
    """The secret is a recovery key typed with a mistake: ``groups`` (numbers 1 to 8) fail
    their check character. Found from the text alone, before any key derivation; the
    message names the groups, never what was typed (it is key material)."""

    def __init__(self, groups: Sequence[int]) -> None:
        self.groups = tuple(groups)
        if len(self.groups) == 1:
            message = (
                f"Group {self.groups[0]} of the recovery key has a typing mistake: check it."
            )
        else:
            listed = ", ".join(str(number) for number in self.groups[:-1])
            message = (
                f"Groups {listed} and {self.groups[-1]} of the recovery key have a typing "
                "mistake: check them."
            )
        AuthenticationError.__init__(self, message)

    @staticmethod
    def groups_in(message: str) -> tuple[int, ...]:
        """The group numbers of a message this class wrote (a front end that receives only
        the message, across a thread, reads them back to say the same in its language)."""
        if "of the recovery key" not in message:
            return ()
        return tuple(int(number) for number in re.findall(r"\b[1-8]\b", message))


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
