"""CLI: the records of a vault: ``case``, ``person``, ``testimony``, ``attach``,
``search`` and ``custody``. Main thread.

Identifying details of a person never come from the command line (argv is visible to
every program of the machine): they come from a JSON file (``person add --from-json``)
or inside the testimony file. Every id may be given as a unique prefix.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.core.ingest import Attachment
from app.core.listing import STATUSES, TestimonyFilter
from app.core.records import ROLES, case_to_json, load_json, person_to_json, testimony_to_json
from app.errors import EvidenceVaultError, FormatError
from app.platform.text import TextEncodingError, decode_user_text
from app.sanitize import for_display
from app.services import attachments, listing, records

MAX_JSON_FILE = 8 * 1024 * 1024


def register(subparsers: Any) -> None:
    case = subparsers.add_parser("case", help="cases: add, list")
    case_actions = case.add_subparsers(dest="case_action", metavar="ACTION", required=True)
    add = case_actions.add_parser("add", help="add a case")
    # argv is readable by other local users and kept in shell history: the title (and
    # everything else) may come from a file or standard input ('-') instead.
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--title")
    source.add_argument("--title-file", metavar="FILE", help="the title from FILE ('-': stdin)")
    source.add_argument(
        "--from-json",
        metavar="FILE",
        help="title, description, region, tags as a JSON object ('-': stdin)",
    )
    add.add_argument("--description", default="")
    add.add_argument("--region", default="")
    add.add_argument("--tag", action="append", default=[], dest="tags")
    add.set_defaults(handler=_case_add)
    case_actions.add_parser("list", help="list cases").set_defaults(handler=_case_list)

    person = subparsers.add_parser("person", help="people interviewed: add, list")
    person_actions = person.add_subparsers(dest="person_action", metavar="ACTION", required=True)
    add = person_actions.add_parser("add", help="add a person interviewed")
    add.add_argument("--code", help="pseudonym or code (identifying details: use --from-json)")
    add.add_argument("--role", choices=ROLES)
    add.add_argument("--from-json", metavar="FILE", help="a person object (see the README)")
    add.set_defaults(handler=_person_add)
    listing = person_actions.add_parser("list", help="list people interviewed (codes only)")
    listing.add_argument(
        "--identifying", action="store_true", help="also show names, contacts, dates of birth"
    )
    listing.set_defaults(handler=_person_list)

    testimony = subparsers.add_parser(
        "testimony", help="testimonies: add, show, list, correct, withdraw, delete"
    )
    actions = testimony.add_subparsers(dest="testimony_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a draft testimony from a JSON file")
    add.add_argument("--case", required=True, metavar="ID")
    add.add_argument("--from-json", required=True, metavar="FILE")
    add.set_defaults(handler=_testimony_add)
    show = actions.add_parser("show", help="show one testimony version")
    show.add_argument("id", metavar="ID")
    show.set_defaults(handler=_testimony_show)
    listing = actions.add_parser("list", help="list testimony versions, newest first")
    listing.add_argument("--case", metavar="ID")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--limit", type=int, default=100)
    listing.set_defaults(handler=_testimony_list)
    correct = actions.add_parser(
        "correct", help="start a correction: a new draft version of a sealed testimony"
    )
    correct.add_argument("id", metavar="ID")
    correct.set_defaults(handler=_testimony_correct)
    withdraw = actions.add_parser(
        "withdraw",
        help="record that the person withdrew consent: no version can be exported or synced"
        " from then on; only the withdrawal notice goes to those who received a package",
    )
    withdraw.add_argument("id", metavar="ID")
    withdraw.add_argument(
        "--at", metavar="ISO8601", help="when consent was withdrawn (default: now)"
    )
    withdraw.add_argument("--note", default="", help="how it was withdrawn (no narrative)")
    withdraw.set_defaults(handler=_testimony_withdraw)
    delete = actions.add_parser(
        "delete", help="delete a draft that was never sealed (its attachments and words too)"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_testimony_delete)

    attachment = subparsers.add_parser(
        "attachment", help="attachments: remove one from a draft, derive a working copy"
    )
    attachment_actions = attachment.add_subparsers(
        dest="attachment_action", metavar="ACTION", required=True
    )
    remove = attachment_actions.add_parser("remove", help="remove an attachment from a draft")
    remove.add_argument("attachment", metavar="ATTACHMENT_ID")
    remove.set_defaults(handler=_attachment_remove)
    derive = attachment_actions.add_parser(
        "derive",
        help="make a working copy of a sealed attachment without its location and/or device"
        " metadata (pixels untouched); the original stays the evidence",
    )
    derive.add_argument("attachment", metavar="ATTACHMENT_ID")
    derive.add_argument("--strip-location", action="store_true", help="remove where it was taken")
    derive.add_argument(
        "--strip-device", action="store_true", help="remove the camera, its serial and owner"
    )
    derive.add_argument(
        "--blur-faces",
        action="store_true",
        help="blur faces in a photo (needs the optional extra: evidence-vault[faces])",
    )
    derive.set_defaults(handler=_attachment_derive)

    attach = subparsers.add_parser("attach", help="import files into a draft testimony")
    attach.add_argument("testimony", metavar="TESTIMONY_ID")
    attach.add_argument("files", metavar="FILE", nargs="+")
    attach.set_defaults(handler=_attach)

    find = subparsers.add_parser(
        "search",
        help="full-text search of titles, places, narratives (best matches first; the last"
        " word also matches longer words unless TEXT ends with a space)",
    )
    words = find.add_mutually_exclusive_group(required=True)
    words.add_argument("text", metavar="TEXT", nargs="?")
    words.add_argument(
        "--from-file", metavar="FILE", help="the search text from FILE ('-': stdin), not argv"
    )
    find.add_argument("--limit", type=int, default=50)
    find.set_defaults(handler=_search)

    log = subparsers.add_parser("custody", help="the custody log of a testimony (or 'vault')")
    log.add_argument("testimony", metavar="TESTIMONY_ID")
    log.set_defaults(handler=_custody)


def _read_bytes(path: str, what: str) -> bytes:
    """A small file's bytes; ``-`` reads standard input."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_JSON_FILE + 1)
        else:
            with Path(path).open("rb") as handle:
                raw = handle.read(MAX_JSON_FILE + 1)
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the {what}: {error.strerror}") from None
    if len(raw) > MAX_JSON_FILE:
        raise FormatError(f"The {what} is larger than {MAX_JSON_FILE // (1024 * 1024)} MiB.")
    return raw


