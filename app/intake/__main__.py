"""``evidence-vault-intake``: set up and run the reference intake server.

    evidence-vault-intake --data DIR init [--host HOST] [--port PORT] [--bind ADDR]
                                          [--listen-port PORT] [--name NAME]
    evidence-vault-intake --data DIR serve
    evidence-vault-intake --data DIR device add NAME | device revoke NAME
    evidence-vault-intake --data DIR trust add "$(evidence-vault keys export-public)"
    evidence-vault-intake --data DIR trust add "ssh-ed25519 AAAA..." [--name NAME]
    evidence-vault-intake --data DIR authority set URL --ca CA.pem [--timeout SECONDS]
    evidence-vault-intake --data DIR authority clear

``init`` prints the path of the first profile file, ``device add`` the path of the new
one; both files carry a device token and are meant to be handed over and then deleted.
``trust add`` takes what ``keys export-public`` prints (comment lines are skipped, the
principal it names is kept unless ``--name`` is given) or a bare key line, and says
"already trusted" instead of listing a key twice.
``authority set`` has each receipt stamped by that RFC 3161 authority (its tokens must
chain to CA.pem; a receipt waits at most the timeout for its token, default 5 s);
``authority clear`` stops it. A running server reads the setting when it starts.
``serve`` needs the ``intake`` extra (FastAPI, uvicorn, tuspyserver); without it, it says
so and how to install it.
``serve`` runs uvicorn with TLS on the address ``init`` recorded and stops cleanly on
SIGTERM or Ctrl-C (uvicorn finishes open requests, then the completion thread drains).
Runs on the main thread.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import cast

from app.errors import EvidenceVaultError
from app.intake.config import (
    DEFAULT_AUTHORITY_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_MAX_PATCH_BODY,
    DEFAULT_MAX_UPLOAD_SIZE,
    DEFAULT_NAME,
    DEFAULT_PORT,
    IntakeLayout,
    load_settings,
)
from app.intake.devices import add_device, add_trusted_signers, revoke_device
from app.intake.provision import init_data
from app.intake.timestamping import clear_authority, set_authority

GRACEFUL_SHUTDOWN_SECONDS = 30
# The optional-dependencies group of pyproject.toml that holds the server's packages.
INTAKE_EXTRA = "intake"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidence-vault-intake",
        description="Reference intake server: receives sealed packages, signs receipts.",
    )
    parser.add_argument("--data", metavar="DIR", required=True, help="the server's data folder")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    init = commands.add_parser("init", help="create keys, TLS files and a first profile")
    init.add_argument("--host", default=DEFAULT_HOST, help="name or address clients dial")
    init.add_argument("--port", type=int, default=DEFAULT_PORT)
    init.add_argument(
        "--bind", help="address to listen on (default: HOST if an address, else 127.0.0.1)"
    )
    init.add_argument(
        "--listen-port", type=int, help="port to listen on, behind a reverse proxy (default: PORT)"
    )
    init.add_argument("--name", default=DEFAULT_NAME, help="platform name shown to documenters")
    init.add_argument("--max-upload-size", type=int, help="largest package in bytes")
    init.add_argument(
        "--max-patch-body",
        type=int,
        help="largest PATCH body in bytes, announced to clients (default 64 MiB; at most "
        "what a reverse proxy in front lets through)",
    )

    commands.add_parser("serve", help="run the server where init said")

    device = commands.add_parser("device", help="manage documenters' devices")
    device_commands = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    add = device_commands.add_parser("add", help="a new device token and its profile file")
    add.add_argument("name")
    revoke = device_commands.add_parser("revoke", help="refuse a device's token from now on")
    revoke.add_argument("name")

    trust = commands.add_parser("trust", help="documenters' package-signing keys")
    trust_commands = trust.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    trust_add = trust_commands.add_parser("add", help="trust a device's signing key")
    trust_add.add_argument(
        "key",
        help='what "evidence-vault keys export-public" prints, or "ssh-ed25519 AAAA..."',
    )
    trust_add.add_argument(
        "--name",
        help="who the key belongs to (default: the principal the line names, else device-...)",
    )

    authority = commands.add_parser("authority", help="stamp receipts with an RFC 3161 authority")
    authority_commands = authority.add_subparsers(
        dest="authority_command", metavar="ACTION", required=True
    )
    authority_set = authority_commands.add_parser("set", help="stamp each receipt")
    authority_set.add_argument("url", help="the authority's http:// or https:// URL")
    authority_set.add_argument(
        "--ca", required=True, type=Path, help="PEM CA certificate(s) its tokens chain to"
    )
    authority_set.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_AUTHORITY_TIMEOUT,
        help="seconds a receipt waits for its token before it goes out without",
    )
    authority_commands.add_parser("clear", help="stop stamping receipts")
    return parser


class MissingExtraError(EvidenceVaultError):
    """The server's packages (the ``intake`` extra) are not installed."""


