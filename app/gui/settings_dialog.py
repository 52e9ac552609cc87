"""Settings kept inside the vault: language, auto-lock time, neutral window title, the
platform key; where packages go (the platform profile, its proxy, saved coordinators);
and the device fingerprint to read out to the platform. GUI thread only.

The interface settings are handed back through :meth:`SettingsDialog.chosen_settings`
once the dialog is accepted. The platform group and the coordinators are stored by the
dialog itself, through core (``profile_jobs``), before it closes: a proxy or a list that
core refuses keeps the dialog open with the reason beside the field.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import settings as core_settings
from app.crypto.keyfile import MAX_FAILED_UNLOCK_LIMIT, MIN_FAILED_UNLOCK_LIMIT
from app.errors import EvidenceVaultError
from app.gui import coercion_jobs, profile_jobs
from app.gui.coercion_dialogs import import_profile_checked
from app.gui.i18n import LANGUAGES, NATIVE_NAMES
from app.gui.messages import failure_text
from app.gui.profile_jobs import (
    PlatformState,
    ProfileFileImported,
    ProfileSummary,
    SavedCoordinator,
)
from app.gui.session_jobs import MAX_AUTO_LOCK_MINUTES, GuiSettings
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import StatusLabel, scrub_file_dialog_history
from app.sanitize import for_display
from app.sync.errors import ProfileError
from app.sync.profile import system_keyring


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("inlineError")
    label.setVisible(False)
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    if window is not None:
        grow_to_fit(window)


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window tall enough for text that arrived (or wrapped) after it opened.

    A top-level window keeps its size when a wrapped label gets longer, and the rows
    below it are squeezed until the user resizes; it is grown, never shrunk.
    """
    layout = window.layout()
    if layout is None:
        return
    needed = (
        layout.totalHeightForWidth(window.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    screen = window.screen()
    if screen is not None:
        # Never past the screen's bottom: the content scrolls instead (a profile's
        # details at 2x scale are taller than a laptop screen).
        room = screen.availableGeometry()
        needed = min(needed, room.bottom() - window.frameGeometry().top()
                     - (window.frameGeometry().height() - window.height()))  # fmt: skip
    if needed > window.height():
        window.resize(window.width(), needed)
    layout.invalidate()  # rows recompute their heights for the wrapped text


class SettingsDialog(QDialog):
    platform_read = Signal()  # the profile and the coordinators are on screen
    profile_imported = Signal(object)  # ProfileFileImported

    def __init__(
        self,
        client: VaultClient,
        settings: GuiSettings,
        fingerprint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        # Tests give a keyring of their own; the program uses the system's.
        self.keyring_factory: profile_jobs.KeyringFactory = system_keyring
        self.profile: ProfileSummary | None = None
        self.coordinator_list: list[SavedCoordinator] = []
        self._stored_coordinators: tuple[SavedCoordinator, ...] | None = None  # None: unread
        self._saving = False
        self._stored_unlock_limit: int | None = None  # None: unread
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code in LANGUAGES:
            self.language.addItem(NATIVE_NAMES[code], code)
        if settings.language in LANGUAGES:
            self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.auto_lock.setAccessibleName(self.tr("Lock after minutes without use"))
        self.neutral_title = QCheckBox(self.tr("Show a neutral window title (“Notes”)"))
        self.neutral_title.setChecked(settings.neutral_title)
        self.platform = QLineEdit(settings.platform_recipient)
        self.platform.setPlaceholderText("age1…")
        self.platform.setAccessibleName(self.tr("Platform key"))
        fingerprint_label = _selectable(StatusLabel(self.tr("Device fingerprint"), fingerprint))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock after"), self.auto_lock)
        form.addRow("", self.neutral_title)
        form.addRow(self.tr("Platform key"), self.platform)
        form.addRow(self.tr("Device fingerprint"), fingerprint_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        # Everything above the buttons scrolls: at 2x scale on a laptop the groups are
        # taller than the screen, and Save and Cancel must stay reachable.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addWidget(self._platform_group())
        inner.addWidget(self._coordinators_group())
        inner.addWidget(self._seizure_group())
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setWidget(content)
        # Only the height scrolls: the content keeps its full width.
        scrollbar = self.body.verticalScrollBar().sizeHint().width()
        self.body.setMinimumWidth(content.minimumSizeHint().width() + scrollbar)
        column = QVBoxLayout(self)
        column.addWidget(self.body, 1)
        column.addLayout(buttons)
        self._fit_to_screen(content)
        self.save_button.clicked.connect(self._on_save_clicked)
        cancel.clicked.connect(self.reject)
        client.submit(
            profile_jobs.platform_state(),
            on_done=self._on_platform_state_read,
            on_failed=self._on_platform_state_failed,
        )
        client.submit(
            coercion_jobs.failed_unlock_limit(),
            on_done=self._on_unlock_limit_read,
            on_failed=lambda failure: _show_error(self.unlock_limit_error, failure_text(failure)),
        )

    def _fit_to_screen(self, content: QWidget) -> None:
        """As tall as the content, up to the room the screen has."""
        width = max(640, content.minimumSizeHint().width() + 40)
        height = content.sizeHint().height() + 80
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width())
            height = min(height, room.height() - 40)  # the title bar
        self.resize(width, height)

    # -- building ------------------------------------------------------------------------

    def _platform_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Platform"))
        self.profile_name = _selectable(QLabel(self.tr("Reading the settings…")))
        self.profile_url = _selectable(QLabel())
        self.certificate = _selectable(StatusLabel(self.tr("Pinned certificate fingerprint")))
        self.receipt_key = _selectable(StatusLabel(self.tr("Receipt key fingerprint")))
        self.platform_fingerprint = _selectable(StatusLabel(self.tr("Platform key fingerprint")))
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText("socks5h://127.0.0.1:9050")
        self.proxy.setAccessibleName(self.tr("Proxy"))
        self.proxy.setEnabled(False)
        self.proxy_error = _error_label()
        self.import_button = QPushButton(self.tr("Import profile file…"))
        self.import_outcome = _selectable(QLabel())
        form = QFormLayout(group)
        form.addRow(self.tr("Profile"), self.profile_name)
        form.addRow(self.tr("Address"), self.profile_url)
        form.addRow(self.tr("Pinned certificate"), self.certificate)
        form.addRow(self.tr("Receipt key"), self.receipt_key)
        form.addRow(self.tr("Platform key fingerprint"), self.platform_fingerprint)
        form.addRow(self.tr("Proxy"), self.proxy)
        form.addRow("", self.proxy_error)
        form.addRow("", self.import_button)
        form.addRow("", self.import_outcome)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.proxy.textEdited.connect(lambda _text: _show_error(self.proxy_error, ""))
        return group

    def _coordinators_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Coordinators"))
        self.coordinators = QListWidget()
        self.coordinators.setAccessibleName(self.tr("Saved coordinators"))
        self.coordinators.setMaximumHeight(110)
        self.coordinator_name = QLineEdit()
        self.coordinator_name.setPlaceholderText(self.tr("Name"))
        self.coordinator_name.setAccessibleName(self.tr("Coordinator's name"))
        self.coordinator_name.setMaxLength(core_settings.MAX_COORDINATOR_NAME)
        self.coordinator_key = QLineEdit()
        self.coordinator_key.setPlaceholderText("age1…")
        self.coordinator_key.setAccessibleName(self.tr("Coordinator's key"))
        self.add_coordinator_button = QPushButton(self.tr("Add"))
        self.remove_coordinator_button = QPushButton(self.tr("Remove"))
        self.remove_coordinator_button.setEnabled(False)
        self.coordinator_error = _error_label()
        entry = QHBoxLayout()
        entry.addWidget(self.coordinator_name, 1)
        entry.addWidget(self.coordinator_key, 2)
        entry.addWidget(self.add_coordinator_button)
        note = QLabel(self.tr("Exports can also be encrypted to these keys."))
        note.setWordWrap(True)
        column = QVBoxLayout(group)
        column.addWidget(note)
        column.addWidget(self.coordinators)
        column.addWidget(self.remove_coordinator_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(entry)
        column.addWidget(self.coordinator_error)
        for widget in (self.coordinators, self.coordinator_name, self.coordinator_key,
                       self.add_coordinator_button):  # fmt: skip
            widget.setEnabled(False)  # until the saved list is read
        self.add_coordinator_button.clicked.connect(self.add_coordinator)
        self.remove_coordinator_button.clicked.connect(self._on_remove_clicked)
        self.coordinators.currentRowChanged.connect(
            lambda row: self.remove_coordinator_button.setEnabled(row >= 0)
        )
        return group

    def _seizure_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("If the laptop is taken"))
        self.wipe_after_failures = QCheckBox(self.tr("&Wipe the vault after failed unlocks"))
        self.wipe_after_failures.setEnabled(False)  # until the limit is read
        self.unlock_limit = QSpinBox()
        self.unlock_limit.setRange(MIN_FAILED_UNLOCK_LIMIT, MAX_FAILED_UNLOCK_LIMIT)
        self.unlock_limit.setValue(10)
        self.unlock_limit.setEnabled(False)
        self.unlock_limit.setSuffix(self.tr(" failed unlocks in a row"))
        self.unlock_limit.setAccessibleName(self.tr("Wipe after this many failed unlocks"))
        self.unlock_limit_error = _error_label()
        note = QLabel(self.tr(
            "Off by default. Counts wrong passphrases typed into this program only; anyone "
            "holding the vault folder can read whether this is on and the count so far, and "
            "a copy of the folder is not protected by it."
        ))  # fmt: skip
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.wipe_after_failures)
        row.addWidget(self.unlock_limit)
        row.addStretch(1)
        column = QVBoxLayout(group)
        column.addLayout(row)
        column.addWidget(note)
        column.addWidget(self.unlock_limit_error)
        self.wipe_after_failures.toggled.connect(self.unlock_limit.setEnabled)
        return group

    def _on_unlock_limit_read(self, limit: int) -> None:
        self._stored_unlock_limit = limit
        self.wipe_after_failures.setEnabled(True)
        self.wipe_after_failures.setChecked(limit > 0)
        if limit:
            self.unlock_limit.setValue(limit)
        self.unlock_limit.setEnabled(limit > 0)

    def chosen_unlock_limit(self) -> int:
        """0 (off) or 3..255."""
        return self.unlock_limit.value() if self.wipe_after_failures.isChecked() else 0

    # -- showing -------------------------------------------------------------------------

    def _show_profile(self, profile: ProfileSummary | None) -> None:
        self.profile = profile
        self.proxy.setEnabled(profile is not None)
        if profile is None:
            self.profile_name.setText(
                self.tr("No platform profile yet: import the file your coordinator gave you.")
            )
            for label in (self.profile_url, self.certificate, self.receipt_key):
                label.clear()
            self.proxy.clear()
            self._reserve_wrapped_lines()
            return
        self.profile_name.setText(
            self.tr("{name} ({host})").format(
                name=for_display(profile.name), host=for_display(profile.host)
            )
        )
        self.profile_url.setText(for_display(profile.url))
        self.certificate.setText(
            "\n".join(for_display(value) for value in profile.certificate_fingerprints)
        )
        self.receipt_key.setText(for_display(profile.receipt_key_fingerprint))
        self.proxy.setText(profile.proxy)
        _show_error(self.proxy_error, "")
        self._reserve_wrapped_lines()

    def _show_platform_fingerprint(self, fingerprint: str) -> None:
        self.platform_fingerprint.setText(
            for_display(fingerprint) if fingerprint else self.tr("No platform key yet.")
        )

    def _reserve_wrapped_lines(self) -> None:
        # The form sizes a row for one line of a wrapped label's text (the group box does
        # not pass the height-for-width on), which clipped the second line.
        for label in (self.profile_name, self.profile_url, self.certificate, self.receipt_key):
            label.setMinimumHeight(label.heightForWidth(max(label.width(), 200)))

    def _show_coordinators(self) -> None:
        self.coordinators.clear()
        for coordinator in self.coordinator_list:
            key = coordinator.recipient
            item = QListWidgetItem(f"{for_display(coordinator.name)} — {key[:12]}…{key[-6:]}")
            item.setToolTip(key)
            self.coordinators.addItem(item)
        self.remove_coordinator_button.setEnabled(self.coordinators.currentRow() >= 0)

    def _on_platform_state_read(self, state: PlatformState) -> None:
        self._show_profile(state.profile)
        self._show_platform_fingerprint(state.platform_key_fingerprint)
        # A profile imported elsewhere (the sync screen) may have changed the platform
        # key since the window read its settings; Save must not put the old one back.
        if not self.platform.isModified():
            self.platform.setText(state.platform_recipient)
        self._stored_coordinators = state.coordinators
        self.coordinator_list = list(state.coordinators)
        self._show_coordinators()
        for widget in (self.coordinators, self.coordinator_name, self.coordinator_key,
                       self.add_coordinator_button):  # fmt: skip
            widget.setEnabled(True)
        grow_to_fit(self)
        self.platform_read.emit()

    def _on_platform_state_failed(self, failure: JobFailure) -> None:
        # The rest of the settings can still be saved; the saved list stays untouched.
        self.profile_name.setText(failure_text(failure))
        _show_error(self.coordinator_error, failure_text(failure))
        self.platform_read.emit()

    # -- the profile ---------------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the profile file"), "", "", "",
            QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        scrub_file_dialog_history()
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Import ``path`` as the platform profile (core reads and checks it)."""
        self.import_button.setEnabled(False)
        self.import_outcome.setText(self.tr("Reading the profile…"))
        import_profile_checked(
            self.client, self, path, self.keyring_factory,
            self._on_profile_imported, self._on_profile_import_failed, self._on_profile_kept,
        )  # fmt: skip

    def _on_profile_kept(self) -> None:
        self.import_button.setEnabled(True)
        self.import_outcome.setText(
            self.tr("The profile in use was kept; the file was not imported.")
        )

    def _on_profile_imported(self, imported: ProfileFileImported) -> None:
        self.import_button.setEnabled(True)
        self._show_profile(imported.profile)
        # Core made the profile's key the platform key; Save must not put the old one back.
        self.platform.setText(imported.profile.platform_recipient)
        text = self.tr("Profile imported.")
        if imported.token_stored:
            text += " " + self.tr(
                "The file still holds the device token: delete it now (and empty the trash)."
            )
        self.import_outcome.setText(text)
        grow_to_fit(self)
        self.client.submit(
            profile_jobs.platform_key_fingerprint(), on_done=self._show_platform_fingerprint
        )
        self.profile_imported.emit(imported)

    def _on_profile_import_failed(self, failure: JobFailure) -> None:
        self.import_button.setEnabled(True)
        if issubclass(failure.kind, ProfileError):
            self.import_outcome.setText(
                self.tr("This file is not a usable platform profile; ask your coordinator "
                        "for a new one.")
            )  # fmt: skip
        else:
            self.import_outcome.setText(failure_text(failure))

    # -- coordinators --------------------------------------------------------------------

    def add_coordinator(self) -> bool:
        """Add what the name and key fields hold; False (and the reason shown) if refused."""
        try:
            name = core_settings.coordinator_name(self.coordinator_name.text())
        except EvidenceVaultError:
            _show_error(self.coordinator_error, self.tr(
                "A name needs 1 to {count} visible characters."
            ).format(count=core_settings.MAX_COORDINATOR_NAME))
            return False
        try:
            key = core_settings.coordinator_key(self.coordinator_key.text())
        except EvidenceVaultError:
            _show_error(self.coordinator_error, self.tr(
                "This is not an age public key. It starts with age1; the coordinator "
                "can print it with age-keygen -y."
            ))
            return False
        if any(c.name.casefold() == name.casefold() or c.recipient == key
               for c in self.coordinator_list):  # fmt: skip
            _show_error(self.coordinator_error, self.tr("This name or key is already saved."))
            return False
        if len(self.coordinator_list) >= core_settings.MAX_COORDINATOR_RECIPIENTS:
            _show_error(self.coordinator_error, self.tr(
                "At most {count} coordinators can be saved."
            ).format(count=core_settings.MAX_COORDINATOR_RECIPIENTS))
            return False
        self.coordinator_list.append(SavedCoordinator(name, key))
        self._show_coordinators()
        self.coordinator_name.clear()
        self.coordinator_key.clear()
        _show_error(self.coordinator_error, "")
        return True

    def _on_remove_clicked(self) -> None:
        row = self.coordinators.currentRow()
        if 0 <= row < len(self.coordinator_list):
            del self.coordinator_list[row]
            self._show_coordinators()

    # -- saving --------------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        if self._saving:
            return
        # A filled-in entry that was never added is what the documenter meant to save.
        pending = self.coordinator_name.text().strip() or self.coordinator_key.text().strip()
        if pending and self._stored_coordinators is not None and not self.add_coordinator():
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._save_proxy()

    def _save_proxy(self) -> None:
        if self.profile is None or self.proxy.text().strip() == self.profile.proxy:
            self._save_coordinators()
            return
        self.client.submit(
            profile_jobs.change_proxy(self.proxy.text()),
            on_done=self._on_proxy_saved,
            on_failed=self._on_proxy_failed,
        )

    def _on_proxy_saved(self, profile: ProfileSummary) -> None:
        self._show_profile(profile)
        self._save_coordinators()

    def _on_proxy_failed(self, failure: JobFailure) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if issubclass(failure.kind, ProfileError):
            text = self.tr(
                "This proxy cannot be used. Write it as socks5h://host:port, for example "
                "socks5h://127.0.0.1:9050 (socks5h: the proxy, not this device, looks up "
                "names). Leave it empty for no proxy."
            )
        else:
            text = failure_text(failure)
        _show_error(self.proxy_error, text)
        self.proxy.setFocus()

    def _save_coordinators(self) -> None:
        chosen = tuple(self.coordinator_list)
        if self._stored_coordinators is None or chosen == self._stored_coordinators:
            self._save_unlock_limit()
            return
        self.client.submit(
            profile_jobs.save_coordinators(chosen),
            on_done=self._on_coordinators_saved,
            on_failed=self._on_coordinators_failed,
        )

    def _on_coordinators_saved(self, stored: tuple[SavedCoordinator, ...]) -> None:
        self._stored_coordinators = stored
        self._save_unlock_limit()

    def _save_unlock_limit(self) -> None:
        chosen = self.chosen_unlock_limit()
        if self._stored_unlock_limit is None or chosen == self._stored_unlock_limit:
            self._saved()
            return
        self.client.submit(
            coercion_jobs.set_failed_unlock_limit(chosen),
            on_done=self._on_unlock_limit_saved,
            on_failed=self._on_unlock_limit_failed,
        )

    def _on_unlock_limit_saved(self, limit: int) -> None:
        self._stored_unlock_limit = limit
        self._saved()

    def _on_unlock_limit_failed(self, failure: JobFailure) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        _show_error(self.unlock_limit_error, failure_text(failure))

    def _on_coordinators_failed(self, failure: JobFailure) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        _show_error(self.coordinator_error, failure_text(failure))

    def _saved(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.accept()

    def chosen_settings(self) -> GuiSettings:
        return GuiSettings(
            language=str(self.language.currentData()),
            auto_lock_minutes=self.auto_lock.value(),
            neutral_title=self.neutral_title.isChecked(),
            platform_recipient=self.platform.text().strip(),
        )
