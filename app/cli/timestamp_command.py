"""``evidence-vault timestamp``: ask the platform's time-stamping authorities now.

    timestamp                        request RFC 3161 tokens over every sealed version
                                     not stamped yet
    timestamp --supplement ID --to DIR
                                     write the tokens of a version already sent as a
                                     small signed package (no content) to a stick

Only a digest (the root of a hash tree over the sealed versions) leaves the device,
through the same connection policy as a sync (the profile's proxy where the authority
asks for it, pinned TLS where the profile gives a CA). An authority that cannot be
reached is deferred to the next sync or the next run of this command. Ctrl-C stops the
request at once.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.errors import EvidenceVaultError
from app.sanitize import for_display
from app.services import syncing


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "timestamp", help="request trusted timestamps over what was sealed (digests only)"
    )
    command.add_argument("--supplement", metavar="TESTIMONY_ID",
                         help="write this version's tokens as a timestamp supplement package")
    command.add_argument("--to", metavar="DIR", help="the folder for --supplement")
    command.set_defaults(handler=_run)


def _run(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.supplement is not None:
        return _supplement(ctx, args)
    session = ctx.open_session()
    if not syncing.required_profile(session).timestamp_authorities:
        ctx.emit({"timestamps": []}, "The platform profile names no time-stamping authority.")
        return 0
    outcomes = syncing.timestamp_now(session, cancel=threading.Event())
    lines = [f"{for_display(o.authority)}: {o.state}. {for_display(o.message)}" for o in outcomes]
    ctx.emit({"timestamps": [o.to_json() for o in outcomes]}, "\n".join(lines))
    return 1 if any(o.state == "deferred" for o in outcomes) else 0


def _supplement(ctx: CliContext, args: argparse.Namespace) -> int:
    if not args.to:
        raise EvidenceVaultError("--supplement needs --to DIR.")
    result = syncing.export_timestamp_supplement(ctx.open_session(), args.supplement,
                                                 Path(args.to))
    ctx.emit(
        {"package_id": result.package_id, "testimony_id": result.testimony_id,
         "kind": result.kind, "file": result.path.name, "size": result.size,
         "sha256": result.sha256},
        f"{result.path.name}  {result.size} bytes  sha256 {result.sha256}  "
        f"(timestamp supplement of testimony {result.testimony_id})",
    )
    return 0
