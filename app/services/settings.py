"""Settings use cases: the vault's validated settings (``settings list|get|set|unset`` and
the window's Settings), and the window's interface preferences kept inside the vault.

Interface preferences (language, auto-lock time, neutral title) live in the encrypted
settings table: nothing outside the vault says how, or in which language, the program is
used.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import settings
from app.services.session import Session
from app.storage.database import transaction

_LANGUAGE = "gui.language"
_AUTO_LOCK = "gui.auto_lock_minutes"
_NEUTRAL_TITLE = "gui.neutral_title"
DEFAULT_AUTO_LOCK_MINUTES = 10
MAX_AUTO_LOCK_MINUTES = 24 * 60


# Kept outside the database, in the keyslot file: it is needed before any unlock.
FAILED_UNLOCKS = "wipe-after-failed-unlocks"


def _failed_unlocks(session: Session) -> str | None:
    limit = session.vault.failed_unlock_limit()
    return str(limit) if limit else None


def list_all(session: Session) -> dict[str, str | None]:
    values = settings.list_settings(session.connection)
    values[FAILED_UNLOCKS] = _failed_unlocks(session)
    return dict(sorted(values.items()))


def get(session: Session, name: str) -> str | None:
    if name == FAILED_UNLOCKS:
        return _failed_unlocks(session)
    return settings.get_setting(session.connection, name)


def set_value(session: Session, name: str, value: str) -> str:
    """Set a known setting through its validator; logged as a custody event.

    ``wipe-after-failed-unlocks`` (3..255, or off) goes to the keyslot file instead."""
    if name == FAILED_UNLOCKS:
        from app.services import coercion

        limit = coercion.set_failed_unlock_limit(
            session, coercion.parse_failed_unlock_limit(value)
        )
        return str(limit) if limit else "off"
    return settings.set_setting(session.connection, session.device, name, value, session.actor)


def unset(session: Session, name: str) -> bool:
    if name == FAILED_UNLOCKS:
        was = session.vault.failed_unlock_limit()
        session.vault.set_failed_unlock_limit(0)
        return bool(was)
    return settings.unset_setting(session.connection, session.device, name, session.actor)


@dataclass(frozen=True)
class Preferences:
    language: str | None = None
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    neutral_title: bool = False
    platform_recipient: str = ""  # the vault setting (age1…), shown and set with these


def _minutes(value: int) -> int:
    return max(0, min(MAX_AUTO_LOCK_MINUTES, value))


def preferences(session: Session) -> Preferences:
    conn = session.connection
    rows = {
        key: value
        for key in (_LANGUAGE, _AUTO_LOCK, _NEUTRAL_TITLE, settings.PLATFORM_RECIPIENT)
        if (value := settings.read_value(conn, key)) is not None
    }
    try:
        minutes = int(rows.get(_AUTO_LOCK, DEFAULT_AUTO_LOCK_MINUTES))
    except ValueError:
        minutes = DEFAULT_AUTO_LOCK_MINUTES
    return Preferences(
        language=rows.get(_LANGUAGE) or None,
        auto_lock_minutes=_minutes(minutes),
        neutral_title=rows.get(_NEUTRAL_TITLE) == "1",
        platform_recipient=rows.get(settings.PLATFORM_RECIPIENT) or "",
    )


def save_preferences(session: Session, wanted: Preferences) -> Preferences:
    conn = session.connection
    recipient = wanted.platform_recipient.strip()
    if recipient and recipient != preferences(session).platform_recipient:
        # Core validates the key and logs the change in the custody chain.
        set_value(session, settings.PLATFORM_RECIPIENT, recipient)
    values = {
        _LANGUAGE: wanted.language or "",
        _AUTO_LOCK: str(_minutes(wanted.auto_lock_minutes)),
        _NEUTRAL_TITLE: "1" if wanted.neutral_title else "0",
    }
    with transaction(conn):
        for key, value in values.items():
            settings.write_value(conn, key, value)
    return preferences(session)
