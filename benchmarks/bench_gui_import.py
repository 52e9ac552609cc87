"""Importing a large file through the desktop window versus the command line.

The same file goes into the same draft testimony, as a fresh attachment each time, by:

- the command line: ``evidence-vault --vault DIR --passphrase-file F attach ID FILE`` in a
  child process (wall time; the CLI does not report its unlock apart, so a no-op command
  that unlocks the same vault, ``case list``, is timed too and subtracted);
- the window: a child process builds the real application offscreen, unlocks it, opens
  the testimony in the editor and hands the path to the attachments panel's
  ``import_paths`` (what a drop or the file dialog calls). The time runs from that call
  to the moment the new attachment is in the panel's list with its SHA-256 and the
  progress bar is gone, while the event loop runs; a 10 ms timer records the longest
  gap between event-loop ticks (a frozen window would show as a long gap);
- ``age -r`` on the same file, the common reference.

The CLI and the window swap places each run (age comes last), the file is read into the
page cache before each measurement and dirty pages are flushed (``sync``) so one side's
writeback does not land in another's time. The ratio is the median of each run's own
GUI/CLI ratio (the two measured back to back); the CPU time of each side's import is
printed too, steadier than wall time on a machine shared with other work. Peak memory is
VmHWM from /proc (Linux only), sampled for the CLI and age, reported by the window child
itself (for the import alone, and for the whole process with its unlock).

    .venv/bin/python -m benchmarks.bench_gui_import [--size-mib 1024] [--runs 3] [--dir DIR]

Goal: the window's import <= 1.10 x the command line's import (unlock excluded). The
subtraction needs a file much larger than the unlock's noise: use 256 MiB or more.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_import import PASSPHRASE, _make_vault

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.10
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


# -- the window child ------------------------------------------------------------------


def _vm_hwm_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _child_gui(folder: str, testimony_id: str, source: str) -> int:
    """Runs in the child: build, unlock and open (not timed), then the import (timed)."""
    started = time.perf_counter()
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from app.crypto.kdf import FLOOR
    from app.gui.application import build_application

    gui = build_application(
        ["evidence-vault"], folder=Path(folder), kdf_params=FLOOR, language="en",
        microphone=False,
    )  # fmt: skip
    window = gui.window
    window.show()

    def wait_until(condition: object, seconds: float = 120) -> None:
        # Sleeps in a real event loop between checks (a processEvents busy loop would
        # take a core and the interpreter lock from the vault worker). Setup only.
        assert callable(condition)
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    page = window.unlock_page
    assert page is not None, "the vault should exist and ask to be unlocked"
    page.secret.setText(PASSPHRASE)
    page.unlock_button.click()
    wait_until(lambda: window.workspace is not None)
    workspace = window.workspace
    assert workspace is not None
    workspace.open_testimony(testimony_id)
    editor = workspace.editor
    wait_until(lambda: editor.opened is not None)
    # The worker runs jobs in order: when this empty job is back, the panel's listing
    # (queued before it) has been shown too.
    barrier: list[object] = []
    gui.client.submit(lambda _ctx: None, on_done=barrier.append)
    wait_until(lambda: bool(barrier))
    panel = editor.attachments
    before = set(panel.views)
    setup_seconds = time.perf_counter() - started
    unlock_peak = _vm_hwm_kib()
    # Reset the peak (Linux clear_refs "5"): what follows is the import's own.
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")

    loop = QEventLoop()
    ticks: list[float] = []
    finished: list[float] = []

    def on_tick() -> None:
        ticks.append(time.perf_counter())

    def on_changed(_count: int) -> None:
        new = set(panel.views) - before
        if (
            len(new) == 1
            and not panel.importing
            and not panel.progress.isVisible()
            and panel.list.count() == len(panel.views)
            and SHA256.fullmatch(panel.views[next(iter(new))].sha256)
        ):
            finished.append(time.perf_counter())
            loop.quit()

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(10)
    ticker.timeout.connect(on_tick)
    panel.attachments_changed.connect(on_changed)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    give_up.start(30 * 60 * 1000)

    ticker.start()
    cpu_start, gui_cpu_start = time.process_time(), time.thread_time()
    kernel_start = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    start = time.perf_counter()
    ticks.append(start)
    panel.import_paths([Path(source)])
    if not panel.importing:
        raise SystemExit("the panel did not start the import")
    loop.exec()
    ticker.stop()
    # All threads of the process, and the GUI thread alone (this one): what the window
    # itself costs beside the import's own work on the vault worker and hash threads.
    cpu, gui_cpu = time.process_time() - cpu_start, time.thread_time() - gui_cpu_start
    kernel = resource.getrusage(resource.RUSAGE_SELF).ru_stime - kernel_start
    if not finished:
        raise SystemExit(f"no attachment appeared; status: {panel.status.text()!r}")
    end = finished[0]
    ticks.append(end)
    seconds = end - start
    stall = max(b - a for a, b in itertools.pairwise(ticks))
    (new_id,) = set(panel.views) - before
    digest = panel.views[new_id].sha256
    import_peak = _vm_hwm_kib()
    print(f"GUI {seconds:.6f} {digest}", flush=True)
    print(f"STALL {stall * 1000:.1f} {len(ticks) - 2}", flush=True)
    print(f"SETUP {setup_seconds:.3f}", flush=True)
    print(f"CPU {cpu:.3f} {gui_cpu:.3f} {kernel:.3f}", flush=True)
    print(f"VmHWM {import_peak} {unlock_peak}", flush=True)
    window.close()
    gui.client.shutdown()
    return 0


# -- the parent ------------------------------------------------------------------------


def _peak_rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _run(
    argv: list[str], env: dict[str, str] | None = None
) -> tuple[float, tuple[float, float], int, str]:
    """Wall-clock seconds, CPU seconds (all threads, and the kernel's part), peak RSS in
    KiB (sampled every 10 ms; the last sample before exit is the closest) and stdout."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env
    )
    peak = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _peak_rss_kib(child.pid) or 0)
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    out = child.stdout.read().decode() if child.stdout else ""
    err = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed:\n{out}\n{err}")
    return seconds, (usage.ru_utime + usage.ru_stime, usage.ru_stime), peak, out


