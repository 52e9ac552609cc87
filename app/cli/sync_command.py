"""``evidence-vault sync``: send sealed packages to the platform, and manage the profile.

    sync [--dry-run] [--auto]      probe the platform, upload the outbox, verify receipts
    sync status                    what the outbox holds, per package
    sync profile import FILE       take a coordinator's profile file (token moved inside)
    sync profile show              the stored profile (never the token)
    sync retry PACKAGE_ID          queue a failed package again
    sync delete-local PACKAGE_ID   delete the local copy of a delivered package
    sync policy [--delete-after-receipt keep|ask|delete] [--auto off|proxy_only|always]

The OS keyring is looked up here, at the command's composition root, and handed to the
sync code. Runs on the main thread; Ctrl-C stops the upload between chunks and keeps
what the platform confirmed.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.sanitize import for_display
from app.services import syncing
from app.services.session import Session
from app.sync.outbox import OutboxEntry
from app.sync.policy import AutoSyncRule, DeletePolicy
from app.sync.profile import PlatformProfile, read_profile_file, system_keyring
from app.sync.progress import TransferMeter
from app.sync.service import SyncReport


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser("sync", help="send sealed packages to the platform")
    sync.add_argument("--dry-run", action="store_true",
                      help="check the connection and list what would be sent")
    sync.add_argument("--auto", action="store_true",
                      help="run only if the vault's automatic-sync rule allows it now")
    sync.set_defaults(handler=_run)
    commands = sync.add_subparsers(dest="sync_command", metavar="ACTION")

    commands.add_parser("status", help="the outbox, package by package").set_defaults(
        handler=_status)
    profile = commands.add_parser("profile", help="the platform profile")
    profile_commands = profile.add_subparsers(dest="profile_command", metavar="ACTION",
                                              required=True)
    imported = profile_commands.add_parser("import", help="import a coordinator's profile file")
    imported.add_argument("file", help="the profile file (delete it afterwards)")
    imported.add_argument(
        "--replace",
        action="store_true",
        help="accept a profile whose platform key, CA, URL or receipt key differ from the "
        "stored one (compare the fingerprints by voice first)",
    )
    imported.set_defaults(handler=_profile_import)
    profile_commands.add_parser("show", help="show the stored profile").set_defaults(
        handler=_profile_show)

    retry = commands.add_parser("retry", help="queue a failed package again")
    retry.add_argument("package_id")
    retry.set_defaults(handler=_retry)
    delete = commands.add_parser("delete-local",
                                 help="delete the local copy of a delivered package")
    delete.add_argument("package_id")
    delete.set_defaults(handler=_delete_local)
    policy = commands.add_parser("policy", help="show or change the sync policies")
    policy.add_argument("--delete-after-receipt", choices=[p.value for p in DeletePolicy])
    policy.add_argument("--auto", dest="auto_rule", choices=[r.value for r in AutoSyncRule])
    policy.set_defaults(handler=_policy)


def _profile_json(profile: PlatformProfile, token_location: str) -> dict[str, Any]:
    return {
        "name": profile.name,
        "url": profile.url,
        "proxy": profile.proxy,
        "platform_recipient": profile.platform_recipient,
        "receipt_key_fingerprint": profile.receipt_key_fingerprint,
        "token_location": token_location,
    }


def _report_text(report: SyncReport) -> str:
    lines = []
    if report.dry_run:
        lines.append("The platform answers over the pinned connection (dry run).")
    for stamp in report.timestamps:
        lines.append(f"Timestamps from {for_display(stamp.authority)}: {stamp.state}. "
                     f"{for_display(stamp.message)}")
    for testimony_id in report.packaged_now:
        lines.append(f"Testimony {testimony_id}: sealed into a package for the platform.")
    for reason in report.not_packaged:
        lines.append(f"Not sent: {for_display(reason)}")
    for outcome in report.outcomes:
        lines.append(f"{outcome.package_id}: {outcome.state}. {outcome.message}")
    if not report.outcomes:
        lines.append("Nothing to send.")
    for package_id in report.awaiting_decision:
        lines.append(f"{package_id}: delivered; delete the local copy with "
                     f"'sync delete-local {package_id}' when you are ready.")
    for package_id in report.deleted:
        lines.append(f"{package_id}: local copy deleted after the verified receipt.")
    if report.stopped:
        lines.append(f"Stopped: {report.stopped}")
    return "\n".join(lines)


def _run(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    if args.auto:
        allowed, why = syncing.may_run_automatically(session)
        if not allowed:
            ctx.emit({"ran": False, "reason": why}, why)
            return 0
    show_progress = not ctx.json_output and sys.stderr.isatty()
    meter = TransferMeter()

    def line(text: str) -> None:
        print(f"\r\x1b[K{text}", end="", file=sys.stderr, flush=True)

    def progress(package_id: str, sent: int, total: int) -> None:
        view = meter.update(package_id, sent, total)
        if show_progress:
            text = (f"{package_id[:12]}… {_size(sent)} of {_size(total)} confirmed by the "
                    "platform")
            if view.rate:
                text += f", {_size(int(view.rate))}/s"
            if view.seconds_left and sent < total:
                text += f", about {_duration(view.seconds_left)} left"
            line(text)

    def retrying(package_id: str, attempt: int, _limit: int) -> None:
        if show_progress:
            line(f"{package_id[:12]}… waiting for the connection (attempt {attempt})")

    report = syncing.run(
        session,
        system_keyring(),
        dry_run=args.dry_run,
        progress=progress,
        retrying=retrying,
        cancel=threading.Event(),
    )
    if show_progress:
        print(file=sys.stderr)
    ctx.emit(report.to_json(), _report_text(report))
    failed = any(o.state == "failed" for o in report.outcomes) or report.stopped
    return 1 if failed else 0


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def _duration(seconds: float) -> str:
    """Coarse on purpose: a time left on a slow link is an estimate."""
    if seconds < 90:
        return f"{max(5, round(seconds / 5) * 5)} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _receipt_stamp(session: Session, entry: OutboxEntry) -> dict[str, Any]:
    """The receipt's timestamp for ``sync status``: ``stamped`` (with the attested
    time), ``pending`` or ``refused`` (asked again at the next sync), ``none`` (the
    platform stamps no receipts), null before a receipt."""
    if entry.receipt_json is None:
        return {"receipt_timestamp": None, "receipt_attested_at": None,
                "receipt_timestamp_note": None}
    stamp = syncing.receipt_stamp(session, entry.package_id)
    return {"receipt_timestamp": "none" if stamp is None else stamp.state,
            "receipt_attested_at": None if stamp is None else stamp.attested_at,
            "receipt_timestamp_note": None if stamp is None else stamp.note}


def _receipt_stamp_text(stamp: dict[str, Any]) -> str:
    if stamp["receipt_attested_at"]:
        return f", receipt timestamped at {stamp['receipt_attested_at']}"
    if stamp["receipt_timestamp"] == "pending":
        return ", receipt timestamp pending"
    if stamp["receipt_timestamp"] == "refused":
        return f", {for_display(stamp['receipt_timestamp_note'] or '', limit=200)}"
    return ""


def _status(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    found = syncing.outbox_entries(session)
    key = syncing.platform_key_fingerprint(session)
    rate = syncing.last_rate(session)
    pending = sum(e.size - e.upload_offset for e in found
                  if e.state.value in ("queued", "uploading"))
    stamped = syncing.timestamp_state(session)
    stamp_line = (f"Trusted timestamps: {stamped.stamped} of {stamped.sealed} sealed versions"
                  + (f" (last attested {stamped.last_attested_at})"
                     if stamped.last_attested_at else ""))
    receipt_stamps = {e.package_id: _receipt_stamp(session, e) for e in found}
    lines = [f"Platform key fingerprint: {key or '(no platform key set)'}", stamp_line] + [
        f"{e.package_id}: {e.state.value} {e.upload_offset}/{e.size} bytes"
        + (f" confirmed by the platform ({_size(e.upload_offset)} of {_size(e.size)})"
           if e.state.value in ("queued", "uploading") else "")
        + (f", copy {e.local_copy}" if e.state.value == "delivered" else "")
        + _receipt_stamp_text(receipt_stamps[e.package_id])
        + (f" ({e.last_error})" if e.last_error else "")
        for e in found
    ]
    if rate is not None:
        lines.append(f"Last measured rate: {_size(rate[0])}/s (at {rate[1]})"
                     + (f"; about {_duration(pending / rate[0])} for the {_size(pending)} "
                        "still to send" if pending else ""))
    ctx.emit(
        {"packages": [e.to_json() | receipt_stamps[e.package_id] for e in found],
         "platform_key_fingerprint": key,
         "last_rate": None if rate is None else
         {"bytes_per_second": rate[0], "measured_at": rate[1]},
         "bytes_to_send": pending,
         "timestamps": {"sealed": stamped.sealed, "stamped": stamped.stamped,
                        "last_attested_at": stamped.last_attested_at}},
        "\n".join(lines) if found else "\n".join(lines[:2]) + "\nThe outbox is empty.",
    )
    return 0


def _profile_import(ctx: CliContext, args: argparse.Namespace) -> int:
    path = Path(args.file)
    read_profile_file(path)  # refuse a bad file before asking for the passphrase
    result = syncing.import_profile_file(
        ctx.open_session(), path, system_keyring(), replace=args.replace
    )
    where = {
        "os-keyring": "the system keyring",
        "vault": "the encrypted vault",
        None: "unchanged (the file carries none)",
    }[result.token_location]
    text = f"Profile '{result.profile.name}' imported. Device token: {where}."
    for change in result.replaced:
        text += f"\nReplaced {change.field}: {change.old} -> {change.new}"
    if result.token_location is not None:
        text += (
            "\nThe profile file still holds the device token: delete it now "
            "(and empty the trash)."
        )
    ctx.emit(
        {
            "profile": _profile_json(result.profile, result.token_location or "unchanged"),
            "delete_profile_file": result.token_location is not None,
        },
        text,
    )
    return 0


def _profile_show(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    profile = syncing.required_profile(session)
    data = _profile_json(profile, syncing.token_location(session, system_keyring()))
    ctx.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


def _retry(ctx: CliContext, args: argparse.Namespace) -> int:
    entry = syncing.retry(ctx.open_session(), args.package_id)
    ctx.emit(entry.to_json(), f"{entry.package_id}: {entry.state.value}")
    return 0


def _delete_local(ctx: CliContext, args: argparse.Namespace) -> int:
    deleted = syncing.delete_local(ctx.open_session(), args.package_id)
    ctx.emit(
        {"package_id": args.package_id, "deleted": deleted},
        "Local copy deleted." if deleted else "No local copy was kept.",
    )
    return 0


def _policy(ctx: CliContext, args: argparse.Namespace) -> int:
    current = syncing.policy(
        ctx.open_session(),
        delete_after_receipt=(
            DeletePolicy(args.delete_after_receipt) if args.delete_after_receipt else None
        ),
        auto=AutoSyncRule(args.auto_rule) if args.auto_rule else None,
    )
    data = {"delete_after_receipt": current.delete_after_receipt.value, "auto": current.auto.value}
    ctx.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0
