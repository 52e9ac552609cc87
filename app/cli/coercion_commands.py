"""CLI: ``rekey``, ``wipe`` and ``recovery split``: seizure and coercion. Main thread."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.cli.vault_commands import _read_new_passphrase
from app.errors import EvidenceVaultError
from app.services import coercion
from app.services.session import holds_vault


def register(subparsers: Any) -> None:
    rekey = subparsers.add_parser(
        "rekey",
        help="new master key for everything; prints a new recovery key (old one and "
        "shares die); do this after any coerced unlock",
    )
    rekey.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="also change the passphrase to the first line of FILE",
    )
    rekey.set_defaults(handler=_rekey)

    wipe = subparsers.add_parser(
        "wipe", help="crypto-erase the vault's keys at once, then delete the vault"
    )
    wipe.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    wipe.set_defaults(handler=_wipe)

    recovery = subparsers.add_parser("recovery", help="recovery shares (K of N people)")
    actions = recovery.add_subparsers(dest="recovery_action", metavar="ACTION", required=True)
    split = actions.add_parser(
        "split", help="write N word shares, any K of which reset the passphrase"
    )
    split.add_argument("--threshold", type=int, required=True, metavar="K")
    split.add_argument("--shares", type=int, required=True, metavar="N")
    split.add_argument("--out", required=True, metavar="DIR", help="folder for share-N.txt")
    split.set_defaults(handler=_split)


def _rekey(ctx: CliContext, args: argparse.Namespace) -> int:
    current = ctx.read_secret("Current passphrase: ")
    session = ctx.open_session(current)
    new = (
        _read_new_passphrase(ctx, args.new_passphrase_file)
        if args.new_passphrase_file is not None
        else None
    )
    recovery = coercion.rekey(session, current, new)
    ctx.emit(
        {"rekeyed": True, "recovery_key": recovery.formatted()},
        "The vault has a new master key: the database was re-encrypted and every key "
        "re-wrapped. The old recovery key and any recovery shares no longer work.\n\n"
        "NEW RECOVERY KEY (shown only this once; write it on paper and keep it apart "
        "from this computer):\n\n"
        f"    {recovery.formatted()}\n",
    )
    return 0


def _wipe(ctx: CliContext, args: argparse.Namespace) -> int:
    folder = ctx.vault_folder
    if not holds_vault(folder):
        raise EvidenceVaultError("There is no vault in this folder.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise EvidenceVaultError("Wiping asks for confirmation: add --yes in scripts.")
        answer = input(f"Wipe the vault in {folder}? Nothing in it can be recovered. Type WIPE: ")
        if answer.strip() != "WIPE":
            ctx.emit({"wiped": False}, "Nothing was wiped.")
            return 1
    times = coercion.wipe_folder(folder)
    ctx.emit(
        {
            "wiped": True,
            "erase_seconds": round(times.erase_seconds, 4),
            "total_seconds": round(times.total_seconds, 4),
        },
        f"The vault's keys were erased ({times.erase_seconds:.3f} s); its database and "
        "media were deleted. No passphrase, recovery key or share opens it any more.",
    )
    return 0


def _split(ctx: CliContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    session = ctx.open_session()
    documents = coercion.split_recovery(session, args.threshold, args.shares)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(documents, start=1):
        path = out / f"share-{number}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths.append(str(path))
    ctx.emit(
        {"threshold": args.threshold, "shares": paths},
        f"Wrote {len(paths)} shares to {out}; any {args.threshold} of them reset the "
        "passphrase (evidence-vault passwd --recovery-shares FILE...). Earlier shares no "
        "longer work. Print them, give each to a different person, and delete the files.",
    )
    return 0
