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


@dataclass(frozen=True)
class RecordingStarted:
    recording_id: str
    blobs: Any  # app.storage.blobs.BlobStore


def begin_recording(testimony_id: str, media_type: str) -> Job:
    def job(ctx: JobContext) -> RecordingStarted:
        from app.core import recording

        vault = ctx.vault
        recording_id = recording.begin(vault.connection, testimony_id, media_type=media_type)
        return RecordingStarted(recording_id, vault.blobs)

    return job


def add_segment(segment: Any) -> Job:
    def job(ctx: JobContext) -> None:
        from app.core import recording

        recording.add_segment(ctx.vault.connection, ctx.vault.blobs, segment)

    return job


def finish_recording(recording_id: str) -> Job:
    def job(ctx: JobContext) -> Any:
        from app.core import recording

        vault = ctx.vault
        return recording.finish(vault.connection, vault.blobs, vault.device, recording_id)

    return job


def open_audio(blob_id: str) -> Job:
    def job(ctx: JobContext) -> Any:
        return ctx.vault.blobs.open(blob_id)

    return job
