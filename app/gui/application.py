"""Composition root of the desktop interface.

Sets the process up so nothing readable is left behind (umask, logging without content,
Qt's own settings pointed where they cannot be written), installs the language, starts
the one vault worker thread, builds the main window and injects everything into it.
Nothing here is global: tests build the same objects through :func:`build_application`.
GUI thread.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.gui.audio_capture import CaptureSource
from app.gui.garbage import EventLoopCollector
from app.gui.i18n import Translations, system_language
from app.gui.idle import IdleWatch
from app.gui.main_window import MainWindow
from app.gui.recorder_panel import SourceFactory
from app.gui.style import apply_style
from app.gui.vault_worker import VaultClient

# Qt's settings (the file dialog's history above all) go here, a path under a file that
# cannot exist, so every attempt to save them fails quietly instead of writing.
_UNWRITABLE_SETTINGS = "/dev/null/evidence-vault-no-settings"
# What the desktop learns of the program under the neutral disguise: X11's WM_CLASS is
# (argv[0]'s base name, the application name), Wayland's app id the desktop file name, and
# task bars show these. Plain words many notes programs use, matching
# packaging/notes.desktop.
NEUTRAL_NAME = "Notes"
NEUTRAL_ID = "notes"


@dataclass
class Gui:
    app: QApplication
    client: VaultClient
    idle: IdleWatch
    translations: Translations
    window: MainWindow


def configure_logging() -> None:
    """Warnings to stderr only, without content: modules log error classes, never text."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def _keep_qt_from_writing_settings() -> None:
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, _UNWRITABLE_SETTINGS)


def build_application(
    argv: Sequence[str] | None = None,
    *,
    folder: Path | None = None,
    kdf_params: Any | None = None,
    language: str | None = None,
    audio_source_factory: SourceFactory | None = None,
    microphone: bool = True,
    neutral: bool = False,
) -> Gui:
    """Build (without showing or running) the application and its parts; with
    ``neutral``, disguised as a notes program from the first window on."""
    os.umask(0o077)
    _keep_qt_from_writing_settings()
    existing = QApplication.instance()
    args = list(argv or [APP_NAME])
    if neutral:
        args[0] = NEUTRAL_ID  # the executable's path would name the program in WM_CLASS
    app = existing if isinstance(existing, QApplication) else QApplication(args)
    app.setApplicationName(NEUTRAL_NAME if neutral else APP_NAME)
    if neutral:
        # Only when disguised: a display name is appended to every window title.
        app.setApplicationDisplayName(NEUTRAL_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(NEUTRAL_ID if neutral else APP_ID)
    apply_style(app)
    translations = Translations(app)
    translations.install(language or system_language())
    idle = IdleWatch(app)
    app.installEventFilter(idle)
    client = VaultClient(disguised=neutral)
    if folder is None:
        from app.services.session import default_vault_folder

        folder = default_vault_folder()
    factory = audio_source_factory or (_microphone if microphone else None)
    window = MainWindow(
        client,
        translations,
        idle,
        folder,
        kdf_params=kdf_params,
        audio_source_factory=factory,
        neutral=neutral,
        prepare_audio=_load_media_backend if factory is _microphone else None,
    )
    return Gui(app, client, idle, translations, window)


def _microphone() -> CaptureSource:
    # Qt Multimedia is not loaded at start-up, which it would slow down; the window
    # loads it during an unlock (_load_media_backend), else the first recording does.
    from app.gui.audio_capture import MicrophoneSource

    return MicrophoneSource()


def _load_media_backend() -> None:
    from app.gui.audio_capture import load_media_backend

    load_media_backend()


def run_application(
    argv: Sequence[str] | None = None, *, folder: Path | None = None, neutral: bool = False
) -> int:
    """Show the window on ``folder`` (``--vault DIR``: a vault elsewhere, a USB stick,
    opened without the program remembering where; the path is never stored) or, when
    None, on the default folder, and run until it closes. ``neutral``: ``--neutral``."""
    args = list(sys.argv[:1] if argv is None else argv)
    configure_logging()
    gui = build_application(args, folder=folder, neutral=neutral)
    collector = EventLoopCollector()
    collector.start()
    gui.window.show()
    try:
        return int(gui.app.exec())
    finally:
        gui.client.shutdown()
        collector.stop()
