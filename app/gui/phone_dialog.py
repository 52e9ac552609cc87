"""The window's "Import from phone…": choose a bundle (a ProofMode, Tella or Save export, or
a photo or video with C2PA content credentials), read the report in plain words, then
import it. Nothing is stored until Import is pressed; a failed bundle is imported only
when the person ticks that they want it kept, marked as failed.

The verification and the import run on the vault worker (they read the vault's trust
list and pinned keys); results come back as job results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.vault_worker import JobContext, JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel
from app.sanitize import for_display

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


def check_label(check: str) -> str:
    """A check's name in the interface language (unknown ones keep their identifier)."""
    labels = {
        "openpgp.key": translate("PhoneImportDialog", "Phone key"),
        "proofmode.media_signature": translate(
            "PhoneImportDialog", "Signature over the photo or video"
        ),
        "proofmode.csv_hash": translate("PhoneImportDialog", "Proof table names this file"),
        "proofmode.csv_signature": translate("PhoneImportDialog", "Signature over the proof table"),
        "proofmode.json_hash": translate("PhoneImportDialog", "Proof records name this file"),
        "proofmode.json_signature": translate(
            "PhoneImportDialog", "Signature over the proof records"
        ),
        "proofmode.proof": translate("PhoneImportDialog", "Proof data"),
        "proofmode.media_found": translate("PhoneImportDialog", "File named by the proofs"),
        "proofmode.covered": translate("PhoneImportDialog", "Covered by a proof"),
        "proofmode.legacy": translate("PhoneImportDialog", "Older ProofMode export"),
        "proofmode.device_attestation": translate("PhoneImportDialog", "Device attestation"),
        "opentimestamps": translate("PhoneImportDialog", "Time stamp (OpenTimestamps)"),
        "c2pa.active_manifest": translate("PhoneImportDialog", "Content credentials (C2PA)"),
        "c2pa.ingredient": translate("PhoneImportDialog", "Content credentials of an ingredient"),
        "c2pa.remote": translate("PhoneImportDialog", "Content credentials kept online"),
        "c2pa.manifest": translate("PhoneImportDialog", "Reading content credentials"),
        "tella.file_hash": translate("PhoneImportDialog", "Tella file hash"),
        "save.meta": translate("PhoneImportDialog", "Save metadata"),
        "save.meta_hash": translate("PhoneImportDialog", "Save metadata names this file"),
        "media.proofs": translate("PhoneImportDialog", "Proof of origin"),
        "media.found": translate("PhoneImportDialog", "Photos or videos in the export"),
    }
    return labels.get(check, check)


def result_word(result: str) -> str:
    return {
        "pass": translate("PhoneImportDialog", "holds"),
        "fail": translate("PhoneImportDialog", "FAILS"),
        "unverifiable": translate("PhoneImportDialog", "cannot be checked"),
        "info": translate("PhoneImportDialog", "noted"),
    }.get(result, result)


def verdict_text(verdict: str) -> str:
    return {
        "verified": translate("PhoneImportDialog", "Verified: every proof that was found holds."),
        "failed": translate(
            "PhoneImportDialog",
            "FAILED: at least one proof does not hold. Import it only to keep it as it is; "
            "it will be marked as failed everywhere it shows.",
        ),
        "unverifiable": translate(
            "PhoneImportDialog",
            "Cannot be verified: nothing failed, but some proofs could not be checked (no "
            "phone key, a signer not on the trust list, or no proof at all).",
        ),
    }.get(verdict, verdict)


def report_lines(document: dict[str, Any]) -> list[str]:
    """The report in plain words, in the interface language."""
    lines = [verdict_text(str(document.get("verdict")))]
    key = document.get("key")
    if key:
        text = translate("PhoneImportDialog", "Phone key: {fingerprint}")
        lines.append(text.format(fingerprint=key["fingerprint"]))
        if key.get("pinned_name"):
            text = translate("PhoneImportDialog", "Known as: {name}")
            lines.append(text.format(name=for_display(str(key["pinned_name"]))))
    for check in document.get("checks", []):
        lines.append(f"{check_label(check['check'])}: {result_word(check['result'])}")
    for item in document.get("items", []):
        lines.append("")
        text = translate("PhoneImportDialog", "File: {name}")
        lines.append(text.format(name=for_display(str(item["name"]), limit=200)))
        for check in item.get("checks", []):
            lines.append(f"  {check_label(check['check'])}: {result_word(check['result'])}")
    return lines


