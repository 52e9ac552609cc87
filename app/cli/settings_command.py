"""CLI: ``settings list|get|set|unset`` over the vault's validated settings.

Only known settings are accepted (``app.core.settings.KNOWN_SETTINGS``), each through
its validator, e.g. ``settings set platform-recipient age1...``. Main thread.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext
from app.services import settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("settings", help="vault settings (e.g. platform-recipient)")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every setting and its value")
    listing.set_defaults(handler=_list)
    get = actions.add_parser("get", help="print one setting")
    get.add_argument("name", metavar="NAME")
    get.set_defaults(handler=_get)
    put = actions.add_parser("set", help="set one setting (validated)")
    put.add_argument("name", metavar="NAME")
    put.add_argument("value", metavar="VALUE")
    put.set_defaults(handler=_set)
    unset = actions.add_parser("unset", help="remove one setting")
    unset.add_argument("name", metavar="NAME")
    unset.set_defaults(handler=_unset)


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    values = settings.list_all(ctx.open_session())
    ctx.emit(
        values,
        "\n".join(
            f"{name} = {value if value is not None else '(not set)'}"
            for name, value in values.items()
        ),
    )
    return 0


def _get(ctx: CliContext, args: argparse.Namespace) -> int:
    value = settings.get(ctx.open_session(), args.name)
    ctx.emit({args.name: value}, value if value is not None else "(not set)")
    return 0 if value is not None else 1


def _set(ctx: CliContext, args: argparse.Namespace) -> int:
    stored = settings.set_value(ctx.open_session(), args.name, args.value)
    ctx.emit({args.name: stored}, f"{args.name} = {stored}")
    return 0


def _unset(ctx: CliContext, args: argparse.Namespace) -> int:
    removed = settings.unset(ctx.open_session(), args.name)
    ctx.emit({"removed": removed}, "Removed." if removed else "It was not set.")
    return 0