def _read_json(path: str, what: str) -> object:
    return load_json(_read_bytes(path, what), f"The {what}")


def _read_text(path: str, what: str) -> str:
    try:
        return decode_user_text(_read_bytes(path, what), f"The {what}").rstrip("\r\n")
    except TextEncodingError as error:
        raise FormatError(str(error)) from None


def _case_add(ctx: CliContext, args: argparse.Namespace) -> int:
    values: Any = {
        "title": args.title,
        "description": args.description,
        "region": args.region,
        "tags": args.tags,
    }
    if args.title_file is not None:
        values["title"] = _read_text(args.title_file, "title file")
    elif args.from_json is not None:
        values = _read_json(args.from_json, "case file")
    case = records.add_case(ctx.open_session(), values)
    ctx.emit(case_to_json(case), case.id)
    return 0


def _case_list(ctx: CliContext, args: argparse.Namespace) -> int:
    found = records.list_cases(ctx.open_session())
    lines = [f"{c.id}  {c.created_at}  {for_display(c.title, limit=80)}" for c in found]
    ctx.emit([case_to_json(c) for c in found], "\n".join(lines) or "No cases yet.")
    return 0


def _person_add(ctx: CliContext, args: argparse.Namespace) -> int:
    values: object
    if args.from_json is not None:
        if args.code or args.role:
            raise EvidenceVaultError("Give either --from-json or --code/--role, not both.")
        values = _read_json(args.from_json, "person file")
    else:
        if not args.code or not args.role:
            raise EvidenceVaultError("A person needs --code and --role (or --from-json).")
        values = {"code": args.code, "role": args.role}
    person = records.add_person(ctx.open_session(), values)
    ctx.emit(person_to_json(person, include_identifying=False), person.id)
    return 0


def _person_list(ctx: CliContext, args: argparse.Namespace) -> int:
    found = records.list_persons(ctx.open_session())
    data = [person_to_json(p, include_identifying=args.identifying) for p in found]
    lines = []
    for p in found:
        line = f"{p.id}  {p.role:<9} {for_display(p.code, limit=60)}"
        if args.identifying:
            details = [
                for_display(value, limit=120)
                for value in (p.full_name, p.contacts, p.date_of_birth)
                if value
            ]
            line += ("  " + "; ".join(details)) if details else "  (no identifying details)"
        lines.append(line)
    ctx.emit(data, "\n".join(lines) or "No people recorded yet.")
    return 0


