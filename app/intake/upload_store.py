"""tus upload storage that keeps each upload's bytes and recorded offset in agreement.

tuspyserver's ``LocalFileStorage`` buffers a PATCH body in memory, appends it with
``fsync`` and only then records the new offset, so the offset never claims bytes the
disk lacks. Two gaps remain, and this subclass closes both when it takes an upload's
lock (before any PATCH reads the offset):

- a process killed between the append and the offset update leaves the data file
  longer than the offset; a resumed PATCH would append after those stray bytes and
  silently corrupt the package. The file is cut back to the recorded offset;
- a PATCH refused part-way (its body ran past ``Upload-Length``) leaves its chunks in
  the in-memory buffer, and the next PATCH would flush them too. The buffer is dropped.

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
import json
from collections.abc import AsyncIterator, Callable
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tuspyserver.storage.local import LocalFileStorage

from app.platform import files

# The sidecar metadata key naming the device that created the upload.
OWNER_KEY = "device"


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
            if not self._is_finished(uid):
                await asyncio.to_thread(reconcile_upload, self._uploads_dir, uid)
            yield
