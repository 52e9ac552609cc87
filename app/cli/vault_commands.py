"""CLI: ``init``, ``passwd`` and ``check``: the vault as a whole. Main thread."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.cli.secret_files import read_secret_file
from app.core.passphrase_policy import require_acceptable
from app.crypto.kdf import FLOOR
from app.errors import EvidenceVaultError
from app.platform import private
from app.sanitize import for_display
from app.services import coercion, maintenance
from app.services.session import Session

EXIT_DAMAGED = 3


def register(subparsers: Any) -> None:
    init = subparsers.add_parser("init", help="create a new vault and print its recovery key")
    init.add_argument(
        "--kdf-floor",
        action="store_true",
        help="use the minimum key-derivation cost instead of calibrating (scripts, tests)",
    )
    init.set_defaults(handler=_init)

    passwd = subparsers.add_parser(
        "passwd", help="change the passphrase (the recovery key also opens the vault)"
    )
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new passphrase from the first line of FILE instead of prompting",
    )
    passwd.add_argument(
        "--recovery-shares",
        nargs="+",
        metavar="FILE",
        help="reset the passphrase with K recovery share files (one share per file)",
    )
    passwd.set_defaults(handler=_passwd)

    check = subparsers.add_parser(
        "check", help="verify the database, every media file and the custody log"
    )
    check.add_argument(
        "--accept-rollback",
        action="store_true",
        help="accept a database older than the vault's keys as it is (see SECURITY.md)",
    )
    check.set_defaults(handler=_check)


def _init(ctx: CliContext, args: argparse.Namespace) -> int:
    folder = ctx.vault_folder
    passphrase = ctx.read_secret("New vault passphrase: ", confirm=True)
    require_acceptable(passphrase)
    session, recovery = Session.create(
        folder, passphrase, params=FLOOR if args.kdf_floor else None
    )
    ctx.on_close(session.lock)
    # FAT and exFAT sticks keep no permissions: say so (the files are still encrypted).
    warning = private.permission_warning(private.filesystem_type(folder))
    if warning is not None:
        print(f"evidence-vault: {warning}", file=ctx.stderr)
    device = session.device.public_key
    ctx.emit(
        {
            "vault": str(folder),
            "recovery_key": recovery.formatted(),
            "device_fingerprint": device.fingerprint,
            "short_fingerprint": device.short_fingerprint(),
        },
        f"Created a vault in {folder}\n"
        f"Device fingerprint: {device.fingerprint}\n\n"
        "RECOVERY KEY (shown only this once; write it on paper and keep it apart from "
        "this computer):\n\n"
        f"    {recovery.formatted()}\n",
    )
    return 0


def _read_new_passphrase(ctx: CliContext, path: str | None) -> str:
    if path is not None:
        text = _first_line(Path(path))
    else:
        text = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat: ") != text:
            raise EvidenceVaultError("The two passphrases differ.")
    require_acceptable(text)
    return text


def _first_line(path: Path) -> str:
    return read_secret_file(path, "new passphrase file")


def _passwd(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.recovery_shares:
        texts = [coercion.read_share_file(Path(path)) for path in args.recovery_shares]
        secret = coercion.combine_shares(texts)
        session = Session.unlock(ctx.vault_folder, secret)
        ctx.on_close(session.lock)
        session.change_passphrase(secret, _read_new_passphrase(ctx, args.new_passphrase_file))
        ctx.emit(
            {"changed": True},
            "The passphrase was reset with the recovery shares.",
        )
        return 0
    current = ctx.read_secret("Current passphrase or recovery key: ")
    session = Session.unlock(ctx.vault_folder, current)
    ctx.on_close(session.lock)
    new = _read_new_passphrase(ctx, args.new_passphrase_file)
    session.change_passphrase(current, new)
    ctx.emit({"changed": True}, "The passphrase was changed. The recovery key is unchanged.")
    return 0


def _check(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    if args.accept_rollback and coercion.accept_rollback(session):
        print(
            "evidence-vault: the database was accepted as it is; the vault is writable "
            "again (the acceptance is in the custody log).",
            file=ctx.stderr,
        )
    report = maintenance.check(session)
    problems = [for_display(p) for p in report.problems]
    cleaned = [for_display(c) for c in report.cleaned]
    lines = [f"problem: {p}" for p in problems] + [f"cleaned: {c}" for c in cleaned]
    lines.append("The vault is intact." if report.ok else f"{len(problems)} problem(s) found.")
    ctx.emit({"ok": report.ok, "problems": problems, "cleaned": cleaned}, "\n".join(lines))
    return 0 if report.ok else EXIT_DAMAGED
