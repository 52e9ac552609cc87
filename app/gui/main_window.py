"""The main window: locked screens (create, unlock) or the workspace, plus locking.

Locking throws the whole workspace away (its widgets and models hold decrypted text)
before the vault is locked on its thread; the next unlock builds a fresh one. Quick-lock
(Ctrl+Shift+L) first takes the window and its dialogs off the screen, then locks; the
window comes back, showing the locked screen, from a tray icon (or, where the desktop has
no tray, from the task bar where it was minimised). With the neutral title
setting on, the window's title and icon are those of a plain notes program. GUI thread
only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QSystemTrayIcon,
    QWidget,
)

from app import APP_NAME
from app.core.resources import resource_path
from app.errors import NotFoundError
from app.gui import session_jobs
from app.gui.i18n import Translations
from app.gui.idle import IdleWatch
from app.gui.messages import failure_text
from app.gui.recorder_panel import SourceFactory
from app.gui.session_jobs import GuiSettings, VaultOpened
from app.gui.startup_pages import CreateVaultPage, UnlockPage
from app.gui.vault_worker import JobFailure, VaultClient

if TYPE_CHECKING:
    from app.gui.workspace import Workspace

log = logging.getLogger(__name__)
QUICK_LOCK_SHORTCUT = "Ctrl+Shift+L"
# PNG, not SVG: bundles leave Qt's SVG plugin out.
APP_ICON = "icons/evidence-vault.png"
NEUTRAL_ICON = "icons/notes.png"


def load_icon(name: str) -> QIcon:
    """The icon ``resources/<name>``; an empty one (the system's default) if it is missing."""
    try:
        return QIcon(str(resource_path(name)))
    except NotFoundError:
        log.warning("an icon file is missing from the installation")
        return QIcon()


class MainWindow(QMainWindow):
    """Owns the screens; the vault itself is owned by the worker behind ``client``."""

    vault_unlocked = Signal()
    vault_locked = Signal()
    window_restored = Signal()  # back on screen after a quick-lock
    language_changed = Signal(str)
    job_failure_shown = Signal(object)

    def __init__(
        self,
        client: VaultClient,
        translations: Translations,
        idle: IdleWatch,
        folder: Path,
        *,
        kdf_params: Any | None = None,
        audio_source_factory: SourceFactory | None = None,
    ) -> None:
        super().__init__()
        self.audio_source_factory = audio_source_factory
        self.client = client
        self.translations = translations
        self.idle = idle
        self.folder = folder
        self.kdf_params = kdf_params
        self.settings = GuiSettings()
        self.device_fingerprint = ""
        self.workspace: Workspace | None = None
        self.unlock_page: UnlockPage | None = None
        self.create_page: CreateVaultPage | None = None
        self._neutral_title = False
        self.icons = {False: load_icon(APP_ICON), True: load_icon(NEUTRAL_ICON)}
        # A platform service: tests decide whether a tray exists.
        self.tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable
        self.tray: QSystemTrayIcon | None = None
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        self.resize(1100, 720)

        self.quick_lock_shortcut = QShortcut(QKeySequence(QUICK_LOCK_SHORTCUT), self)
        self.quick_lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quick_lock_shortcut.activated.connect(self.quick_lock)
        self.idle.idle_expired.connect(self._on_idle_expired)
        self.client.job_failed_unhandled.connect(self._on_client_job_failed)
        self._build_menu()
        self._update_title()
        self.show_locked_screen()

    # -- chrome --------------------------------------------------------------------------

    def _build_menu(self) -> None:
        bar = self.menuBar()
        bar.clear()
        menu = bar.addMenu(self.tr("&Vault"))
        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        quick = QAction(self.tr("&Quick lock and hide"), self)
        quick.setShortcut(QKeySequence(QUICK_LOCK_SHORTCUT))
        quick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the QShortcut owns it
        quick.triggered.connect(self.quick_lock)
        self.verify_action = QAction(self.tr("&Verify a package…"), self)
        self.verify_action.triggered.connect(self.open_verify_dialog)
        self.sync_action = QAction(self.tr("S&ync with the platform…"), self)
        self.sync_action.triggered.connect(self.open_sync_dialog)
        self.passphrase_action = QAction(self.tr("Change the &passphrase…"), self)
        self.passphrase_action.triggered.connect(self.open_passphrase_dialog)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self._on_settings_triggered)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (
            self.lock_action,
            quick,
            self.sync_action,
            self.verify_action,
            self.passphrase_action,
            self.settings_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        self._update_actions()

    def _update_actions(self) -> None:
        unlocked = self.workspace is not None
        self.lock_action.setEnabled(unlocked)
        self.verify_action.setEnabled(unlocked)
        self.passphrase_action.setEnabled(unlocked)
        self.sync_action.setEnabled(unlocked)
        self.settings_action.setEnabled(unlocked)

    def _update_title(self) -> None:
        title = self.tr("Notes") if self._neutral_title else APP_NAME
        self.setWindowTitle(title)
        icon = self.icons[self._neutral_title]
        self.setWindowIcon(icon)
        # Dialogs and message boxes take the application's icon: the same one.
        QApplication.setWindowIcon(icon)

    def _set_page(self, page: QWidget) -> None:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.addWidget(page)
        if page is not self.workspace:
            row.setAlignment(page, Qt.AlignmentFlag.AlignHCenter)
        old = self._stack.currentWidget()
        self._stack.addWidget(holder)
        self._stack.setCurrentWidget(holder)
        if old is not None:
            self._stack.removeWidget(old)
            old.deleteLater()

    # -- locked screens ------------------------------------------------------------------

    def show_locked_screen(self) -> None:
        self.unlock_page = None
        self.create_page = None
        if session_jobs.vault_exists(self.folder):
            self.unlock_page = UnlockPage(self.folder)
            self.unlock_page.unlock_requested.connect(self._on_unlock_page_unlock_requested)
            self._set_page(self.unlock_page)
            self.unlock_page.secret.setFocus()
        else:
            self.create_page = CreateVaultPage(self.folder)
            self.create_page.create_requested.connect(self._on_create_page_create_requested)
            self.create_page.recovery_confirmed.connect(self._on_create_page_recovery_confirmed)
            self._set_page(self.create_page)
            self.create_page.passphrase.setFocus()

    def _on_create_page_create_requested(self, folder: Path, passphrase: str) -> None:
        page = self.create_page
        assert page is not None
        self.folder = folder
        self.client.submit(
            session_jobs.create_vault(folder, passphrase, self.kdf_params),
            on_done=self._on_vault_created,
            on_failed=lambda failure: page.show_failure(failure_text(failure)),
            on_progress=page.set_progress,
        )

    def _on_vault_created(self, opened: VaultOpened) -> None:
        self._opened = opened
        if self.create_page is not None and opened.recovery_key:
            self.create_page.show_recovery_key(opened.recovery_key)

    def _on_create_page_recovery_confirmed(self) -> None:
        self._enter_workspace(self._opened)

    def _on_unlock_page_unlock_requested(self, folder: Path, secret: str) -> None:
        page = self.unlock_page
        assert page is not None
        self.folder = folder
        self.client.submit(
            session_jobs.unlock_vault(folder, secret),
            on_done=self._enter_workspace,
            on_failed=lambda failure: page.show_failure(failure_text(failure)),
        )

    # -- unlocked ------------------------------------------------------------------------

    def _enter_workspace(self, opened: VaultOpened) -> None:
        from app.gui.workspace import Workspace

        self._opened = opened
        self.device_fingerprint = opened.device_fingerprint
        self.apply_settings(opened.settings)
        language = self.translations.language
        self.workspace = Workspace(self.client, language, self.audio_source_factory)
        self._set_page(self.workspace)
        self._update_actions()
        self.idle.arm()
        self.vault_unlocked.emit()

    def apply_settings(self, settings: GuiSettings) -> None:
        self.settings = settings
        self.idle.set_interval_ms(settings.auto_lock_minutes * 60 * 1000)
        self._neutral_title = settings.neutral_title
        language = settings.language
        if language and language != self.translations.language:
            self.set_language(language)
        self._update_title()

    def set_language(self, language: str) -> None:
        """Switch the interface language and rebuild the screens in it."""
        if not self.translations.install(language):
            return
        self._build_menu()
        self._update_title()
        if self.workspace is not None:
            self.workspace = None
            from app.gui.workspace import Workspace

            self.workspace = Workspace(self.client, language, self.audio_source_factory)
            self._set_page(self.workspace)
        else:
            self.show_locked_screen()
        self.language_changed.emit(language)

    def open_sync_dialog(self) -> QWidget:
        from app.gui.sync_dialog import SyncDialog

        dialog = SyncDialog(self.client, self)
        dialog.open()
        return dialog

    def open_passphrase_dialog(self) -> QWidget:
        from app.gui.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(self.client, self)
        dialog.open()
        return dialog

    def open_verify_dialog(self) -> QWidget:
        from app.gui.verify_dialog import VerifyDialog

        dialog = VerifyDialog(self.client, self)
        dialog.open()
        return dialog

    def open_settings_dialog(self) -> QWidget:
        from app.gui.settings_dialog import SettingsDialog

        # No language stored yet: the dialog shows the one in use, so Save keeps it.
        shown = dataclasses.replace(
            self.settings, language=self.settings.language or self.translations.language
        )
        dialog = SettingsDialog(self.client, shown, self.device_fingerprint, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Window-modal without a nested event loop: the dialog's own jobs (profile,
        # coordinators) call back while it is open.
        dialog.accepted.connect(
            lambda: self.client.submit(
                session_jobs.save_settings(dialog.chosen_settings()),
                on_done=self.apply_settings,
            )
        )
        dialog.open()
        return dialog

    def _on_settings_triggered(self) -> None:
        self.open_settings_dialog()

    # -- locking -------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop every view of decrypted data, then lock the vault on its thread."""
        self.idle.disarm()
        self._close_child_windows()
        if self.workspace is not None:
            self.workspace.shutdown()
        self.client.forget_all()
        if self.workspace is not None:
            self.workspace.setParent(None)
            self.workspace.deleteLater()
            self.workspace = None
        self.client.submit(session_jobs.lock_vault(), on_done=lambda _: self.vault_locked.emit())
        self._update_actions()
        self.show_locked_screen()

    def _close_child_windows(self) -> None:
        # Dialogs are windows of their own: hiding or clearing this one leaves them up,
        # showing what they hold (a profile, a package's recipients, an error).
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.close()

    def quick_lock(self) -> None:
        """Take the window off the screen first, then lock."""
        self._close_child_windows()
        if self.tray_available():
            self.hide()
            self._show_tray()
        else:
            # Without a tray a hidden window could not be found again: minimise instead.
            self.showMinimized()
        self.lock()

    def _show_tray(self) -> None:
        if self.tray is not None:
            return
        tray = QSystemTrayIcon(self.icons[self._neutral_title], self)
        tray.setToolTip(self.windowTitle())  # "Notes" with the neutral title
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.restore_from_tray)
        tray.setContextMenu(menu)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        self.tray = tray

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.restore_from_tray()

    def restore_from_tray(self) -> None:
        """Show the window again: the vault is locked, so the locked screen appears."""
        self._remove_tray()
        # Back as it was (maximised stays maximised), only never minimised.
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        self.window_restored.emit()

    def _remove_tray(self) -> None:
        tray, self.tray = self.tray, None
        if tray is not None:
            tray.hide()
            menu = tray.contextMenu()
            tray.deleteLater()
            if menu is not None:
                menu.deleteLater()

    def _on_idle_expired(self) -> None:
        if self.workspace is not None:
            self.lock()

    def _on_client_job_failed(self, failure: JobFailure) -> None:
        # Window-modal and non-blocking: a nested event loop here would stall every
        # callback queued behind it.
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Something went wrong"), failure_text(failure),
            QMessageBox.StandardButton.Ok, self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.job_failure_shown.emit(failure)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._remove_tray()
        if self.workspace is not None:
            self.workspace.shutdown()
            self.workspace.setParent(None)
            self.workspace.deleteLater()
            self.workspace = None
        self.idle.disarm()
        self.client.shutdown()
        event.accept()
