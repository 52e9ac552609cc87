"""The self-test from source: every step passes on a working installation, the private
folder is created 0700 under the chosen parent and removed afterwards, a failing step
stops the run, fails it and still removes everything, and the CLI prints each step and
exits 0 or 1."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app import selftest
from app.cli import run as cli_run
from app.selftest import (
    StepResult,
    generated_image,
    needs_offscreen,
    run_selftest,
    scratch_parent,
)
from tests.owner_only import is_owner_only

STEPS = [
    "private folder", "create vault", "record testimony", "import file", "record audio", "seal",
    "export package", "verify package", "phone proofs", "unlock again", "keyring", "clean up",
]  # fmt: skip


def test_every_step_passes_and_nothing_is_left(tmp_path: Path) -> None:
    seen: list[StepResult] = []
    private: list[bool] = []

    def on_step(step: StepResult) -> None:
        seen.append(step)
        if step.name == "private folder":
            (folder,) = tmp_path.iterdir()
            private.append(is_owner_only(folder))

    report = run_selftest(on_step, with_window=False, parent=tmp_path)
    assert [s.name for s in report.steps] == STEPS, report.steps
    assert report.ok, [s for s in report.steps if not s.ok]
    assert seen == report.steps
    assert private == [True]
    assert report.workspace is not None and report.workspace.parent == tmp_path
    assert list(tmp_path.iterdir()) == []  # removed, vault and package included
    assert "EXIF read" in report.steps[3].detail
    # One second of the generated tone went through Qt's encoder and the pipe into the
    # vault, and was sealed with the image.
    assert re.fullmatch(r"1\.\d\d s of audio/aac, \d+ bytes, in the vault", report.steps[4].detail)
    assert report.steps[5].detail.endswith("2 attachment(s)")


def _adts_frame(payload: int, rate_index: int = 3, blocks: int = 1) -> bytes:
    length = 7 + payload
    header = bytes([
        0xFF, 0xF1, 0x40 | (rate_index << 2), 0x80 | (length >> 11),
        (length >> 3) & 0xFF, ((length & 7) << 5) | 0x1F, 0xFC | (blocks - 1),
    ])  # fmt: skip
    return header + bytes(payload)


def test_encoded_seconds_counts_adts_frames_and_refuses_other_bytes() -> None:
    # 47 frames of 1024 samples at 48 kHz, one of them with two raw blocks.
    stream = _adts_frame(10) * 46 + _adts_frame(3, blocks=2)
    assert selftest.encoded_seconds(stream, "audio/aac") == 48 * 1024 / 48000
    with pytest.raises(ValueError, match="truncated"):
        selftest.encoded_seconds(stream[:-1], "audio/aac")
    with pytest.raises(ValueError, match="no ADTS frame"):
        selftest.encoded_seconds(b"ID3" + stream, "audio/aac")
    with pytest.raises(ValueError, match="sampling rate"):
        selftest.encoded_seconds(stream + _adts_frame(4, rate_index=4), "audio/aac")
    with pytest.raises(ValueError):
        selftest.encoded_seconds(b"", "audio/aac")
    wav = b"RIFF" + bytes(4) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    wav += b"data" + bytes(4) + bytes(16000)
    assert selftest.encoded_seconds(wav, "audio/wav") == 1.0
    assert selftest.encoded_seconds(b"fLaC" + bytes(40), "audio/flac") is None
    with pytest.raises(ValueError):
        selftest.encoded_seconds(stream, "audio/flac")


def test_an_encoder_that_writes_nothing_fails_the_recording_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui import audio_capture

    def silent(open_sink: object, seconds: float) -> audio_capture.ToneRecorded:
        return audio_capture.ToneRecorded("audio/aac", 0, 0)  # opens no sink at all

    monkeypatch.setattr(audio_capture, "record_generated_tone", silent)
    report = run_selftest(with_window=False, parent=tmp_path)
    assert not report.ok
    assert [s.name for s in report.steps][-2:] == ["record audio", "clean up"]
    assert "gave no stream" in report.steps[-2].detail
    assert list(tmp_path.iterdir()) == []


def test_a_failing_step_fails_the_run_and_still_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A JPEG without EXIF: the import works but the EXIF check must fail the step.
    monkeypatch.setattr(selftest, "generated_image", lambda: b"\xff\xd8\xff\xd9")
    report = run_selftest(with_window=False, parent=tmp_path)
    assert not report.ok
    assert [s.name for s in report.steps][-2:] == ["import file", "clean up"]
    assert not report.steps[-2].ok and "EXIF" in report.steps[-2].detail
    assert report.steps[-1].ok
    assert list(tmp_path.iterdir()) == []


def test_an_unusable_parent_is_a_failed_step(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    report = run_selftest(with_window=False, parent=blocker / "below")
    assert not report.ok
    assert [s.name for s in report.steps] == ["private folder"]


def test_the_test_image_is_a_jpeg_with_the_camera_maker() -> None:
    from app.core.metadata import read_metadata, sniff_media_type

    image = generated_image()
    assert sniff_media_type(image) == "image/jpeg"
    found = read_metadata(image, complete=True)
    assert found.fields.get("camera_make") == selftest.CAMERA_MAKE, found.note


def test_scratch_parent_prefers_the_runtime_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    runtime.mkdir()
    linux = {"XDG_RUNTIME_DIR": str(runtime)}
    assert scratch_parent(linux, "linux", home) == runtime / "evidence-vault"
    assert scratch_parent({}, "linux", home) == home / ".cache" / "evidence-vault"
    assert scratch_parent({"XDG_RUNTIME_DIR": "relative"}, "linux", home).is_relative_to(home)
    assert scratch_parent({"LOCALAPPDATA": str(tmp_path)}, "win32", home).is_relative_to(
        tmp_path
    )
    assert scratch_parent(linux, "darwin", home) == home / "Library/Caches/Evidence Vault"


def test_offscreen_only_without_a_display() -> None:
    assert needs_offscreen({}, "linux")
    assert not needs_offscreen({"DISPLAY": ":0"}, "linux")
    assert not needs_offscreen({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not needs_offscreen({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not needs_offscreen({}, "win32")


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(list(argv))
    return code, out.getvalue()


@pytest.mark.gui
def test_the_command_prints_every_step_and_opens_the_window(tmp_path: Path) -> None:
    # In a child process, as a user runs it: the window step builds a whole application
    # (translator, style) that must not leak into this test session's QApplication.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the command itself must choose offscreen
    env["XDG_RUNTIME_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "app", "--json", "self-test"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True and report["offscreen"] is True
    names = [s["name"] for s in report["steps"]]
    assert names == [*STEPS[:-1], "main window", "clean up"]
    assert "shown and closed (offscreen" in report["steps"][-2]["detail"]
    assert list((tmp_path / "evidence-vault").iterdir()) == []


def test_the_command_prints_each_step_and_its_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    code, out = _cli("self-test", "--no-window")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("evidence-vault ")
    assert lines[-1].startswith(f"PASSED: {len(STEPS)} steps")
    assert all(re.match(r"ok    .{17} +\d+\.\d{3} s  ", line) for line in lines[1:-1]), lines
    assert list((tmp_path / "evidence-vault").iterdir()) == []
