"""Qt's FFmpeg media backend is asked for on every system before Qt Multimedia loads,
unless the user named another."""

from __future__ import annotations

import os

import pytest

from app.__main__ import main
from app.platform.media import pin_media_backend


def test_the_program_pins_the_ffmpeg_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_MEDIA_BACKEND", raising=False)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ["QT_MEDIA_BACKEND"] == "ffmpeg"


def test_a_backend_the_user_chose_is_kept() -> None:
    environ = {"QT_MEDIA_BACKEND": "gstreamer"}
    pin_media_backend(environ)
    assert environ == {"QT_MEDIA_BACKEND": "gstreamer"}
    empty: dict[str, str] = {}
    pin_media_backend(empty)
    assert empty == {"QT_MEDIA_BACKEND": "ffmpeg"}
