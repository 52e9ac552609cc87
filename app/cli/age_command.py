"""``evidence-vault age``: encrypt, decrypt and make keys in the age v1 format.

For coordinators and platform staff who handle sealed packages without a vault; the
files are interchangeable with the standard ``age`` and ``age-keygen`` tools. Output
named with ``-o`` appears only complete (written as ``NAME.partial``, then renamed),
so a failed decryption leaves no file behind. Main thread only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.cli.context import CliContext
from app.crypto.age import (
    X25519Identity,
    X25519Recipient,
    decrypt,
    encrypt,
    parse_identities,
    parse_recipients,
)
from app.crypto.age.keys import MAX_IDENTITY_FILE
from app.errors import EvidenceVaultError, FormatError, NotFoundError
from app.fsutil import atomic_writer
from app.platform import private


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "age",
        help="encrypt, decrypt and make keys in the age v1 format (no vault needed)",
        description="Files compatible with the age tool (age-encryption.org/v1), X25519 keys.",
    )
    actions = parser.add_subparsers(dest="age_action", metavar="ACTION", required=True)

    enc = actions.add_parser("encrypt", help="encrypt INPUT (or stdin) to recipients")
    enc.add_argument(
        "-r", "--recipient", action="append", default=[], metavar="RECIPIENT",
        help="an age1... public key (repeatable)",
    )
    enc.add_argument(
        "-R", "--recipients-file", action="append", default=[], metavar="FILE",
        help="a file of recipients, one per line (repeatable)",
    )
    enc.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    enc.add_argument("input", nargs="?", metavar="INPUT", help="input file (default: stdin)")
    enc.set_defaults(handler=_encrypt)

    dec = actions.add_parser("decrypt", help="decrypt INPUT (or stdin) with an identity file")
    dec.add_argument(
        "-i", "--identity", action="append", required=True, metavar="IDENTITY_FILE",
        help="a file of AGE-SECRET-KEY-1... identities (repeatable)",
    )
    dec.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    dec.add_argument("input", nargs="?", metavar="INPUT", help="input file (default: stdin)")
    dec.set_defaults(handler=_decrypt)

    keygen = actions.add_parser("keygen", help="make a new identity (age-keygen's format)")
    keygen.add_argument("-o", "--output", metavar="OUT", help="write the identity to OUT (0600)")
    keygen.set_defaults(handler=_keygen)


def _read_key_file(name: str, what: str) -> str:
    path = Path(name)
    try:
        if path.stat().st_size > MAX_IDENTITY_FILE:
            raise FormatError(f"The {what} file is too large.")
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"The {what} file does not exist.") from None
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the {what} file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise FormatError(f"The {what} file is not text.") from None


@contextlib.contextmanager
def _input(name: str | None) -> Iterator[BinaryIO]:
    if name is None:
        yield sys.stdin.buffer
        return
    try:
        handle = Path(name).open("rb")  # noqa: SIM115  # closed by the with below
    except FileNotFoundError:
        raise NotFoundError("The input file does not exist.") from None
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the input file: {error.strerror}") from None
    with handle:
        yield handle


def _file_size(handle: BinaryIO) -> int | None:
    """The size of an input that is a regular file (a pipe's is not known)."""
    try:
        info = os.fstat(handle.fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


@contextlib.contextmanager
def _output(name: str | None, size: int | None = None) -> Iterator[BinaryIO]:
    """Where the result goes; ``size``, when known, is checked against the drive's
    largest file first (FAT32: 4 GiB), before a byte is written."""
    if name is not None:
        if size is not None:
            private.check_fits(Path(name).parent, size)
        with atomic_writer(Path(name)) as handle:
            yield handle
        return
    if sys.stdout.isatty():
        raise EvidenceVaultError(
            "Refusing to write binary data to a terminal; use -o FILE or a redirect."
        )
    yield sys.stdout.buffer
    sys.stdout.buffer.flush()


def _encrypt(ctx: CliContext, args: argparse.Namespace) -> int:
    recipients = [X25519Recipient.parse(text) for text in args.recipient]
    for name in args.recipients_file:
        recipients += parse_recipients(_read_key_file(name, "recipients"))
    if not recipients:
        raise EvidenceVaultError("Give at least one recipient with -r or -R.")
    with _input(args.input) as src:
        size = _file_size(src)
        # age adds 16 bytes a 64 KiB chunk and a header: estimated from above.
        grown = None if size is None else size + size // 4096 + 64 * 1024
        with _output(args.output, grown) as dst:
            encrypt(src, dst, recipients)
    if args.output is not None:
        ctx.emit({"encrypted": True, "recipients": [str(r) for r in recipients]})
    return 0


def _decrypt(ctx: CliContext, args: argparse.Namespace) -> int:
    identities: list[X25519Identity] = []
    for name in args.identity:
        identities += parse_identities(_read_key_file(name, "identity"))
    with _input(args.input) as src, _output(args.output, _file_size(src)) as dst:
        decrypt(src, dst, identities)  # the plaintext is smaller than its input
    if args.output is not None:
        ctx.emit({"decrypted": True})
    return 0


def _keygen(ctx: CliContext, args: argparse.Namespace) -> int:
    identity = X25519Identity.generate()
    created = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    text = f"# created: {created}\n# public key: {identity.recipient}\n{identity}\n"
    if args.output is None:
        if ctx.json_output:
            ctx.emit({"public_key": str(identity.recipient), "identity": str(identity)})
        else:
            ctx.stdout.write(text)
        return 0
    path = Path(args.output)
    if path.exists():
        # Like age-keygen: never overwrite a key that may be the only copy.
        raise EvidenceVaultError("The output file exists already; not overwriting a key.")
    with atomic_writer(path, owner_only=True) as handle:  # the secret key
        handle.write(text.encode("ascii"))
    print(f"Public key: {identity.recipient}", file=ctx.stderr)
    ctx.emit({"public_key": str(identity.recipient)})
    return 0
