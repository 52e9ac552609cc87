"""The longest event-loop stall of the desktop window during import, recording and sync.

Each part runs in a child process that builds the real application offscreen and unlocks
a real vault through the unlock page; then, while the part runs, a 10 ms timer on the
GUI thread records the gaps between its ticks, as ``bench_gui_import`` measures them (a
frozen window shows as a long gap):

- import: ``bench_gui_import``'s own window child, unchanged (a fresh file of
  ``--size-mib`` handed to the attachments panel, until the attachment is listed with
  its SHA-256); the ticks are taken from the ``import_paths`` call to the end it reports;
- recording: Record, ``--record-seconds`` of sound, Stop, until the recording is joined
  into an attachment. The sound comes from a private PulseAudio daemon (a tone played
  with ``paplay`` into a null sink whose monitor is the default input, recorded by the
  application's own microphone source, ``MicrophoneSource``, created when Record is
  pressed) when ``pulseaudio`` is installed, else from a
  ``StreamSource`` fed a WAV stream at real-time pace; the output says which;
- sync: a testimony with ``--sync-mib`` of media is sealed and queued (through core on
  the vault worker, not timed), then Sync is pressed in the sync window and the package
  goes to the project's intake server over HTTPS on loopback (``tests/gui/sync_platform``:
  the real server, a test CA pinned by the profile) until its receipt is verified.

For each part and run: the longest gap, the 99th percentile gap, the number of ticks,
the duration, and whether the goal holds. With ``--stacks`` a watchdog thread samples
the GUI thread's stack (``sys._current_frames``) whenever a tick is late, and each stall
above the goal is printed with the stack seen most often during it, what the other
threads were doing, and how the GUI thread spent the stall (Linux schedstat): on a CPU
(work on the GUI thread, Qt's C++ included, under the innermost Python frame shown),
waiting for a CPU (the machine or the process's own threads were busy) or blocked (the
interpreter lock held by another thread, or I/O).

    .venv/bin/python -m benchmarks.bench_gui_stalls [--runs 3] [--size-mib 256]
        [--record-seconds 20] [--sync-mib 8] [--parts import,record,sync] [--stacks]

Goal (issue 13): the longest event-loop stall during import, recording and sync <= 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import wave
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_import import PASSPHRASE, _make_vault

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 50.0
TICK_MS = 10
LATE_MS = 25.0  # a tick this late starts the stack sampling (with --stacks)
PARTS = ("import", "record", "sync")
TONE_RATE = 16000


# -- in the child: the tick recorder and the stack watchdog ----------------------------


def _stack_of(frame: Any, depth: int = 10) -> tuple[str, ...]:
    """The innermost ``depth`` frames, outermost first, as ``file:line function``."""
    lines = []
    for summary in traceback.extract_stack(frame)[-depth:]:
        path = Path(summary.filename)
        with contextlib.suppress(ValueError):
            path = path.relative_to(ROOT)
        lines.append(f"{path}:{summary.lineno} {summary.name}")
    return tuple(lines)


class StallMonitor:
    """A 10 ms precise timer on the GUI thread recording when it fires; with ``stacks``,
    a watchdog thread that samples every thread's stack while a tick is late."""

    def __init__(self, stacks: bool) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.samples: list[tuple[float, tuple[str, ...], dict[str, str]]] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._stacks = stacks
        self._gui_thread = threading.get_ident()
        # The GUI thread's time on a CPU and waiting for one (Linux schedstat, in ns) at
        # each tick: a stall's CPU time is work on this thread (Qt's C++ code included),
        # its run-queue wait a busy machine, the rest blocked (the interpreter lock, I/O).
        self._sched: dict[float, tuple[int, int]] = {}
        self._sched_path = f"/proc/self/task/{threading.get_native_id()}/schedstat"
        self._sched_ok = stacks and os.path.exists(self._sched_path)
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    def _on_tick(self) -> None:
        self.ticks.append(time.perf_counter())
        self._read_sched(self.ticks[-1])

    def _read_sched(self, at: float) -> None:
        if self._sched_ok:
            with open(self._sched_path, encoding="ascii") as stat:
                on_cpu, waiting, _slices = stat.read().split()
            self._sched[at] = (int(on_cpu), int(waiting))

    def start(self) -> float:
        self.ticks.append(time.perf_counter())
        self._read_sched(self.ticks[0])
        self._timer.start()
        if self._stacks:
            self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog",
                                              daemon=True)  # fmt: skip
            self._watchdog.start()
        return self.ticks[0]

    def stop(self) -> None:
        self._timer.stop()
        self._stopped_at = time.perf_counter()
        self._read_sched(self._stopped_at)
        self._stop.set()
        if self._watchdog is not None:
            self._watchdog.join()

    def _watch(self) -> None:
        names = {}
        while not self._stop.wait(0.003):
            now = time.perf_counter()
            if (now - self.ticks[-1]) * 1000 < LATE_MS:
                continue
            frames = sys._current_frames()
            gui = frames.get(self._gui_thread)
            if gui is None:
                continue
            if len(names) != threading.active_count():
                names = {t.ident: t.name for t in threading.enumerate()}
            others = {
                names.get(ident, str(ident)): _stack_of(frame, 1)[-1]
                for ident, frame in frames.items()
                if ident not in (self._gui_thread, threading.get_ident())
            }
            self.samples.append((now, _stack_of(gui), others))

    def figures(self, start: float, end: float) -> dict[str, Any]:
        """The gaps between ``start`` and ``end``; each gap above the goal with the
        stack sampled most often inside it."""
        ticks = [t for t in self.ticks if start <= t <= end] + [end]
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        ordered = sorted(gaps)
        p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] if ordered else 0.0
        stalls = []
        for a, b in itertools.pairwise(ticks):
            if (b - a) * 1000 <= GOAL_MS:
                continue
            inside = [(stack, others) for t, stack, others in self.samples if a < t <= b]
            entry: dict[str, Any] = {"at_s": round(a - start, 3), "ms": round((b - a) * 1000, 1),
                                     "samples": len(inside)}  # fmt: skip
            after = self._sched.get(b) or self._sched.get(getattr(self, "_stopped_at", -1.0))
            if a in self._sched and after is not None:
                entry["cpu_ms"] = round((after[0] - self._sched[a][0]) / 1e6, 1)
                entry["runqueue_ms"] = round((after[1] - self._sched[a][1]) / 1e6, 1)
            if inside:
                counted = Counter(stack for stack, _ in inside)
                stack, times = counted.most_common(1)[0]
                entry["stack"] = list(stack)
                entry["stack_share"] = f"{times}/{len(inside)}"
                entry["others"] = next(o for s, o in inside if s == stack)
            stalls.append(entry)
        return {
            "max_ms": max(gaps, default=0.0) * 1000,
            "p99_ms": p99 * 1000,
            "ticks": len(ticks) - 2,
            "seconds": end - start,
            "stalls": stalls,
        }


