"""Interface languages: which exist, installing their compiled translations.

Translations are Qt Linguist sources in ``resources/translations/evidence_vault_<lang>.ts``
compiled to ``.qm`` beside them (committed, and checked fresh by a test). English is the
source language and needs no file. The chosen language lives inside the vault (settings),
so nothing outside it says which language the documenter works in.

Qt's own text (standard buttons, the file dialog, the edit menu) comes from Qt's
``qtbase_<lang>.qm`` where PySide6 ships one (Russian, Ukrainian; the frozen bundle
collects them, see packaging/evidence-vault.spec) and from our catalogue, which also
carries it for Belarusian, for which Qt has none (:mod:`app.gui.qt_strings`). GUI thread
only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.resources import resources_root
from app.gui.locale_format import set_interface_locale

LANGUAGES: tuple[str, ...] = ("en", "be", "ru", "uk")
# Each language names itself, so a person who cannot read the current one finds theirs.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "be": "Беларуская",
    "ru": "Русский",
    "uk": "Українська",
}
CATALOG = "evidence_vault"
QT_CATALOG = "qtbase"


def qt_translations_folder() -> Path:
    """Where Qt's own catalogues are: Qt's configured path, else PySide6's folder."""
    configured = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if configured.is_dir():
        return configured
    import PySide6

    return Path(PySide6.__file__).resolve().parent / "Qt" / "translations"


def system_language() -> str:
    """The system's language when it is one of ours, otherwise English."""
    name = QLocale.system().name().split("_")[0]
    return name if name in LANGUAGES else "en"


class Translations:
    """Holds the installed translator so it can be swapped when the language changes."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self._qt_translator: QTranslator | None = None
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch the interface to ``language``; returns False when it is unknown."""
        if language not in LANGUAGES:
            return False
        for old in (self._translator, self._qt_translator):
            if old is not None:
                self._app.removeTranslator(old)
        self._translator = self._qt_translator = None
        if language != "en":
            translator = QTranslator(self._app)
            folder = resources_root() / "translations"
            if not translator.load(f"{CATALOG}_{language}.qm", str(folder)):
                return False
            # Qt's first: the translator installed last is asked first, so where our
            # catalogue also translates one of Qt's strings, ours is shown.
            qt_translator = QTranslator(self._app)
            if qt_translator.load(f"{QT_CATALOG}_{language}.qm", str(qt_translations_folder())):
                self._app.installTranslator(qt_translator)
                self._qt_translator = qt_translator
            self._app.installTranslator(translator)
            self._translator = translator
        self.language = language
        # Sizes and dates follow the interface language, not the system's.
        set_interface_locale(language)
        return True
