"""CLI: ``keys show``, ``keys new-recipient --out FILE``, ``keys export-public``.

``new-recipient`` makes an age X25519 identity for a platform or a coordinator, in the
text format ``age-keygen`` writes (comment lines, then ``AGE-SECRET-KEY-1...``), into a
new file created 0600 (never overwriting one); only the public key is printed.
``export-public`` prints this device's signing key as one allowed_signers line, after a
comment line with its fingerprints: the line the platform puts into the file that
``verify --trusted-signers`` and ``ssh-keygen -Y verify -f`` read. Main thread.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.crypto.age import X25519Identity
from app.crypto.signing import NAMESPACE_CUSTODY, NAMESPACE_PACKAGE, SigningPublicKey
from app.errors import StorageError
from app.fsutil import fsync_dir
from app.platform import private
from app.platform.files import binary_flags, fsync_file
from app.services import packages


def device_principal(key: SigningPublicKey) -> str:
    """The principal name of a device in allowed_signers files: stable and unique."""
    return "device-" + key.short_fingerprint()


def export_public_text(key: SigningPublicKey) -> str:
    line = key.allowed_signers_line(device_principal(key), [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY])
    return f"# Evidence Vault device {key.fingerprint} (short {key.short_fingerprint()})\n{line}\n"


def register(subparsers: Any) -> None:
    keys = subparsers.add_parser("keys", help="device signing key and recipient keys")
    actions = keys.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="this device's key fingerprint and key slots")
    show.set_defaults(handler=_show)
    new = actions.add_parser(
        "new-recipient", help="create an age identity for a platform or coordinator"
    )
    new.add_argument("--out", required=True, metavar="FILE", help="new file, created 0600")
    new.add_argument(
        "--keep",
        action="store_true",
        help="also keep it in this vault, so imported packages are verified here",
    )
    new.set_defaults(handler=_new_recipient)
    public = actions.add_parser(
        "export-public", help="print the device signing key as an allowed_signers line"
    )
    public.set_defaults(handler=_export_public)


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    key = session.device.public_key
    kinds = session.key_slot_kinds()
    kept = packages.kept_recipient_identities(session)
    ctx.emit(
        {
            "fingerprint": key.fingerprint,
            "short_fingerprint": key.short_fingerprint(),
            "public_key": key.openssh(),
            "key_slots": kinds,
            "recipients_kept": [str(i.recipient) for i in kept],
        },
        f"Device signing key: {key.fingerprint}\n"
        f"Short fingerprint:  {key.short_fingerprint()}\n"
        f"Public key:         {key.openssh()}\n"
        f"Key slots:          {', '.join(kinds)}\n"
        f"Recipient identities kept in this vault: {len(kept)}",
    )
    return 0


def _new_recipient(ctx: CliContext, args: argparse.Namespace) -> int:
    identity = X25519Identity.generate()
    out = Path(args.out)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"# created: {created}\n# public key: {identity.recipient}\n{identity}\n"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(out, flags | binary_flags(), 0o600)
    except FileExistsError:
        raise StorageError("That file exists already; a key file is never overwritten.") from None
    except OSError as error:
        raise StorageError(f"Cannot create the key file: {error.strerror}") from None
    # Bytes, not text mode: the file reads the same on every system (no CR added).
    with os.fdopen(fd, "wb") as handle:
        try:  # Windows ignores the 0600 mode: an ACL for this user, before the secret
            private.protect_where_possible(out, folder=False)
        except OSError as error:
            handle.close()
            out.unlink(missing_ok=True)
            raise StorageError(f"Cannot restrict the key file: {error}") from None
        handle.write(text.encode("ascii"))
        handle.flush()
        fsync_file(handle.fileno())
    fsync_dir(out.parent)
    if args.keep:
        packages.keep_recipient_identity(ctx.open_session(), identity)
    ctx.emit(
        {"public_key": str(identity.recipient), "file": str(out), "kept_in_vault": args.keep},
        f"Public key: {identity.recipient}\n"
        "Give the public key to documenters; keep the file secret (it opens the packages).",
    )
    return 0


def _export_public(ctx: CliContext, args: argparse.Namespace) -> int:
    key = ctx.open_session().device.public_key
    text = export_public_text(key)
    ctx.emit(
        {
            "fingerprint": key.fingerprint,
            "short_fingerprint": key.short_fingerprint(),
            "principal": device_principal(key),
            "allowed_signers": text.splitlines()[1],
        },
        text.rstrip("\n"),
    )
    return 0