def _testimony_add(ctx: CliContext, args: argparse.Namespace) -> int:
    values = _read_json(args.from_json, "testimony file")
    testimony = records.add_testimony(ctx.open_session(), args.case, values)
    ctx.emit(
        {
            "id": testimony.id,
            "case_id": testimony.case_id,
            "person_id": testimony.person_id,
            "version": testimony.version,
            "status": testimony.status,
        },
        testimony.id,
    )
    return 0


def _attachment_json(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.id,
        "name": attachment.display_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "media_type": attachment.media_type,
        "imported_at": attachment.imported_at,
        "has_location": attachment.has_location,
        "metadata": dict(attachment.metadata),
        "metadata_note": attachment.metadata_note,
        "derived_from": attachment.derived_from,
    }


def _testimony_show(ctx: CliContext, args: argparse.Namespace) -> int:
    details = records.open_testimony(ctx.open_session(), args.id)
    record = testimony_to_json(details.testimony)
    record["status"] = details.status
    record["person"] = person_to_json(details.person, include_identifying=True)
    record["attachments"] = [_attachment_json(a) for a in details.attachments]
    record["consent_withdrawn"] = details.consent_withdrawn
    record["withdrawals"] = [
        {"withdrawn_at": w.withdrawn_at, "recorded_at": w.recorded_at, "note": w.note}
        for w in details.withdrawals
    ]
    ctx.emit(record, _testimony_text(record))
    return 0


def _testimony_text(record: dict[str, Any]) -> str:
    consent = record["consent"]
    granted = [k for k, v in consent.items() if v is True]
    lines = [
        f"Testimony {record['id']} (version {record['version']}, {record['status']})",
        f"Case:      {record['case_id']}",
        f"Person:    {for_display(record['person']['code'])} ({record['person']['role']})",
        f"Interview: {for_display(str(record['interview'].get('started_at') or ''))} "
        f"{for_display(str(record['interview'].get('place') or ''))}",
        f"Consent:   {', '.join(granted) or 'none recorded'}"
        + ("  [WITHDRAWN]" if record["consent_withdrawn"] else ""),
        f"Incidents: {len(record['incidents'])}",
        f"Attachments: {len(record['attachments'])}",
    ]
    for item in record["attachments"]:
        flag = "  [location]" if item["has_location"] else ""
        lines.append(f"  {item['sha256']}  {item['size']:>12}  {item['name']}{flag}")
    lines += ["", "Narrative:", for_display(record["narrative"], limit=100_000)]
    return "\n".join(lines)


