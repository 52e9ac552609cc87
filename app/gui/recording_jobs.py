"""Vault-side steps of a recording, and opening stored audio for playback.

Two objects cross from the worker thread here, on purpose and documented: the vault's
``BlobStore`` (the audio thread writes segments into it; the store is made for writes from
any thread and never touches the database) and a blob's decrypting reader for playback
(owned by one ``QIODevice`` from then on). Everything else is ids and frozen dataclasses.
Bodies run on the vault worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.gui.vault_worker import Job, JobContext
from app.services import attachments, recordings


@dataclass(frozen=True)
class RecordingStarted:
    recording_id: str
    blobs: Any  # app.storage.blobs.BlobStore


def begin_recording(testimony_id: str, media_type: str) -> Job:
    def job(ctx: JobContext) -> RecordingStarted:
        recording_id, blobs = recordings.begin(ctx.session, testimony_id, media_type)
        return RecordingStarted(recording_id, blobs)

    return job


def add_segment(segment: Any) -> Job:
    def job(ctx: JobContext) -> None:
        recordings.add_segment(ctx.session, segment)

    return job


def finish_recording(recording_id: str) -> Job:
    def job(ctx: JobContext) -> Any:
        return recordings.finish(ctx.session, recording_id)

    return job


def open_audio(blob_id: str) -> Job:
    def job(ctx: JobContext) -> Any:
        return attachments.open_media(ctx.session, blob_id)

    return job
