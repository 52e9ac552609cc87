"""CLI: the records of a vault: ``case``, ``person``, ``testimony``, ``attach``,
``search`` and ``custody``. Main thread.

Identifying details of a person never come from the command line (argv is visible to
every program of the machine): they come from a JSON file (``person add --from-json``)
or inside the testimony file. Every id may be given as a unique prefix.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.core import cases, custody, persons, search, testimonies
from app.core.ids import resolve_id
from app.core.ingest import Attachment, import_attachment, list_attachments
from app.core.records import (
    ROLES,
    case_to_json,
    load_json,
    parse_case_input,
    parse_person_input,
    parse_testimony_input,
    person_to_json,
    testimony_to_json,
)
from app.errors import EvidenceVaultError, FormatError
from app.sanitize import for_display
from app.storage.vault import DEFAULT_ACTOR

MAX_JSON_FILE = 8 * 1024 * 1024


def register(subparsers: Any) -> None:
    case = subparsers.add_parser("case", help="cases: add, list")
    case_actions = case.add_subparsers(dest="case_action", metavar="ACTION", required=True)
    add = case_actions.add_parser("add", help="add a case")
    add.add_argument("--title", required=True)
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

    testimony = subparsers.add_parser("testimony", help="testimonies: add, show, list, correct")
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
    listing.add_argument("--status", choices=("draft", "sealed"))
    listing.add_argument("--limit", type=int, default=100)
    listing.set_defaults(handler=_testimony_list)
    correct = actions.add_parser(
        "correct", help="start a correction: a new draft version of a sealed testimony"
    )
    correct.add_argument("id", metavar="ID")
    correct.set_defaults(handler=_testimony_correct)

    attach = subparsers.add_parser("attach", help="import files into a draft testimony")
    attach.add_argument("testimony", metavar="TESTIMONY_ID")
    attach.add_argument("files", metavar="FILE", nargs="+")
    attach.set_defaults(handler=_attach)

    find = subparsers.add_parser(
        "search",
        help="full-text search of titles, places, narratives (best matches first; the last"
        " word also matches longer words unless TEXT ends with a space)",
    )
    find.add_argument("text", metavar="TEXT")
    find.add_argument("--limit", type=int, default=50)
    find.set_defaults(handler=_search)

    log = subparsers.add_parser("custody", help="the custody log of a testimony (or 'vault')")
    log.add_argument("testimony", metavar="TESTIMONY_ID")
    log.set_defaults(handler=_custody)


def _read_json(path: str, what: str) -> object:
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_JSON_FILE + 1)
    except OSError as error:
        raise EvidenceVaultError(f"Cannot read the {what}: {error.strerror}") from None
    if len(raw) > MAX_JSON_FILE:
        raise FormatError(f"The {what} is larger than {MAX_JSON_FILE // (1024 * 1024)} MiB.")
    return load_json(raw, f"The {what}")


def _case_add(ctx: CliContext, args: argparse.Namespace) -> int:
    data = parse_case_input(
        {
            "title": args.title,
            "description": args.description,
            "region": args.region,
            "tags": args.tags,
        }
    )
    vault = ctx.open_vault()
    case = cases.add_case(vault.connection, vault.device, data, DEFAULT_ACTOR)
    ctx.emit(case_to_json(case), case.id)
    return 0


def _case_list(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    found = cases.list_cases(vault.connection)
    lines = [f"{c.id}  {c.created_at}  {for_display(c.title, limit=80)}" for c in found]
    ctx.emit([case_to_json(c) for c in found], "\n".join(lines) or "No cases yet.")
    return 0


def _person_add(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.from_json is not None:
        if args.code or args.role:
            raise EvidenceVaultError("Give either --from-json or --code/--role, not both.")
        data = parse_person_input(_read_json(args.from_json, "person file"))
    else:
        if not args.code or not args.role:
            raise EvidenceVaultError("A person needs --code and --role (or --from-json).")
        data = parse_person_input({"code": args.code, "role": args.role})
    vault = ctx.open_vault()
    person = persons.add_person(vault.connection, vault.device, data, DEFAULT_ACTOR)
    ctx.emit(person_to_json(person, include_identifying=False), person.id)
    return 0


def _person_list(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    found = persons.list_persons(vault.connection)
    records = [person_to_json(p, include_identifying=args.identifying) for p in found]
    lines = [f"{p.id}  {p.role:<9} {for_display(p.code, limit=60)}" for p in found]
    ctx.emit(records, "\n".join(lines) or "No people recorded yet.")
    return 0


def _testimony_add(ctx: CliContext, args: argparse.Namespace) -> int:
    data = parse_testimony_input(_read_json(args.from_json, "testimony file"))
    vault = ctx.open_vault()
    testimony = testimonies.add_testimony(
        vault.connection, vault.device, args.case, data, DEFAULT_ACTOR
    )
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
    }


def _testimony_show(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    conn = vault.connection
    testimony = testimonies.get_testimony(conn, args.id)
    record = testimony_to_json(testimony)
    person = persons.get_person(conn, testimony.person_id)
    record["person"] = person_to_json(person, include_identifying=True)
    record["attachments"] = [_attachment_json(a) for a in list_attachments(conn, testimony.id)]
    record["consent_withdrawn"] = testimonies.consent_withdrawn(conn, testimony.id)
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
    vault = ctx.open_vault()
    found = testimonies.list_testimonies(
        vault.connection, args.case, args.status, limit=max(1, args.limit)
    )
    records = [
        {
            "id": t.id,
            "case_id": t.case_id,
            "version": t.version,
            "status": t.status,
            "parent_id": t.parent_id,
            "interview_place": t.interview_place,
            "created_at": t.created_at,
            "sealed_at": t.sealed_at,
        }
        for t in found
    ]
    lines = [
        f"{t.id}  v{t.version}  {t.status:<6}  {t.created_at}  "
        f"{for_display(t.interview_place, limit=40)}"
        for t in found
    ]
    ctx.emit(records, "\n".join(lines) or "No testimonies.")
    return 0


def _testimony_correct(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    draft = testimonies.start_correction(vault.connection, vault.device, args.id, DEFAULT_ACTOR)
    ctx.emit(
        {"id": draft.id, "parent_id": draft.parent_id, "version": draft.version},
        draft.id,
    )
    return 0


def _attach(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    failures = 0
    for name in args.files:
        try:
            attachment = import_attachment(vault, args.testimony, Path(name))
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
    vault = ctx.open_vault()
    # One query, not a keystroke: worth bm25's cost even while the last word is a prefix.
    hits = search.search(vault.connection, args.text, limit=max(1, args.limit), ranked=True)
    records = [
        {"testimony_id": h.testimony_id, "case_id": h.case_id, "snippet": h.snippet} for h in hits
    ]
    lines = [
        f"{h.testimony_id or 'case ' + h.case_id}  {for_display(h.snippet, limit=120)}"
        for h in hits
    ]
    ctx.emit(records, "\n".join(lines) or "Nothing found.")
    return 0


def _custody(ctx: CliContext, args: argparse.Namespace) -> int:
    vault = ctx.open_vault()
    conn = vault.connection
    chain_id = (
        custody.VAULT_CHAIN
        if args.testimony == custody.VAULT_CHAIN
        else resolve_id(conn, "testimonies", args.testimony)
    )
    chain = custody.events(conn, chain_id)
    problem: str | None = None
    try:
        custody.verify_chain(chain, [vault.device.public_key])
    except custody.CustodyChainError as error:
        problem = str(error)
    lines = [
        f"{e.seq:>4}  {e.at}  {e.action:<20} {for_display(e.actor, limit=40)}  {e.event_hash[:16]}"
        for e in chain
    ]
    lines.append(f"Chain broken: {for_display(problem)}" if problem else "Chain verifies.")
    ctx.emit(
        {
            "chain_id": chain_id,
            "verified": problem is None,
            "problem": problem,
            "events": [e.to_json() for e in chain],
        },
        "\n".join(lines),
    )
    return 0 if problem is None else 3
