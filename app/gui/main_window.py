"""The main window: locked screens (create, unlock) or the workspace, plus locking.

Locking throws the whole workspace away (its widgets and models hold decrypted text)
before the vault is locked on its thread; the next unlock builds a fresh one. Quick-lock
(Ctrl+Shift+L) first takes the window and its dialogs off the screen, then locks; the
window comes back, showing the locked screen, from a tray icon (or, where the desktop has
no tray, from the task bar where it was minimised). With the neutral title
setting on, the window's title and icon are those of a plain notes program, and so is
the locked screen; launched with ``--neutral`` that holds from the first window on,
before any vault setting can be read. GUI thread only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.resources import resource_path
from app.errors import NotFoundError
from app.gui import coercion_jobs, session_jobs
from app.gui.coercion_dialogs import WIPE_COUNTDOWN_SECONDS
from app.gui.i18n import Translations
from app.gui.idle import IdleWatch
from app.gui.messages import failure_text
from app.gui.recorder_panel import SourceFactory
from app.gui.session_jobs import GuiSettings, VaultOpened
from app.gui.startup_pages import CreateVaultPage, UnlockPage
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import StatusLabel, confirm_box, failure_box

if TYPE_CHECKING:
    from app.gui.coercion_dialogs import WipeDialog
    from app.gui.workspace import Workspace

log = logging.getLogger(__name__)
QUICK_LOCK_SHORTCUT = "Ctrl+Shift+L"
# PNG, not SVG: bundles leave Qt's SVG plugin out.
APP_ICON = "icons/evidence-vault.png"
NEUTRAL_ICON = "icons/notes.png"


def find_vault(folder: Path) -> Path | None:
    """The vault in ``folder``, or in the one folder inside it that holds one (the stick
    chosen instead of the vault folder on it); None when there is none, or several."""
    if session_jobs.vault_exists(folder):
        return folder
    try:
        inside = [child for child in folder.iterdir() if child.is_dir()]
    except OSError:
        return None
    found = [child for child in inside if session_jobs.vault_exists(child)]
    return found[0] if len(found) == 1 else None


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
    vault_wiped = Signal()
    rollback_accepted = Signal()

    def __init__(
        self,
        client: VaultClient,
        translations: Translations,
        idle: IdleWatch,
        folder: Path,
        *,
        kdf_params: Any | None = None,
        audio_source_factory: SourceFactory | None = None,
        neutral: bool = False,
        prepare_audio: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        # Loads the recorder's media backend while an unlock's key derivation keeps the
        # person waiting anyway (see app.gui.audio_capture.load_media_backend).
        self._prepare_audio = prepare_audio
        # Launched disguised (--neutral): the vault's own setting cannot undo it, since
        # the desktop already knows the program by its neutral names.
        self.disguised = neutral
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
        # Open read-only: the database is older than its keys (until the user accepts it).
        self.read_only = False
        self.read_only_banner: QLabel | None = None
        self.accept_rollback_button: QPushButton | None = None
        self.rollback_box: QMessageBox | None = None
        self.wipe_countdown_seconds = WIPE_COUNTDOWN_SECONDS
        self._neutral_title = neutral
        self.icons = {False: load_icon(APP_ICON), True: load_icon(NEUTRAL_ICON)}
        # A platform service: tests decide whether a tray exists.
        self.tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable
        self.tray: QSystemTrayIcon | None = None
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        self._fit_to_screen()

        self.quick_lock_shortcut = QShortcut(QKeySequence(QUICK_LOCK_SHORTCUT), self)
        self.quick_lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quick_lock_shortcut.activated.connect(self.quick_lock)
        self.idle.idle_expired.connect(self._on_idle_expired)
        self.client.job_failed_unhandled.connect(self._on_client_job_failed)
        self._build_menu()
        self._update_title()
        self.show_locked_screen()

    # -- chrome --------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """1100x720 where there is room; on a smaller screen (a 1920x1080 laptop at 2x
        scale has 960x540) the room the screen has, frame included, so nothing starts
        off the screen."""
        wanted = QSize(1100, 720)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            # The title bar and borders, before the window has a frame of its own.
            wanted = wanted.boundedTo(QSize(room.width() - 16, room.height() - 48))
        self.resize(wanted)

    def _build_menu(self) -> None:
        bar = self.menuBar()
        bar.clear()
        menu = bar.addMenu(self.tr("&File") if self._neutral_title else self.tr("&Vault"))
        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        quick = QAction(self.tr("&Quick lock and hide"), self)
        quick.setShortcut(QKeySequence(QUICK_LOCK_SHORTCUT))
        quick.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the QShortcut owns it
        quick.triggered.connect(self.quick_lock)
        self.quick_action = quick
        self.verify_action = QAction(self.tr("&Verify a package…"), self)
        self.verify_action.triggered.connect(self.open_verify_dialog)
        self.sync_action = QAction(self.tr("S&ync with the platform…"), self)
        self.sync_action.triggered.connect(self.open_sync_dialog)
        self.passphrase_action = QAction(self.tr("Change the &passphrase…"), self)
        self.passphrase_action.triggered.connect(self.open_passphrase_dialog)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self._on_settings_triggered)
        self.rekey_action = QAction(self.tr("Change all &keys (re-key)…"), self)
        self.rekey_action.triggered.connect(self.open_rekey_dialog)
        self.shares_action = QAction(self.tr("Recovery s&hares…"), self)
        self.shares_action.triggered.connect(self.open_shares_dialog)
        self.wipe_action = QAction(
            self.tr("&Wipe…") if self._neutral_title else self.tr("&Wipe this vault…"), self
        )
        self.wipe_action.triggered.connect(self.open_wipe_dialog)
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
        for action in (self.rekey_action, self.shares_action, self.wipe_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        self._update_actions()

    def _update_actions(self) -> None:
        unlocked = self.workspace is not None
        self.lock_action.setEnabled(unlocked)
        self.verify_action.setEnabled(unlocked)
        # Key changes write the database: not while it is read-only.
        writable = unlocked and not self.read_only
        self.passphrase_action.setEnabled(writable)
        self.rekey_action.setEnabled(writable)
        self.shares_action.setEnabled(writable)
        self.sync_action.setEnabled(unlocked)
        self.settings_action.setEnabled(unlocked)
        self.wipe_action.setEnabled(unlocked or self.unlock_page is not None)
        # Disguised and locked, the menu lists only what can be used: the names of the
        # others (sync with the platform, verify a package, re-key) tell what this is.
        for action in (
            self.lock_action,
            self.quick_action,
            self.verify_action,
            self.sync_action,
            self.passphrase_action,
            self.settings_action,
            self.rekey_action,
            self.shares_action,
        ):
            action.setVisible(unlocked or not self._neutral_title)

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
        if page is not self.workspace and page.property("workspacePage") is not True:
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
            self.unlock_page = UnlockPage(self.folder, neutral=self._neutral_title)
            self.unlock_page.unlock_requested.connect(self._on_unlock_page_unlock_requested)
            self.unlock_page.shares_requested.connect(self.open_share_reset_dialog)
            self.unlock_page.folder_chosen.connect(self._on_folder_chosen)
            self._set_page(self.unlock_page)
            self.unlock_page.secret.setFocus()
        else:
            self.create_page = CreateVaultPage(self.folder)
            self.create_page.create_requested.connect(self._on_create_page_create_requested)
            self.create_page.recovery_confirmed.connect(self._on_create_page_recovery_confirmed)
            self.create_page.folder_chosen.connect(self._on_folder_chosen)
            self._set_page(self.create_page)
            self.create_page.passphrase.setFocus()
        self._update_actions()

    def _on_folder_chosen(self, chosen: Path) -> None:
        found = find_vault(chosen)
        if found is not None:
            self.folder = found
            self.show_locked_screen()
            return
        text = self.tr("There is no vault in this folder: {folder}").format(folder=str(chosen))
        if self.unlock_page is not None:
            self.unlock_page.show_notice(text)
        elif self.create_page is not None:
            self.create_page.show_failure(text)

    def _offer_unlock(self, folder: Path) -> None:
        """The folder given for a new vault holds one: unlock it instead of failing."""
        self.folder = folder
        self.show_locked_screen()
        if self.unlock_page is not None:
            self.unlock_page.show_notice(
                self.tr(
                    "This folder already holds a vault: unlock it with its passphrase, or "
                    "open another folder."
                )
            )

    def _on_create_page_create_requested(self, folder: Path, passphrase: str) -> None:
        page = self.create_page
        assert page is not None
        if session_jobs.vault_exists(folder):
            self._offer_unlock(folder)
            return
        self.folder = folder
        self.client.submit(
            session_jobs.create_vault(folder, passphrase, self.kdf_params),
            on_done=self._on_vault_created,
            on_failed=lambda failure: self._on_create_failed(page, folder, failure),
            on_progress=page.set_progress,
        )

    def _on_create_failed(self, page: CreateVaultPage, folder: Path, failure: JobFailure) -> None:
        if session_jobs.vault_exists(folder) and page is self.create_page:
            self._offer_unlock(folder)  # made by another program meanwhile
            return
        page.show_failure(failure_text(failure))

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
            on_failed=lambda failure: self._on_unlock_failed(page, folder, failure),
        )
        if self._prepare_audio is not None:
            prepare, self._prepare_audio = self._prepare_audio, None  # once is enough
            QTimer.singleShot(0, prepare)

    def _on_unlock_failed(self, page: UnlockPage, folder: Path, failure: JobFailure) -> None:
        if not session_jobs.vault_exists(folder):
            # The failed-unlock limit was reached and the vault wiped itself.
            self.show_locked_screen()
            return
        page.show_failure(failure_text(failure))

    # -- unlocked ------------------------------------------------------------------------

    def _enter_workspace(self, opened: VaultOpened) -> None:
        from app.gui.workspace import Workspace

        self._opened = opened
        self.device_fingerprint = opened.device_fingerprint
        self.read_only = opened.rollback is not None
        self.apply_settings(opened.settings)
        language = self.translations.language
        self.workspace = Workspace(self.client, language, self.audio_source_factory)
        self._show_workspace()
        self._update_actions()
        self.idle.arm()
        self.vault_unlocked.emit()
        if self.read_only:
            self._show_rollback_box()

    def _show_workspace(self) -> None:
        """The workspace, under a banner while the vault is read-only."""
        workspace = self.workspace
        assert workspace is not None
        workspace.set_read_only(self.read_only)
        self.read_only_banner = None
        self.accept_rollback_button = None
        if not self.read_only:
            self._set_page(workspace)
            return
        page = QWidget()
        page.setProperty("workspacePage", True)
        banner = StatusLabel(self.tr("Read-only"), self._rollback_text() + " " + self.tr(
            "It is open read-only: you can read everything but change nothing."
        ))  # fmt: skip
        banner.setObjectName("errorText")
        banner.setWordWrap(True)
        accept = QPushButton(self.tr("&Accept this state…"))
        accept.clicked.connect(self.ask_accept_rollback)
        top = QHBoxLayout()
        top.addWidget(banner, 1)
        top.addWidget(accept)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(workspace, 1)
        self.read_only_banner = banner
        self.accept_rollback_button = accept
        self._set_page(page)

    def _rollback_text(self) -> str:
        return self.tr(
            "This vault's database is older than its keys: it may have been replaced with "
            "an older copy."
        )

    def _show_rollback_box(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("The database is older than its keys"),
            self._rollback_text() + "\n\n" + self.tr(
                "The vault is open read-only. If you did not put back an older copy "
                "yourself (for example from a backup), someone may have replaced it to undo "
                "changes: keep it read-only and ask for help. \u201cAccept this state\u201d "
                "makes it writable again as it is now."
            ),
            QMessageBox.StandardButton.Ok, self,
        )  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.rollback_box = box
        box.destroyed.connect(lambda: setattr(self, "rollback_box", None))
        box.open()

    def ask_accept_rollback(self) -> QMessageBox:
        return confirm_box(
            self,
            self.tr("Accept this state"),
            self.tr(
                "Accept the database as it is now? Do this only if you know why it is older "
                "than its keys, for example because you restored a backup yourself. Changes "
                "made after that copy are not brought back. The acceptance is recorded in "
                "the custody log."
            ),
            self.tr("Accept this state"),
            self.tr("Keep it read-only"),
            self.accept_rollback,
        )

    def accept_rollback(self) -> None:
        self.client.submit(coercion_jobs.accept_rollback(), on_done=self._on_rollback_accepted)

    def _on_rollback_accepted(self, _accepted: bool) -> None:
        if self.workspace is None:
            return
        self.read_only = False
        self.workspace.setParent(None)  # out of the banner's page before it goes
        self._show_workspace()
        self._update_actions()
        self.rollback_accepted.emit()

    def apply_settings(self, settings: GuiSettings) -> None:
        self.settings = settings
        self.idle.set_interval_ms(settings.auto_lock_minutes * 60 * 1000)
        neutral = settings.neutral_title or self.disguised
        changed, self._neutral_title = neutral != self._neutral_title, neutral
        language = settings.language
        if language and language != self.translations.language:
            self.set_language(language)
        elif changed:
            self._build_menu()  # its title and wipe action follow the disguise
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
            self._show_workspace()
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

    # -- seizure and coercion ------------------------------------------------------------

    def open_rekey_dialog(self) -> QWidget:
        from app.gui.coercion_dialogs import RekeyDialog

        dialog = RekeyDialog(self.client, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_shares_dialog(self) -> QWidget:
        from app.gui.coercion_dialogs import SharesDialog

        dialog = SharesDialog(self.client, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_share_reset_dialog(self, folder: Path) -> QWidget:
        from app.gui.coercion_dialogs import ShareResetDialog

        dialog = ShareResetDialog(self.client, folder, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.vault_opened.connect(lambda opened: self._on_shares_opened(folder, opened))
        dialog.open()
        return dialog

    def _on_shares_opened(self, folder: Path, opened: VaultOpened) -> None:
        self.folder = folder
        self._enter_workspace(opened)

    def open_wipe_dialog(self) -> QWidget:
        from app.gui.coercion_dialogs import WipeDialog

        dialog = WipeDialog(self.wipe_countdown_seconds, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.wipe_confirmed.connect(lambda: self._wipe(dialog))
        dialog.open()
        dialog.cancel_button.setFocus()
        return dialog

    def _wipe(self, dialog: WipeDialog) -> None:
        """Drop every view of the vault, then crypto-erase it on its thread."""
        folder = self.unlock_page.folder if self.unlock_page is not None else self.folder
        self.idle.disarm()
        self._close_child_windows(keep=dialog)
        if self.workspace is not None:
            self.workspace.shutdown()
        self.client.forget_all()
        if self.workspace is not None:
            self.workspace.setParent(None)
            self.workspace.deleteLater()
            self.workspace = None
        self.read_only = False
        self.client.submit(
            coercion_jobs.wipe_vault(folder),
            on_done=lambda _wiped: self._on_wiped(dialog, folder),
            on_failed=lambda failure: self._on_wipe_failed(dialog, failure),
        )

    def _on_wiped(self, dialog: WipeDialog, folder: Path) -> None:
        dialog.finish()
        self.folder = folder
        self.show_locked_screen()  # the first screen: there is no vault any more
        self._update_actions()
        self.vault_wiped.emit()

    def _on_wipe_failed(self, dialog: WipeDialog, failure: JobFailure) -> None:
        dialog.finish()
        self.show_locked_screen()
        self._update_actions()
        failure_box(self, self.tr("The vault was not wiped"), failure_text(failure),
                    self.tr("Close"))  # fmt: skip

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
        self.read_only = False
        self._update_actions()
        self.show_locked_screen()

    def _close_child_windows(self, keep: QWidget | None = None) -> None:
        # Dialogs are windows of their own: hiding or clearing this one leaves them up,
        # showing what they hold (a profile, a package's recipients, an error).
        for child in self.findChildren(QWidget):
            if child is keep or not (child.isWindow() and child.isVisible()):
                continue
            force_close = getattr(child, "force_close", None)
            if callable(force_close):
                force_close()  # a dialog that refuses an ordinary close (a new recovery key)
            else:
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
