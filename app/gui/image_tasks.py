"""Decoding images from decrypted bytes in memory, off the GUI thread.

``QImage`` (unlike ``QPixmap``) may be used on any thread, so thumbnails are decoded and
scaled on the global ``QThreadPool`` and handed back by a queued signal. Nothing here
writes a file: Qt has no disk cache for ``QImage.fromData``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage

THUMBNAIL_SIZE = QSize(128, 128)


class _Relay(QObject):
    thumbnail_decoded = Signal(str, QImage)


class _ThumbnailTask(QRunnable):
    def __init__(self, key: str, data: bytes, relay: _Relay) -> None:
        super().__init__()
        self._key = key
        self._data = data
        self._relay = relay

    def run(self) -> None:
        image = QImage.fromData(self._data)
        self._data = b""
        if not image.isNull():
            image = image.scaled(
                THUMBNAIL_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._relay.thumbnail_decoded.emit(self._key, image)


class ThumbnailMaker(QObject):
    """Emits ``thumbnail_decoded(key, image)`` on the GUI thread (a null image on failure)."""

    thumbnail_decoded = Signal(str, QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.thumbnail_decoded.connect(self.thumbnail_decoded)

    def make(self, key: str, data: bytes) -> None:
        QThreadPool.globalInstance().start(_ThumbnailTask(key, data, self._relay))
