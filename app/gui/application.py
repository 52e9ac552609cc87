"""Composition root of the desktop interface (filled in by the GUI work)."""

from __future__ import annotations

import sys


def run_application() -> int:
    print("The desktop interface is not built yet; use the CLI (see --help).", file=sys.stderr)
    return 2
