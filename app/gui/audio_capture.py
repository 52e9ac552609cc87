"""Audio sources for recording: the microphone through Qt Multimedia, or any byte stream.

Qt's recorder cannot write into a Python ``QIODevice`` (bytes arrive cut at the first NUL),
so :class:`EncoderPipe` gives it the write end of an ``os.pipe()`` opened as an
unbuffered ``QFile``; a Python thread reads the other end and hands each piece to the
sink, which encrypts it into the vault. No file on disk ever holds the audio. The
format is ADTS AAC when the encoder offers it (frames are self-delimiting, so segments
join by concatenation), else FLAC, else WAV. A second, raw ``QAudioSource`` on the
same input feeds the level meter. :class:`ToneSource` feeds the same encoder and pipe a
generated tone through ``QAudioBufferInput``: the self-test proves the encoder path with
it on any system, microphone or not. Where Qt Multimedia or its backend cannot load,
the sources raise :class:`MediaBackendUnavailableError`.

:class:`StreamSource` reads an already encoded stream (a pipe): tests inject a generated
tone through it, and it is the seam for other capture back ends.

Threads: objects live on the GUI thread; each source's reader thread calls the sink and
then emits ``capture_ended`` (queued to the GUI thread).
"""

from __future__ import annotations

import array
import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


class MediaBackendUnavailableError(RuntimeError):
    """Qt Multimedia or its FFmpeg backend could not load (Windows "N" editions without
    the Media Feature Pack lack the system media libraries it needs), or it offers no
    encoder we can write: recording is impossible, everything else still works."""


def _multimedia() -> Any:
    try:
        from PySide6 import QtMultimedia
    except ImportError as error:  # the module itself or a library it links is missing
        raise MediaBackendUnavailableError(str(error)) from error
    return QtMultimedia


