"""Listing: cases with their counts, and testimonies page by page, with one status word.

Status is one vocabulary for every front end (:data:`STATUSES`): ``draft``, ``sealed``,
``exported`` (a package of the sealed version was written here) and ``delivered`` (the
platform's verified receipt for such a package arrived); a withdrawal of consent is a
separate flag, because it does not undo what already left.

The testimony list must open instantly on 100,000 rows, so it is read in pages in the
order of the ``testimonies_by_case`` / ``testimonies_by_created`` indexes, newest first,
with keyset paging (each page starts after the last row of the one before), and filters
(status, interview date, violation type, search hits) applied in the same query.
Runs on the vault thread; results are frozen dataclasses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from app.storage.database import Connection

STATUSES = ("draft", "sealed", "exported", "delivered")

PAGE_SIZE = 200
# The window lists at most the newest 500 matches of a search, sorted by date. Each match
# costs a lookup of its search document for the date; at 100,000 testimonies 1,000 of
# them took twice as long as 500 (28 against 14 ms a pause in typing, p50), and a list
# that long is refined by another word rather than read to the end.
MAX_SEARCH_HITS = 500
# Search matches lie anywhere in the vault, so each row of a page costs several random
# page reads (person, incidents, packages), where the plain list reads its rows side by
# side. A smaller page answers each pause in typing sooner; scrolling fetches the rest.
SEARCH_PAGE_SIZE = 50


# {clause} is joined only from the fixed fragments in fetch_testimonies; values are bound.
# A sealed version is "exported" once a package of it was written here, and "delivered"
# once the platform's verified receipt for such a package arrived (the outbox says so).
_DELIVERED = (
    "EXISTS (SELECT 1 FROM packages k JOIN outbox o ON o.package_id = k.id "
    "WHERE k.testimony_id = t.id AND o.state = 'delivered')"
)
_EXPORTED = "EXISTS (SELECT 1 FROM packages k WHERE k.testimony_id = t.id AND k.origin = 'local')"
_STATUS = (
    f"CASE WHEN t.status = 'sealed' AND {_DELIVERED} THEN 'delivered' "
    f"WHEN t.status = 'sealed' AND {_EXPORTED} THEN 'exported' ELSE t.status END"
)
_COLUMNS = (
    "t.id, p.code, coalesce(t.interview_started_at, ''), t.interview_place, "
    "{status}, t.version, {created_at}, "
    "(SELECT group_concat(i.violation_types_json, char(31)) FROM incidents i "
    " WHERE i.testimony_id = t.id), "
    "(t.consent_withdrawn_at IS NOT NULL OR EXISTS (SELECT 1 FROM consent_withdrawals w "
    " WHERE w.root_id = t.root_id)), t.case_id, t.parent_id "
    "FROM testimonies t JOIN persons p ON p.id = t.person_id {clause}"
).replace("{status}", _STATUS)
# The whole list, newest first along the testimonies_by_created index (created_at comes
# from the index).
_PAGE_QUERY = (
    "SELECT " + _COLUMNS.replace("{created_at}", "t.created_at")
    + " ORDER BY t.created_at DESC, t.id DESC LIMIT ?"
)  # fmt: skip
# Search matches, already in date order: the rows are only decorated. created_at is left
# out on purpose: it is stored after the narrative, and reading it would decrypt every
# overflow page of every narrative (the date comes from the search document instead).
_MATCHES_QUERY = "SELECT " + _COLUMNS.replace("{created_at}", "''")


@dataclass(frozen=True)
class CaseRow:
    id: str
    title: str
    region: str
    testimonies: int


@dataclass(frozen=True)
class TestimonyRow:
    id: str
    person_code: str
    interview_date: str
    place: str
    status: str
    version: int
    created_at: str
    violation_types: tuple[str, ...]
    withdrawn: bool = False  # consent withdrawn, in the record or later, on any version
    case_id: str = ""
    parent_id: str | None = None  # the version this one corrects
    # A search's words this row holds only in another spelling: (as indexed, as typed).
    matched: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TestimonyFilter:
    case_id: str | None = None
    status: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    violation_type: str | None = None
    search_text: str = ""


@dataclass(frozen=True)
class TestimonyPage:
    rows: tuple[TestimonyRow, ...]
    complete: bool  # no rows after these


def list_cases(conn: Connection) -> tuple[CaseRow, ...]:
    """Every case, newest first, with how many testimony versions it holds."""
    rows = conn.execute(
        "SELECT c.id, c.title, c.region, "
        "(SELECT count(*) FROM testimonies t WHERE t.case_id = c.id) "
        "FROM cases c ORDER BY c.created_at DESC, c.id DESC"
    ).fetchall()
    return tuple(CaseRow(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows)


def _filters(wanted: TestimonyFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if wanted.case_id:
        where.append("t.case_id = ?")
        params.append(wanted.case_id)
    if wanted.status == "draft":
        where.append("t.status = 'draft'")  # along testimonies_by_status
    elif wanted.status in STATUSES:
        where.append(f"({_STATUS}) = ?")
        params.append(wanted.status)
    if wanted.date_from:
        where.append("t.interview_started_at >= ?")
        params.append(wanted.date_from)
    if wanted.date_to:
        # Dates are ISO text; "~" sorts after any time part of that day.
        where.append("t.interview_started_at <= ?")
        params.append(wanted.date_to + "~")
    if wanted.violation_type:
        where.append(
            "EXISTS (SELECT 1 FROM incidents i, json_each(i.violation_types_json) v "
            "WHERE i.testimony_id = t.id AND v.value = ?)"
        )
        params.append(wanted.violation_type)
    return where, params


def _row(r: Any, created_at: str | None = None) -> TestimonyRow:
    violations: list[str] = []
    for part in str(r[7] or "").split("\x1f"):
        if part:
            violations.extend(str(v) for v in json.loads(part))
    return TestimonyRow(
        id=str(r[0]),
        person_code=str(r[1]),
        interview_date=str(r[2])[:10],
        place=str(r[3]),
        status=str(r[4]),
        version=int(r[5]),
        created_at=str(r[6]) if created_at is None else created_at,
        violation_types=tuple(dict.fromkeys(violations)),
        withdrawn=bool(r[8]),
        case_id=str(r[9]),
        parent_id=None if r[10] is None else str(r[10]),
    )


def _search_page(
    conn: Connection, wanted: TestimonyFilter, after: tuple[str, str] | None, limit: int
) -> list[TestimonyRow]:
    """A page of the newest ``MAX_SEARCH_HITS`` search matches that pass the filters.

    The matches come with their dates, so the order and the keyset are settled here; the
    database is asked only for the rows of one page at a time (fewer pass the filters,
    then the next candidates are asked for).
    """
    from app.core import search

    # The list is sorted by date, not relevance: the newest matches, unranked, no snippets.
    matches = search.find(conn, wanted.search_text, limit=MAX_SEARCH_HITS, ranked=False)
    keys = sorted(
        ((m.created_at, m.ref_id) for m in matches if m.kind == "testimony"), reverse=True
    )
    if after is not None:
        keys = [key for key in keys if key < after]
    where, params = _filters(wanted)
    page: list[TestimonyRow] = []
    for start in range(0, len(keys), limit):
        chunk = keys[start : start + limit]
        marks = ",".join("?" * len(chunk))
        clause = "WHERE " + " AND ".join([*where, f"t.id IN ({marks})"])
        found = {
            str(r[0]): r
            for r in conn.execute(
                _MATCHES_QUERY.replace("{clause}", clause),
                (*params, *(ref for _, ref in chunk)),
            )
        }
        page.extend(_row(found[ref], created) for created, ref in chunk if ref in found)
        if len(page) >= limit:
            break
    page = page[:limit]
    # Why a row is there when it holds a searched word only in another spelling: asked
    # for this page's rows alone, one indexed lookup per spelling.
    docs = {m.ref_id: m.doc for m in matches if m.kind == "testimony"}
    reasons = search.matched_spellings(conn, wanted.search_text, [docs[r.id] for r in page])
    return [replace(row, matched=reasons.get(docs[row.id], ())) for row in page]


def fetch_testimonies(
    conn: Connection,
    wanted: TestimonyFilter,
    after: tuple[str, str] | None = None,
    limit: int = PAGE_SIZE,
) -> TestimonyPage:
    """The next page of testimonies matching ``wanted``, after the key ``after``
    (``(created_at, id)`` of the last row shown), newest first."""
    if wanted.search_text.strip():
        size = min(limit, SEARCH_PAGE_SIZE)
        rows = _search_page(conn, wanted, after, size)
        return TestimonyPage(tuple(rows), len(rows) < size)
    where, params = _filters(wanted)
    if after is not None:
        where.append("(t.created_at, t.id) < (?, ?)")
        params.extend(after)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    found = conn.execute(_PAGE_QUERY.replace("{clause}", clause), (*params, limit))
    result = tuple(_row(r) for r in found)
    return TestimonyPage(result, len(result) < limit)


def count_testimonies(conn: Connection, case_id: str | None) -> int:
    if case_id:
        row = conn.execute("SELECT count(*) FROM testimonies WHERE case_id = ?", (case_id,))
    else:
        row = conn.execute("SELECT count(*) FROM testimonies")
    return int(row.fetchone()[0])


def testimony_status(conn: Connection, testimony_id: str) -> str:
    """The status word of one testimony version (see :data:`STATUSES`)."""
    row = conn.execute(
        f"SELECT {_STATUS} FROM testimonies t WHERE t.id = ?",  # noqa: S608 - fixed fragments
        (testimony_id,),
    ).fetchone()
    return str(row[0])


def has_newer_version(conn: Connection, testimony_id: str) -> bool:
    """Whether a correction of this version exists (the editor offers to open it)."""
    row = conn.execute("SELECT 1 FROM testimonies WHERE parent_id = ?", (testimony_id,))
    return row.fetchone() is not None