def _result(part: str, figures: dict[str, Any], **extra: Any) -> None:
    print("RESULT " + json.dumps({"part": part, **figures, **extra}), flush=True)


def _wait_until(condition: Callable[[], bool], seconds: float = 120) -> None:
    # Sleeps in a real event loop between checks (a processEvents busy loop would take a
    # core and the interpreter lock from the threads whose work is being measured).
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def _open_gui(folder: str, **options: Any) -> Any:
    """The real application, shown offscreen and unlocked through its unlock page."""
    from app.crypto.kdf import FLOOR
    from app.gui.application import build_application

    gui = build_application(["evidence-vault"], folder=Path(folder), kdf_params=FLOOR,
                            language="en", **options)  # fmt: skip
    gui.window.show()
    page = gui.window.unlock_page
    assert page is not None, "the vault should exist and ask to be unlocked"
    page.secret.setText(PASSPHRASE)
    page.unlock_button.click()
    _wait_until(lambda: gui.window.workspace is not None)
    return gui


def _on_worker(gui: Any, job: Callable[[Any], Any]) -> Any:
    got: list[Any] = []
    gui.client.submit(job, on_done=got.append)
    _wait_until(lambda: bool(got))
    return got[0]


# -- the import part: bench_gui_import's child, watched from outside -------------------


