"""The tests' per-system probes (tests/system_probes.py), each branch run here: peak
memory through ``resource``, ``/proc``, ``proc_pid_rusage`` or ``GetProcessMemoryInfo``;
a file that cannot be read; a small volume from tmpfs, ``hdiutil`` or ``diskpart``. The
Linux branches run for real, macOS and Windows imitated (fake ``resource``, Win32 and
libSystem calls, the commands recorded instead of run)."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests import system_probes
from tests.system_probes import (
    MIB,
    live_peak_memory,
    more_than_fits,
    own_peak_memory,
    peak_memory_of_run,
    small_volume,
    special_file,
    unreadable_file,
)


class Kernel32:
    """GetProcessMemoryInfo answering a peak working set per handle."""

    def __init__(self, peaks: dict[int, int]) -> None:
        self.peaks = peaks
        self.asked: list[int] = []

    def K32GetProcessMemoryInfo(self, handle: Any, counters: Any, size: int) -> int:
        value = handle.value
        self.asked.append(value)
        assert size == ctypes.sizeof(counters.contents) == counters.contents.cb
        if value not in self.peaks:
            return 0
        counters.contents.PeakWorkingSetSize = self.peaks[value]
        return 1


class Recorder:
    """Runs nothing: records each command and answers with the exit code asked for."""

    def __init__(self, failing: Sequence[str] = ()) -> None:
        self.commands: list[list[str]] = []
        self.scripts: list[str] = []
        self.failing = failing

    def __call__(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(argv))
        if argv[:2] == ["diskpart", "/s"]:
            self.scripts.append(Path(argv[2]).read_bytes().decode("ascii"))
        code = 1 if any(word in argv for word in self.failing) else 0
        return subprocess.CompletedProcess(list(argv), code, "", "refused" if code else "")


# -- peak memory -------------------------------------------------------------------------


def test_this_processs_peak_in_bytes_on_each_system() -> None:
    def resource(maxrss: int) -> SimpleNamespace:
        usage = SimpleNamespace(ru_maxrss=maxrss)
        return SimpleNamespace(RUSAGE_SELF=0, getrusage=lambda who: usage)

    assert own_peak_memory(system="linux", resource_module=resource(2048)) == 2 * MIB  # KiB
    assert own_peak_memory(system="darwin", resource_module=resource(2 * MIB)) == 2 * MIB
    this_process = ctypes.c_void_p(-1).value
    assert this_process is not None
    kernel32 = Kernel32({this_process: 3 * MIB})
    assert own_peak_memory(system="win32", kernel32=kernel32) == 3 * MIB
    assert kernel32.asked == [this_process]  # GetCurrentProcess's pseudo-handle
    assert own_peak_memory() > MIB  # this very process, for real


def test_a_commands_peak_in_bytes_on_each_system() -> None:
    hundred = [sys.executable, "-c", "x = bytearray(100 << 20); x[::4096] = b'a' * len(x[::4096])"]
    code, peak = peak_memory_of_run(hundred)  # for real
    assert code == 0 and 100 * MIB < peak < 300 * MIB, peak

    def probe(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        assert argv[:2] == [sys.executable, "-c"] and list(argv[3:]) == ["verify", "x"]
        return subprocess.CompletedProcess(list(argv), 0, f"1 {100 * MIB}\n", "")

    assert peak_memory_of_run(["verify", "x"], system="darwin", run=probe) == (1, 100 * MIB)

    class Child:
        _handle = 77

        def __init__(self, argv: list[str], **options: Any) -> None:
            assert argv == ["verify", "x"] and options["stdout"] == subprocess.DEVNULL

        def wait(self) -> int:
            return 1

    kernel32 = Kernel32({77: 90 * MIB})
    measured = peak_memory_of_run(["verify", "x"], system="win32", popen=Child, kernel32=kernel32)
    assert measured == (1, 90 * MIB) and kernel32.asked == [77]  # asked after it ended


def test_a_running_processs_peak_in_bytes_on_each_system() -> None:
    running = SimpleNamespace(pid=4242, _handle=55)
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t  1024 kB\n"

    def read(path: Path) -> str:
        assert path == Path("/proc/4242/status")
        return status

    assert live_peak_memory(running, system="linux", read_text=read) == 50 * MIB

    class LibSystem:
        def proc_pid_rusage(self, pid: int, flavor: int, info: Any) -> int:
            assert (pid, flavor) == (4242, 4)  # RUSAGE_INFO_V4
            info[2 + 7] = 5 * MIB  # ri_phys_footprint, now
            info[2 + 28] = 70 * MIB  # ri_lifetime_max_phys_footprint
            return 0

    assert live_peak_memory(running, system="darwin", libsystem=LibSystem()) == 70 * MIB
    kernel32 = Kernel32({55: 80 * MIB})
    assert live_peak_memory(running, system="win32", kernel32=kernel32) == 80 * MIB
    with pytest.raises(OSError):
        live_peak_memory(SimpleNamespace(pid=1, _handle=56), system="win32", kernel32=kernel32)

    waiting = "import sys; print('ready', flush=True); sys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", waiting], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        assert live_peak_memory(child) > MIB  # for real, once Python runs in it
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(30)


# -- a file that cannot be read ----------------------------------------------------------


@pytest.mark.parametrize("system", ["linux", "darwin", "win32"])
def test_the_unreadable_file_fails_to_read_with_an_os_error(tmp_path: Path, system: str) -> None:
    path = unreadable_file(tmp_path / "profile.json", system=system)
    assert path == tmp_path / "profile.json"
    with pytest.raises(OSError), path.open("rb") as handle:
        handle.read(100)
    assert path.is_symlink() is (system == "linux")


def test_the_special_file_is_a_fifo_or_windowss_nul_device(tmp_path: Path) -> None:
    import stat

    fifo = special_file(tmp_path, system="linux")
    assert fifo.parent == tmp_path and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert special_file(tmp_path / "none", system="win32") == Path("NUL")
    assert not (tmp_path / "none").exists()  # nothing is made on Windows


# -- a small volume ----------------------------------------------------------------------


def _skip_reason(where: Path, system: str, run: Recorder, elevated: bool | None = None) -> str:
    """Why the test asking for a small volume at ``where`` is skipped."""
    with (
        pytest.raises(pytest.skip.Exception) as skipped,
        small_volume(where, system=system, run=run, elevated=elevated),
    ):
        pytest.fail("a volume was made")
    return str(skipped.value)


def test_macos_attaches_a_small_disk_image_and_detaches_it(tmp_path: Path) -> None:
    run = Recorder()
    where = tmp_path / "small"
    with small_volume(where, system="darwin", run=run) as volume:
        assert volume == where and where.is_dir()
        image = str(tmp_path / "small.dmg")
        assert run.commands == [
            ["hdiutil", "create", "-size", "8m", "-fs", "HFS+", "-volname", "SMALL", image],
            ["hdiutil", "attach", image, "-mountpoint", str(where), "-nobrowse", "-noautoopen"],
        ]
    assert run.commands[2:] == [["hdiutil", "detach", str(where)]]
    refused = Recorder(failing=["attach"])
    assert "hdiutil could not" in _skip_reason(tmp_path / "other", "darwin", refused)


def test_windows_mounts_a_small_vhd_as_an_administrator_and_says_why_not_otherwise(
    tmp_path: Path,
) -> None:
    reason = _skip_reason(tmp_path / "user", "win32", Recorder(), elevated=False)
    assert "diskpart needs an administrator" in reason
    run = Recorder()
    where = tmp_path / "small"
    image = tmp_path / "small.vhdx"
    with small_volume(where, system="win32", run=run, elevated=True) as volume:
        assert volume == where
        assert run.scripts == [
            f'create vdisk file="{image}" maximum=8 type=fixed\r\n'
            f'select vdisk file="{image}"\r\nattach vdisk\r\ncreate partition primary\r\n'
            f'format fs=ntfs quick label=SMALL\r\nassign mount="{where}"\r\n'
        ]
    assert run.scripts[1:] == [f'select vdisk file="{image}"\r\ndetach vdisk\r\n']
    assert all(command[:2] == ["diskpart", "/s"] for command in run.commands)


def test_linux_mounts_a_tmpfs_or_says_why_not(tmp_path: Path) -> None:
    run = Recorder()
    where = tmp_path / "small"
    with small_volume(where, system="linux", run=run):
        assert run.commands == [
            ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(where)]
        ]
    assert run.commands[1:] == [["umount", str(where)]]
    refused = Recorder(failing=["mount"])
    assert "root only" in _skip_reason(tmp_path / "other", "linux", refused)


def test_more_than_fits_is_more_than_the_free_space(tmp_path: Path) -> None:
    import shutil

    assert more_than_fits(tmp_path) > shutil.disk_usage(tmp_path).free
    assert system_probes.SMALL_VOLUME_MIB * MIB < 16 * MIB  # filling it stays quick
