"""Records from the real default audio input (a PulseAudio source the test set up) while
``paplay`` plays a tone into it, then decodes the stored recording back from the vault.

    python -m tests.gui.live_audio_session WORK_DIR TONE_WAV SINK

Prints one JSON line: media type, seconds of sound, peak level and frequency heard.
"""

from __future__ import annotations

import array
import json
import queue
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from app.core import recording
from app.crypto.kdf import FLOOR
from app.gui.audio_capture import MicrophoneSource
from app.storage.vault import Vault

from .test_recording_core import PASSPHRASE, _testimony


def spin(condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def decode(vault: Vault, blob_id: str, size: int) -> tuple[list[int], int]:
    from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

    from app.gui.vault_audio_device import VaultAudioDevice

    holder = QApplication.instance()
    device = VaultAudioDevice(vault.blobs.open(blob_id), size, holder)
    device.open(VaultAudioDevice.OpenModeFlag.ReadOnly)
    decoder = QAudioDecoder()
    wanted = QAudioFormat()
    wanted.setSampleRate(16000)
    wanted.setChannelCount(1)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    decoder.setAudioFormat(wanted)
    decoder.setSourceDevice(device)
    samples: list[int] = []
    finished: list[bool] = []

    def take() -> None:
        buffer = decoder.read()
        data = array.array("h")
        data.frombytes(bytes(buffer.constData()[: buffer.byteCount()]))
        samples.extend(data)

    decoder.bufferReady.connect(take)
    decoder.finished.connect(lambda: finished.append(True))
    decoder.error.connect(lambda *_: finished.append(False))
    decoder.start()
    spin(lambda: bool(finished), 60)
    device.close()
    return samples, 16000


def main() -> None:
    work, tone, sink = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    app = QApplication(["live-audio"])
    vault, _key = Vault.create(work / "vault", PASSPHRASE, params=FLOOR)
    testimony_id = _testimony(vault, audio=True)
    source = MicrophoneSource()
    recording_id = recording.begin(vault.connection, testimony_id, media_type=source.media_type)
    stored: queue.Queue[recording.SegmentStored] = queue.Queue()
    writer = recording.SegmentWriter(vault.blobs, recording_id, stored.put, flush_seconds=0.5)
    ended: list[bool] = []
    source.capture_ended.connect(lambda: ended.append(True))

    def drain() -> None:
        while not stored.empty():
            recording.add_segment(vault.connection, vault.blobs, stored.get())

    source.start(writer.write)
    spin(lambda: writer.bytes_received > 0, 20)  # the encoder is running
    player = subprocess.Popen(["paplay", f"--device={sink}", str(tone)])
    spin(lambda: player.poll() is not None, 30)
    after = writer.bytes_received
    spin(lambda: writer.bytes_received > after + 4000, 20)  # the tail of the tone is in
    source.stop()
    spin(lambda: bool(ended), 20)
    writer.flush()
    drain()
    finished = recording.finish(vault.connection, vault.blobs, vault.device, recording_id)
    assert finished is not None
    samples, rate = decode(vault, *_blob_of(vault, finished.attachment_id))
    loud = [i for i, s in enumerate(samples) if abs(s) > 0.1 * 32768]
    first, last = (loud[0], loud[-1]) if loud else (0, 0)
    crossings = sum(
        1 for a, b in zip(samples[first:last], samples[first + 1 : last + 1], strict=True)
        if (a < 0) != (b < 0)
    )
    seconds = (last - first) / rate
    print(json.dumps({
        "media_type": source.media_type,
        "segments": finished.segments,
        "sound_seconds": seconds,
        "peak": max((abs(s) for s in samples), default=0) / 32768,
        "frequency": crossings / 2 / seconds if seconds else 0.0,
    }), flush=True)
    vault.lock()
    app.quit()


def _blob_of(vault: Vault, attachment_id: str) -> tuple[str, int]:
    row = vault.connection.execute(
        "SELECT blob_id, size FROM attachments WHERE id = ?", (attachment_id,)
    ).fetchone()
    return str(row[0]), int(row[1])


if __name__ == "__main__":
    main()