def _missing_extra(error: ModuleNotFoundError) -> MissingExtraError:
    return MissingExtraError(
        f"serve needs the intake server's packages ({error.name or 'a module'} is not "
        f"installed). Install the '{INTAKE_EXTRA}' extra: pip install -e \".[{INTAKE_EXTRA}]\" "
        f"in a checkout (scripts/setup does), or pip install \"evidence-vault[{INTAKE_EXTRA}]\"."
    )


def _serve(layout: IntakeLayout) -> int:
    try:
        import uvicorn

        from app.intake.server import create_app
    except ModuleNotFoundError as error:
        raise _missing_extra(error) from None

    class IntakeUvicorn(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            # uvicorn re-raises a captured SIGTERM after its graceful shutdown, which ends
            # the process before the completion thread drains. A stop request is the
            # normal end of a service: finish the shutdown here and exit 0.
            captured = getattr(self, "_captured_signals", None)
            if isinstance(captured, list):
                captured.clear()

    from app.intake.connections import connection_class, server_tls_context
    from app.intake.keys import load_receipt_signer
    from app.intake.timestamping import load_stamper
    from app.intake.verification import CompletionService, load_package_verifier

    settings = load_settings(layout)
    signer = load_receipt_signer(layout.receipt_key_file)
    layout.make_store_dirs()
    completion = CompletionService(
        layout, signer, load_package_verifier(layout), load_stamper(layout)
    )
    app = create_app(layout, settings, completion)
    config = uvicorn.Config(
        app,
        host=settings.bind,
        port=settings.listen_port,
        # TLS is set up per connection by connections.py, which also bounds what a
        # client may do before its request headers are complete (deadline, size).
        # Requests in flight are limited by the app, counting only authenticated ones:
        # uvicorn's limit_concurrency counted idle connections too.
        # (uvicorn types it as a Protocol; a TLS layer is a BufferedProtocol, which
        # asyncio and uvloop accept from any protocol factory.)
        http=cast(
            "type[asyncio.Protocol]",
            connection_class(
                server_tls_context(str(layout.server_certificate_file), str(layout.server_key_file))
            ),
        ),
        limit_concurrency=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
        log_config=None,
        # Access logs would keep every documenter's IP address and timing on the server,
        # where a seizure or a subpoena could reach them. Completion events (upload id,
        # hash, outcome) are logged by the intake itself.
        access_log=False,
    )
    try:
        IntakeUvicorn(config).run()
    finally:
        completion.shutdown()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # keys, uploads and receipts are the service user's alone
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # tuspyserver logs upload metadata at INFO; keep only its warnings.
    logging.getLogger("tuspyserver").setLevel(logging.WARNING)
    args = _build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    layout = IntakeLayout(Path(args.data).resolve())
    try:
        if args.command == "init":
            profile = init_data(
                layout,
                host=args.host,
                port=args.port,
                bind=args.bind,
                listen_port=args.listen_port,
                name=args.name,
                max_upload_size=args.max_upload_size or DEFAULT_MAX_UPLOAD_SIZE,
                max_patch_body=args.max_patch_body or DEFAULT_MAX_PATCH_BODY,
            )
            print(profile)
            return 0
        if args.command == "device" and args.device_command == "revoke":
            revoke_device(layout, args.name)
            return 0
        if args.command == "device":
            print(add_device(layout, args.name))
            return 0
        if args.command == "authority" and args.authority_command == "set":
            set_authority(layout, args.url, args.ca, args.timeout)
            print(f"Receipts will be stamped by {args.url} (restart the server to apply).")
            return 0
        if args.command == "authority":
            clear_authority(layout)
            return 0
        if args.command == "trust":
            for signer in add_trusted_signers(layout, args.key, args.name):
                state = "Trusted" if signer.added else "Already trusted"
                print(f"{state}: {signer.principal} {signer.fingerprint}")
            return 0
        return _serve(layout)
    except EvidenceVaultError as error:
        print(f"evidence-vault-intake: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