def _warm(source: Path, vault: Path) -> None:
    """Same starting point for every side: the source in the page cache, no dirty pages
    of an earlier side still waiting to be written, and the blobs of earlier runs out
    of the page cache (each run would otherwise take a fresh GiB of memory, which on a
    virtual machine can cost seconds of kernel time in whichever side comes later)."""
    os.sync()
    for blob in (vault / "blobs").rglob("*"):
        if blob.is_file():
            fd = os.open(blob, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    with source.open("rb") as handle:
        while handle.read(16 * MIB):
            pass


def _ratio(ours: float, reference: float) -> float:
    # For small files the CLI's import (attach minus the no-op) is within the noise of
    # its unlock and can come out at or below zero: no ratio then.
    return ours / reference if reference > 0.005 else math.nan


def _median_ratio(ratios: list[float]) -> float:
    known = [r for r in ratios if not math.isnan(r)]
    return statistics.median(known) if known else math.nan


def _digest(out: str) -> str:
    match = SHA256.search(out)
    return match.group(0) if match else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--child-gui", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_gui:
        return _child_gui(*args.child_gui)

    cli = Path(sys.executable).with_name("evidence-vault")
    if not cli.exists() or shutil.which("age") is None or shutil.which("age-keygen") is None:
        raise SystemExit("needs the evidence-vault command in the venv, age and age-keygen")
    work = Path(tempfile.mkdtemp(prefix="bench-gui-import-", dir=args.dir))
    try:
        source = work / "source.bin"
        with source.open("wb") as handle:
            for _ in range(args.size_mib):
                handle.write(os.urandom(MIB))
        size = source.stat().st_size
        key = work / "key.txt"
        subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
        recipient = next(
            line.split(": ", 1)[1]
            for line in key.read_text().splitlines()
            if line.startswith("# public key: ")
        )
        vault = work / "vault"
        testimony_id = _make_vault(vault)
        secret = work / "passphrase.txt"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        secret.chmod(0o600)
        base = [str(cli), "--vault", str(vault), "--passphrase-file", str(secret)]
        gui_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

        figures: dict[str, list[float]] = {k: [] for k in (
            "cli", "noop", "cli_import", "gui", "gui_child", "age", "ratio", "stall",
            "cli_cpu", "cli_kernel", "gui_cpu", "gui_thread_cpu", "gui_kernel")}  # fmt: skip
        peaks = {"cli": 0, "noop": 0, "gui": 0, "gui_import": 0, "age": 0}
        digests: set[str] = set()

        def run_cli() -> None:
            _warm(source, vault)
            noop, noop_cpu, noop_peak, _ = _run([*base, "case", "list"])
            _warm(source, vault)
            wall, cpu, peak, out = _run([*base, "attach", testimony_id, str(source)])
            figures["cli_cpu"].append(cpu[0] - noop_cpu[0])
            figures["cli_kernel"].append(cpu[1] - noop_cpu[1])
            digests.add(_digest(out))
            figures["noop"].append(noop)
            figures["cli"].append(wall)
            figures["cli_import"].append(wall - noop)
            peaks["noop"] = max(peaks["noop"], noop_peak)
            peaks["cli"] = max(peaks["cli"], peak)

        def run_gui() -> None:
            _warm(source, vault)
            wall, _cpu, _sampled, out = _run(
                [sys.executable, "-m", "benchmarks.bench_gui_import", "--child-gui",
                 str(vault), testimony_id, str(source)], env=gui_env,
            )  # fmt: skip
            fields = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
            seconds, digest = fields["GUI"].split()
            stall_ms = float(fields["STALL"].split()[0])
            import_peak, unlock_peak = (int(v) for v in fields["VmHWM"].split())
            digests.add(digest)
            figures["gui"].append(float(seconds))
            figures["gui_child"].append(wall)
            figures["stall"].append(stall_ms)
            cpu, gui_cpu, kernel = (float(v) for v in fields["CPU"].split())
            figures["gui_kernel"].append(kernel)
            figures["gui_cpu"].append(cpu)
            figures["gui_thread_cpu"].append(gui_cpu)
            peaks["gui"] = max(peaks["gui"], import_peak, unlock_peak)
            peaks["gui_import"] = max(peaks["gui_import"], import_peak)

        def run_age() -> None:
            _warm(source, vault)
            target = work / "out.age"
            wall, _cpu, peak, _ = _run(["age", "-r", recipient, "-o", str(target), str(source)])
            target.unlink()
            figures["age"].append(wall)
            peaks["age"] = max(peaks["age"], peak)

        for run in range(args.runs):
            # The two sides compared swap places every run; age, only the reference,
            # goes last. (On a shared machine later runs tend to be slower: each run
            # writes two more GiB of blobs into the page cache.)
            pair = [("CLI", run_cli), ("GUI", run_gui)]
            order = [*(pair if run % 2 == 0 else pair[::-1]), ("age", run_age)]
            for _name, side in order:
                side()
            figures["ratio"].append(_ratio(figures["gui"][-1], figures["cli_import"][-1]))
            print(
                f"run {run + 1} ({' > '.join(n for n, _ in order)}): "
                f"CLI attach {figures['cli'][-1]:.2f} s (no-op 'case list' "
                f"{figures['noop'][-1]:.2f} s, import {figures['cli_import'][-1]:.2f} s); "
                f"GUI import {figures['gui'][-1]:.2f} s (child {figures['gui_child'][-1]:.2f} s, "
                f"longest stall {figures['stall'][-1]:.0f} ms); age -r {figures['age'][-1]:.2f} s;"
                f" GUI/CLI {figures['ratio'][-1]:.2f}; CPU of the import: CLI "
                f"{figures['cli_cpu'][-1]:.2f} s (kernel {figures['cli_kernel'][-1]:.2f}), GUI "
                f"{figures['gui_cpu'][-1]:.2f} s (kernel {figures['gui_kernel'][-1]:.2f}, GUI "
                f"thread {figures['gui_thread_cpu'][-1]:.2f}); load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        if len(digests) != 1:
            raise SystemExit(f"the sides stored different SHA-256 values: {sorted(digests)}")

        mb = size / 1e6
        print(f"\nfile: {size / MIB:.0f} MiB, median of {args.runs} runs on {os.cpu_count()} "
              f"CPUs; SHA-256 {next(iter(digests))[:16]}... the same on every side")  # fmt: skip
        print(f"{'':26}{'seconds':>10}{'min':>8}{'max':>8}{'MB/s':>8}{'peak RSS MiB':>14}")
        table = (
            ("CLI attach (whole run)", "cli", peaks["cli"]),
            ("CLI no-op (case list)", "noop", peaks["noop"]),
            ("CLI import", "cli_import", peaks["cli"]),
            ("GUI import", "gui", peaks["gui"]),
            ("GUI child (whole run)", "gui_child", peaks["gui"]),
            ("age -r", "age", peaks["age"]),
        )
        for label, name, peak in table:
            values = figures[name]
            median = statistics.median(values)
            rate = f"{mb / median:8.0f}" if median > 0 else f"{'-':>8}"
            print(f"{label:26}{median:10.2f}{min(values):8.2f}{max(values):8.2f}"
                  f"{rate}{peak / 1024:14.1f}")  # fmt: skip
        ratio = _median_ratio(figures["ratio"])
        verdict = "met" if ratio <= GOAL else "NOT met"
        print(f"\nGUI / CLI import: {ratio:.2f} (goal <= {GOAL:.2f}: {verdict}); "
              f"each run: {', '.join(f'{r:.2f}' for r in figures['ratio'])}")  # fmt: skip
        cpu_ratio = _median_ratio(
            [_ratio(g, c) for g, c in zip(figures["gui_cpu"], figures["cli_cpu"], strict=True)]
        )
        print(f"CPU of the import, all threads: GUI {statistics.median(figures['gui_cpu']):.2f} s"
              f" (GUI thread {statistics.median(figures['gui_thread_cpu']):.2f} s), CLI "
              f"{statistics.median(figures['cli_cpu']):.2f} s (attach minus no-op); "
              f"GUI / CLI {cpu_ratio:.2f}")  # fmt: skip
        age = statistics.median(figures["age"])
        gui = statistics.median(figures["gui"])
        cli_import = statistics.median(figures["cli_import"])
        print(f"GUI / age -r: {gui / age:.2f}; CLI import / age -r: {cli_import / age:.2f}")
        print(f"GUI peak RSS during the import: {peaks['gui_import'] / 1024:.1f} MiB "
              f"(whole window process {peaks['gui'] / 1024:.1f} MiB, unlock included)")
        print(f"longest event-loop stall during the GUI import: {max(figures['stall']):.0f} ms "
              f"(10 ms timer; each run: {', '.join(f'{s:.0f}' for s in figures['stall'])} ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
