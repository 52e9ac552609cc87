"""Recording works whatever the microphone delivers: a private PulseAudio daemon (started
here) holds one null sink and one source remapped from its monitor for every sample
format, rate and channel count Qt Multimedia offers (s16, s32, float; 44.1 and 48 kHz;
mono and stereo). The real window records each while ``paplay`` plays a 440 Hz tone
into its sink; each recording, decoded back from the vault, is the tone, as long as it
was played."""

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
from .test_live_audio import ROOT

TONE_SECONDS = 2.0
FORMATS = ("s16le", "s32le", "float32le")
RATES = (44100, 48000)
CHANNELS = (1, 2)
CELLS = [(f, r, c) for f in FORMATS for r in RATES for c in CHANNELS]


def _name(sample_format: str, rate: int, channels: int) -> str:
    return f"{sample_format}_{rate}_{channels}ch"


@pytest.fixture
def pulse_sources(tmp_path: Path) -> Iterator[dict[str, str]]:
    for tool in ("pulseaudio", "paplay", "pactl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (scripts/setup installs pulseaudio)")
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    socket = runtime / "native"
    env = dict(os.environ, HOME=str(runtime), XDG_RUNTIME_DIR=str(runtime),
               PULSE_SERVER=f"unix:{socket}")  # fmt: skip
    modules = ["-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"]
    for cell in CELLS:
        name = _name(*cell)
        spec = f"format={cell[0]} rate={cell[1]} channels={cell[2]}"
        modules += ["-L", f"module-null-sink sink_name={name}_sink {spec}",
                    "-L", f"module-remap-source master={name}_sink.monitor "
                          f"source_name={name}_mic {spec}"]  # fmt: skip
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "--disable-shm=yes", *modules],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("PulseAudio did not start on this machine")
        time.sleep(0.1)  # polling an external daemon's socket; no event to wait on
    listed = subprocess.run(["pactl", "list", "short", "sources"], env=env, check=True,
                            capture_output=True, text=True).stdout  # fmt: skip
    for sample_format, rate, channels in CELLS:
        # The source really delivers this format: PulseAudio converts nothing for us.
        name = _name(sample_format, rate, channels)
        line = next(x for x in listed.splitlines() if f"{name}_mic" in x)
        assert f"{sample_format} {channels}ch {rate}Hz" in line, line
    yield env
    server.terminate()
    server.wait()


def test_every_input_format_records_the_whole_tone(
    pulse_sources: dict[str, str], tmp_path: Path
) -> None:
    tone = tmp_path / "tone.wav"
    with wave.open(str(tone), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(tone_pcm(TONE_SECONDS, frequency=440.0, amplitude=0.5))
    pairs = [f"{_name(*cell)}_sink={_name(*cell)}_mic" for cell in CELLS]
    env = dict(pulse_sources, QT_QPA_PLATFORM="offscreen")
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.recording_formats_session", str(work), str(tone),
         *pairs],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = {
        item["source"]: item
        for item in map(json.loads, (x for x in done.stdout.splitlines() if x.startswith("{")))
    }
    problems = []
    for cell in CELLS:
        heard = results.get(f"{_name(*cell)}_mic")
        print(cell, heard)
        if heard is None or not heard["attachment"]:
            problems.append(f"{cell}: no recording ({heard and heard['status']})")
            continue
        if not (
            abs(heard["sound_seconds"] - TONE_SECONDS) < 0.4
            and abs(heard["frequency"] - 440.0) < 10
            and 0.35 < heard["peak"] < 0.75
            and heard["media_type"] == "audio/aac"
            and heard["level"] > 20
        ):
            problems.append(f"{cell}: {heard}")
        # The whole recording is there, not only the tone: the recorder's clock counts
        # what the encoder took (it starts about a second after Record is pressed), and
        # the attachment holds all of it.
        elif not heard["decoded_seconds"] > heard["elapsed_seconds"] - 0.5:
            got, ran = heard["decoded_seconds"], heard["elapsed_seconds"]
            problems.append(f"{cell}: {got:.1f} s stored of {ran:.1f} s recorded")
    assert not problems, "\n".join(problems)
