"""tus upload storage that keeps each upload's bytes and recorded offset in agreement.

tuspyserver's ``LocalFileStorage`` buffers a whole PATCH body in memory (and copies it
once more to write it), appends it with ``fsync`` and only then records the new offset,
so the offset never claims bytes the disk lacks. This subclass writes the body to the
data file as it arrives instead, about 1 MiB at a time (``WRITE_BATCH``), and keeps the
rest of that order: ``fsync``, then the offset. What a PATCH holds in memory is one batch,
whatever its length, so the server's memory does not grow with the PATCH body limit.
A failed write or ``fsync`` (a full disk) refuses the request (507, 500) instead of
letting tuspyserver record bytes that did not reach the disk.

Bytes written before their offset was recorded are stray bytes, and they are cut off
when this subclass takes an upload's lock (before any PATCH reads the offset):

- a process killed (or a write that failed) between the append and the offset update
  leaves the data file longer than the offset; a resumed PATCH would append after those
  stray bytes and silently corrupt the package. The file is cut back to the recorded
  offset;
- a PATCH refused part-way (its body ran past ``Upload-Length``) leaves its last chunks
  in the batch not yet written, and the next PATCH would write them too. The batch is
  dropped (and what it had written is cut off as above).

``server.recover`` applies the same repair to every upload at start-up.

Expiry slides: each time the sidecar is written (creation, every PATCH) its ``expires``
moves to ``keep_for`` from now, so an upload that trickles in over weeks of short
connections stays alive while it makes progress. (tuspyserver fixes it at creation.)
The first write also records the device that created the upload (``OWNER_KEY`` in the
metadata); the server answers every other device 404 for it.
Methods run on the event loop and move file work to threads, as the base class does.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import errno
import json
from collections.abc import AsyncIterator, Callable
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from fastapi import HTTPException
from tuspyserver.storage.local import LocalFileStorage

from app.platform import files

# The sidecar metadata key naming the device that created the upload.
OWNER_KEY = "device"
# A PATCH body is written to the data file each time this much of it has arrived.
WRITE_BATCH = 1024 * 1024


def reconcile_upload(uploads_dir: Path, upload_id: str) -> None:
    """Cut an unfinished upload's data back to its recorded offset (caller holds the lock)."""
    data = uploads_dir / upload_id
    sidecar = uploads_dir / f"{upload_id}.info"
    try:
        info = json.loads(sidecar.read_bytes().decode("utf-8"))
        recorded = int(info["offset"])
        on_disk = data.stat().st_size
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return  # nothing to repair, or tuspyserver answers 404 for it anyway
    if on_disk > recorded:
        with data.open("r+b") as handle:
            handle.truncate(recorded)
            handle.flush()
            files.fsync_file(handle.fileno())
    elif on_disk < recorded:
        # Only reachable if the data file lost bytes behind our back; claim no more
        # than the disk holds so the client resends the rest.
        info["offset"] = on_disk
        partial = sidecar.with_name(sidecar.name + ".tmp")
        with partial.open("w", encoding="utf-8") as handle:
            json.dump(info, handle)
            handle.flush()
            files.fsync_file(handle.fileno())
        files.replace(partial, sidecar)


class ConsistentFileStorage(LocalFileStorage):
    """``LocalFileStorage`` that repairs an upload whenever it is locked for a PATCH."""

    def __init__(
        self,
        uploads_dir: Path,
        is_finished: Callable[[str], bool],
        keep_for: datetime.timedelta,
        requesting_device: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(str(uploads_dir))
        self._uploads_dir = uploads_dir
        self._is_finished = is_finished
        self._keep_for = keep_for
        self._requesting_device = requesting_device
        # Uploads with bytes written since their last fsync.
        self._unsynced: set[str] = set()

    async def append(self, uid: str, chunk: bytes) -> None:
        pending = self._pending[uid]
        pending.extend(chunk)
        if len(pending) >= WRITE_BATCH:
            await self._write(uid, sync=False)

    async def flush(self, uid: str) -> None:
        """What is left of the body to the file, then ``fsync``: after this returns,
        tuspyserver records the new offset."""
        await self._write(uid, sync=True)

    async def _write(self, uid: str, *, sync: bool) -> None:
        pending = self._pending.pop(uid, None)
        if not pending and not (sync and uid in self._unsynced):
            return
        path = Path(self.location(uid))  # checks that the id stays inside the folder

        def write() -> None:
            with path.open("ab") as handle:
                if pending:
                    handle.write(pending)
                if sync:
                    handle.flush()
                    files.fsync_file(handle.fileno())  # F_FULLFSYNC on macOS

        self._unsynced.add(uid)
        try:
            await asyncio.to_thread(write)
        except OSError as error:
            # Raised as HTTPException, tuspyserver records nothing (any other exception
            # would have it record the bytes received as stored); the next lock cuts
            # what did reach the file.
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            raise HTTPException(
                status_code=507 if full else 500,
                detail="The server could not store the upload; try again later.",
                headers={"Tus-Resumable": "1.0.0"},
            ) from None
        if sync:
            self._unsynced.discard(uid)

    async def write_info(self, uid: str, data: dict[str, Any]) -> None:
        until = datetime.datetime.now(datetime.UTC) + self._keep_for
        changed = {**data, "expires": format_datetime(until, usegmt=True)}
        metadata = data.get("metadata")
        if isinstance(metadata, dict) and OWNER_KEY not in metadata:
            # Only at creation (the key stays from then on, and a client may not send
            # it): the device whose request created the upload owns it.
            device = self._requesting_device()
            if device is not None:
                changed["metadata"] = {**metadata, OWNER_KEY: device}
        await super().write_info(uid, changed)

    # tuspyserver types lock() as returning AsyncIterator although its own backends (and
    # its callers) use an async context manager, as this one is.
    @contextlib.asynccontextmanager
    async def lock(self, uid: str) -> AsyncIterator[None]:  # type: ignore[override]
        async with super().lock(uid):
            # Anything still buffered belongs to a refused or crashed PATCH.
            self._pending.pop(uid, None)
            self._unsynced.discard(uid)
            if not self._is_finished(uid):
                await asyncio.to_thread(reconcile_upload, self._uploads_dir, uid)
            yield
