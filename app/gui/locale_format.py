"""Sizes and dates as the interface language writes them.

The window never shows a byte count or an ISO string where a person reads a size or a
date: ``1,20 МиБ`` and ``01.03.2024 10:15`` in Russian, ``1.20 MiB`` and ``01/03/2024 10:15``
in English. The locale is that of the chosen interface language (set by
``Translations.install`` as Qt's default locale, so widgets made afterwards follow it
too), not the system's: a documenter who works in Belarusian on an English system reads
Belarusian dates. Times stored with an offset or in UTC are shown in this computer's
local time. GUI thread only.
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

# The locale of each interface language; English follows the system where the system
# speaks English (a US or a British user each read their own dates), else British.
_LOCALES = {"be": "be_BY", "ru": "ru_RU", "uk": "uk_UA"}
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def locale_for(language: str) -> QLocale:
    if language in _LOCALES:
        return QLocale(_LOCALES[language])
    system = QLocale.system()
    if system.language() == QLocale.Language.English:
        return system
    return QLocale("en_GB")


def date_entry_format(language: str) -> str:
    """The display format of a date field in ``language``: its short date form with the
    year in four digits (a two-digit year is ambiguous in testimony dates)."""
    form = locale_for(language).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in form:
        form = form.replace("yy", "yyyy")
    return form


def set_interface_locale(language: str) -> None:
    QLocale.setDefault(locale_for(language))


def interface_locale() -> QLocale:
    return QLocale()


def data_size(size: int) -> str:
    """``10.03 MiB``-style, with the locale's decimal sign: a packaged video is hundreds
    of MiB, and nine-digit byte counts cannot be read at a glance."""
    return interface_locale().formattedDataSize(size)


def date_text(value: str | None) -> str:
    """A stored day (``YYYY-MM-DD``), month (``YYYY-MM``) or year as the locale writes it;
    anything else as it is (a time, an instant: see :func:`moment_text`)."""
    text = (value or "").strip()
    match = _PARTIAL.fullmatch(text)
    if match is None:
        return moment_text(text) if len(text) > 10 else text
    year, month, day = match.group(1), match.group(2), match.group(3)
    locale = interface_locale()
    if month is None:
        return year
    if day is None:
        shown = QDate(int(year), int(month), 1)
        return locale.toString(shown, "LLLL yyyy") if shown.isValid() else text
    shown = QDate(int(year), int(month), int(day))
    return locale.toString(shown, QLocale.FormatType.ShortFormat) if shown.isValid() else text


def moment_text(value: str | None) -> str:
    """A stored instant (ISO 8601 with ``Z`` or an offset) in this computer's local time,
    as the locale writes a short date and time; a day as :func:`date_text`; a time without
    an offset as written there; anything unreadable as it is."""
    text = (value or "").strip()
    if len(text) <= 10:
        return date_text(text) if text else ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    shown = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return interface_locale().toString(shown, QLocale.FormatType.ShortFormat)
