"""Vault settings: named values in the vault's ``settings`` table, each validated.

Settings live inside the encrypted database (they reveal who the work goes to). Only
keys listed in ``KNOWN_SETTINGS`` may be set, each through its validator, so a typo never
stores a value nobody reads. Changing where packages go (the platform's key, the saved
coordinators' keys) is recorded in the vault's custody chain. Runs on the vault thread.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core import custody
from app.core.custody import Signer
from app.crypto.age import X25519Recipient
from app.errors import EvidenceVaultError, FormatError, NotFoundError
from app.storage.database import Connection, transaction

PLATFORM_RECIPIENT = "platform-recipient"
COORDINATOR_RECIPIENTS = "coordinator-recipients"
PLATFORM_MEDIA = "platform-media"
MEDIA_CHOICES = ("originals", "working-copies")
MAX_VALUE_LENGTH = 4096
# 20 entries of the longest name and a key fit MAX_VALUE_LENGTH as stored JSON.
MAX_COORDINATOR_RECIPIENTS = 20
MAX_COORDINATOR_NAME = 64


def _recipient(value: str) -> str:
    try:
        return str(X25519Recipient.parse(value.strip()))
    except FormatError:
        raise InvalidSettingError(
            "The platform recipient must be an age X25519 public key (age1...)."
        ) from None


class InvalidSettingError(EvidenceVaultError):
    """A setting name is unknown or its value is not valid for it."""


@dataclass(frozen=True)
class CoordinatorRecipient:
    """A coordinator packages may also be encrypted to: a name the documenter chose and
    the coordinator's age X25519 public key."""

    name: str
    recipient: str


def coordinator_name(untrusted_name: str) -> str:
    """A coordinator's name: 1..MAX_COORDINATOR_NAME visible characters, trimmed."""
    name = untrusted_name.strip()
    if not name:
        raise InvalidSettingError("A coordinator needs a name.")
    if len(name) > MAX_COORDINATOR_NAME:
        raise InvalidSettingError(
            f"A coordinator's name may have at most {MAX_COORDINATOR_NAME} characters."
        )
    # Control, format and bidi characters could make one name look like another.
    if any(unicodedata.category(char)[0] in "CZ" and char != " " for char in name):
        raise InvalidSettingError("A coordinator's name may hold only visible characters.")
    return name


def coordinator_key(untrusted_recipient: str) -> str:
    """A coordinator's age X25519 public key, normalised (``age1…``)."""
    try:
        return str(X25519Recipient.parse(untrusted_recipient.strip()))
    except FormatError:
        raise InvalidSettingError(
            "A coordinator's key must be an age X25519 public key (age1...)."
        ) from None


def coordinator_recipient(untrusted_name: str, untrusted_recipient: str) -> CoordinatorRecipient:
    """A checked entry: a short printable name and a valid ``age1…`` key (normalised)."""
    return CoordinatorRecipient(
        coordinator_name(untrusted_name), coordinator_key(untrusted_recipient)
    )


def _check_coordinators(
    entries: Iterable[CoordinatorRecipient],
) -> tuple[CoordinatorRecipient, ...]:
    checked = tuple(entries)
    if len(checked) > MAX_COORDINATOR_RECIPIENTS:
        raise InvalidSettingError(
            f"At most {MAX_COORDINATOR_RECIPIENTS} coordinators can be saved."
        )
    names = {entry.name.casefold() for entry in checked}
    keys = {entry.recipient for entry in checked}
    if len(names) != len(checked) or len(keys) != len(checked):
        raise InvalidSettingError("Each saved coordinator needs its own name and its own key.")
    return checked


