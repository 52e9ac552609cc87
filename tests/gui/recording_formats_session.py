"""Records through the real window from each of several PulseAudio sources (one per
sample format, rate and channel count, set up by tests/gui/test_recording_formats.py),
while ``paplay`` plays a tone into the sink each source listens to; then decodes every
stored recording back from the vault.

    python -m tests.gui.recording_formats_session WORK_DIR TONE_WAV SOURCE...

A SOURCE is ``SINK=SOURCE_NAME``. Prints one JSON line per source: the attachment's
media type, the recorder's last status, the seconds of sound decoded, the peak level
and the frequency heard.
"""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop

from app.crypto.kdf import FLOOR
from app.gui.application import build_application
from app.storage.vault import Vault

from .test_recording_core import PASSPHRASE, _testimony

RATE = 16000


def spin(condition: Any, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def wait(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    spin(lambda: time.monotonic() > deadline, seconds + 5)


def decode(data: bytes) -> list[int]:
    """The recording as 16 kHz mono 16-bit samples, decoded by Qt (FFmpeg)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    decoder = QAudioDecoder()
    wanted = QAudioFormat()
    wanted.setSampleRate(RATE)
    wanted.setChannelCount(1)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    decoder.setAudioFormat(wanted)
    decoder.setSourceDevice(buffer)
    samples: list[int] = []
    finished: list[bool] = []

    def take() -> None:
        chunk = decoder.read()
        pcm = array.array("h")
        pcm.frombytes(bytes(chunk.constData()[: chunk.byteCount()]))
        samples.extend(pcm)

    decoder.bufferReady.connect(take)
    decoder.finished.connect(lambda: finished.append(True))
    decoder.error.connect(lambda *_: finished.append(False))
    decoder.start()
    spin(lambda: bool(finished), 60)
    return samples


def heard(samples: list[int]) -> dict[str, float]:
    loud = [i for i, s in enumerate(samples) if abs(s) > 0.1 * 32768]
    first, last = (loud[0], loud[-1]) if loud else (0, 0)
    crossings = sum(
        1
        for a, b in zip(samples[first:last], samples[first + 1 : last + 1], strict=True)
        if (a < 0) != (b < 0)
    )
    seconds = (last - first) / RATE
    middle = samples[first + RATE // 2 : last - RATE // 2]
    return {
        "sound_seconds": seconds,
        "decoded_seconds": len(samples) / RATE,
        "peak": max((abs(s) for s in middle), default=0) / 32768,
        "frequency": crossings / 2 / seconds if seconds else 0.0,
    }


def main() -> None:
    work, tone = Path(sys.argv[1]), Path(sys.argv[2])
    pairs = [item.split("=", 1) for item in sys.argv[3:]]
    folder = work / "vault"
    vault, _key = Vault.create(folder, PASSPHRASE, params=FLOOR)
    testimony_id = _testimony(vault, audio=True)
    vault.lock()

    from PySide6.QtMultimedia import QMediaDevices

    from app.gui.audio_capture import MicrophoneSource

    chosen: list[Any] = [None]
    gui = build_application(
        ["recording-formats"], folder=folder, kdf_params=FLOOR, language="en",
        audio_source_factory=lambda: MicrophoneSource(chosen[0]),
    )  # fmt: skip
    gui.window.show()
    page = gui.window.unlock_page
    assert page is not None
    page.secret.setText(PASSPHRASE)
    page.unlock_button.click()
    spin(lambda: gui.window.workspace is not None, 30)
    workspace = gui.window.workspace
    assert workspace is not None
    workspace.open_testimony(testimony_id)
    editor = workspace.editor
    spin(lambda: editor.opened is not None, 10)
    recorder = editor.recorder
    spin(lambda: recorder.record_button.isEnabled(), 10)

    for sink, source_name in pairs:
        spin(lambda: any(d.id().data().decode() == source_name  # noqa: B023 - spun here
                         for d in QMediaDevices.audioInputs()), 10)  # fmt: skip
        [device] = [d for d in QMediaDevices.audioInputs() if d.id().data().decode() == source_name]
        chosen[0] = device
        finished: list[str] = []
        levels: list[int] = []
        recorder.recording_finished.connect(finished.append)
        recorder.level.valueChanged.connect(levels.append)
        recorder.record_button.click()
        spin(lambda: recorder._writer is not None and recorder._writer.bytes_received > 0, 30)
        player = subprocess.Popen(["paplay", f"--device={sink}", str(tone)])
        if os.environ.get("PAUSE_AT"):
            wait(float(os.environ["PAUSE_AT"]))
            recorder.pause_button.click()
            print("paused:", recorder.status.text(), file=sys.stderr)
            wait(1.0)
            recorder.pause_button.click()
        spin(lambda: player.poll() is not None, 60)  # noqa: B023 - spun here
        writer = recorder._writer
        after = writer.bytes_received if writer is not None else 0
        spin(lambda: writer is None or writer.bytes_received > after + 2000, 20)  # noqa: B023
        recorder.stop_button.click()
        spin(lambda: bool(finished), 60)  # noqa: B023 - spun here
        recorder.recording_finished.disconnect(finished.append)
        recorder.level.valueChanged.disconnect(levels.append)
        result: dict[str, Any] = {
            "source": source_name,
            "status": recorder.status.text(),
            "attachment": finished[0],
            "level": max(levels, default=0),
            "elapsed_seconds": recorder.elapsed_ms() / 1000,
        }
        if finished[0]:
            data, media_type = _read_attachment(gui, finished[0])
            result["media_type"] = media_type
            result.update(heard(decode(data)))
        print(json.dumps(result), flush=True)
    gui.window.close()
    gui.client.shutdown()


def _read_attachment(gui: Any, attachment_id: str) -> tuple[bytes, str]:
    got: list[tuple[bytes, str]] = []

    def read(ctx: Any) -> tuple[bytes, str]:
        row = ctx.session.connection.execute(
            "SELECT blob_id, media_type FROM attachments WHERE id = ?", (attachment_id,)
        ).fetchone()
        reader = ctx.session.blobs.open(str(row[0]))
        try:
            return bytes(reader.read()), str(row[1])
        finally:
            reader.close()

    gui.client.submit(read, on_done=got.append)
    spin(lambda: bool(got), 30)
    return got[0]


if __name__ == "__main__":
    main()