def verify_job(path: Path) -> Any:
    def job(ctx: JobContext) -> dict[str, Any]:
        from app.services import phone

        return phone.verify(ctx.session, path, cancel=ctx.cancelled).to_json()

    return job


def import_job(
    testimony_id: str, path: Path, name: str | None, accept_new_key: bool, accept_failed: bool
) -> Any:
    def job(ctx: JobContext) -> str:
        from app.services import phone

        (done,) = phone.import_bundles(
            ctx.session, testimony_id, [path], phone=name, accept_new_key=accept_new_key,
            accept_failed=accept_failed, cancel=ctx.cancelled,
        )  # fmt: skip
        return done.report.verdict

    return job


class PhoneImportDialog(QDialog):
    """Choose, check, then import; ``imported`` is True once something was stored."""

    def __init__(self, client: VaultClient, testimony_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.client = client
        self.testimony_id = testimony_id
        self.path: Path | None = None
        self.document: dict[str, Any] | None = None
        self.imported = False
        self.setWindowTitle(self.tr("Import from phone"))
        intro = QLabel(
            self.tr(
                "Choose a ProofMode, Tella or Save export, or a photo or video with content "
                "credentials. It is checked here, offline, before anything is stored."
            )
        )
        intro.setWordWrap(True)
        self.file_button = QPushButton(self.tr("Choose a zip, photo or video…"))
        self.folder_button = QPushButton(self.tr("Choose a folder…"))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Verification report"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Whose phone (a name; its key is remembered)"))
        self.accept_failed = QCheckBox(self.tr("Import anyway, marked as FAILED"))
        self.accept_new_key = QCheckBox(
            self.tr("This phone has a new key (the change is recorded)")
        )
        self.status = StatusLabel(self.tr("Import status"), announce=POLITE)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        choose = QHBoxLayout()
        choose.addWidget(self.file_button)
        choose.addWidget(self.folder_button)
        choose.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(choose)
        column.addWidget(self.report, 1)
        column.addWidget(self.name)
        column.addWidget(self.accept_failed)
        column.addWidget(self.accept_new_key)
        column.addWidget(self.status)
        column.addWidget(self.buttons)
        self.accept_failed.setVisible(False)
        self.accept_new_key.setVisible(False)
        self.file_button.clicked.connect(self._choose_file)
        self.folder_button.clicked.connect(self._choose_folder)
        self.accept_failed.toggled.connect(self._update)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        self.resize(640, 520)
        self._update()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from phone"), "", "", "", QFileDialog.Option.DontUseNativeDialog
        )
        if path:
            self.check(Path(path))

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Import from phone"), "", QFileDialog.Option.DontUseNativeDialog
        )
        if path:
            self.check(Path(path))

    def check(self, path: Path) -> None:
        """Verify ``path`` on the worker and show the report; stores nothing."""
        self.path, self.document = path, None
        self.report.setPlainText(self.tr("Checking…"))
        self.status.clear()
        self._update()
        self.client.submit(verify_job(path), on_done=self._on_checked, on_failed=self._on_failed)

    def _on_checked(self, document: dict[str, Any]) -> None:
        self.document = document
        self.report.setPlainText("\n".join(report_lines(document)))
        self.accept_failed.setChecked(False)
        self.accept_failed.setVisible(document.get("verdict") == "failed")
        self._update()

    def _on_failed(self, failure: JobFailure) -> None:
        self.report.setPlainText(
            self.tr("Not imported: {reason}").format(reason=for_display(failure.message))
        )
        if "--accept-new-key" in failure.message:
            self.accept_new_key.setVisible(True)
        self._update()

    def _update(self) -> None:
        ready = self.document is not None
        failed = ready and self.document is not None and self.document.get("verdict") == "failed"
        self.import_button.setEnabled(ready and (not failed or self.accept_failed.isChecked()))

    def _import(self) -> None:
        if self.path is None or self.document is None:
            return
        self.import_button.setEnabled(False)
        name = self.name.text().strip() or None
        self.client.submit(
            import_job(self.testimony_id, self.path, name, self.accept_new_key.isChecked(),
                       self.accept_failed.isChecked()),
            on_done=self._on_imported,
            on_failed=self._on_failed,
        )  # fmt: skip

    def _on_imported(self, verdict: str) -> None:
        self.imported = True
        self.status.setText(self.tr("Imported."))
        self.accept()
