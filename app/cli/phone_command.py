"""CLI: ``phone verify|import|keys|trust`` — evidence from phone apps (ProofMode, C2PA,
Tella, Save), verified offline.

``phone verify PATH`` needs no vault and exits 0 (verified), 1 (failed) or 2
(unverifiable). ``phone import`` verifies again with the vault's trust list and pinned
keys and stores the bundle, its items and the report with one custody event. Main thread.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.phone.report import summary_lines
from app.sanitize import for_display
from app.services import phone


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "phone", help="verify and import evidence from phone apps (ProofMode, C2PA, Tella, Save)"
    )
    actions = parser.add_subparsers(dest="phone_action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        help="check a bundle (zip or folder) or a media file offline; "
        "exit 0 verified, 1 failed, 2 unverifiable",
    )
    verify.add_argument("path", metavar="PATH")
    verify.add_argument(
        "--key", metavar="FILE", help="a phone's public key, for bundles without pubkey.asc"
    )
    verify.add_argument(
        "--in-vault", action="store_true",
        help="judge with the vault's trust list and pinned keys (asks for the passphrase)",
    )
    _eyewitness_flag(verify)
    verify.set_defaults(handler=_verify)
    imp = actions.add_parser(
        "import", help="verify and store phone bundles in a draft testimony"
    )
    imp.add_argument("testimony_id", metavar="TESTIMONY_ID")
    imp.add_argument("paths", metavar="PATH", nargs="+")
    imp.add_argument("--phone", metavar="NAME", help="whose phone: pins its key under NAME")
    imp.add_argument(
        "--accept-new-key", action="store_true",
        help="accept a known phone arriving with another key (recorded)",
    )
    imp.add_argument(
        "--accept-failed", action="store_true",
        help="import a bundle whose proofs failed, marked as failed",
    )
    _eyewitness_flag(imp)
    imp.set_defaults(handler=_import)
    keys = actions.add_parser("keys", help="phone keys this vault knows")
    key_actions = keys.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    key_actions.add_parser("list", help="every phone key and its name").set_defaults(
        handler=_keys_list
    )
    name = key_actions.add_parser("name", help="give a phone key a name")
    name.add_argument("fingerprint", metavar="FINGERPRINT")
    name.add_argument("name", metavar="NAME")
    name.set_defaults(handler=_keys_name)
    forget = key_actions.add_parser("forget", help="forget a phone key")
    forget.add_argument("fingerprint", metavar="FINGERPRINT")
    forget.set_defaults(handler=_keys_forget)
    trust = actions.add_parser("trust", help="the vault's C2PA trust list")
    trust_actions = trust.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    trust_actions.add_parser("show", help="where the list comes from, its SHA-256").set_defaults(
        handler=_trust_show
    )
    imported = trust_actions.add_parser("import", help="replace the list with a PEM file")
    imported.add_argument("pem", metavar="PEM")
    imported.set_defaults(handler=_trust_import)
    trust_actions.add_parser("reset", help="back to the shipped official list").set_defaults(
        handler=_trust_reset
    )


def _eyewitness_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--eyewitness", action="store_true",
        help="the files are copies whose originals eyeWitness to Atrocities holds",
    )


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    path = Path(args.path)
    if args.in_vault:
        report = phone.verify(ctx.open_session(), path, eyewitness=args.eyewitness)
    else:
        key = Path(args.key) if args.key else None
        report = phone.verify_offline(path, key_file=key, eyewitness=args.eyewitness)
    document = report.to_json()
    ctx.emit(document, "\n".join(for_display(line, limit=2000) for line in summary_lines(document)))
    return report.exit_code


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    done = phone.import_bundles(
        session,
        args.testimony_id,
        [Path(p) for p in args.paths],
        phone=args.phone,
        accept_new_key=args.accept_new_key,
        accept_failed=args.accept_failed,
        eyewitness=args.eyewitness,
    )
    data: list[dict[str, Any]] = [
        {
            "bundle": for_display(d.report.bundle_name),
            "bundle_sha256": d.report.bundle_sha256,
            "verdict": d.report.verdict,
            "reasons": d.report.reasons(),
            "bundle_attachment_ids": d.bundle_attachment_ids,
            "item_attachment_ids": d.item_attachment_ids,
            "report_attachment_id": d.report_attachment_id,
            "key_fingerprint": d.report.key["fingerprint"] if d.report.key else None,
            "phone": d.pin.name,
            "event_hash": d.event_hash,
        }
        for d in done
    ]
    lines = []
    for entry in data:
        marker = " (FAILED, kept on request)" if entry["verdict"] == "failed" else ""
        lines.append(
            f"{entry['bundle']}: {entry['verdict']}{marker}; "
            f"{len(entry['item_attachment_ids'])} item(s), report {entry['report_attachment_id']}"
        )
        lines += [f"  reason: {for_display(r)}" for r in entry["reasons"]]
    ctx.emit(data, "\n".join(lines))
    return 0


def _keys_list(ctx: CliContext, args: argparse.Namespace) -> int:
    keys = phone.keys(ctx.open_session())
    ctx.emit(
        [k.to_json() for k in keys],
        "\n".join(
            f"{k.fingerprint}  {for_display(k.name) if k.name else '(no name)'}  "
            f"{for_display(', '.join(k.user_ids))}"
            for k in keys
        )
        or "No phone key is known.",
    )
    return 0


def _keys_name(ctx: CliContext, args: argparse.Namespace) -> int:
    key = phone.name_key(ctx.open_session(), args.fingerprint, args.name)
    ctx.emit(key.to_json(), f"{key.fingerprint} is now {for_display(key.name or '')}.")
    return 0


def _keys_forget(ctx: CliContext, args: argparse.Namespace) -> int:
    key = phone.forget_key(ctx.open_session(), args.fingerprint)
    ctx.emit(key.to_json(), f"Forgot {key.fingerprint}.")
    return 0


def _trust_show(ctx: CliContext, args: argparse.Namespace) -> int:
    info = phone.trust_show(ctx.open_session())
    ctx.emit(
        info,
        f"{info['source']} list, {info['certificates']} certificates, SHA-256 {info['sha256']}",
    )
    return 0


def _trust_import(ctx: CliContext, args: argparse.Namespace) -> int:
    digest = phone.trust_import(ctx.open_session(), Path(args.pem))
    ctx.emit({"sha256": digest}, f"Trust list replaced (SHA-256 {digest}).")
    return 0


def _trust_reset(ctx: CliContext, args: argparse.Namespace) -> int:
    digest = phone.trust_reset(ctx.open_session())
    ctx.emit({"sha256": digest}, f"Trust list reset to the shipped list (SHA-256 {digest}).")
    return 0
