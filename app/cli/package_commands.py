"""CLI: ``seal``, ``export``, ``verify`` and ``package import|list|forward``.

``verify`` needs no vault: it is what the platform (or anyone holding a recipient key)
runs on a package file. It exits 0 only when every check passed *and* the signer is
among the trusted signers given with ``--trusted-signers``; without that file the
signature is still checked and the signer's fingerprint printed, but the exit code is 1
(check "trust"), because a valid signature by an unknown key proves nothing. Runs on
the main thread.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cryptography import x509

from app.cli.context import CliContext
from app.core.coordinator import awaiting_trust
from app.core.settings import MEDIA_CHOICES
from app.crypto.age import X25519Identity, parse_identities
from app.crypto.signing import SigningPublicKey, parse_trusted_signers
from app.errors import EvidenceVaultError, FormatError
from app.formats.package.verify import describe
from app.formats.timestamps import load_certificates
from app.services import packages

MAX_KEY_FILE = 1024 * 1024


def _read_small(path: Path, what: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE + 1)
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the {what}: {error.strerror}") from None
    if len(data) > MAX_KEY_FILE:
        raise FormatError(f"The {what} is too large.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(f"The {what} is not UTF-8 text.") from None


def read_identities(paths: list[str] | None) -> list[X25519Identity]:
    identities: list[X25519Identity] = []
    for name in paths or []:
        identities += parse_identities(_read_small(Path(name), "identity file"))
    return identities


def read_trusted(path: str | None) -> list[SigningPublicKey] | None:
    if path is None:
        return None
    return parse_trusted_signers(_read_small(Path(path), "trusted signers file"))


def read_authorities(path: str | None) -> list[x509.Certificate] | None:
    if path is None:
        return None
    text = _read_small(Path(path), "trusted authorities file")
    return load_certificates(text.encode("utf-8"))


def _json_flag(parser: argparse.ArgumentParser) -> None:
    # Also accepted after the command; SUPPRESS keeps the global flag's value otherwise.
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )


def register(subparsers: Any) -> None:
    seal = subparsers.add_parser("seal", help="seal a draft testimony version (signed, final)")
    seal.add_argument("testimony_id", metavar="TESTIMONY_ID")
    _json_flag(seal)
    seal.set_defaults(handler=_seal)

    export = subparsers.add_parser(
        "export", help="write sealed testimony versions as encrypted packages into a folder"
    )
    export.add_argument("testimony_ids", metavar="TESTIMONY_ID", nargs="+")
    export.add_argument("--to", required=True, metavar="DIR", help="folder, e.g. a USB stick")
    export.add_argument(
        "--recipient",
        action="append",
        metavar="AGE1...",
        help="also encrypt to this age public key (coordinator); repeatable",
    )
    export.add_argument(
        "--withdrawal-notice",
        action="store_true",
        help="send only the notice that consent was withdrawn (no testimony content)",
    )
    export.add_argument(
        "--media",
        choices=MEDIA_CHOICES,
        help="what the --recipient keys receive: working copies (the default: metadata"
        " removed, each linked to its sealed original) or the originals",
    )
    export.add_argument(
        "--platform-media",
        choices=MEDIA_CHOICES,
        help="what the platform receives (default: the 'platform-media' setting, originals);"
        " when it differs from --media, the platform gets a package of its own",
    )
    _json_flag(export)
    export.set_defaults(handler=_export)

    verify = subparsers.add_parser("verify", help="verify a package file (no vault needed)")
    verify.add_argument("package", metavar="PACKAGE")
    verify.add_argument(
        "--identity", action="append", required=True, metavar="FILE", help="age identity file"
    )
    verify.add_argument(
        "--trusted-signers",
        metavar="FILE",
        help="allowed_signers lines as 'keys export-public' prints them",
    )
    verify.add_argument(
        "--unpack", metavar="DIR", help="after every check passed, write the bag into DIR"
    )
    verify.add_argument(
        "--trusted-authorities",
        metavar="FILE",
        help="PEM CA certificates of the time-stamping authorities whose tokens count",
    )
    _json_flag(verify)
    verify.set_defaults(handler=_verify)

    package = subparsers.add_parser("package", help="packages kept in this vault (coordinator)")
    actions = package.add_subparsers(dest="package_action", metavar="ACTION", required=True)
    imports = actions.add_parser("import", help="import package files or folders of them")
    imports.add_argument("paths", metavar="PATH", nargs="+")
    imports.add_argument("--identity", action="append", metavar="FILE")
    imports.add_argument("--trusted-signers", metavar="FILE")
    _json_flag(imports)
    imports.set_defaults(handler=_import)
    listing = actions.add_parser("list", help="list the packages of this vault")
    _json_flag(listing)
    listing.set_defaults(handler=_list)
    keep = actions.add_parser(
        "create", help="seal packages into this vault for sync (no file written outside)"
    )
    keep.add_argument("testimony_ids", metavar="TESTIMONY_ID", nargs="+")
    keep.add_argument("--recipient", action="append", metavar="AGE1...")
    keep.add_argument("--withdrawal-notice", action="store_true")
    _json_flag(keep)
    keep.set_defaults(handler=_create)
    again = actions.add_parser(
        "verify", help="verify a stored package again (e.g. once the trusted signers are known)"
    )
    again.add_argument("package_id", metavar="PACKAGE_ID")
    again.add_argument("--identity", action="append", metavar="FILE")
    again.add_argument("--trusted-signers", metavar="FILE")
    _json_flag(again)
    again.set_defaults(handler=_verify_stored)
    forward = actions.add_parser(
        "forward", help="copy stored packages unchanged to a folder as <package id>.age"
    )
    forward.add_argument("package_ids", metavar="PACKAGE_ID", nargs="+")
    forward.add_argument("--to", required=True, metavar="DIR")
    _json_flag(forward)
    forward.set_defaults(handler=_forward)


def _seal(ctx: CliContext, args: argparse.Namespace) -> int:
    result = packages.seal(ctx.open_session(), args.testimony_id)
    ctx.emit(
        {
            "testimony_id": result.testimony_id,
            "version": result.version,
            "sealed_at": result.sealed_at,
            "content_sha256": result.content_sha256,
            "attachments": result.attachments,
        },
        f"Sealed testimony {result.testimony_id} (version {result.version}, "
        f"{result.attachments} attachments). It can no longer change; corrections are a "
        "new version.",
    )
    return 0


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    destination = Path(args.to)
    if args.withdrawal_notice:
        results = [
            packages.export(
                session,
                testimony_id,
                destination,
                recipients=args.recipient or [],
                withdrawal_notice=True,
            )
            for testimony_id in args.testimony_ids
        ]
    else:
        results = [
            result
            for testimony_id in args.testimony_ids
            for result in packages.export_per_recipient(
                session,
                testimony_id,
                destination,
                recipients=args.recipient or [],
                platform=args.platform_media,
                onward=args.media,
            )
        ]
    ctx.emit(
        [
            {
                "package_id": r.package_id,
                "testimony_id": r.testimony_id,
                "kind": r.kind,
                "file": r.path.name,
                "size": r.size,
                "sha256": r.sha256,
                "recipients": list(r.recipients),
                "media": r.media,
            }
            for r in results
        ],
        "\n".join(
            f"{r.path.name}  {r.size} bytes  sha256 {r.sha256}  (testimony {r.testimony_id},"
            f" {r.media.replace('-', ' ')}, {len(r.recipients)} recipient(s))"
            for r in results
        )
        + "\nWritten, read back and compared. The content can be checked only by a recipient.",
    )
    return 0


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    report = packages.verify_file(
        Path(args.package),
        read_identities(args.identity),
        read_trusted(args.trusted_signers),
        unpack_to=Path(args.unpack) if args.unpack else None,
        trusted_authorities=read_authorities(args.trusted_authorities),
    )
    ctx.emit(report.to_json(), describe(report))
    return 0 if report.ok else 1


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    report = packages.import_packages(
        session,
        [Path(p) for p in args.paths],
        identities=read_identities(args.identity),
        trusted=read_trusted(args.trusted_signers),
    )
    results, refused = report.imported, report.refused
    lines = []
    for r in results:
        state = "already in the vault" if r.duplicate else "imported"
        if r.verification is None:
            check = "kept opaque: not encrypted to an identity here, so not verified"
        elif r.verification["ok"]:
            check = "VALID"
        elif awaiting_trust(r.verification):
            check = (
                "every check passed but trust: kept, not forwarded or synced until "
                f"'package verify {r.row_id} --trusted-signers FILE' passes"
            )
        else:
            check = f"NOT VALID ({r.verification['failed_check']})"
        lines.append(f"{r.row_id}  {state}  {r.size} bytes  {check}")
    lines += [f"not imported: {reason}" for reason in refused]
    ctx.emit(
        [
            {
                "id": r.row_id,
                "sha256": r.sha256,
                "size": r.size,
                "duplicate": r.duplicate,
                "verification": r.verification,
            }
            for r in results
        ]
        + [{"error": reason} for reason in refused],
        "\n".join(lines) if lines else "No package files found.",
    )
    return 1 if refused else 0


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = packages.list_packages(ctx.open_session())
    lines = []
    for row in rows:
        if row.verification is None:
            check = "opaque" if row.origin == "imported" else "sealed here"
        elif awaiting_trust(row.verification):
            check = "awaiting trusted signers"
        else:
            check = "VALID" if row.verification.get("ok") else "NOT VALID"
        lines.append(
            f"{row.id}  {row.origin:8}  {row.kind:17}  {row.size:>12}  {check}  "
            f"{row.known_testimony_id or ''}"
        )
    ctx.emit(
        [
            {
                "id": row.id,
                "package_id": row.package_id,
                "origin": row.origin,
                "kind": row.kind,
                "testimony_id": row.known_testimony_id,
                "size": row.size,
                "sha256": row.sha256,
                "kept_in_vault": row.blob_id is not None,
                "created_at": row.created_at,
                "verification": row.verification,
            }
            for row in rows
        ],
        "\n".join(lines) if lines else "No packages.",
    )
    return 0


def _verify_stored(ctx: CliContext, args: argparse.Namespace) -> int:
    row = packages.verify_stored(
        ctx.open_session(),
        args.package_id,
        identities=read_identities(args.identity),
        trusted=read_trusted(args.trusted_signers),
    )
    report = row.verification or {}
    if report.get("ok") and report.get("signer_trusted"):
        state = "VALID, signed by a trusted key"
    elif report.get("ok"):
        state = "VALID, but the signer is not among the trusted signers given"
    else:
        state = f"NOT VALID ({report.get('failed_check')}): {report.get('message')}"
    ctx.emit(
        {"id": row.id, "package_id": row.package_id, "verification": row.verification},
        f"{row.package_id}  {state}"
        + (f"  (testimony {row.known_testimony_id})" if row.known_testimony_id else ""),
    )
    return 0 if report.get("ok") and report.get("signer_trusted") else 1


def _create(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    results = [
        packages.keep(
            session,
            testimony_id,
            recipients=args.recipient or [],
            withdrawal_notice=args.withdrawal_notice,
        )
        for testimony_id in args.testimony_ids
    ]
    ctx.emit(
        [
            {
                "package_id": r.package_id,
                "testimony_id": r.testimony_id,
                "kind": r.kind,
                "size": r.size,
                "sha256": r.sha256,
                "recipients": list(r.recipients),
                "media": r.media,
            }
            for r in results
        ],
        "\n".join(f"{r.package_id}  {r.size} bytes  kept in the vault for sync" for r in results),
    )
    return 0


def _forward(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    destination = Path(args.to)
    paths = [packages.forward(session, package_id, destination) for package_id in args.package_ids]
    ctx.emit([p.name for p in paths], "\n".join(f"Forwarded {p.name}" for p in paths))
    return 0