def _child_import(folder: str, testimony_id: str, source: str, stacks: bool) -> int:
    """Runs ``bench_gui_import``'s window child as it is; the ticks start where it
    starts its clock (the panel's ``import_paths``) and end where it stops it."""
    from app.gui.attachments_panel import AttachmentsPanel
    from benchmarks import bench_gui_import

    monitors: list[tuple[StallMonitor, float]] = []
    original = AttachmentsPanel.import_paths

    def watched(panel: Any, *args: Any, **kwargs: Any) -> Any:
        if not monitors:
            monitor = StallMonitor(stacks)
            monitors.append((monitor, monitor.start()))
        return original(panel, *args, **kwargs)

    AttachmentsPanel.import_paths = watched  # type: ignore[method-assign]
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        bench_gui_import._child_gui(folder, testimony_id, source)
    (monitor, start), = monitors
    monitor.stop()
    fields = dict(line.split(" ", 1) for line in captured.getvalue().splitlines() if " " in line)
    seconds = float(fields["GUI"].split()[0])
    their_max = float(fields["STALL"].split()[0])
    _result("import", monitor.figures(start, start + seconds),
            how=f"{Path(source).stat().st_size // MIB} MiB through the attachments panel",
            import_child_max_ms=their_max)  # fmt: skip
    return 0


# -- the recording part ----------------------------------------------------------------


def _wav_feeder(seconds: float) -> Any:
    """The read end of a pipe carrying a 440 Hz WAV tone written at real-time pace."""
    from tests.gui.media_samples import tone_pcm, wav_header

    read_fd, write_fd = os.pipe()
    period = 0.02
    chunk = tone_pcm(period, sample_rate=TONE_RATE)

    def feed() -> None:
        with contextlib.suppress(OSError), os.fdopen(write_fd, "wb", buffering=0) as out:
            out.write(wav_header(TONE_RATE))
            began = time.monotonic()
            for index in itertools.count(1):
                if index * period > seconds + 30:
                    break
                out.write(chunk)
                time.sleep(max(0.0, began + index * period - time.monotonic()))

    threading.Thread(target=feed, name="wav-feeder", daemon=True).start()
    return os.fdopen(read_fd, "rb")


def _child_record(folder: str, testimony_id: str, mode: str, tone: str, seconds: float,
                  stacks: bool) -> int:
    from app.gui.audio_capture import StreamSource

    def stream() -> Any:
        return StreamSource(_wav_feeder(seconds), "audio/wav")

    # With PulseAudio the application's own microphone source (the default input,
    # opened when Record is pressed), as a documenter gets it.
    gui = _open_gui(folder, **({} if mode == "pulseaudio" else {"audio_source_factory": stream}))
    workspace = gui.window.workspace
    workspace.open_testimony(testimony_id)
    editor = workspace.editor
    _wait_until(lambda: editor.opened is not None)
    recorder = editor.recorder
    _wait_until(recorder.record_button.isEnabled)
    player = None
    if mode == "pulseaudio":
        player = subprocess.Popen(["paplay", "--device=tone_sink", tone])
    finished: list[str] = []
    recorder.recording_finished.connect(finished.append)
    monitor = StallMonitor(stacks)
    start = monitor.start()
    recorder.record_button.click()
    # The recorder's own clock: the time the encoder has taken (the microphone takes a
    # moment to start, longer on a busy machine), so every run holds as much sound.
    _wait_until(lambda: recorder.elapsed_ms() >= seconds * 1000, seconds + 60)
    recorder.stop_button.click()
    _wait_until(lambda: bool(finished), 120)
    end = time.perf_counter()
    monitor.stop()
    if player is not None:
        player.kill()
        player.wait()
    if not finished[0]:
        status = recorder.status.text()
        gui.window.close()
        gui.client.shutdown()
        raise SystemExit(f"no recording was stored: {status!r}")
    how = ("the default MicrophoneSource on a private PulseAudio daemon (tone into a null sink)"
           if mode == "pulseaudio" else "StreamSource fed a WAV tone at real-time pace")
    _result("record", monitor.figures(start, end), how=how,
            status=recorder.status.text(), segments=recorder.segments_registered)  # fmt: skip
    gui.window.close()
    gui.client.shutdown()
    return 0


# -- the sync part ---------------------------------------------------------------------


