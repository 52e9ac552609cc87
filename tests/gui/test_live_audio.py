"""A real audio path: PulseAudio (started here, private) with a null sink and a source
remapped from its monitor; paplay plays a 440 Hz tone into the sink while the program
records the default input through Qt Multimedia into the vault. The recording, decoded
back from the vault, has the tone's frequency, level and length."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from .media_samples import tone_pcm

ROOT = Path(__file__).resolve().parents[2]
TONE_SECONDS = 3.0


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[dict[str, str]]:
    for tool in ("pulseaudio", "paplay", "pactl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (scripts/setup installs pulseaudio)")
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    socket = runtime / "native"
    env = dict(os.environ, HOME=str(runtime), XDG_RUNTIME_DIR=str(runtime),
               PULSE_SERVER=f"unix:{socket}")  # fmt: skip
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "--disable-shm=yes",
         "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1",
         "-L", "module-null-sink sink_name=tone_sink rate=48000",
         "-L", "module-remap-source master=tone_sink.monitor source_name=tone_mic"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("PulseAudio did not start on this machine")
        time.sleep(0.1)  # polling an external daemon's socket; no event to wait on
    subprocess.run(["pactl", "set-default-source", "tone_mic"], env=env, check=True)
    yield env
    server.terminate()
    server.wait()


def test_recording_from_a_real_input(pulse: dict[str, str], tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    with wave.open(str(tone), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(tone_pcm(TONE_SECONDS, frequency=440.0, amplitude=0.5))
    env = dict(pulse, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.live_audio_session", str(tmp_path), str(tone),
         "tone_sink"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    heard = json.loads(done.stdout.strip().splitlines()[-1])
    print("heard:", heard)
    assert heard["media_type"] == "audio/aac"
    assert heard["segments"] >= 2  # stored while recording, not only at the end
    assert abs(heard["frequency"] - 440.0) < 10
    assert 0.35 < heard["peak"] < 0.65
    assert abs(heard["sound_seconds"] - TONE_SECONDS) < 0.4