def parse_coordinator_recipients(untrusted_json: str) -> tuple[CoordinatorRecipient, ...]:
    """The entries of a JSON list of ``{"name": …, "recipient": …}`` objects, all checked."""
    if len(untrusted_json) > MAX_VALUE_LENGTH:
        raise InvalidSettingError("The value is too long.")
    try:
        document = json.loads(untrusted_json)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidSettingError(
            'The coordinators must be a JSON list of {"name": ..., "recipient": ...}.'
        ) from None
    if not isinstance(document, list) or len(document) > MAX_COORDINATOR_RECIPIENTS:
        raise InvalidSettingError(
            f"The coordinators must be a JSON list of at most {MAX_COORDINATOR_RECIPIENTS}."
        )
    entries = []
    for item in document:
        if (
            not isinstance(item, dict)
            or set(item) != {"name", "recipient"}
            or not all(isinstance(value, str) for value in item.values())
        ):
            raise InvalidSettingError(
                'Each coordinator must be {"name": ..., "recipient": ...} and nothing else.'
            )
        entries.append(coordinator_recipient(item["name"], item["recipient"]))
    return _check_coordinators(entries)


def coordinator_recipients_json(entries: Iterable[CoordinatorRecipient]) -> str:
    """The stored form: compact JSON in the documenter's order."""
    return json.dumps(
        [{"name": entry.name, "recipient": entry.recipient} for entry in entries],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _media(value: str) -> str:
    value = value.strip()
    if value not in MEDIA_CHOICES:
        raise InvalidSettingError("Choose 'originals' or 'working-copies'.")
    return value


def _coordinators(value: str) -> str:
    return coordinator_recipients_json(parse_coordinator_recipients(value))


# name -> (validator returning the normalised value, description)
KNOWN_SETTINGS: dict[str, tuple[Callable[[str], str], str]] = {
    PLATFORM_RECIPIENT: (
        _recipient,
        "age public key of the platform; every exported package is encrypted to it",
    ),
    COORDINATOR_RECIPIENTS: (
        _coordinators,
        'saved coordinators, a JSON list of {"name": ..., "recipient": "age1..."}; '
        "offered as extra recipients when exporting",
    ),
    PLATFORM_MEDIA: (
        _media,
        "what the platform receives by sync and export: 'originals' (the default) or "
        "'working-copies' (each original's latest working copy)",
    ),
}


def _check_name(name: str) -> Callable[[str], str]:
    entry = KNOWN_SETTINGS.get(name)
    if entry is None:
        known = ", ".join(sorted(KNOWN_SETTINGS))
        raise InvalidSettingError(f"There is no setting of that name (known: {known}).")
    return entry[0]


def read_value(conn: Connection, key: str) -> str | None:
    """The stored value of any settings key (no validation): the one way to read the table."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_value(conn: Connection, key: str, value: str | None) -> None:
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


def get_setting(conn: Connection, name: str) -> str | None:
    _check_name(name)
    return read_value(conn, name)


def require_setting(conn: Connection, name: str, explanation: str) -> str:
    value = get_setting(conn, name)
    if value is None:
        raise NotFoundError(explanation)
    return value


def set_setting(conn: Connection, signer: Signer, name: str, value: str, actor: str) -> str:
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


def unset_setting(conn: Connection, signer: Signer, name: str, actor: str) -> bool:
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


def list_settings(conn: Connection) -> dict[str, str | None]:
    """Every known setting with its value (None when not set)."""
    return {name: get_setting(conn, name) for name in sorted(KNOWN_SETTINGS)}


def get_coordinator_recipients(conn: Connection) -> tuple[CoordinatorRecipient, ...]:
    """The saved coordinators (checked again: the value may come from an older program)."""
    stored = read_value(conn, COORDINATOR_RECIPIENTS)
    return () if stored is None else parse_coordinator_recipients(stored)


def set_coordinator_recipients(
    conn: Connection, signer: Signer, entries: Iterable[CoordinatorRecipient], actor: str
) -> tuple[CoordinatorRecipient, ...]:
    """Replace the saved coordinators (checked, stored and logged like any setting)."""
    checked = _check_coordinators(
        coordinator_recipient(entry.name, entry.recipient) for entry in entries
    )
    stored = set_setting(
        conn, signer, COORDINATOR_RECIPIENTS, coordinator_recipients_json(checked), actor
    )
    return parse_coordinator_recipients(stored)
