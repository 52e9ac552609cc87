"""Audio sources for recording: the microphone through Qt Multimedia, or any byte stream.

Qt's recorder cannot write into a Python ``QIODevice`` (bytes arrive cut at the first NUL),
so :class:`MicrophoneSource` gives it the write end of an ``os.pipe()`` opened as an
unbuffered ``QFile``; a Python thread reads the other end and hands each piece to the
sink, which encrypts it into the vault. No file on disk ever holds the audio. The
format is ADTS AAC when the encoder offers it (frames are self-delimiting, so segments
join by concatenation), else FLAC, else WAV. A second, raw ``QAudioSource`` on the
same input feeds the level meter.

:class:`StreamSource` reads an already encoded stream (a pipe): tests inject a generated
tone through it, and it is the seam for other capture back ends.

Threads: objects live on the GUI thread; each source's reader thread calls the sink and
then emits ``capture_ended`` (queued to the GUI thread).
"""

from __future__ import annotations

import array
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from PySide6.QtCore import QFile, QIODevice, QObject, Signal

Sink = Callable[[bytes], None]
READ_SIZE = 64 * 1024


def peak_of_pcm16(data: bytes) -> float:
    """Peak level 0..1 of little-endian signed 16-bit samples."""
    usable = len(data) - len(data) % 2
    if usable <= 0:
        return 0.0
    samples = array.array("h")
    samples.frombytes(data[:usable])
    if sys.byteorder != "little":
        samples.byteswap()
    return min(1.0, max(abs(min(samples)), max(samples)) / 32768.0)


