"""Interface languages: which exist, installing their compiled translations.

Translations are Qt Linguist sources in ``resources/translations/evidence_vault_<lang>.ts``
compiled to ``.qm`` beside them (committed, and checked fresh by a test). English is the
source language and needs no file. The chosen language lives inside the vault (settings),
so nothing outside it says which language the documenter works in. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.core.resources import resources_root

LANGUAGES: tuple[str, ...] = ("en", "be", "ru", "uk")
# Each language names itself, so a person who cannot read the current one finds theirs.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "be": "Беларуская",
    "ru": "Русский",
    "uk": "Українська",
}
CATALOG = "evidence_vault"


def system_language() -> str:
    """The system's language when it is one of ours, otherwise English."""
    name = QLocale.system().name().split("_")[0]
    return name if name in LANGUAGES else "en"


class Translations:
    """Holds the installed translator so it can be swapped when the language changes."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch the interface to ``language``; returns False when it is unknown."""
        if language not in LANGUAGES:
            return False
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = QTranslator(self._app)
            folder = resources_root() / "translations"
            if not translator.load(f"{CATALOG}_{language}.qm", str(folder)):
                return False
            self._app.installTranslator(translator)
            self._translator = translator
        self.language = language
        return True
