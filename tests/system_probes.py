"""What the tests outside the campaigns measure or make differently on Linux, macOS and
Windows, in one place (the campaigns keep theirs in ``tests/campaigns/per_system.py``).
Every branch runs on Linux in ``tests/platform/test_system_probes.py``, the other
systems imitated.

- Peak memory, in bytes. Linux: ``ru_maxrss`` (KiB) of this process or of a child that
  ended, ``VmHWM`` in ``/proc`` for one still running. macOS: ``ru_maxrss`` (bytes there),
  and ``proc_pid_rusage``'s lifetime maximum physical footprint for a process still
  running. Windows, which has neither ``resource`` nor ``/proc``: ``PeakWorkingSetSize``
  from ``GetProcessMemoryInfo``, for this process or for a child through its handle,
  while it runs or after it ended.
- A special file (no regular file): a FIFO on Linux and macOS, the ``NUL`` device on
  Windows, which keeps no FIFO in a folder.
- A file whose reading fails with an ``OSError``. Linux: a link to ``/proc/self/mem``
  (reading it is an I/O error). macOS and Windows have no ``/proc``: a folder where the
  file is expected (opening it fails: ``IsADirectoryError``, ``PermissionError``).
- A small volume to fill. Linux: a tmpfs (root only). macOS: a disk image ``hdiutil``
  makes and attaches (no administrator needed). Windows: a VHD that ``diskpart`` makes,
  formats and mounts, which needs an administrator (the hosted runners are); as an
  ordinary user the test is skipped and says so.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.platform import private

MIB = 1024 * 1024
SMALL_VOLUME_MIB = 8  # the smallest size every system's volume takes (a VHD: 3 MB)
# ru_maxrss: bytes on macOS, KiB on Linux.
_MAXRSS_UNIT = {"darwin": 1}
# Runs a command, returns its exit code and what it printed on stderr.
Run = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]

WINDOWS_NOT_ADMINISTRATOR = (
    "Windows: the small volume a disk-full test fills is a VHD that diskpart makes, "
    "formats and mounts, and diskpart needs an administrator; this test runs as an "
    "ordinary user (the hosted Windows runners are administrators and run it)"
)


def _system(system: str | None) -> str:
    return sys.platform if system is None else system


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, check=False)


# -- peak memory -------------------------------------------------------------------------


class _MemoryCounters(ctypes.Structure):
    """PROCESS_MEMORY_COUNTERS (psapi.h)."""

    _fields_ = [
        ("cb", ctypes.c_uint32),
        ("PageFaultCount", ctypes.c_uint32),
        ("PeakWorkingSetSize", ctypes.c_size_t),
        ("WorkingSetSize", ctypes.c_size_t),
        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
        ("QuotaPagedPoolUsage", ctypes.c_size_t),
        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
        ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
        ("PagefileUsage", ctypes.c_size_t),
        ("PeakPagefileUsage", ctypes.c_size_t),
    ]


def _windows_peak(handle: int, kernel32: Any = None) -> int:
    """The peak working set of the process ``handle`` opens (-1: this process). It stays
    readable after the process ended, as long as the handle is open."""
    if kernel32 is None:
        kernel32 = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
    counters = _MemoryCounters()
    counters.cb = ctypes.sizeof(counters)
    if not kernel32.K32GetProcessMemoryInfo(
        ctypes.c_void_p(handle), ctypes.pointer(counters), counters.cb
    ):
        raise OSError("GetProcessMemoryInfo failed")
    return int(counters.PeakWorkingSetSize)


def own_peak_memory(
    *, system: str | None = None, resource_module: Any = None, kernel32: Any = None
) -> int:
    """This process's peak memory so far."""
    current = _system(system)
    if current == "win32":
        return _windows_peak(-1, kernel32)
    resource = resource_module or importlib.import_module("resource")
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(usage) * _MAXRSS_UNIT.get(current, 1024)


