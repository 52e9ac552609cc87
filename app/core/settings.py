"""Vault settings: named values in the vault's ``settings`` table, each validated.

Settings live inside the encrypted database (they reveal who the work goes to). Only
keys listed in ``KNOWN_SETTINGS`` may be set, each through its validator, so a typo never
stores a value nobody reads. Changing where packages go is recorded in the vault's
custody chain. Runs on the vault thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core import custody
from app.core.custody import Signer
from app.crypto.age import X25519Recipient
from app.errors import EvidenceVaultError, FormatError, NotFoundError
from app.storage.database import transaction

PLATFORM_RECIPIENT = "platform-recipient"
MAX_VALUE_LENGTH = 4096


def _recipient(value: str) -> str:
    try:
        return str(X25519Recipient.parse(value.strip()))
    except FormatError:
        raise InvalidSettingError(
            "The platform recipient must be an age X25519 public key (age1...)."
        ) from None


class InvalidSettingError(EvidenceVaultError):
    """A setting name is unknown or its value is not valid for it."""


# name -> (validator returning the normalised value, description)
KNOWN_SETTINGS: dict[str, tuple[Callable[[str], str], str]] = {
    PLATFORM_RECIPIENT: (
        _recipient,
        "age public key of the platform; every exported package is encrypted to it",
    ),
}


def _check_name(name: str) -> Callable[[str], str]:
    entry = KNOWN_SETTINGS.get(name)
    if entry is None:
        known = ", ".join(sorted(KNOWN_SETTINGS))
        raise InvalidSettingError(f"There is no setting of that name (known: {known}).")
    return entry[0]


def read_value(conn: Any, key: str) -> str | None:
    """The stored value of any settings key (no validation): the one way to read the table."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_value(conn: Any, key: str, value: str | None) -> None:
    """Store (``None``: remove) any settings key, inside the caller's transaction.

    No validation and no custody event: callers that own a key (sync, the window's
    preferences, kept identities) check their values and log what matters themselves.
    """
    if value is None:
        conn.execute("DELETE FROM settings WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def get_setting(conn: Any, name: str) -> str | None:
    _check_name(name)
    return read_value(conn, name)


def require_setting(conn: Any, name: str, explanation: str) -> str:
    value = get_setting(conn, name)
    if value is None:
        raise NotFoundError(explanation)
    return value


def set_setting(conn: Any, signer: Signer, name: str, value: str, actor: str) -> str:
    """Validate and store ``value``; returns the stored (normalised) value."""
    validator = _check_name(name)
    if len(value) > MAX_VALUE_LENGTH:
        raise InvalidSettingError("The value is too long.")
    normalised = validator(value)
    with transaction(conn):
        write_value(conn, name, normalised)
        custody.append_event(
            conn,
            signer,
            chain_id=custody.VAULT_CHAIN,
            action="key_changed",
            actor=actor,
            details={"setting": name, "value": normalised},
        )
    return normalised


def unset_setting(conn: Any, signer: Signer, name: str, actor: str) -> bool:
    _check_name(name)
    with transaction(conn):
        deleted = conn.execute("DELETE FROM settings WHERE key = ?", (name,)).rowcount
        if deleted:
            custody.append_event(
                conn,
                signer,
                chain_id=custody.VAULT_CHAIN,
                action="key_changed",
                actor=actor,
                details={"setting": name, "value": None},
            )
    return bool(deleted)


def list_settings(conn: Any) -> dict[str, str | None]:
    """Every known setting with its value (None when not set)."""
    return {name: get_setting(conn, name) for name in sorted(KNOWN_SETTINGS)}