class _Bot:
    """What the GUI sync test steps need of pytest-qt's ``qtbot``, on real event loops."""

    class _Callback:
        def __init__(self, seconds: float) -> None:
            self.seconds = seconds
            self.args: tuple[Any, ...] | None = None

        def __call__(self, *args: Any) -> None:
            self.args = args

        def __enter__(self) -> _Bot._Callback:
            return self

        def __exit__(self, *exc: object) -> None:
            if exc[0] is None:
                _wait_until(lambda: self.args is not None, self.seconds)

    def waitCallback(self, timeout: int = 5000) -> _Bot._Callback:  # noqa: N802 - qtbot's name
        return self._Callback(timeout / 1000)

    def waitUntil(self, condition: Callable[[], Any], timeout: int = 5000) -> None:  # noqa: N802
        _wait_until(lambda: bool(condition()), timeout / 1000)


def _child_sync(folder: str, profile_file: str, recipient: str, media: str,
                stacks: bool) -> int:
    from tests.gui import sync_steps

    bot: Any = _Bot()
    gui = _open_gui(folder, microphone=False)
    queued = sync_steps.queue_sealed_testimony(bot, gui, recipient, Path(media))
    dialog = sync_steps.open_sync_window(bot, gui)
    if not dialog.sync_button.isEnabled():
        sync_steps.import_profile(bot, dialog, Path(profile_file))
    rows = dialog.table.rowCount()
    monitor = StallMonitor(stacks)
    start = monitor.start()
    sync_steps.press_sync_and_wait(bot, dialog, timeout=600_000)
    end = time.perf_counter()
    monitor.stop()
    states = [sync_steps.cell(dialog, row, 1) for row in range(dialog.table.rowCount())]
    entry = sync_steps.outbox_entry(bot, gui, queued.package_id)
    if entry.state.name != "DELIVERED" or not entry.receipt_json:
        raise SystemExit(f"not delivered: {entry.state}; window: {states}, "
                         f"{dialog.outcome.text()!r}")  # fmt: skip
    _result("sync", monitor.figures(start, end),
            how=f"{queued.size / MIB:.2f} MiB package over HTTPS to the intake server",
            outcome=dialog.outcome.text(), rows=rows)  # fmt: skip
    dialog.close_button.click()
    gui.window.close()
    gui.client.shutdown()
    return 0


# -- the parent ------------------------------------------------------------------------


@contextlib.contextmanager
def _pulseaudio(work: Path) -> Iterator[dict[str, str] | None]:
    """A private PulseAudio daemon (as tests/gui/test_live_audio.py starts it): a null
    sink ``tone_sink`` whose monitor, remapped as ``tone_mic``, is the default input.
    None when it is not installed or does not start."""
    if any(shutil.which(tool) is None for tool in ("pulseaudio", "paplay", "pactl")):
        yield None
        return
    runtime = work / "pulse"
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
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode:
            if time.monotonic() > deadline or server.poll() is not None:
                yield None
                return
            time.sleep(0.1)  # an external daemon's socket: no event to wait on
        subprocess.run(["pactl", "set-default-source", "tone_mic"], env=env, check=True)
        yield env
    finally:
        server.terminate()
        server.wait()


def _tone_file(path: Path, seconds: float) -> None:
    from tests.gui.media_samples import tone_pcm

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(TONE_RATE)
        out.writeframes(tone_pcm(seconds, frequency=440.0, amplitude=0.5))