class CaptureSource(QObject):
    """Base of the sources: start/pause/resume/stop; bytes go to the sink."""

    level_measured = Signal(float)
    capture_ended = Signal()  # every byte has reached the sink
    capture_failed = Signal(str)
    # Milliseconds of audio the encoder has taken so far (sources that know it): the
    # microphone and encoder take a moment to start, so this, not the time since Record
    # was pressed, is what is being recorded.
    duration_reported = Signal(int)

    media_type = "audio/aac"
    reports_duration = False
    input_description = ""  # the input's sample format, for messages

    def start(self, sink: Sink) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def resume(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


def _pump_thread(read: Callable[[], bytes], sink: Sink, ended: Callable[[], None]) -> None:
    try:
        while True:
            data = read()
            if not data:
                break
            sink(data)
    finally:
        ended()


class StreamSource(CaptureSource):
    """Encoded audio read from a stream (a pipe); pausing drops what arrives meanwhile."""

    def __init__(self, stream: BinaryIO, media_type: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.media_type = media_type
        self._stream = stream
        self._paused = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._wav_header_left = 44 if media_type == "audio/wav" else 0

    def start(self, sink: Sink) -> None:
        def forward(data: bytes) -> None:
            if self._paused.is_set() or self._stopped.is_set():
                return
            sink(data)
            if self.media_type == "audio/wav":
                skip = min(self._wav_header_left, len(data))
                self._wav_header_left -= skip
                self.level_measured.emit(peak_of_pcm16(data[skip:]))

        def read() -> bytes:
            if self._stopped.is_set():
                return b""
            return self._stream.read1(READ_SIZE) if hasattr(self._stream, "read1") else (
                self._stream.read(READ_SIZE)
            )

        self._thread = threading.Thread(
            target=_pump_thread,
            args=(read, forward, self.capture_ended.emit),
            name="audio-stream",
            daemon=True,
        )
        self._thread.start()

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def stop(self) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._stream.close()


class MicrophoneSource(CaptureSource):
    """The default audio input, encoded by Qt, delivered through a pipe."""

    reports_duration = True

    def __init__(self, device: Any = None, parent: QObject | None = None) -> None:
        """Record ``device`` (a ``QAudioDevice``), by default the default audio input."""
        super().__init__(parent)
        from PySide6.QtMultimedia import (
            QAudioFormat,
            QAudioInput,
            QAudioSource,
            QMediaCaptureSession,
            QMediaDevices,
            QMediaFormat,
            QMediaRecorder,
        )

        if device is None:
            device = QMediaDevices.defaultAudioInput()
        if device.isNull():
            raise RuntimeError("no audio input")
        self._session = QMediaCaptureSession(self)
        self._input = QAudioInput(device, self)
        self._session.setAudioInput(self._input)
        self._recorder = QMediaRecorder(self)
        self._session.setRecorder(self._recorder)
        chosen = QMediaFormat()
        encodable = chosen.supportedFileFormats(QMediaFormat.ConversionMode.Encode)
        for file_format, codec, media_type in (
            (QMediaFormat.FileFormat.AAC, QMediaFormat.AudioCodec.AAC, "audio/aac"),
            (QMediaFormat.FileFormat.FLAC, QMediaFormat.AudioCodec.FLAC, "audio/flac"),
            (QMediaFormat.FileFormat.Wave, QMediaFormat.AudioCodec.Wave, "audio/wav"),
        ):
            if file_format in encodable:
                chosen.setFileFormat(file_format)
                chosen.setAudioCodec(codec)
                self.media_type = media_type
                break
        self._recorder.setMediaFormat(chosen)
        self._recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        # The encoder gets a rate and a channel count every encoder here takes, whatever
        # the input delivers (s16, s32 or float; 8 to 192 kHz; 1 to 8 channels): Qt
        # converts the input to them.
        preferred = device.preferredFormat()
        rate = preferred.sampleRate()
        self._recorder.setAudioSampleRate(rate if rate in (44100, 48000) else 48000)
        self._recorder.setAudioChannelCount(1 if preferred.channelCount() == 1 else 2)
        formats = {
            QAudioFormat.SampleFormat.UInt8: "u8",
            QAudioFormat.SampleFormat.Int16: "s16",
            QAudioFormat.SampleFormat.Int32: "s32",
            QAudioFormat.SampleFormat.Float: "float",
        }
        self.input_description = (
            f"{formats.get(preferred.sampleFormat(), '?')}, {rate} Hz, "
            f"{preferred.channelCount()} ch"
        )
        self._recorder.recorderStateChanged.connect(self._on_recorder_state_changed)
        self._recorder.errorOccurred.connect(self._on_recorder_error_occurred)
        self._recorder.durationChanged.connect(self.duration_reported.emit)
        meter_format = QAudioFormat()
        meter_format.setSampleRate(16000)
        meter_format.setChannelCount(1)
        meter_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._meter = QAudioSource(device, meter_format, self)
        self._meter_device: QIODevice | None = None
        self._pipe_file: QFile | None = None
        self._thread: threading.Thread | None = None
        self._read_fd = -1

    def start(self, sink: Sink) -> None:
        read_fd, write_fd = os.pipe()
        self._read_fd = read_fd
        self._pipe_file = QFile(self)
        mode = QIODevice.OpenModeFlag.WriteOnly | QIODevice.OpenModeFlag.Unbuffered
        if not self._pipe_file.open(write_fd, mode, QFile.FileHandleFlag.AutoCloseHandle):
            os.close(read_fd)
            os.close(write_fd)
            raise RuntimeError("cannot open the audio pipe")
        self._thread = threading.Thread(
            target=_pump_thread,
            args=(lambda: os.read(read_fd, READ_SIZE), sink, self._on_pipe_drained),
            name="audio-pipe",
            daemon=True,
        )
        self._thread.start()
        self._recorder.setOutputDevice(self._pipe_file)
        self._recorder.record()
        self._meter_device = self._meter.start()
        if self._meter_device is not None:
            self._meter_device.readyRead.connect(self._on_meter_ready_read)

    def _on_pipe_drained(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._read_fd)
        self.capture_ended.emit()

    def _on_meter_ready_read(self) -> None:
        if self._meter_device is not None:
            data = bytes(self._meter_device.readAll().data())
            self.level_measured.emit(peak_of_pcm16(data))

    def pause(self) -> None:
        self._recorder.pause()
        self._meter.suspend()

    def resume(self) -> None:
        self._recorder.record()
        self._meter.resume()

    def stop(self) -> None:
        self._meter.stop()
        self._recorder.stop()

    def _on_recorder_state_changed(self) -> None:
        from PySide6.QtMultimedia import QMediaRecorder

        stopped = self._recorder.recorderState() == QMediaRecorder.RecorderState.StoppedState
        # Closing the write end lets the reader thread see the end of the stream.
        if stopped and self._pipe_file is not None and self._pipe_file.isOpen():
            self._pipe_file.close()

    def _on_recorder_error_occurred(self) -> None:
        self.capture_failed.emit(self._recorder.errorString())
        self._on_recorder_state_changed()


def microphone_available() -> bool:
    from PySide6.QtMultimedia import QMediaDevices

    return not QMediaDevices.defaultAudioInput().isNull()
