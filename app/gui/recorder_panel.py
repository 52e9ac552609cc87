"""Recording the interview and playing recordings back, inside the testimony editor.

Recording: consent to audio recording is checked first (here and again in core); the
draft is saved so the vault holds that consent; then the source's bytes go through a
:class:`SegmentWriter` into encrypted segments, each registered on the vault worker as
soon as it is on disk. Stop joins them into one attachment. Locking mid-recording stops
the capture; what was stored is finished at the next unlock.

Playback: the chosen audio attachment is read through :class:`VaultAudioDevice`, so the
player decrypts as it plays and seeks without a plaintext copy. GUI thread.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.core import recording as recording_core
from app.gui import audio_capture, recording_jobs
from app.gui.attachment_jobs import AttachmentView
from app.gui.audio_capture import CaptureSource, MediaBackendUnavailableError
from app.gui.messages import failure_text
from app.gui.recording_jobs import RecordingStarted
from app.gui.vault_worker import JobFailure, VaultClient
from app.gui.widgets import POLITE, StatusLabel

SourceFactory = Callable[[], CaptureSource]
HEARD_LEVEL = 0.02  # a meter peak above this is sound, not the noise floor
ENCODER_GRACE_MS = 4000  # sound this long with no encoded byte: the user is told


def _clock_text(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _SegmentRelay(QObject):
    """Carries stored segments from the audio thread to the GUI thread."""

    segment_stored = Signal(object)


class RecorderPanel(QGroupBox):
    recording_started = Signal()
    recording_finished = Signal(str)  # attachment id ("" when nothing was recorded)
    segment_registered = Signal(int)

    def __init__(
        self,
        client: VaultClient,
        source_factory: SourceFactory | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Audio recording"), parent)
        self.client = client
        self.source_factory = source_factory
        self.testimony_id = ""
        self.consent_given = False
        self.read_only = False
        self.before_start: Callable[[], None] = lambda: None
        # The system's microphone permission (macOS asks once), injectable for tests.
        self.microphone_permission: Callable[[], str] = audio_capture.microphone_permission
        self.request_microphone_permission: Callable[
            [QObject, Callable[[bool], None]], None
        ] = audio_capture.request_microphone_permission
        self.platform = sys.platform
        self._asking_permission = False
        self._source: CaptureSource | None = None
        self._writer: recording_core.SegmentWriter | None = None
        self._recording_id = ""
        self._paused = False
        self._finishing = False
        self._elapsed_before = 0
        self._clock = QElapsedTimer()
        self._recorded_ms: int | None = None  # what the source says it has encoded
        self._relay = _SegmentRelay()
        self._relay.segment_stored.connect(self._on_relay_segment_stored)
        self.segments_registered = 0
        self._heard = 0.0  # the loudest peak the meter showed in this recording
        self._failure = ""  # why the encoder stopped, when it said so
        self._encoder_silent_told = False

        self.record_button = QPushButton(self.tr("Record"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setMaximumHeight(12)
        self.level.setAccessibleName(self.tr("Input level"))
        self.elapsed = StatusLabel(self.tr("Recording time"), _clock_text(0))
        self.status = StatusLabel(
            self.tr("Recording status"), announce=POLITE
        )
        self.status.setWordWrap(True)
        self._consent_text = self.tr(
            "Recording needs the consent to audio recording, ticked above."
        )
        controls = QHBoxLayout()
        controls.addWidget(self.record_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.level, 1)
        controls.addWidget(self.elapsed)

        self.play_button = QPushButton(self.tr("Play"))
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setAccessibleName(self.tr("Playback position"))
        self.playing_label = QLabel()
        playback = QHBoxLayout()
        playback.addWidget(self.play_button)
        playback.addWidget(self.position, 1)
        playback.addWidget(self.playing_label)
        column = QVBoxLayout(self)
        column.addLayout(controls)
        column.addWidget(self.status)
        column.addLayout(playback)

        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._show_elapsed)
        self.record_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self.stop)
        self.play_button.clicked.connect(self._on_play_clicked)
        self.position.sliderMoved.connect(self._on_position_slider_moved)
        self._player: Any = None
        self._device: Any = None
        self._playing_view: AttachmentView | None = None
        self._update_controls()

    # -- state ---------------------------------------------------------------------------

    def show_testimony(self, testimony_id: str, consent_given: bool, read_only: bool) -> None:
        if self.recording:
            return
        self.testimony_id = testimony_id
        self.read_only = read_only
        self.set_consent(consent_given)
        self.stop_playback()
        self._update_controls()

    def set_consent(self, given: bool) -> None:
        self.consent_given = given
        self._update_controls()

    @property
    def recording(self) -> bool:
        return self._source is not None or self._finishing

    def _update_controls(self) -> None:
        had_focus = self.window().focusWidget()
        active = self._source is not None
        can_start = (
            not self.recording
            and not self.read_only
            and bool(self.testimony_id)
            and self.consent_given
            and self.source_factory is not None
        )
        self.record_button.setEnabled(can_start)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(self.tr("Resume") if self._paused else self.tr("Pause"))
        self.stop_button.setEnabled(active)
        if self.source_factory is None:
            self.status.setText(self.tr("No microphone was found on this computer."))
        elif not self.consent_given and not self.read_only and not self.recording:
            self.status.setText(self._consent_text)
        elif self.status.text() == self._consent_text:
            # The consent is ticked now (or the version is sealed): the hint is wrong.
            self.status.clear()
        self.play_button.setEnabled(self._playing_view is not None)
        self._keep_focus(had_focus)

    def _keep_focus(self, had_focus: QWidget | None) -> None:
        """A button that had focus and became disabled hands focus on to the next button
        that acts, never to nowhere (Qt would pass it down the chain, past the recorder):
        after Record it lands on Pause, after Stop on Record."""
        buttons = (self.record_button, self.pause_button, self.stop_button, self.play_button)
        if had_focus not in buttons or had_focus is None or had_focus.isEnabled():
            return
        for button in (self.pause_button, self.stop_button, self.record_button, self.play_button):
            if button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- recording -----------------------------------------------------------------------

    def start(self) -> None:
        if (
            not self.record_button.isEnabled()
            or self.source_factory is None
            or self._asking_permission
        ):
            return
        permission = self.microphone_permission()
        if permission == audio_capture.MICROPHONE_DENIED:
            self.status.setText(self._permission_denied_text())
            return
        if permission != audio_capture.MICROPHONE_GRANTED:
            # macOS shows its question once; recording starts when it is answered.
            self._asking_permission = True
            self.status.setText(self.tr("Asking the system for access to the microphone…"))
            self.request_microphone_permission(self, self._on_microphone_permission_answered)
            return
        self._start_source()

    def _on_microphone_permission_answered(self, granted: bool) -> None:
        self._asking_permission = False
        if not granted:
            self.status.setText(self._permission_denied_text())
            return
        self.status.clear()
        if self.record_button.isEnabled():
            self._start_source()

    def _permission_denied_text(self) -> str:
        if self.platform == "darwin":
            return self.tr(
                "This program may not use the microphone. Allow it in System Settings › "
                "Privacy & Security › Microphone, then press Record again."
            )
        if self.platform == "win32":
            return self.tr(
                "This program may not use the microphone. Allow it in Settings › Privacy & "
                "security › Microphone, then press Record again."
            )
        return self.tr("The system does not allow this program to use the microphone.")

    def _start_source(self) -> None:
        if self.source_factory is None:
            return
        self.before_start()  # saves the draft, so the vault holds the consent first
        try:
            source = self.source_factory()
        except (ImportError, MediaBackendUnavailableError):
            # Windows "N" editions without the Media Feature Pack: Qt Multimedia or its
            # FFmpeg backend cannot load. Only recording is impossible; say why.
            self.status.setText(
                self.tr(
                    "Recording is not available: this computer's media components could "
                    "not be loaded. On Windows \"N\" editions, install the Media Feature "
                    "Pack (Settings › Apps › Optional features) and start the program "
                    "again. Everything else works."
                )
            )
            return
        except RuntimeError:
            self.status.setText(self.tr("The microphone could not be opened."))
            return
        self._source = source
        self._heard = 0.0
        self._failure = ""
        self._encoder_silent_told = False
        self.status.setText(self.tr("Starting…"))
        self._update_controls()
        self.client.submit(
            recording_jobs.begin_recording(self.testimony_id, source.media_type),
            on_done=self._on_recording_begun,
            on_failed=self._on_recording_refused,
        )

    def _on_recording_refused(self, failure: JobFailure) -> None:
        self._source = None
        self.status.setText(failure_text(failure))
        self._update_controls()

    def _on_recording_begun(self, started: RecordingStarted) -> None:
        source = self._source
        if source is None:
            return
        self._recording_id = started.recording_id
        self.segments_registered = 0
        self._writer = recording_core.SegmentWriter(
            started.blobs, started.recording_id, self._relay.segment_stored.emit
        )
        source.level_measured.connect(self._on_source_level_measured)
        source.capture_ended.connect(self._on_source_capture_ended)
        source.capture_failed.connect(self._on_source_capture_failed)
        self._recorded_ms = None
        if source.reports_duration:
            self._recorded_ms = 0
            source.duration_reported.connect(self._on_source_duration_reported)
        source.start(self._writer.write)
        self._paused = False
        self._elapsed_before = 0
        self._clock.start()
        self._tick.start()
        if self._recorded_ms is None:
            self.status.setText(
                self.tr("Recording. The audio is encrypted into the vault as it comes.")
            )
        else:
            # Nothing is taken until the encoder runs (about a second): the person waits
            # for the clock rather than speaking into a microphone that is not yet on.
            self.status.setText(
                self.tr("Starting the microphone: begin when the clock starts running.")
            )
        self._update_controls()
        self.recording_started.emit()

    def _on_relay_segment_stored(self, segment: recording_core.SegmentStored) -> None:
        self.client.submit(
            recording_jobs.add_segment(segment),
            on_done=lambda _none: self._on_segment_registered(),
            survives_lock=True,
        )

    def _on_segment_registered(self) -> None:
        self.segments_registered += 1
        self.segment_registered.emit(self.segments_registered)

    def _on_source_level_measured(self, level: float) -> None:
        self.level.setValue(round(level * 100))
        if not self._paused:
            self._heard = max(self._heard, level)

    def _on_pause_clicked(self) -> None:
        if self._source is None:
            return
        if self._paused:
            self._source.resume()
            self._clock.restart()
            self._tick.start()
            self.status.setText(
                self.tr("Recording. The audio is encrypted into the vault as it comes.")
            )
        else:
            self._source.pause()
            self._elapsed_before += self._clock.elapsed()
            self._tick.stop()
            self.status.setText(
                self.tr("Paused. Nothing is recorded until you press Resume.")
            )
        self._paused = not self._paused
        self._show_elapsed()
        self._update_controls()

    def _on_source_duration_reported(self, milliseconds: int) -> None:
        if self._recorded_ms is None:
            return
        started = self._recorded_ms == 0 and milliseconds > 0
        self._recorded_ms = max(self._recorded_ms, milliseconds)
        if started and not self._paused and not self._finishing:
            self.status.setText(
                self.tr("Recording. The audio is encrypted into the vault as it comes.")
            )
        self._show_elapsed()

    def elapsed_ms(self) -> int:
        """The time recorded: what the encoder has taken when the source says so,
        otherwise the time the recorder has run (pauses left out)."""
        if self._recorded_ms is not None:
            return self._recorded_ms
        return self._wall_ms()

    def _wall_ms(self) -> int:
        running = 0 if self._paused or not self._clock.isValid() else self._clock.elapsed()
        return self._elapsed_before + running

    def _show_elapsed(self) -> None:
        self.elapsed.setText(_clock_text(self.elapsed_ms()))
        writer, source = self._writer, self._source
        if (
            writer is not None
            and source is not None
            and not self._encoder_silent_told
            and writer.bytes_received == 0
            and self._heard > HEARD_LEVEL
            and self._wall_ms() >= ENCODER_GRACE_MS
        ):
            # The meter hears the microphone but the encoder gives nothing: say so now,
            # not after an interview that was never stored.
            self._encoder_silent_told = True
            self.status.setText(
                self.tr(
                    "The microphone gives sound ({input}) but the audio encoder has "
                    "written nothing for {seconds} s: nothing is being stored. {reason}"
                ).format(
                    input=source.input_description,
                    seconds=self._wall_ms() // 1000,
                    reason=self._failure_sentence(),
                )
            )

    def _failure_sentence(self, *, ended: bool = False) -> str:
        if self._failure:
            return self.tr("The encoder said: {error}").format(error=self._failure[:200])
        if ended:
            return self.tr(
                "It reported no error. Check the microphone in the system's sound settings "
                "and record again."
            )
        return self.tr("Stop, and take written notes meanwhile.")

    def stop(self) -> None:
        if self._source is None or self._finishing:
            return
        self._finishing = True
        self._elapsed_before = self._wall_ms()
        # The clock stops with the recording: elapsed_ms() then stays the time recorded.
        self._clock.invalidate()
        self._paused = True
        self._tick.stop()
        self.status.setText(self.tr("Finishing the recording…"))
        self._source.stop()
        self._update_controls()

    def _on_source_capture_failed(self, reason: str) -> None:
        self._failure = reason
        self.status.setText(self.tr("The microphone stopped working; what was recorded is kept."))

    def _on_source_capture_ended(self) -> None:
        writer = self._writer
        if writer is not None:
            writer.flush()  # the last second or two; its segment registers like the others
        self._source = None
        self._writer = None
        self.level.setValue(0)
        if not self._recording_id:
            self._finishing = False
            self._update_controls()
            return
        recording_id, self._recording_id = self._recording_id, ""
        self.client.submit(
            recording_jobs.finish_recording(recording_id),
            on_done=self._on_recording_joined,
            on_failed=self._on_recording_refused_at_end,
        )

    def _on_recording_joined(self, finished: recording_core.RecordingFinished | None) -> None:
        self._finishing = False
        self._paused = False
        if finished is None and self._heard > HEARD_LEVEL:
            # The meter showed sound: never the plain "nothing", always why.
            self.status.setText(
                self.tr(
                    "The microphone gave sound, but the audio encoder wrote nothing, so no "
                    "recording could be stored. {reason}"
                ).format(reason=self._failure_sentence(ended=True))
            )
            self.recording_finished.emit("")
        elif finished is None:
            self.status.setText(self.tr("Nothing was recorded."))
            self.recording_finished.emit("")
        else:
            self.status.setText(
                self.tr("Recording saved ({seconds} s).").format(
                    seconds=self.elapsed_ms() // 1000
                )
            )
            self.recording_finished.emit(finished.attachment_id)
        self._update_controls()

    def _on_recording_refused_at_end(self, failure: JobFailure) -> None:
        self._finishing = False
        self.status.setText(failure_text(failure))
        self._update_controls()

    def abort(self) -> None:
        """Stop capturing at once (the vault is about to lock); stored segments stay and
        are joined at the next unlock."""
        source, self._source = self._source, None
        if source is not None:
            # Not connected yet when the vault locks before the recording began.
            with contextlib.suppress(RuntimeError, TypeError):
                source.capture_ended.disconnect(self._on_source_capture_ended)
            source.stop()
        if self._writer is not None:
            self._writer.flush()
        self._writer = None
        self._tick.stop()
        self.stop_playback()

    # -- playback ------------------------------------------------------------------------

    def choose_for_playback(self, view: AttachmentView) -> None:
        self.stop_playback()
        self._playing_view = view
        self.playing_label.setText(view.name)
        self._update_controls()

    def _on_play_clicked(self) -> None:
        view = self._playing_view
        if view is None:
            return
        if self._player is not None:
            from PySide6.QtMultimedia import QMediaPlayer

            if self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
                self._player.pause()
                self.play_button.setText(self.tr("Play"))
            else:
                self._player.play()
                self.play_button.setText(self.tr("Pause playback"))
            return
        self.client.submit(
            recording_jobs.open_audio(view.blob_id),
            on_done=lambda reader: self._start_player(view, reader),
        )

    def _start_player(self, view: AttachmentView, reader: Any) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        from app.gui.vault_audio_device import VaultAudioDevice

        if self._playing_view is not view:
            reader.close()
            return
        self._device = VaultAudioDevice(reader, view.size, self)
        self._device.open(VaultAudioDevice.OpenModeFlag.ReadOnly)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(QAudioOutput(self._player))
        self._player.durationChanged.connect(lambda ms: self.position.setRange(0, int(ms)))
        self._player.positionChanged.connect(self._on_player_position_changed)
        extension = view.media_type.split("/")[-1]
        self._player.setSourceDevice(self._device, QUrl(f"recording.{extension}"))
        self._player.play()
        self.play_button.setText(self.tr("Pause playback"))

    def _on_player_position_changed(self, ms: int) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(int(ms))

    def _on_position_slider_moved(self, ms: int) -> None:
        if self._player is not None:
            self._player.setPosition(ms)

    def stop_playback(self) -> None:
        if self._player is not None:
            self._player.stop()
            # No setSourceDevice(None) here: it waits for the media thread, which may be
            # waiting for the interpreter lock this thread holds to enter
            # VaultAudioDevice.readData, and the window froze for good (playback stopped
            # mid-stream, or a lock while playing). The deferred delete runs from the
            # event loop, which lets that thread finish.
            self._player.deleteLater()
            self._player = None
        if self._device is not None:
            self._device.close()
            self._device.deleteLater()
            self._device = None
        self.play_button.setText(self.tr("Play"))
