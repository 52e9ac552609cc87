"""Attachments of the open testimony: add (dialog or drag-and-drop, many at once, with
progress and cancel), thumbnails, the image viewer, the EXIF panel with a location
warning, "export a decrypted copy", "make a working copy" of a sealed photo, video or
PDF (its location and camera removed, linked to the original), and removing a file from
a draft (after a confirmation naming it; never offered for a sealed version). GUI
thread; work runs on the vault worker and the thread pool.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.working_copies import SUPPORTED_TYPES
from app.gui import attachment_jobs
from app.gui.attachment_jobs import AttachmentView, CopyMade, ImportDone
from app.gui.image_tasks import THUMBNAIL_SIZE, ThumbnailMaker
from app.gui.locale_format import data_size, moment_text
from app.gui.messages import failure_text
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel, confirm_box, failure_box, scrub_file_dialog_history
from app.sanitize import for_display

MAX_FILES_AT_ONCE = 500


class AttachmentsPanel(QGroupBox):
    attachments_changed = Signal(int)
    audio_chosen = Signal(object)  # AttachmentView of an audio attachment

    def __init__(self, client: VaultClient, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Attachments"), parent)
        self.client = client
        self.testimony_id = ""
        self.read_only = False
        self.views: dict[str, AttachmentView] = {}
        self._import_job = 0
        self.thumbnails = ThumbnailMaker(self)
        self.thumbnails.thumbnail_decoded.connect(self._on_thumbnails_thumbnail_decoded)
        self.setAcceptDrops(True)

        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMBNAIL_SIZE)
        self.list.setGridSize(QSize(150, 170))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(190)
        self.list.setAccessibleName(self.tr("Attachments"))
        self.hint = QLabel(self.tr("Drop photos, videos or documents here, or use Add files."))
        self.add_button = QPushButton(self.tr("Add files…"))
        self.phone_button = QPushButton(self.tr("Import from phone…"))
        self.view_button = QPushButton(self.tr("View"))
        self.export_button = QPushButton(self.tr("Export a decrypted copy…"))
        self.remove_button = QPushButton(self.tr("&Remove this attachment…"))
        self.copy_button = QPushButton(self.tr("Make a &working copy…"))
        self.copy_button.setAccessibleDescription(
            self.tr("A copy to pass on without the location and camera; the original stays")
        )
        self.remove_button.setAccessibleDescription(
            self.tr("Remove the chosen file from this draft (also the Delete key in the list)")
        )
        self.last_failure = ""
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        # Imports and copies take a while: their end is spoken wherever the focus is.
        self.status = StatusLabel(self.tr("Attachments status"), announce=POLITE)
        self.status.setWordWrap(True)
        self.details = StatusLabel(self.tr("File details"))
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location_warning = QLabel(
            self.tr(
                "This file carries a GPS location. It is kept as evidence; think before "
                "sharing a copy, since the location can identify people and places."
            )
        )
        self.location_warning.setObjectName("warningText")
        self.location_warning.setWordWrap(True)
        self.location_warning.setVisible(False)

        # Two rows: in Belarusian, Russian or Ukrainian one row of four is wider than the
        # editor and would push it sideways.
        buttons = QVBoxLayout()
        changing = QHBoxLayout()
        changing.addWidget(self.add_button)
        changing.addWidget(self.phone_button)
        changing.addWidget(self.remove_button)
        changing.addStretch(1)
        reading = QHBoxLayout()
        reading.addWidget(self.view_button)
        reading.addWidget(self.export_button)
        reading.addWidget(self.copy_button)
        reading.addStretch(1)
        buttons.addLayout(changing)
        buttons.addLayout(reading)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.addWidget(self.hint)
        column.addWidget(self.list)
        column.addLayout(buttons)
        column.addLayout(progress_row)
        column.addWidget(self.status)
        column.addWidget(self.location_warning)
        column.addWidget(self.details)
        QWidget.setTabOrder(self.list, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.view_button)
        QWidget.setTabOrder(self.view_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.copy_button)
        self._show_importing(False)

        self.add_button.clicked.connect(self._on_add_clicked)
        self.phone_button.clicked.connect(self._on_phone_clicked)
        self.view_button.clicked.connect(self._on_view_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.remove_button.clicked.connect(self.ask_remove)
        self.copy_button.clicked.connect(self.ask_copy)
        self.list.installEventFilter(self)  # the Delete key in the list asks to remove
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.itemActivated.connect(lambda _item: self._on_view_clicked())
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def show_testimony(self, testimony_id: str, read_only: bool) -> None:
        self.testimony_id = testimony_id
        self.read_only = read_only
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        testimony_id = self.testimony_id
        self.client.submit(
            attachment_jobs.list_attachments(testimony_id),
            on_done=lambda views: self._on_attachments_listed(testimony_id, views),
        )

    def _on_attachments_listed(self, testimony_id: str, views: tuple[AttachmentView, ...]) -> None:
        if testimony_id != self.testimony_id:
            return
        known = set(self.views)
        self.views = {view.id: view for view in views}
        self.list.clear()
        for view in views:
            label = view.name
            if view.derived_from:
                label = self.tr("{name} (working copy)").format(name=view.name)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            item.setToolTip(view.name)
            self.list.addItem(item)
            if view.is_image:
                self._request_thumbnail(view)
        self.hint.setVisible(not views)
        self._update_buttons()
        if set(self.views) != known:
            self.attachments_changed.emit(len(self.views))

    def _request_thumbnail(self, view: AttachmentView) -> None:
        key = view.id
        self.client.submit(
            attachment_jobs.read_for_display(view.blob_id),
            on_done=lambda data: self._on_image_read(key, data),
        )

    def _on_image_read(self, key: str, data: bytes | None) -> None:
        if data is not None and key in self.views:
            self.thumbnails.make(key, data)

    def _on_thumbnails_thumbnail_decoded(self, key: str, image: QImage) -> None:
        if image.isNull():
            return
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    # -- selection and details -----------------------------------------------------------

    def current_view(self) -> AttachmentView | None:
        item = self.list.currentItem()
        return self.views.get(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def _on_list_current_changed(self) -> None:
        view = self.current_view()
        self._update_buttons()
        if view is None:
            self.details.clear()
            self.location_warning.setVisible(False)
            return
        meta = view.metadata
        lines = [
            self.tr("Name: {name}").format(name=view.name),
            *self._lineage_lines(view),
            self.tr("Type: {type}, {size}").format(type=view.media_type, size=data_size(view.size)),
            self.tr("SHA-256: {digest}").format(digest=view.sha256),
        ]
        if meta.get("capture_time"):
            lines.append(
                self.tr("Taken: {time}").format(
                    time=for_display(moment_text(str(meta["capture_time"])))
                )
            )
        camera = " ".join(str(meta[k]) for k in ("camera_make", "camera_model") if meta.get(k))
        if camera:
            lines.append(self.tr("Camera: {camera}").format(camera=for_display(camera)))
        if "latitude" in meta and "longitude" in meta:
            lines.append(
                self.tr("GPS: {lat}, {lon}").format(lat=meta["latitude"], lon=meta["longitude"])
            )
        if meta.get("phone_verdict") and view.metadata_note:
            # What the phone proofs' check said at import (a failed one is marked).
            lines.append(for_display(view.metadata_note))
        self.details.setText("\n".join(lines))
        self.location_warning.setVisible(view.has_location)
        if view.is_audio:
            self.audio_chosen.emit(view)

    def _lineage_lines(self, view: AttachmentView) -> list[str]:
        if not view.derived_from:
            return []
        original = self.views.get(view.derived_from)
        return [
            self.tr("Working copy of: {name} (SHA-256 {digest})").format(
                name=original.name if original else view.derived_from,
                digest=original.sha256 if original else "?",
            )
        ]

    def _update_buttons(self) -> None:
        view = self.current_view()
        importing = self._import_job != 0
        self.add_button.setEnabled(not self.read_only and not importing)
        self.phone_button.setEnabled(not self.read_only and not importing)
        self.view_button.setEnabled(view is not None and view.is_image)
        self.export_button.setEnabled(view is not None)
        # A sealed version keeps all of its media: removing is not offered at all.
        self.remove_button.setVisible(not self.read_only)
        self.remove_button.setEnabled(not self.read_only and view is not None and not importing)
        # Copies are made of sealed originals only: offered where nothing else can change.
        self.copy_button.setVisible(self.read_only)
        self.copy_button.setEnabled(
            self.read_only
            and view is not None
            and not view.derived_from
            and view.media_type in SUPPORTED_TYPES
        )

    # -- importing -----------------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Add files"), "", "", "", QFileDialog.Option.DontUseNativeDialog
        )
        scrub_file_dialog_history()
        self.import_paths([Path(p) for p in paths])

    def _on_phone_clicked(self) -> None:
        from app.gui.phone_dialog import PhoneImportDialog

        if self.read_only or not self.testimony_id:
            return
        dialog = PhoneImportDialog(self.client, self.testimony_id, self)
        dialog.exec()
        if dialog.imported:
            self.reload()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if not self.read_only and event.mimeData().hasUrls() and self._import_job == 0:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        files = [p for p in paths if p.is_file()][:MAX_FILES_AT_ONCE]
        if not files or self.read_only or self._import_job or not self.testimony_id:
            return
        self._show_importing(True)
        self.status.setText(self.tr("Adding files: {count}…").format(count=len(files)))
        self._import_job = self.client.submit(
            attachment_jobs.import_files(self.testimony_id, files),
            on_done=self._on_import_done,
            on_failed=self._on_import_failed,
            on_progress=lambda f: self.progress.setValue(round(f * 1000)),
        )
        self._update_buttons()

    def _on_cancel_clicked(self) -> None:
        if self._import_job:
            self.client.cancel(self._import_job)

    def _on_import_done(self, done: ImportDone) -> None:
        self._import_job = 0
        self._show_importing(False)
        text = self.tr("Files added: {count}.").format(count=len(done.imported))
        if done.cancelled:
            text += " " + self.tr("Cancelled; the file being added was not kept.")
        if done.failed:
            text += " " + self.tr("Not added: {names}").format(
                names=", ".join(name for name, _kind in done.failed)
            )
        self.status.setText(text)
        self.reload()

    def _on_import_failed(self, failure: JobFailure) -> None:
        self._import_job = 0
        self._show_importing(False)
        self.status.setText(failure_text(failure))
        self.reload()

    def _show_importing(self, importing: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(importing)
        self.cancel_button.setVisible(importing)

    @property
    def importing(self) -> bool:
        return self._import_job != 0

    # -- viewing and exporting -----------------------------------------------------------

    def _on_view_clicked(self) -> None:
        view = self.current_view()
        if view is None or not view.is_image:
            return
        from app.gui.image_viewer import ImageViewer

        viewer = ImageViewer(view.name, self)
        self.client.submit(
            attachment_jobs.read_for_display(view.blob_id), on_done=viewer.show_bytes
        )
        viewer.open()

    def _on_export_clicked(self) -> None:
        view = self.current_view()
        if view is None:
            return
        answer = QMessageBox.warning(
            self,
            self.tr("Export a decrypted copy"),
            self.tr(
                "The copy will be readable by anyone who gets this computer or the place you "
                "save it to, and other programs may keep their own traces of it. Export only "
                "to a place you trust, and delete the copy when done."
            ),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Ok:
            return
        target, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the decrypted copy"),
            view.name,
            "",
            "",
            QFileDialog.Option.DontUseNativeDialog,
        )
        scrub_file_dialog_history()
        if target:
            self.export_to(view, Path(target))

    def export_to(self, view: AttachmentView, target: Path) -> int:
        return self.client.submit(
            attachment_jobs.export_decrypted_copy(view.blob_id, target),
            on_done=lambda size: self.status.setText(
                self.tr("Decrypted copy saved ({size}).").format(size=data_size(size))
            ),
            on_failed=lambda failure: self.status.setText(failure_text(failure)),
        )

    # -- working copies ------------------------------------------------------------------

    def ask_copy(self) -> QDialog | None:
        """Ask what to remove from a working copy of the chosen file; returns the dialog."""
        view = self.current_view()
        if view is None or not self.copy_button.isEnabled():
            return None
        from app.gui.working_copy_dialog import WorkingCopyDialog

        dialog = WorkingCopyDialog(view.name, self, media_type=view.media_type)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.make_copy(
                view,
                dialog.strip_location.isChecked(),
                dialog.strip_device.isChecked(),
                dialog.blur_faces.isEnabled() and dialog.blur_faces.isChecked(),
            )
        )
        dialog.open()
        return dialog

    def make_copy(
        self,
        view: AttachmentView,
        strip_location: bool,
        strip_device: bool,
        blur_faces: bool = False,
    ) -> int:
        testimony_id = self.testimony_id
        self.copy_button.setEnabled(False)
        self.status.setText(self.tr("Making a working copy of {name}…").format(name=view.name))
        return self.client.submit(
            attachment_jobs.make_working_copy(view.id, strip_location, strip_device, blur_faces),
            on_done=lambda made: self._on_copy_made(testimony_id, view, made),
            on_failed=self._on_copy_failed,
        )

    def _on_copy_made(self, testimony_id: str, view: AttachmentView, made: CopyMade) -> None:
        if testimony_id != self.testimony_id:
            return
        removed = ", ".join(for_display(name, limit=60) for name in made.removed[:12])
        if len(made.removed) > 12:
            removed += " …"
        said = self.tr("Working copy of {name} made; removed: {removed}.").format(
            name=view.name, removed=removed or self.tr("nothing was present")
        )
        if made.faces_blurred is not None:
            # Detection misses faces (small, turned away, covered): the person looks.
            said += " " + self.tr(
                "Faces blurred: {count}. Look at the copy before passing it on: "
                "the detector can miss faces."
            ).format(count=made.faces_blurred)
        self.status.setText(said)
        self.client.submit(
            attachment_jobs.list_attachments(testimony_id),
            on_done=lambda views: self._on_listed_after_copy(testimony_id, views, made.copy_id),
        )

    def _on_listed_after_copy(
        self, testimony_id: str, views: tuple[AttachmentView, ...], copy_id: str
    ) -> None:
        self._on_attachments_listed(testimony_id, views)
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == copy_id:
                self.list.setCurrentRow(row)
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_copy_failed(self, failure: JobFailure) -> None:
        self.last_failure = failure_text(failure)
        self.status.setText(self.last_failure)
        self._update_buttons()
        failure_box(self, self.tr("No working copy was made"), self.last_failure, self.tr("Close"))

    # -- removing ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not self.read_only
        ):
            self.ask_remove()
            return True
        return super().eventFilter(watched, event)

    def ask_remove(self) -> QMessageBox | None:
        """Ask before removing the chosen file from the draft; returns the box."""
        view = self.current_view()
        if view is None or self.read_only or self.importing:
            return None
        return confirm_box(
            self,
            self.tr("Remove this attachment"),
            self.tr(
                "Remove “{name}” from this draft? Its encrypted file is deleted from the "
                "vault; the custody log keeps its name and SHA-256."
            ).format(name=view.name),
            self.tr("&Remove the file"),
            self.tr("Cancel"),
            lambda: self.remove(view),
        )

    def remove(self, view: AttachmentView) -> int:
        row = self.list.currentRow()
        testimony_id = self.testimony_id
        return self.client.submit(
            attachment_jobs.remove_attachment(view.id),
            on_done=lambda _id: self._on_removed(testimony_id, view, row),
            on_failed=self._on_remove_failed,
        )

    def _on_removed(self, testimony_id: str, view: AttachmentView, row: int) -> None:
        if testimony_id != self.testimony_id:
            return
        self.status.setText(self.tr("Removed: {name}.").format(name=view.name))
        self.client.submit(
            attachment_jobs.list_attachments(testimony_id),
            on_done=lambda views: self._on_listed_after_removal(testimony_id, views, row),
        )

    def _on_listed_after_removal(
        self, testimony_id: str, views: tuple[AttachmentView, ...], row: int
    ) -> None:
        self._on_attachments_listed(testimony_id, views)
        if testimony_id != self.testimony_id:
            return
        # Focus stays in the list, on the file that took the removed one's place.
        if self.list.count():
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_remove_failed(self, failure: JobFailure) -> None:
        self.last_failure = failure_text(failure)
        self.status.setText(self.last_failure)
        failure_box(self, self.tr("The file was not removed"), self.last_failure, self.tr("Close"))
        self.reload()
