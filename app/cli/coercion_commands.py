"""CLI: ``rekey``, ``wipe``, ``recovery split`` and ``duress set|unset``: seizure and
coercion. Main thread."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.cli.secret_files import read_secret_file
from app.cli.vault_commands import _read_new_passphrase
from app.errors import EvidenceVaultError
from app.fsutil import atomic_write_bytes
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

    duress = subparsers.add_parser(
        "duress",
        help="a second passphrase that, typed at unlock, erases this vault and opens a decoy",
    )
    steps = duress.add_subparsers(dest="duress_action", metavar="ACTION", required=True)
    duress_set = steps.add_parser(
        "set", help="set or replace the duress passphrase (asks for it, or reads a file)"
    )
    duress_set.add_argument(
        "--duress-passphrase-file",
        metavar="FILE",
        help="read the duress passphrase from the first line of FILE instead of prompting",
    )
    duress_set.add_argument(
        "--decoy-from",
        metavar="FILE",
        help="cases and testimonies the decoy holds (JSON, docs/testimony-format.md); "
        "empty without it",
    )
    duress_set.set_defaults(handler=_duress_set)
    duress_unset = steps.add_parser("unset", help="remove the duress passphrase and its decoy")
    duress_unset.set_defaults(handler=_duress_unset)


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


def write_shares(out: Path, documents: list[str]) -> list[str]:
    """Write ``share-N.txt`` files into ``out`` (created 0700 if missing), each readable
    by this user alone: 0600, and on Windows (which ignores modes) a protected ACL on the
    file; a folder the user chose is left as it is. Bytes as given, on every system."""
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(documents, start=1):
        path = out / f"share-{number}.txt"
        atomic_write_bytes(path, text.encode("utf-8"), owner_only=True)
        paths.append(str(path))
    return paths


def _split(ctx: CliContext, args: argparse.Namespace) -> int:
    out = Path(args.out)
    session = ctx.open_session()
    documents = coercion.split_recovery(session, args.threshold, args.shares)
    paths = write_shares(out, documents)
    ctx.emit(
        {"threshold": args.threshold, "shares": paths},
        f"Wrote {len(paths)} shares to {out}; any {args.threshold} of them reset the "
        "passphrase (evidence-vault passwd --recovery-shares FILE...). Earlier shares no "
        "longer work. Print them, give each to a different person, and delete the files.",
    )
    return 0


def _read_duress_passphrase(path: str | None) -> str:
    if path is not None:
        # A UTF-8 BOM dropped and UTF-16 named, as for every passphrase file.
        return read_secret_file(Path(path), "duress passphrase file")
    text = getpass.getpass("Duress passphrase (different from the real one): ")
    if getpass.getpass("Repeat: ") != text:
        raise EvidenceVaultError("The two passphrases differ.")
    return text


def _duress_set(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    content = (
        coercion.read_decoy_file(Path(args.decoy_from)) if args.decoy_from is not None else None
    )
    coercion.set_duress(session, _read_duress_passphrase(args.duress_passphrase_file), content)
    ctx.emit(
        {"duress": True, "decoy": content is not None},
        "The duress passphrase is set. Typed at unlock instead of the passphrase, it "
        "erases this vault's keys at once, deletes its data and opens a decoy vault "
        f"({'with the prepared cases' if content is not None else 'empty'}). Nothing on "
        "disk shows that it is set. Read SECURITY.md for what it does not protect.",
    )
    return 0


def _duress_unset(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    removed = coercion.unset_duress(session)
    ctx.emit(
        {"duress": False, "removed": removed},
        "The duress passphrase was removed." if removed else "No duress passphrase was set.",
    )
    return 0
