"""The frozen program's entry script: what ``evidence-vault`` runs inside a bundle.

From source, ``python -m app`` and the ``evidence-vault`` console script call
:func:`app.__main__.main` directly and never come here. A bundle has no interpreter
that takes ``-m``, so the one child process the program starts itself (the EXIF reader,
``sys.executable -E -s -m app.core.metadata``, see ``app/core/metadata.py``) arrives
here with those interpreter options as arguments. They are recognised for that module
only, by exact match: no other module can be run this way, so a bundle cannot be turned
into a general Python runner. Main thread.
"""

from __future__ import annotations

import runpy
import sys

# Modules the program itself starts as a child with ``sys.executable -E -s -m NAME``.
_CHILD_MODULES = frozenset({"app.core.metadata", "app.core.pdf_strip", "app.core.faces"})
_INTERPRETER_OPTIONS = ("-E", "-s", "-m")


def _child_module(argv: list[str]) -> str | None:
    if len(argv) == 4 and tuple(argv[:3]) == _INTERPRETER_OPTIONS and argv[3] in _CHILD_MODULES:
        return argv[3]
    return None


def _standard_streams() -> None:
    """The windowed executable (Windows, the macOS .app) started without a console or
    pipes has no standard streams: Python sets them to None, and the first print (the
    self-test's report, a CLI message) would raise. Writes then go nowhere instead;
    started with pipes (CI, the EXIF child) the streams are real and kept."""
    import os
    from pathlib import Path

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


def start() -> int:
    _standard_streams()
    module = _child_module(sys.argv[1:])
    if module is not None:
        sys.argv = [sys.argv[0]]
        # The child module ends with sys.exit(); SystemExit carries its status out.
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from app.__main__ import main

    return main()


if __name__ == "__main__":
    sys.exit(start())
