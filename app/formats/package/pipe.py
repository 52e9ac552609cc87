"""A bounded in-memory pipe: a package written by one thread, read by another.

The package writer pushes bytes (``write``); the vault's blob store pulls them
(``readinto``). Keeping a package in the vault for the sync outbox therefore needs no
temporary file: a producer thread writes the package into the pipe while the calling
thread encrypts it into a blob. At most ``depth`` writes (about 1 MiB each) wait in
between, so memory stays bounded. An error on either side reaches the other: the
producer's exception is raised by ``readinto``; a reader that stops makes the next
``write`` raise ``CancelledError``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TypeVar

from app.errors import CancelledError

T = TypeVar("T")
_EOF = object()
_POLL_SECONDS = 0.1


class PackagePipe:
    def __init__(self, depth: int = 8) -> None:
        self._queue: queue.Queue[object] = queue.Queue(depth)
        self._pending = memoryview(b"")
        self._finished = False
        self._abandoned = threading.Event()

    # -- producer side -------------------------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview, /) -> int:
        item = bytes(data)  # the writer reuses its buffers
        while True:
            if self._abandoned.is_set():
                raise CancelledError("The reader of the package stopped.")
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return len(item)
            except queue.Full:
                continue

    def flush(self) -> None:
        """Nothing buffered here; present because the age writer flushes its output."""

    def _finish(self, outcome: object) -> None:
        while not self._abandoned.is_set():
            try:
                self._queue.put(outcome, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    # -- reader side ---------------------------------------------------------------------

    def readinto(self, buffer: bytearray | memoryview) -> int:
        target = memoryview(buffer).cast("B")
        while not self._pending:
            if self._finished:
                return 0
            item = self._queue.get()
            if item is _EOF:
                self._finished = True
                return 0
            if isinstance(item, BaseException):
                self._finished = True
                raise item
            if not isinstance(item, bytes):
                raise TypeError("only bytes travel through the pipe")
            self._pending = memoryview(item)
        count = min(len(target), len(self._pending))
        target[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            parts = []
            while part := self.read(1 << 20):
                parts.append(part)
            return b"".join(parts)
        buffer = bytearray(size)
        return bytes(buffer[: self.readinto(buffer)])

    def abandon(self) -> None:
        self._abandoned.set()


def run_through_pipe(
    produce: Callable[[PackagePipe], T], consume: Callable[[PackagePipe], object]
) -> T:
    """Run ``produce(pipe)`` on a helper thread while ``consume(pipe)`` reads here.

    Returns what ``produce`` returned; re-raises the first error of either side.
    """
    pipe = PackagePipe()
    result: list[T] = []

    def producer() -> None:
        try:
            result.append(produce(pipe))
        except BaseException as error:  # handed to the reader, which re-raises it
            pipe._finish(error)
            return
        pipe._finish(_EOF)

    thread = threading.Thread(target=producer, name="package-writer", daemon=True)
    thread.start()
    try:
        consume(pipe)
    except BaseException:
        pipe.abandon()
        raise
    finally:
        thread.join()
    if not result:
        raise CancelledError("The package was not completed.")
    return result[0]