def _testimony_list(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    case_id = None if args.case is None else records.resolve_case(session, args.case)
    page = listing.testimonies(
        session, TestimonyFilter(case_id=case_id, status=args.status), None, max(1, args.limit)
    )
    data = [
        {
            "id": t.id,
            "case_id": t.case_id,
            "version": t.version,
            "parent_id": t.parent_id,
            "status": t.status,
            "consent_withdrawn": t.withdrawn,
            "person_code": t.person_code,
            "interview_date": t.interview_date,
            "interview_place": t.place,
            "violation_types": list(t.violation_types),
            "created_at": t.created_at,
        }
        for t in page.rows
    ]
    lines = [
        f"{t.id}  v{t.version}  {t.status:<9}  {t.created_at}  "
        f"{for_display(t.place, limit=40)}" + ("  [WITHDRAWN]" if t.withdrawn else "")
        for t in page.rows
    ]
    ctx.emit(data, "\n".join(lines) or "No testimonies.")
    return 0


def _testimony_correct(ctx: CliContext, args: argparse.Namespace) -> int:
    draft = records.start_correction(ctx.open_session(), args.id)
    ctx.emit(
        {"id": draft.id, "parent_id": draft.parent_id, "version": draft.version},
        draft.id,
    )
    return 0


def _testimony_withdraw(ctx: CliContext, args: argparse.Namespace) -> int:
    withdrawal = records.withdraw_consent(
        ctx.open_session(), args.id, withdrawn_at=args.at, note=args.note
    )
    ctx.emit(
        {
            "testimony_id": withdrawal.testimony_id,
            "withdrawal_id": withdrawal.id,
            "withdrawn_at": withdrawal.withdrawn_at,
            "recorded_at": withdrawal.recorded_at,
        },
        f"Consent withdrawal recorded for testimony {withdrawal.testimony_id} "
        f"(withdrawn at {withdrawal.withdrawn_at}). No version of it will be exported or "
        "synced. Send the withdrawal notice to those who received it: "
        f"'export {withdrawal.testimony_id[:8]} --withdrawal-notice --to DIR', or sync.",
    )
    return 0


def _testimony_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    deleted = records.delete_draft(ctx.open_session(), args.id)
    ctx.emit(
        {
            "testimony_id": deleted.testimony_id,
            "record_sha256": deleted.record_sha256,
            "attachments_removed": len(deleted.blob_ids),
            "person_removed": deleted.person_removed,
        },
        f"Draft {deleted.testimony_id} deleted with {len(deleted.blob_ids)} attachment(s)"
        + (" and the person interviewed." if deleted.person_removed else ".")
        + " The vault's custody log records the deletion.",
    )
    return 0


def _attachment_remove(ctx: CliContext, args: argparse.Namespace) -> int:
    removed = attachments.remove(ctx.open_session(), args.attachment)
    ctx.emit(
        {
            "attachment_id": removed.id,
            "testimony_id": removed.testimony_id,
            "sha256": removed.sha256,
            "name": removed.display_name,
        },
        f"Removed {removed.display_name} ({removed.sha256}) from testimony "
        f"{removed.testimony_id}; the custody log names it.",
    )
    return 0


def _attachment_derive(ctx: CliContext, args: argparse.Namespace) -> int:
    made = attachments.derive(
        ctx.open_session(),
        args.attachment,
        strip_location=args.strip_location,
        strip_device=args.strip_device,
        blur_faces=args.blur_faces,
    )
    removed = made.transformation["removed"]
    faces = made.transformation.get("faces")
    blurred = (
        f"\n  faces blurred: {faces['blurred']} ({faces['detector']}); detection misses"
        " faces: look at the copy before it goes anywhere"
        if faces is not None
        else ""
    )
    ctx.emit(
        {
            **_attachment_json(made.copy),
            "derived_from": made.original.id,
            "original_sha256": made.original.sha256,
            "transformation": made.transformation,
            "custody_event_hash": made.event_hash,
        },
        f"Working copy {made.copy.id} of {made.original.display_name}\n"
        f"  original {made.original.sha256}\n  copy     {made.copy.sha256}\n"
        f"  removed: {for_display(', '.join(removed), limit=2000) or 'nothing was present'}"
        f"{blurred}",
    )
    return 0


def _attach(ctx: CliContext, args: argparse.Namespace) -> int:
    session = ctx.open_session()
    failures = 0
    for name in args.files:
        try:
            attachment = attachments.attach(session, args.testimony, Path(name))
        except EvidenceVaultError as error:
            # One unreadable file must not stop the others; each is reported on its own.
            failures += 1
            ctx.fail(f"{for_display(name)}: {error}", kind=type(error).__name__)
            continue
        ctx.emit(
            _attachment_json(attachment),
            f"{attachment.sha256}  {attachment.display_name}"
            + ("  [carries location data]" if attachment.has_location else ""),
        )
    return 1 if failures else 0


def _search(ctx: CliContext, args: argparse.Namespace) -> int:
    text = args.text if args.from_file is None else _read_text(args.from_file, "search file")
    hits = records.search_records(ctx.open_session(), text, limit=args.limit)
    data = [
        {
            "testimony_id": h.testimony_id,
            "case_id": h.case_id,
            "snippet": h.snippet,
            "matched": [{"found": found, "typed": typed} for found, typed in h.matched],
        }
        for h in hits
    ]
    lines = [
        f"{h.testimony_id or 'case ' + h.case_id}  {for_display(h.snippet, limit=120)}"
        + "".join(
            f"  (matched «{for_display(found, limit=40)}» for «{for_display(typed, limit=40)}»)"
            for found, typed in h.matched
        )
        for h in hits
    ]
    ctx.emit(data, "\n".join(lines) or "Nothing found.")
    return 0


def _custody(ctx: CliContext, args: argparse.Namespace) -> int:
    report = records.custody_log(ctx.open_session(), args.testimony)
    lines = [
        f"{e.seq:>4}  {e.at}  {e.action:<20} {for_display(e.actor, limit=40)}  {e.event_hash[:16]}"
        for e in report.events
    ]
    lines.append(
        f"Chain broken: {for_display(report.problem)}" if report.problem else "Chain verifies."
    )
    ctx.emit(
        {
            "chain_id": report.chain_id,
            "verified": report.problem is None,
            "problem": report.problem,
            "events": [e.to_json() for e in report.events],
        },
        "\n".join(lines),
    )
    return 0 if report.problem is None else 3