class EncoderPipe(QObject):
    """Qt's encoder writing into a pipe, whatever feeds it.

    Owns the ``QMediaCaptureSession`` and ``QMediaRecorder`` and the pipe: the input is
    the microphone's ``QAudioInput`` or a ``QAudioBufferInput`` of generated audio (the
    self-test), so both go through exactly the same encoder and pipe. A reader thread
    hands the encoded bytes to the sink.
    """

    ended = Signal()  # every byte has reached the sink
    failed = Signal(str)
    duration_reported = Signal(int)

    def __init__(
        self, audio_input: Any, sample_rate: int, channel_count: int,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        multimedia = _multimedia()
        media_format = multimedia.QMediaFormat
        self._session = multimedia.QMediaCaptureSession(self)
        if isinstance(audio_input, multimedia.QAudioBufferInput):
            self._session.setAudioBufferInput(audio_input)
        else:
            self._session.setAudioInput(audio_input)
        self._recorder = multimedia.QMediaRecorder(self)
        self._session.setRecorder(self._recorder)
        chosen = media_format()
        encodable = chosen.supportedFileFormats(media_format.ConversionMode.Encode)
        self.media_type = ""
        for file_format, codec, media_type in (
            (media_format.FileFormat.AAC, media_format.AudioCodec.AAC, "audio/aac"),
            (media_format.FileFormat.FLAC, media_format.AudioCodec.FLAC, "audio/flac"),
            (media_format.FileFormat.Wave, media_format.AudioCodec.Wave, "audio/wav"),
        ):
            if file_format in encodable:
                chosen.setFileFormat(file_format)
                chosen.setAudioCodec(codec)
                self.media_type = media_type
                break
        if not self.media_type:
            # No backend loaded (Qt lists formats only from a working one).
            raise MediaBackendUnavailableError("the media backend offers no audio encoder")
        self._recorder.setMediaFormat(chosen)
        self._recorder.setQuality(multimedia.QMediaRecorder.Quality.HighQuality)
        self._recorder.setAudioSampleRate(sample_rate)
        self._recorder.setAudioChannelCount(channel_count)
        self._recorder.recorderStateChanged.connect(self._on_recorder_state_changed)
        self._recorder.errorOccurred.connect(self._on_recorder_error_occurred)
        self._recorder.durationChanged.connect(self.duration_reported.emit)
        self._stopped_state = multimedia.QMediaRecorder.RecorderState.StoppedState
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

    def _on_pipe_drained(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._read_fd)
        self.ended.emit()

    def pause(self) -> None:
        self._recorder.pause()

    def resume(self) -> None:
        self._recorder.record()

    def stop(self) -> None:
        self._recorder.stop()

    def _on_recorder_state_changed(self) -> None:
        stopped = self._recorder.recorderState() == self._stopped_state
        # Closing the write end lets the reader thread see the end of the stream.
        if stopped and self._pipe_file is not None and self._pipe_file.isOpen():
            self._pipe_file.close()

    def _on_recorder_error_occurred(self) -> None:
        self.failed.emit(self._recorder.errorString())
        self._on_recorder_state_changed()


class MicrophoneSource(CaptureSource):
    """The default audio input, encoded by Qt, delivered through a pipe."""

    reports_duration = True

    def __init__(self, device: Any = None, parent: QObject | None = None) -> None:
        """Record ``device`` (a ``QAudioDevice``), by default the default audio input."""
        super().__init__(parent)
        multimedia = _multimedia()
        audio_format = multimedia.QAudioFormat
        if device is None:
            device = multimedia.QMediaDevices.defaultAudioInput()
        if device.isNull():
            raise RuntimeError("no audio input")
        self._input = multimedia.QAudioInput(device, self)
        # The encoder gets a rate and a channel count every encoder here takes, whatever
        # the input delivers (s16, s32 or float; 8 to 192 kHz; 1 to 8 channels): Qt
        # converts the input to them.
        preferred = device.preferredFormat()
        rate = preferred.sampleRate()
        self._encoder = EncoderPipe(
            self._input,
            rate if rate in (44100, 48000) else 48000,
            1 if preferred.channelCount() == 1 else 2,
            self,
        )
        self.media_type = self._encoder.media_type
        formats = {
            audio_format.SampleFormat.UInt8: "u8",
            audio_format.SampleFormat.Int16: "s16",
            audio_format.SampleFormat.Int32: "s32",
            audio_format.SampleFormat.Float: "float",
        }
        self.input_description = (
            f"{formats.get(preferred.sampleFormat(), '?')}, {rate} Hz, "
            f"{preferred.channelCount()} ch"
        )
        self._encoder.failed.connect(self.capture_failed.emit)
        self._encoder.ended.connect(self.capture_ended.emit)
        self._encoder.duration_reported.connect(self.duration_reported.emit)
        meter_format = audio_format()
        meter_format.setSampleRate(16000)
        meter_format.setChannelCount(1)
        meter_format.setSampleFormat(audio_format.SampleFormat.Int16)
        self._meter = multimedia.QAudioSource(device, meter_format, self)
        self._meter_device: QIODevice | None = None

    def start(self, sink: Sink) -> None:
        self._encoder.start(sink)
        self._meter_device = self._meter.start()
        if self._meter_device is not None:
            self._meter_device.readyRead.connect(self._on_meter_ready_read)

    def _on_meter_ready_read(self) -> None:
        if self._meter_device is not None:
            data = bytes(self._meter_device.readAll().data())
            self.level_measured.emit(peak_of_pcm16(data))

    def pause(self) -> None:
        self._encoder.pause()
        self._meter.suspend()

    def resume(self) -> None:
        self._encoder.resume()
        self._meter.resume()

    def stop(self) -> None:
        self._meter.stop()
        self._encoder.stop()


def tone_pcm16(frequency: float, rate: int, first: int, count: int) -> bytes:
    """``count`` mono samples of a sine at half scale from sample ``first``, s16 LE."""
    samples = array.array(
        "h",
        (
            round(16384 * math.sin(2 * math.pi * frequency * (first + i) / rate))
            for i in range(count)
        ),
    )
    if sys.byteorder != "little":
        samples.byteswap()
    return samples.tobytes()


class ToneSource(CaptureSource):
    """A generated tone fed to Qt's encoder through ``QAudioBufferInput``: the
    microphone's encoder and pipe, without a microphone (the self-test). It ends by
    itself after ``seconds``."""

    reports_duration = True
    RATE = 48000
    CHUNK = RATE // 10  # samples per buffer handed to the encoder

    def __init__(
        self, seconds: float = 1.0, frequency: float = 440.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        multimedia = _multimedia()
        self._audio_buffer = multimedia.QAudioBuffer
        self._format = multimedia.QAudioFormat()
        self._format.setSampleRate(self.RATE)
        self._format.setChannelCount(1)
        self._format.setSampleFormat(multimedia.QAudioFormat.SampleFormat.Int16)
        # Created without a format on purpose: given one up front, Qt 6.11's FFmpeg
        # backend never reports that it can take a buffer; without, it learns the
        # format from the first buffer.
        self._input = multimedia.QAudioBufferInput(self)
        self._encoder = EncoderPipe(self._input, self.RATE, 1, self)
        self.media_type = self._encoder.media_type
        self.input_description = f"s16, {self.RATE} Hz, 1 ch (generated {frequency:g} Hz)"
        self._frequency = frequency
        self._total = round(seconds * self.RATE)
        self._sent = 0
        self._paused = False
        self._stopping = False
        self._encoder.failed.connect(self.capture_failed.emit)
        self._encoder.ended.connect(self.capture_ended.emit)
        self._encoder.duration_reported.connect(self.duration_reported.emit)
        self._input.readyToSendAudioBuffer.connect(self._send)

    @property
    def samples_sent(self) -> int:
        return self._sent

    def start(self, sink: Sink) -> None:
        self._encoder.start(sink)
        self._send()  # the first buffer tells the encoder the format

    def _send(self) -> None:
        while not self._paused and not self._stopping and self._sent < self._total:
            count = min(self.CHUNK, self._total - self._sent)
            pcm = tone_pcm16(self._frequency, self.RATE, self._sent, count)
            start_us = self._sent * 1_000_000 // self.RATE
            if not self._input.sendAudioBuffer(self._audio_buffer(pcm, self._format, start_us)):
                return  # the encoder is full: readyToSendAudioBuffer asks again
            self._sent += count
            self.level_measured.emit(peak_of_pcm16(pcm))
        if self._sent >= self._total and not self._stopping:
            self.stop()

    def pause(self) -> None:
        self._paused = True
        self._encoder.pause()

    def resume(self) -> None:
        self._paused = False
        self._encoder.resume()
        self._send()

    def stop(self) -> None:
        self._stopping = True
        self._encoder.stop()


def load_media_backend() -> None:
    """Load Qt Multimedia, its media backend and the list of inputs now. The first time
    this holds the calling (GUI) thread for about a tenth of a second; done while an
    unlock's key derivation runs on the vault thread, it is not done again when Record
    is pressed, where it stalled the window. Failing quietly here is right: the
    recorder says why when someone records."""
    with contextlib.suppress(MediaBackendUnavailableError, RuntimeError, OSError):
        multimedia = _multimedia()
        multimedia.QMediaDevices.defaultAudioInput()
        multimedia.QMediaFormat().supportedFileFormats(
            multimedia.QMediaFormat.ConversionMode.Encode
        )


def microphone_available() -> bool:
    return not _multimedia().QMediaDevices.defaultAudioInput().isNull()


@dataclass(frozen=True)
class ToneRecorded:
    media_type: str
    duration_ms: int  # what the encoder said it took
    samples_sent: int


@contextlib.contextmanager
def quiet_media_log() -> Iterator[None]:
    """Qt Multimedia's log categories (backend chosen, libraries not found, muxer used)
    off while inside: informational, and they fill stderr during a headless check."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules("qt.multimedia*=false")
    try:
        yield
    finally:
        QLoggingCategory.setFilterRules("")


def record_generated_tone(
    open_sink: Callable[[str], Sink], seconds: float = 1.0, *, timeout: float = 30.0
) -> ToneRecorded:
    """Record ``seconds`` of a 440 Hz tone through :class:`ToneSource` into the sink
    ``open_sink(media_type)`` gives, running Qt's event loop until every byte arrived.

    Headless: without a Qt application a bare ``QCoreApplication`` is made for the time
    of the recording and shut down after, so a window built later can still make its
    own ``QApplication``.
    """
    from PySide6.QtCore import QCoreApplication, QEventLoop

    own = QCoreApplication.instance() is None
    app = QCoreApplication(["evidence-vault"]) if own else QCoreApplication.instance()
    try:
        source = ToneSource(seconds)
        ended = threading.Event()
        failures: list[str] = []
        durations = [0]
        source.capture_ended.connect(ended.set)
        source.capture_failed.connect(failures.append)
        source.duration_reported.connect(lambda ms: durations.append(int(ms)))
        source.start(open_sink(source.media_type))
        deadline = time.monotonic() + timeout
        while not ended.is_set():
            if time.monotonic() > deadline:
                source.stop()
                raise RuntimeError(f"the encoder did not finish in {timeout:g} s")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if failures:
            raise RuntimeError(f"the encoder failed: {failures[0]}")
        recorded = ToneRecorded(source.media_type, max(durations), source.samples_sent)
        source.deleteLater()
        del source
        return recorded
    finally:
        if own and app is not None:
            app.shutdown()


# The system's answer about the microphone (macOS asks the person once; Linux and
# Windows desktop programs are granted by Qt without asking).
MICROPHONE_GRANTED = "granted"
MICROPHONE_DENIED = "denied"
MICROPHONE_UNDETERMINED = "undetermined"


def microphone_permission() -> str:
    """Whether this program may use the microphone, without asking."""
    from PySide6.QtCore import QCoreApplication, QMicrophonePermission, Qt

    app = QCoreApplication.instance()
    if app is None:
        return MICROPHONE_UNDETERMINED
    status = app.checkPermission(QMicrophonePermission())
    if status == Qt.PermissionStatus.Granted:
        return MICROPHONE_GRANTED
    if status == Qt.PermissionStatus.Denied:
        return MICROPHONE_DENIED
    return MICROPHONE_UNDETERMINED


def request_microphone_permission(context: QObject, answer: Callable[[bool], None]) -> None:
    """Ask the system (macOS shows its dialog once); ``answer(granted)`` comes later on
    ``context``'s thread, and never if ``context`` is gone by then."""
    from PySide6.QtCore import QCoreApplication, QMicrophonePermission, Qt

    app = QCoreApplication.instance()
    if app is None:
        answer(False)
        return
    app.requestPermission(
        QMicrophonePermission(),
        context,
        lambda permission: answer(permission.status() == Qt.PermissionStatus.Granted),
    )
