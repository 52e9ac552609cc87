"""Attachment jobs: list, import many files with progress and cancel, read for display,
export a decrypted copy, make a working copy. Bodies run on the vault worker thread.

Import progress is sent to the window at most every ``PROGRESS_INTERVAL`` seconds (and
once at the end): core reports every read buffer, a thousand times for a 1 GiB file,
and each report crossing to the GUI thread repaints the bar and competes with the import
for the CPU and the interpreter lock. Twenty updates a second look just as smooth.

Decrypted bytes for display are read into memory (capped) and handed to the GUI, which
decodes them with ``QImage.fromData``: no thumbnail, preview or plaintext file is ever
written. Exporting a decrypted copy is the one way out, chosen explicitly by the user.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.gui.vault_worker import Job, JobContext
from app.services import attachments

MAX_DISPLAY_BYTES = 48 << 20  # larger images are not previewed
READ_SIZE = 1 << 20
PROGRESS_INTERVAL = 0.05  # seconds between progress updates sent to the window


@dataclass(frozen=True)
class AttachmentView:
    id: str
    blob_id: str
    name: str  # untrusted, already passed through for_display
    size: int
    sha256: str
    media_type: str
    has_location: bool
    metadata: Mapping[str, Any] = field(hash=False)
    metadata_note: str | None = None
    derived_from: str | None = None  # the original, for a working copy

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def is_audio(self) -> bool:
        return self.media_type.startswith("audio/")


@dataclass(frozen=True)
class ImportDone:
    imported: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (display name, error class name)
    cancelled: bool


def list_attachments(testimony_id: str) -> Job:
    def job(ctx: JobContext) -> tuple[AttachmentView, ...]:
        return tuple(
            AttachmentView(
                id=a.id,
                blob_id=a.blob_id,
                name=a.display_name,
                size=a.size,
                sha256=a.sha256,
                media_type=a.media_type,
                has_location=a.has_location,
                metadata=dict(a.metadata),
                metadata_note=a.metadata_note,
                # The view names the original only for a working copy (a phone bundle's
                # items also point at their bundle, and are evidence in their own right).
                derived_from=a.derived_from if a.is_working_copy else None,
            )
            for a in attachments.list_of(ctx.session, testimony_id)
        )

    return job


class ProgressThrottle:
    """Passes a fraction on when ``interval`` has passed since the last one passed, and
    the first time it reaches the end (1.0); drops the rest. Worker thread only."""

    def __init__(
        self,
        send: Callable[[float], None],
        interval: float = PROGRESS_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._interval = interval
        self._clock = clock
        self._sent_at: float | None = None
        self._sent = 0.0

    def __call__(self, fraction: float) -> None:
        now = self._clock()
        due = self._sent_at is None or now - self._sent_at >= self._interval
        # A file that grew while being read reports past the end more than once.
        finished = fraction >= 1.0 and self._sent < 1.0
        if due or finished:
            self._sent_at, self._sent = now, fraction
            self._send(fraction)


def import_files(testimony_id: str, paths: Sequence[Path]) -> Job:
    """Import ``paths`` one after another; progress covers the bytes of all of them."""

    def job(ctx: JobContext) -> ImportDone:
        from app.errors import CancelledError, EvidenceVaultError
        from app.sanitize import for_display

        sizes = []
        for path in paths:
            try:
                sizes.append(max(0, path.stat().st_size))
            except OSError:
                sizes.append(0)
        total = max(1, sum(sizes))
        done_before = 0
        imported: list[str] = []
        failed: list[tuple[str, str]] = []
        progress = ProgressThrottle(ctx.progress)
        for path, size in zip(paths, sizes, strict=True):
            if ctx.cancelled():
                return ImportDone(tuple(imported), tuple(failed), True)
            base = done_before

            def report(done: int, _total: int, base: int = base) -> None:
                progress(min(1.0, (base + done) / total))

            try:
                attachment = attachments.attach(
                    ctx.session, testimony_id, path, progress=report, cancel=ctx.cancelled
                )
            except CancelledError:
                return ImportDone(tuple(imported), tuple(failed), True)
            except EvidenceVaultError as error:
                failed.append((for_display(path.name, limit=120), type(error).__name__))
            else:
                imported.append(attachment.id)
            done_before += size
        return ImportDone(tuple(imported), tuple(failed), False)

    return job


def read_for_display(blob_id: str, limit: int = MAX_DISPLAY_BYTES) -> Job:
    """The decrypted bytes of a blob (None when larger than ``limit``)."""

    def job(ctx: JobContext) -> bytes | None:
        return attachments.read_small(ctx.session, blob_id, limit)

    return job


def export_decrypted_copy(blob_id: str, destination: Path) -> Job:
    """Write the plaintext to ``destination`` (chosen by the user, after a warning)."""

    def job(ctx: JobContext) -> int:
        return attachments.export_decrypted_copy(
            ctx.session, blob_id, destination, cancel=ctx.cancelled
        )

    return job


@dataclass(frozen=True)
class CopyMade:
    copy_id: str
    removed: tuple[str, ...]  # what was taken out, as the custody event names it
    faces_blurred: int | None = None  # how many areas were blurred (None: not asked)


def make_working_copy(
    attachment_id: str, strip_location: bool, strip_device: bool, blur_faces: bool = False
) -> Job:
    """A working copy of a sealed original without its location and/or camera metadata,
    or (``blur_faces``) a photo re-encoded with its faces blurred and no metadata."""

    def job(ctx: JobContext) -> CopyMade:
        made = attachments.derive(
            ctx.session,
            attachment_id,
            strip_location=strip_location,
            strip_device=strip_device,
            blur_faces=blur_faces,
        )
        blurred = made.transformation.get("faces")
        return CopyMade(
            made.copy.id,
            tuple(made.transformation["removed"]),
            int(blurred["blurred"]) if blurred is not None else None,
        )

    return job


def remove_attachment(attachment_id: str) -> Job:
    """Remove an attachment from a draft (the custody log keeps its SHA-256 and name)."""

    def job(ctx: JobContext) -> str:
        return attachments.remove(ctx.session, attachment_id).id

    return job
