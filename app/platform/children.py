"""Bounding a child process's memory (the EXIF reader) on each system.

Linux: ``RLIMIT_AS`` is enforced; an allocation beyond it fails with ``MemoryError``.
macOS: ``setrlimit(RLIMIT_AS)`` is accepted but not enforced by the kernel, so the limit
there is advisory: what holds is the parent's byte budget (the child receives at most
that many bytes of the file) and the parent's deadline (the child is killed when it is
late). Windows has no rlimits: the child puts itself in a Job Object whose per-process
memory limit the kernel enforces (committed memory beyond it fails).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9

ENFORCED = "enforced"
ADVISORY = "advisory"
UNAVAILABLE = "unavailable"


class _BasicLimits(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class _IoCounters(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    ]


class ExtendedLimits(ctypes.Structure):
    """``JOBOBJECT_EXTENDED_LIMIT_INFORMATION``."""

    _fields_ = [
        ("BasicLimitInformation", _BasicLimits),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


def limit_own_memory(
    limit: int, *, system: str | None = None, kernel32: Any = None, resource_module: Any = None
) -> str:
    """Bound this process's memory to ``limit`` bytes; say how firmly it holds.

    Returns :data:`ENFORCED`, :data:`ADVISORY` (macOS) or :data:`UNAVAILABLE` (the call
    failed; the caller's other bounds still hold). Called first thing in the child.
    """
    current = sys.platform if system is None else system
    if current == "win32":
        return _job_object(limit, kernel32)
    try:
        if resource_module is None:
            import resource  # POSIX only

            resource_module = resource
        resource_module.setrlimit(resource_module.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        return UNAVAILABLE
    return ADVISORY if current == "darwin" else ENFORCED


def _job_object(limit: int, kernel32: Any) -> str:
    if kernel32 is None:
        kernel32 = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return UNAVAILABLE
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = (
        JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    )
    info.ProcessMemoryLimit = limit
    if not kernel32.SetInformationJobObject(
        job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, ctypes.byref(info), ctypes.sizeof(info)
    ):
        return UNAVAILABLE
    # The job handle stays open for the life of the process (closing it would end the
    # process, KILL_ON_JOB_CLOSE); Windows 8 and later allow nested jobs.
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        return UNAVAILABLE
    return ENFORCED
