"""A reader of our output that goes away early (``| head -1``) is not an error.

Python ignores SIGPIPE, so writing to a pipe whose reader has gone raises
``BrokenPipeError`` instead of ending the process as it ends ``cat``. The CLI then
discards the rest of its output and ends quietly with its status. Main thread only.
"""

from __future__ import annotations

import errno
import os
import sys

from app.platform.files import binary_flags


def is_broken_pipe(error: BaseException) -> bool:
    """True when ``error``, or the error it was raised from, is a closed output pipe."""
    current: BaseException | None = error
    for _ in range(8):  # a chain of causes is short; never loop on a cycle
        if current is None:
            return False
        if isinstance(current, OSError) and current.errno == errno.EPIPE:
            return True  # BrokenPipeError, or an OSError built from EPIPE
        current = current.__cause__
    return False


def discard_stdout() -> None:
    """Point the process's stdout at the null device, for good.

    What is still buffered for the closed pipe, and anything printed later, then goes
    nowhere quietly, instead of the interpreter trying the pipe again when it exits and
    printing "Exception ignored ... BrokenPipeError" (the recipe in the documentation of
    Python's ``signal`` module, "Note on SIGPIPE").
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (an embedding program, a test's capture)
    null = os.open(os.devnull, os.O_WRONLY | binary_flags())
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)
