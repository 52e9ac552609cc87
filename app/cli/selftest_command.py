"""CLI: ``self-test``: check this installation end to end, headless, and clean up.

Runs :func:`app.selftest.run_selftest` and prints each step with its time as it
finishes; exits 0 when every step passed, 1 otherwise. Needs no vault and touches
none: everything happens in a private folder the self-test creates and removes. When
there is no display (a server, CI) Qt is told to draw offscreen, which must be decided
before Qt is first loaded, so it is set here, before the window step imports the GUI.
Main thread.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from app import __version__
from app.cli.context import CliContext
from app.sanitize import for_display
from app.selftest import StepResult, needs_offscreen, run_selftest


def register(subparsers: Any) -> None:
    selftest = subparsers.add_parser(
        "self-test",
        help="check this installation: vault, import, seal, export, verify, window",
    )
    selftest.add_argument(
        "--no-window", action="store_true", help="skip the step that opens the main window"
    )
    selftest.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    selftest.set_defaults(handler=_selftest)


def _line(step: StepResult) -> str:
    state = "ok  " if step.ok else "FAIL"
    return f"{state}  {step.name:<17} {step.seconds:7.3f} s  {for_display(step.detail)}"


def _selftest(ctx: CliContext, args: argparse.Namespace) -> int:
    with_window = not args.no_window
    offscreen = with_window and needs_offscreen(os.environ, sys.platform)
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    def show(step: StepResult) -> None:
        if not ctx.json_output:
            print(_line(step), file=ctx.stdout, flush=True)

    if not ctx.json_output:
        print(f"evidence-vault {__version__} self-test", file=ctx.stdout, flush=True)
    report = run_selftest(show, with_window=with_window)
    summary = (
        f"{'PASSED' if report.ok else 'FAILED'}: {len(report.steps)} steps in "
        f"{report.seconds:.3f} s"
    )
    ctx.emit(
        {
            "ok": report.ok,
            "version": __version__,
            "frozen": bool(getattr(sys, "frozen", False)),
            "offscreen": offscreen,
            "seconds": round(report.seconds, 3),
            "steps": [
                {
                    "name": s.name,
                    "ok": s.ok,
                    "seconds": round(s.seconds, 3),
                    "detail": for_display(s.detail),
                }
                for s in report.steps
            ],
        },
        summary,
    )
    return 0 if report.ok else 1
