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

from app import __version__
from app.cli.context import CliContext
from app.cli.registry import command_modules
from app.errors import EvidenceVaultError

EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidence-vault",
        description="Collect testimony and evidence offline in an encrypted vault.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-vault {__version__}")
    parser.add_argument(
        "--vault", metavar="DIR", help="vault folder (default: the user data folder)"
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the passphrase from the first line of FILE instead of prompting",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        module.register(subparsers)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    context = CliContext.from_args(args)
    try:
        result: int = handler(context, args)
        return result
    except EvidenceVaultError as error:
        context.fail(str(error), kind=type(error).__name__)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        context.fail("Interrupted.", kind="Interrupted")
        return 130
    except Exception as error:
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