def _child(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_gui_stalls", *argv]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=3600)  # fmt: skip
    results = [json.loads(line.split(" ", 1)[1]) for line in done.stdout.splitlines()
               if line.startswith("RESULT ")]  # fmt: skip
    if done.returncode != 0 or not results:
        raise SystemExit(f"the {argv[1]} child failed:\n{done.stdout}\n{done.stderr[-4000:]}")
    return results[-1]


def _file_of_random_bytes(path: Path, mib: int) -> None:
    with path.open("wb") as handle:
        for _ in range(mib):
            handle.write(os.urandom(MIB))


def _device_key(vault: Path) -> str:
    from app.storage.vault import Vault

    with Vault.unlock(vault, PASSPHRASE) as opened:
        return str(opened.device.public_key.openssh())


def _print_part(run: int, found: dict[str, Any]) -> None:
    holds = "holds" if found["max_ms"] <= GOAL_MS else "MISSED"
    print(f"run {run} {found['part']:<6} longest stall {found['max_ms']:6.1f} ms, p99 gap "
          f"{found['p99_ms']:5.1f} ms, {found['ticks']} ticks in {found['seconds']:.2f} s; "
          f"<= {GOAL_MS:.0f} ms {holds}  [{found['how']}]", flush=True)  # fmt: skip
    for stall in found["stalls"]:
        where = ""
        if "cpu_ms" in stall:
            where = (f"; GUI thread on a CPU {stall['cpu_ms']:.0f} ms, waiting for one "
                     f"{stall['runqueue_ms']:.0f} ms, blocked the rest")  # fmt: skip
        print(f"    stall {stall['ms']:.0f} ms at +{stall['at_s']:.2f} s "
              f"({stall['samples']} stack samples{where})")
        if "stack" in stall:
            print(f"      GUI thread ({stall['stack_share']} samples):")
            for line in stall["stack"]:
                print(f"        {line}")
            for name, line in sorted(stall["others"].items()):
                print(f"      {name}: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mib", type=int, default=256, help="file imported")
    parser.add_argument("--record-seconds", type=float, default=20.0)
    parser.add_argument("--sync-mib", type=int, default=8, help="media in the synced testimony")
    parser.add_argument("--parts", default=",".join(PARTS), help="import,record,sync")
    parser.add_argument("--stacks", action="store_true",
                        help="sample the GUI thread's stack while a tick is late")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "import":
            return _child_import(*rest[:3], stacks=args.stacks)
        if kind == "record":
            return _child_record(*rest[:4], seconds=args.record_seconds, stacks=args.stacks)
        return _child_sync(*rest[:4], stacks=args.stacks)

    parts = [p for p in args.parts.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown parts: {sorted(unknown)}")
    work = Path(tempfile.mkdtemp(prefix="bench-gui-stalls-", dir=args.dir))
    platform = None
    try:
        vault = work / "vault"
        testimony_id = _make_vault(vault)
        # No OS keyring is touched: an imported device token stays in the vault.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # fmt: skip
        stacks = ["--stacks"] if args.stacks else []
        source = work / "source.bin"
        if "import" in parts:
            _file_of_random_bytes(source, args.size_mib)
        media = work / "media.bin"
        if "sync" in parts:
            from tests.gui.sync_platform import make_platform
            from tests.sync.pki import make_pki

            _file_of_random_bytes(media, args.sync_mib)
            platform = make_platform(work / "platform", make_pki(work / "pki", "Platform"))
            platform.start()
            platform.trust_signer(_device_key(vault))
        tone = work / "tone.wav"
        _tone_file(tone, args.record_seconds + 20)
        figures: dict[str, list[float]] = {p: [] for p in parts}
        with _pulseaudio(work) as pulse:
            mode = "pulseaudio" if pulse is not None else "stream"
            print(f"{os.cpu_count()} CPUs, load average "
                  f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}; import {args.size_mib} MiB,"
                  f" recording {args.record_seconds:g} s ({mode}), sync {args.sync_mib} MiB of "
                  f"media; {args.runs} run(s); goal: longest stall <= {GOAL_MS:.0f} ms",
                  flush=True)  # fmt: skip
            for run in range(1, args.runs + 1):
                for part in parts:
                    if part == "import":
                        os.sync()  # an earlier part's writeback stays out of this one
                        found = _child(["--child", "import", str(vault), testimony_id,
                                        str(source), *stacks], env)  # fmt: skip
                    elif part == "record":
                        found = _child(["--child", "record", str(vault), testimony_id, mode,
                                        str(tone), "--record-seconds",
                                        str(args.record_seconds), *stacks],
                                       dict(env, **(pulse or {})))  # fmt: skip
                    else:
                        assert platform is not None
                        found = _child(["--child", "sync", str(vault),
                                        str(platform.profile_file),
                                        str(platform.server.profile["platform_recipient"]),
                                        str(media), *stacks], env)  # fmt: skip
                    figures[part].append(found["max_ms"])
                    _print_part(run, found)
        print()
        for part in parts:
            worst = max(figures[part])
            print(f"longest event-loop stall during {part}: {worst:.0f} ms (each run: "
                  f"{', '.join(f'{v:.0f}' for v in figures[part])} ms; median "
                  f"{statistics.median(figures[part]):.0f}); goal <= {GOAL_MS:.0f} ms "
                  f"{'holds' if worst <= GOAL_MS else 'MISSED'}")  # fmt: skip
        print(f"load average at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        if platform is not None:
            platform.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
