"""The command line: one parser, one module per command family.

Every command module exposes ``register(subparsers)`` and sets ``handler`` on its
parsers; the handler takes ``(CliContext, argparse.Namespace)`` and returns an exit
code. Expected failures are typed errors, printed as one line on stderr; an unexpected
one prints no traceback (it may carry testimony text) unless ``EVIDENCE_VAULT_DEBUG``
is set by a developer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from app import __version__
from app.cli.context import CliContext
from app.cli.pipes import is_broken_pipe
from app.cli.registry import command_modules
from app.errors import EvidenceVaultError
from app.platform import console

EXIT_FAILURE = 1
EXIT_USAGE = 2


# Accepted before the command (where they carry the defaults) and after it, on every
# command: ``evidence-vault case list --json`` is ``evidence-vault --json case list``.
_GLOBAL_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--vault", {"metavar": "DIR", "help": "vault folder (default: the user data folder)"}),
    (
        "--passphrase-file",
        {
            "metavar": "FILE",
            "help": "read the passphrase from the first line of FILE instead of prompting",
        },
    ),
    ("--json", {"action": "store_true", "help": "machine-readable output"}),
)


def _add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """The global options on ``parser``.

    After a command they default to SUPPRESS, so they set nothing unless given: a value
    given before the command is kept, one given after it wins, and the defaults are
    applied exactly once, by the top parser. An option a command module declares itself
    is left as it is.
    """
    for flag, options in _GLOBAL_OPTIONS:
        if flag in parser._option_string_actions:
            continue
        action = parser.add_argument(flag, **options)
        if after_command:
            action.default = argparse.SUPPRESS


def _subparsers_of(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += [child, *_subparsers_of(child)]
    return found


class UsageError(Exception):
    """A command line the parser refused; ``parser`` is the (sub)command's own."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    # Every subparser is of this class too (add_subparsers uses the parent's class), so a
    # mistake anywhere reaches run(), which reports it as text or, with --json, as JSON.
    def error(self, message: str) -> NoReturn:
        raise UsageError(self, message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evidence-vault",
        description="Collect testimony and evidence offline in an encrypted vault.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-vault {__version__}")
    _add_global_options(parser, after_command=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        module.register(subparsers)
    # Once here for every command, at every depth, instead of in each command module.
    for child in _subparsers_of(parser):
        _add_global_options(child, after_command=True)
    return parser


def run(argv: Sequence[str]) -> int:
    # Pipes and files get UTF-8 on every system (Windows would use its code page).
    console.use_utf8(sys.stdout, sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except UsageError as mistake:
        return _usage_mistake(argv, mistake.parser, mistake.message)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.json:
            return _usage_mistake(argv, parser, "a command is needed (see --help)")
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    context = CliContext.from_args(args)
    try:
        result: int = handler(context, args)
        # Still inside the handling below: a closed pipe shows up here at the latest.
        context.flush_output()
        return result
    except EvidenceVaultError as error:
        if is_broken_pipe(error):
            return _output_cut_short(context)
        context.fail(str(error), kind=type(error).__name__)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        context.fail("Interrupted.", kind="Interrupted")
        return 130
    except Exception as error:
        if is_broken_pipe(error):
            return _output_cut_short(context)
        if os.environ.get("EVIDENCE_VAULT_DEBUG"):
            raise
        context.fail(
            f"Internal error ({type(error).__name__}); nothing was changed beyond the last "
            "completed step. Run 'evidence-vault check' before continuing.",
            kind="InternalError",
        )
        return EXIT_FAILURE
    finally:
        context.close()


def _output_cut_short(context: CliContext) -> int:
    """The reader of stdout went away while a command was still writing its result
    (``age decrypt BIG | head -1``): the command could not finish, so it fails, quietly;
    the pipe is not an internal error and no traceback is printed."""
    context.discard_output()
    return EXIT_FAILURE


def _usage_mistake(argv: Sequence[str], parser: argparse.ArgumentParser, message: str) -> int:
    """Say what is wrong with the command line: argparse's usage and message, or with
    ``--json`` anywhere before ``--`` one error object, as for any other error."""
    words = list(argv)
    options = words[: words.index("--")] if "--" in words else words
    if "--json" in options:
        context = CliContext(vault_dir=None, passphrase_file=None, json_output=True)
        context.fail(f"{parser.prog}: {message}", kind="UsageError")
    else:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE
