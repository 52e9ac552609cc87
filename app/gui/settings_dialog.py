"""Settings kept inside the vault: language, auto-lock time, neutral window title; and
the device fingerprint to read out to the platform. GUI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.gui.i18n import LANGUAGES, NATIVE_NAMES
from app.gui.session_jobs import MAX_AUTO_LOCK_MINUTES, GuiSettings


class SettingsDialog(QDialog):
    def __init__(
        self, settings: GuiSettings, fingerprint: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
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
        fingerprint_label = QLabel(fingerprint)
        fingerprint_label.setAccessibleName(self.tr("Device fingerprint"))
        fingerprint_label.setTextInteractionFlags(
            fingerprint_label.textInteractionFlags().TextSelectableByMouse
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock after"), self.auto_lock)
        form.addRow("", self.neutral_title)
        form.addRow(self.tr("Platform key"), self.platform)
        form.addRow(self.tr("Device fingerprint"), fingerprint_label)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def chosen_settings(self) -> GuiSettings:
        return GuiSettings(
            language=str(self.language.currentData()),
            auto_lock_minutes=self.auto_lock.value(),
            neutral_title=self.neutral_title.isChecked(),
            platform_recipient=self.platform.text().strip(),
        )