# A child of its own, so the peak is this command's alone (RUSAGE_CHILDREN of the test
# process would include every child it ever waited for).
_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_memory_of_run(
    argv: Sequence[str],
    *,
    system: str | None = None,
    run: Run | None = None,
    popen: Callable[..., Any] | None = None,
    kernel32: Any = None,
) -> tuple[int, int]:
    """Run ``argv`` to its end; its exit code and its peak memory."""
    current = _system(system)
    if current == "win32":
        child = (popen or subprocess.Popen)(
            list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        code = child.wait()
        return int(code), _windows_peak(int(child._handle), kernel32)
    done = (run or _run)([sys.executable, "-c", _PROBE, *argv])
    if done.returncode != 0:
        raise RuntimeError(f"the memory probe failed: {done.stderr}")
    code, peak = done.stdout.split()
    return int(code), int(peak) * _MAXRSS_UNIT.get(current, 1024)


def live_peak_memory(
    process: Any,
    *,
    system: str | None = None,
    read_text: Callable[[Path], str] | None = None,
    libsystem: Any = None,
    kernel32: Any = None,
) -> int:
    """The peak memory so far of ``process`` (a ``subprocess.Popen`` still running)."""
    current = _system(system)
    if current == "win32":
        return _windows_peak(int(process._handle), kernel32)
    if current == "darwin":
        if libsystem is None:
            libsystem = ctypes.CDLL("/usr/lib/libSystem.B.dylib")
        info = (ctypes.c_uint64 * 64)()  # struct rusage_info_v4 and room to spare
        if libsystem.proc_pid_rusage(process.pid, 4, info) != 0:  # RUSAGE_INFO_V4
            raise OSError(f"proc_pid_rusage failed for process {process.pid}")
        # A 16-byte uuid, then 64-bit fields: ri_lifetime_max_phys_footprint is the 29th.
        return int(info[2 + 28])
    status = (read_text or (lambda path: path.read_text()))(Path(f"/proc/{process.pid}/status"))
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


# -- a file that cannot be read ----------------------------------------------------------


def unreadable_file(path: Path, *, system: str | None = None) -> Path:
    """Make ``path`` a name that opens or reads as a file only to fail with an OSError."""
    if _system(system).startswith("linux"):
        path.symlink_to("/proc/self/mem")  # reading it: EIO
    else:
        path.mkdir()  # opening a folder as a file fails on macOS and Windows
    return path


def special_file(folder: Path, *, system: str | None = None) -> Path:
    """A name that is no regular file and would block a reader that opened it blindly: a
    FIFO in ``folder`` on Linux and macOS. Windows keeps no FIFO in a folder (its named
    pipes live in ``\\\\.\\pipe\\``); its special file any program can name is the
    ``NUL`` device, a character device as ``fstat`` sees it."""
    if _system(system) == "win32":
        return Path("NUL")
    fifo = folder / "pipe"
    os.mkfifo(fifo)  # POSIX only: never reached on Windows
    return fifo


# -- a small volume to fill --------------------------------------------------------------


def _diskpart(script: Path, lines: Sequence[str], run: Run) -> subprocess.CompletedProcess[str]:
    script.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return run(["diskpart", "/s", str(script)])


@contextmanager
def small_volume(
    where: Path,
    *,
    system: str | None = None,
    run: Run | None = None,
    elevated: bool | None = None,
) -> Iterator[Path]:
    """A new, empty volume of :data:`SMALL_VOLUME_MIB` mounted at ``where`` (made here)
    for the test to fill, taken away again at the end. Skips the test, saying why, where
    this user cannot make one."""
    current = _system(system)
    runner = run or _run
    where.mkdir()
    if current == "win32":
        if not (private.is_elevated() if elevated is None else elevated):
            pytest.skip(WINDOWS_NOT_ADMINISTRATOR)
        image = where.with_name(where.name + ".vhdx")
        made = _diskpart(where.with_name(where.name + "-attach.txt"), [
            f'create vdisk file="{image}" maximum={SMALL_VOLUME_MIB} type=fixed',
            f'select vdisk file="{image}"', "attach vdisk", "create partition primary",
            "format fs=ntfs quick label=SMALL", f'assign mount="{where}"',
        ], runner)  # fmt: skip
        detach = [f'select vdisk file="{image}"', "detach vdisk"]
        if made.returncode != 0:
            _diskpart(where.with_name(where.name + "-detach.txt"), detach, runner)
            pytest.skip(f"diskpart could not make a small VHD: {made.stdout}{made.stderr}")
        try:
            yield where
        finally:
            _diskpart(where.with_name(where.name + "-detach.txt"), detach, runner)
        return
    if current == "darwin":
        image = where.with_name(where.name + ".dmg")
        made = runner(["hdiutil", "create", "-size", f"{SMALL_VOLUME_MIB}m", "-fs", "HFS+",
                       "-volname", "SMALL", str(image)])  # fmt: skip
        if made.returncode == 0:
            made = runner(["hdiutil", "attach", str(image), "-mountpoint", str(where),
                           "-nobrowse", "-noautoopen"])  # fmt: skip
        if made.returncode != 0:
            pytest.skip(f"hdiutil could not make a small disk image: {made.stderr.strip()}")
        try:
            yield where
        finally:
            if runner(["hdiutil", "detach", str(where)]).returncode != 0:
                runner(["hdiutil", "detach", str(where), "-force"])
        return
    options = f"size={SMALL_VOLUME_MIB}m,mode=0700"
    made = runner(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)])
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (root only): {made.stderr.strip()}")
    try:
        yield where
    finally:
        if runner(["umount", str(where)]).returncode != 0:
            runner(["umount", "-l", str(where)])


def more_than_fits(volume: Path) -> int:
    """A size that cannot be written to ``volume``: its free space and a MiB more."""
    return shutil.disk_usage(volume).free + MIB
