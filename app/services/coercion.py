"""Seizure and coercion: re-key, wipe, wipe after failed unlocks, recovery shares, the
duress passphrase, and what to do about a database older than its keys. The CLI and the
window call these.

Every function that changes keys records a custody event in the vault chain (never a
secret: the kind of change only). Runs on the thread that owns the session, except
:func:`wipe_folder`, which needs no session (a panic wipe must not wait for a passphrase).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core import custody, decoy
from app.core.passphrase_policy import require_acceptable
from app.crypto import shares as share_codec
from app.crypto.keyfile import Secret
from app.crypto.keyslots import _check_new_passphrase
from app.crypto.recovery import RecoveryKey
from app.crypto.signing import DeviceIdentity
from app.errors import EvidenceVaultError, FormatError, RecoveryKeyTypoError
from app.services.session import Session
from app.storage import vault as vault_storage
from app.storage.database import Connection
from app.storage.vault import Recorder
from app.storage.vault_keys import WipeTimes

FAILED_UNLOCKS_SETTING = "wipe-after-failed-unlocks"

__all__ = [
    "FAILED_UNLOCKS_SETTING",
    "SharesWritten",
    "WipeTimes",
    "accept_rollback",
    "combine_shares",
    "duress_is_set",
    "failed_unlock_limit",
    "parse_failed_unlock_limit",
    "read_decoy_file",
    "read_share_file",
    "rekey",
    "reset_passphrase_with_shares",
    "set_duress",
    "set_failed_unlock_limit",
    "split_recovery",
    "unset_duress",
    "wipe_folder",
    "wipe_session",
]


def _recorder(session: Session, action: str, details: dict[str, object]) -> Recorder:
    def record(conn: Connection, device: DeviceIdentity) -> None:
        custody.append_event(
            conn,
            device,
            chain_id=custody.VAULT_CHAIN,
            action=action,
            actor=session.actor,
            details=details,
        )

    return record


def rekey(session: Session, current_secret: str, new_passphrase: str | None) -> RecoveryKey:
    """A new master key: database re-encrypted, blob keys and device key re-wrapped, new
    recovery key (returned, show it once); old recovery key and shares stop working.

    ``current_secret`` is the passphrase (or the recovery key, then ``new_passphrase`` is
    required). Crash-safe: an interrupted re-key is undone at the next unlock.
    Recommended after any unlock under coercion.
    """
    record = _recorder(
        session, "rekeyed", {"new_passphrase": new_passphrase is not None}
    )
    return session.vault.rekey(current_secret, new_passphrase, record_change=record)


def wipe_folder(folder: Path) -> WipeTimes:
    """Wipe the vault in ``folder`` without unlocking it: keyslots crypto-erased first
    (overwritten in place, flushed, removed), then the database and blobs deleted."""
    return vault_storage.wipe(folder)


def wipe_session(session: Session) -> WipeTimes:
    """Lock the session's vault and wipe it (the window's "Wipe this vault…")."""
    folder = session.folder
    session.lock()
    return vault_storage.wipe(folder)


def parse_failed_unlock_limit(text: str) -> int:
    """``off`` or 0 -> 0; otherwise an integer 3..255."""
    value = text.strip().lower()
    if value in ("off", "0", "none"):
        return 0
    try:
        number = int(value)
    except ValueError:
        raise EvidenceVaultError(
            f"{FAILED_UNLOCKS_SETTING} is a number from 3 to 255, or off."
        ) from None
    from app.crypto.keyfile import check_failed_unlock_limit

    return check_failed_unlock_limit(number)


def failed_unlock_limit(session: Session) -> int:
    """After how many failed unlocks in a row the vault wipes itself (0: off)."""
    return session.vault.failed_unlock_limit()


def set_failed_unlock_limit(session: Session, limit: int) -> int:
    """Set it (3..255, or 0 for off). It lives in two plain bytes of the keyslot file
    (it must be read before any unlock); see SECURITY.md for what that reveals."""
    session.vault.set_failed_unlock_limit(limit)
    return limit


@dataclass(frozen=True)
class SharesWritten:
    threshold: int
    paths: tuple[Path, ...]


def _share_document(number: int, count: int, threshold: int, words: str) -> str:
    lines = [
        f"# Evidence Vault recovery share {number} of {count}",
        f"# Any {threshold} of the {count} shares together reset this vault's passphrase.",
        "# Keep each share with a different trusted person. Words, in order:",
    ]
    numbered = words.split()
    for start in range(0, len(numbered), 5):
        lines.append(" ".join(numbered[start : start + 5]))
    return "\n".join(lines) + "\n"


def split_recovery(session: Session, threshold: int, count: int) -> list[str]:
    """New recovery shares (N documents, any K of which reset the passphrase); earlier
    shares stop working. Returns each share's printable text; the caller writes or
    prints them."""
    secret = share_codec.new_secret()
    words = share_codec.split(secret, threshold, count)
    record = _recorder(
        session, "recovery_shares_created", {"threshold": threshold, "shares": count}
    )
    session.vault.set_shares_secret(secret, record_change=record)
    return [
        _share_document(number, count, threshold, text)
        for number, text in enumerate(words, start=1)
    ]


def read_share_file(path: Path) -> str:
    """The words of one share file (lines starting with # are ignored)."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            text = handle.read(share_codec.MAX_SHARE_TEXT + 1)
    except (OSError, UnicodeDecodeError):
        raise EvidenceVaultError("Cannot read a share file.") from None
    return " ".join(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def combine_shares(texts: Sequence[str]) -> Secret:
    """The secret K shares combine to; FormatError names a share and word that is wrong."""
    return Secret.shares(share_codec.combine(texts))


def reset_passphrase_with_shares(
    folder: Path, share_texts: Sequence[str], new_passphrase: str
) -> Session:
    """Open the vault with K shares and set a new passphrase; returns the open session."""
    secret = combine_shares(share_texts)
    session = Session.unlock(folder, secret)
    try:
        session.change_passphrase(secret, new_passphrase)
    except BaseException:
        session.lock()
        raise
    return session


def accept_rollback(session: Session) -> bool:
    """The user accepts a database older than its keys: the session becomes writable,
    the acceptance is logged, and the anchor follows the database. False when there was
    nothing to accept."""
    finding = session.rollback
    if finding is None:
        return False
    record = _recorder(session, "rollback_accepted", {})
    session.vault.accept_rollback(record_change=record)
    return True


# -- the duress passphrase --------------------------------------------------------------


def read_decoy_file(path: Path) -> bytes:
    """A prepared decoy file (see :mod:`app.core.decoy`), checked in full; the compact
    JSON to store. FormatError names the field that is wrong."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(decoy.MAX_DECOY_BYTES + 1)
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the decoy file: {error.strerror}") from None
    return decoy.canonical(raw)


def set_duress(
    session: Session, duress_passphrase: str, decoy_content: bytes | None = None
) -> None:
    """Set (or replace) the duress passphrase. Typed at unlock instead of the passphrase,
    it erases this vault's keys, deletes its database and media, and opens a decoy vault
    in its place: empty, or holding ``decoy_content`` (from :func:`read_decoy_file`).
    Refused when it is the passphrase, looks like a recovery key, or is too weak. The
    keyslot file keeps its size and layout; logged (not the passphrase)."""
    _check_new_passphrase(duress_passphrase)
    require_acceptable(duress_passphrase)
    try:
        secret = Secret.from_text(duress_passphrase)
    except RecoveryKeyTypoError:
        secret = Secret("recovery", b"")
    if secret.kind != "passphrase":
        raise FormatError(
            "A duress passphrase cannot have the form of a recovery key: it would be read "
            "as one at unlock."
        )
    if decoy_content is not None:
        decoy.parse_decoy(decoy_content)
    record = _recorder(session, "duress_set", {"decoy": decoy_content is not None})
    session.vault.set_duress(secret, decoy_content, record_change=record)


def unset_duress(session: Session) -> bool:
    """Remove the duress passphrase and its decoy; False when none was set."""
    record = _recorder(session, "duress_removed", {})
    return session.vault.unset_duress(record_change=record)


def duress_is_set(session: Session) -> bool:
    """Whether this vault has a duress passphrase (only its keys can tell)."""
    return "duress" in session.vault.slot_kinds()
