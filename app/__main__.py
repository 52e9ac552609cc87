"""Entry point: ``evidence-vault`` or ``python -m app``.

With a command it runs the CLI; with none it opens the desktop window, on the folder of
``--vault DIR`` when that is the only thing given, disguised as a notes program with
``--neutral`` (SECURITY.md, "The neutral disguise"). The GUI is imported only on that
path so the CLI never loads Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def window_folder(args: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``args`` ask for the window, and on which vault folder (None: the default).

    Nothing, or only ``--vault DIR`` (``--vault=DIR``): the window. Anything else, a
    malformed ``--vault`` included, is the command line, which explains what is wrong.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--vault" and args[1] and not args[1].startswith("-"):
        return True, Path(args[1])
    if len(args) == 1 and args[0].startswith("--vault=") and len(args[0]) > len("--vault="):
        return True, Path(args[0].split("=", 1)[1])
    return False, None


# Decided at launch, not stored: what the window shows before unlock cannot come from the
# locked vault, and a marker beside it would itself say the program is disguised.
NEUTRAL_FLAG = "--neutral"


def window_request(args: Sequence[str]) -> tuple[bool, Path | None, bool]:
    """Like :func:`window_folder`, and whether the window is disguised (``--neutral``)."""
    neutral = NEUTRAL_FLAG in args
    window, folder = window_folder([arg for arg in args if arg != NEUTRAL_FLAG])
    return window, folder, neutral and window


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Files we create are ours alone; set before anything can create one.
    os.umask(0o077)
    # The recorder's encoder path needs Qt's FFmpeg backend on every system.
    from app.platform.media import pin_media_backend

    pin_media_backend()
    window, folder, neutral = window_request(args)
    if not window:
        from app.cli import run

        return run(args)
    from app.gui import launch

    return launch(folder, neutral=neutral)


if __name__ == "__main__":
    sys.exit(main())
