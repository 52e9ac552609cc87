"""A read-only, seekable ``QIODevice`` over a blob's decrypting reader, for playback.

The media player reads the audio straight out of the vault, chunk by chunk, decrypting as
it goes; no plaintext copy exists anywhere. Qt may call ``readData`` from its own media
thread, so reads and seeks are serialised with a lock.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QIODevice, QObject


class VaultAudioDevice(QIODevice):
    def __init__(self, reader: Any, size: int, parent: QObject) -> None:
        super().__init__(parent)
        self._reader = reader
        self._size = size
        self._lock = threading.Lock()

    def isSequential(self) -> bool:  # noqa: N802 - Qt override
        return False

    def size(self) -> int:
        return self._size

    def seek(self, pos: int) -> bool:
        with self._lock:
            if self._reader is None or not 0 <= pos <= self._size:
                return False
            self._reader.seek(pos)
        return bool(super().seek(pos))

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 - Qt override
        with self._lock:
            if self._reader is None:
                return b""
            return bytes(self._reader.read(max(0, maxlen)))

    def writeData(self, data: bytes | bytearray | memoryview, size: int, /) -> int:  # noqa: N802 - Qt override
        return -1

    def bytesAvailable(self) -> int:  # noqa: N802 - Qt override
        return max(0, self._size - self.pos()) + int(super().bytesAvailable())

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        super().close()
