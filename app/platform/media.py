"""Qt's media backend, the same on every system.

The recorder pipes encoded audio into a QFile through ``QMediaRecorder``; that path is
built and tested against Qt's FFmpeg backend. Qt would pick Media Foundation on Windows
or AVFoundation on macOS where their plugins exist, so the backend is named before Qt
Multimedia loads (``QT_MEDIA_BACKEND``), and the bundle ships only FFmpeg's plugin.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

BACKEND = "ffmpeg"


def pin_media_backend(environ: MutableMapping[str, str] | None = None) -> None:
    """Ask Qt for its FFmpeg media backend unless the user chose one explicitly."""
    environ = os.environ if environ is None else environ
    environ.setdefault("QT_MEDIA_BACKEND", BACKEND)

