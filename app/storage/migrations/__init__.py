"""Schema migrations: ordered steps from an empty vault to the current schema.

``PRAGMA user_version`` holds the number of the last step applied. Each step is a
module here with ``VERSION`` (its position, counting from 1) and ``apply(conn)``; each
runs in its own transaction together with the version bump, so a crash leaves the
vault at a whole step. A new step is a new module appended to ``STEPS``, never an edit
of an old one (vaults in the field already ran it). Runs on the vault worker thread.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from app.errors import UnsupportedVersionError
from app.storage.database import Connection, transaction

STEPS: tuple[str, ...] = (
    "m0001_foundation",
    "m0002_records",
    "m0003_attachments",
    "m0004_packages",
    "m0005_outbox",
    "m0006_recordings",
    "m0007_search_terms",
    "m0008_timestamps",
    "m0009_package_kinds",
    "m0010_outbox_reason_code",
    "m0011_blob_overlays",
)


def load_steps() -> list[ModuleType]:
    """The step modules in order, each checked to carry the version of its position."""
    modules = []
    for position, name in enumerate(STEPS, start=1):
        module = importlib.import_module(f"{__name__}.{name}")
        if getattr(module, "VERSION", None) != position:
            raise RuntimeError(f"migration {name} must declare VERSION = {position}")
        modules.append(module)
    return modules


def latest_version() -> int:
    return len(STEPS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int | None = None) -> int:
    """Bring the database to the latest schema (or to step ``target``, which tests use to
    build a vault as an older version left it); returns the number of steps applied.

    A vault written by a newer program (a version we do not know) is refused, not
    guessed at: writing to it could damage what the newer program relies on.
    """
    current = schema_version(conn)
    if current > latest_version():
        raise UnsupportedVersionError(
            f"This vault was written by a newer version of the program (schema {current}); "
            "update the program to open it."
        )
    applied = 0
    for module in load_steps()[current:target]:
        with transaction(conn):
            module.apply(conn)
            # PRAGMA cannot take parameters; VERSION is an int checked above.
            conn.execute(f"PRAGMA user_version = {int(module.VERSION)}")
        applied += 1
    return applied
