"""The CLI command modules, in the order ``--help`` shows them.

Each module named here defines ``register(subparsers)``; adding a command family is
adding its module name to this tuple.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_NAMES: tuple[str, ...] = (
    "vault_commands",
    "coercion_commands",
    "records_commands",
    "package_commands",
    "keys_command",
    "settings_command",
    "age_command",
    "sync_command",
    "timestamp_command",
    "phone_command",
    "selftest_command",
)


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"app.cli.{name}") for name in _NAMES]
