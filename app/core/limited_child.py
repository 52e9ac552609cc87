"""The parent's half of reading a hostile file in a child process, said once.

The metadata reader, the PDF rewriter and the face detector each parse what a stranger
made in a child of their own (``python -m <module>``, which the frozen bundle's launcher
serves too): the child bounds its own memory (app/platform/children.py); the parent gives
it a deadline. :func:`limited_child` starts the child with pipes on stdin and stdout,
kills it when the deadline passes (``run.late`` is then set), and on leaving closes the
pipes, kills it if it still runs and reaps it, whatever happened inside.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

# Where the app package is importable from, for ``-m`` (the child runs with -E -s: no
# PYTHON* variables, no user site: nothing from the environment shapes what it imports).
_APP_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ChildRun:
    process: subprocess.Popen[bytes]
    late: threading.Event = field(default_factory=threading.Event)

    @property
    def stdin(self) -> IO[bytes]:
        assert self.process.stdin is not None  # started with a pipe
        return self.process.stdin

    @property
    def stdout(self) -> IO[bytes]:
        assert self.process.stdout is not None  # started with a pipe
        return self.process.stdout

    def _kill_late(self) -> None:
        self.late.set()
        with contextlib.suppress(OSError):
            self.process.kill()


@contextlib.contextmanager
def limited_child(module: str, seconds: float) -> Iterator[ChildRun]:
    """Run ``module`` as a child for at most ``seconds``; OSError when it cannot start."""
    process = subprocess.Popen(
        [sys.executable, "-E", "-s", "-m", module],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=_APP_ROOT,
    )
    run = ChildRun(process)
    timer = threading.Timer(seconds, run._kill_late)
    timer.start()
    try:
        yield run
    finally:
        timer.cancel()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
