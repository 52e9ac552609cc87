"""Full-text search inside the encrypted database (SQLite FTS5), Cyrillic-aware.

One search document per case (its title) and per testimony version (interview and incident
places; narrative, Istanbul Protocol sections and incident descriptions). The tokenizer is
``unicode61`` with ``remove_diacritics 2``: case folds for Cyrillic and Latin alike, Latin
accents fold; Cyrillic letters stay as they are (і and и, й, ў, ї are distinct letters),
except that ё is indexed and searched as е, as Russian readers expect. The repository modules
keep the index in step inside their own transactions; the index lives in the same
SQLCipher file, so it is encrypted like the records.

What the user types is never FTS5 syntax: it is cut into words, each word quoted, and the
last one matched as a prefix for type-ahead. Runs on the vault thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.records import IP_SECTIONS, Testimony

MAX_QUERY_TOKENS = 16
MAX_TOKEN_CHARS = 64
MAX_LIMIT = 500
SNIPPET_START = "["
SNIPPET_END = "]"
# Words: letters and digits of any script (the underscore is punctuation to unicode61).
_WORD = re.compile(r"[^\W_]+")
# bm25 with the weights of title, places and body.
_RANK = "bm25(5.0, 2.0, 1.0)"
RANKING_WINDOW = 1000
TYPING_WINDOW = 250
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class SearchHit:
    """A match: a testimony version, or a case by its title (``testimony_id`` is None)."""

    testimony_id: str | None
    case_id: str
    snippet: str
    rank: float


def _normal(text: str) -> str:
    # NFC so a word typed with combining accents matches the same word typed precomposed.
    # unicode61 folds Latin accents only; Russian writes ё as е so often that both are
    # indexed and searched as е (the stored record keeps the letter as written).
    return unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")


def _words(text: str) -> list[str]:
    return [w[:MAX_TOKEN_CHARS] for w in _WORD.findall(_normal(text))][:MAX_QUERY_TOKENS]


def _is_typing(text: str) -> bool:
    return not text[-1:].isspace()


def fts_query(text: str, *, prefix_last: bool = True) -> str | None:
    """A safe FTS5 query for what the user typed, or None when it holds no word.

    Every word becomes a quoted string, so quotes, parentheses, ``NEAR``, ``AND``, ``*``,
    ``^`` and ``column:`` are searched as text or ignored, never obeyed. The last word is a
    prefix unless the text ends with a space (the user finished typing it).
    """
    words = _words(text)
    if not words:
        return None
    parts = [f'"{word}"' for word in words]
    if prefix_last and _is_typing(text):
        parts[-1] += "*"
    return " ".join(parts)


def _matcher(words: list[str], prefix_last: bool) -> re.Pattern[str]:
    # IGNORECASE folds case as the matching goes, cheaper than lower-casing whole narratives.
    alternatives = []
    for position, word in enumerate(words):
        letters = "".join("[её]" if c in "еЕ" else re.escape(c) for c in word)
        whole = not (prefix_last and position == len(words) - 1)
        alternatives.append(letters + (r"(?![^\W_])" if whole else ""))
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def make_snippet(texts: Sequence[str], words: list[str], prefix_last: bool) -> str:
    """A short excerpt around the first match, matches marked with SNIPPET_START/END.

    FTS5's own snippet() scores every fragment of every returned document and costs
    milliseconds per long narrative; this scans the text once. Folding follows the index
    (case, ё/е); where a match cannot be placed (Latin accents) the text's start is shown.
    """
    matcher = _matcher(words, prefix_last)
    chosen, found = "", None
    for text in texts:
        found = matcher.search(text)
        if found is not None:
            chosen = text
            break
        chosen = chosen or text
    if not chosen:
        return ""
    centre = found.start() if found is not None else 0
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start:
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    end = min(len(chosen), start + SNIPPET_CHARS)
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > centre else end
    out, cursor = [], start
    for match in matcher.finditer(chosen, start, end):
        out += [chosen[cursor : match.start()], SNIPPET_START, match.group(), SNIPPET_END]
        cursor = match.end()
    out.append(chosen[cursor:end])
    excerpt = " ".join("".join(out).split())
    return ("…" if start else "") + excerpt + ("…" if end < len(chosen) else "")


def _document(conn: Any, kind: str, ref_id: str, case_id: str) -> int:
    row = conn.execute(
        "SELECT doc FROM search_docs WHERE kind = ? AND ref_id = ?", (kind, ref_id)
    ).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
        return int(row[0])
    cursor = conn.execute(
        "INSERT INTO search_docs (kind, ref_id, case_id) VALUES (?, ?, ?)", (kind, ref_id, case_id)
    )
    return int(cursor.lastrowid)


def _joined(parts: Iterable[str | None]) -> str:
    return _normal("\n".join(part for part in parts if part))


def index_case(conn: Any, case_id: str, title: str) -> None:
    """(Re)index a case title; call inside the transaction that stores it."""
    doc = _document(conn, "case", case_id, case_id)
    conn.execute(
        "INSERT INTO search_index (rowid, title, places, body) VALUES (?, ?, '', '')",
        (doc, _normal(title)),
    )


def index_testimony(conn: Any, testimony: Testimony) -> None:
    """(Re)index one testimony version; call inside the transaction that stores it."""
    places = _joined([testimony.interview.place, *(i.place for i in testimony.incidents)])
    sections = (getattr(testimony.istanbul_protocol, name) for name in IP_SECTIONS)
    body = _joined([testimony.narrative, *sections, *(i.description for i in testimony.incidents)])
    doc = _document(conn, "testimony", testimony.id, testimony.case_id)
    conn.execute(
        "INSERT INTO search_index (rowid, title, places, body) VALUES (?, '', ?, ?)",
        (doc, places, body),
    )


def remove_document(conn: Any, kind: str, ref_id: str) -> None:
    """Drop a case or testimony from the index (when the record itself is deleted)."""
    row = conn.execute(
        "SELECT doc FROM search_docs WHERE kind = ? AND ref_id = ?", (kind, ref_id)
    ).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM search_docs WHERE doc = ?", (row[0],))


def _ranked(conn: Any, query: str, window: int, limit: int) -> list[tuple[int, float]]:
    """(doc, rank) of the best ``limit`` matches among the newest ``window`` ones."""
    # The window's oldest match: FTS5 walks rowids backwards and stops there.
    floor_row = conn.execute(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?"
        " ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (query, window - 1),
    ).fetchone()
    rows = conn.execute(
        "SELECT rowid, rank FROM search_index"
        " WHERE search_index MATCH ? AND rank MATCH ? AND rowid >= ?"
        " ORDER BY rank LIMIT ?",
        (query, _RANK, 0 if floor_row is None else floor_row[0], limit),
    ).fetchall()
    return [(int(doc), float(rank)) for doc, rank in rows]


def search(conn: Any, text: str, limit: int = 50) -> list[SearchHit]:
    """The best matches for ``text`` (any script, any case), best first.

    Relevance (bm25) is computed over at most ``RANKING_WINDOW`` matches, the newest ones
    (fewer while the user is still typing a word): a word found in most testimonies would
    otherwise cost a score for every one of them on each keystroke. Below the window (any
    selective query) the ranking is exact.

    The last word is also a prefix (type-ahead), but only when the word as typed does not
    already fill the page: expanding a prefix merges the posting lists of every longer
    word, which for common words costs seconds in a large vault, while the exact word is
    answered from one list.
    """
    query = fts_query(text)
    if query is None:
        return []
    window = TYPING_WINDOW if _is_typing(text) else RANKING_WINDOW
    limit = max(1, min(limit, MAX_LIMIT))
    exact = fts_query(text, prefix_last=False)
    ranked: list[tuple[int, float]] = []
    if exact is not None and exact != query:
        ranked = _ranked(conn, exact, window, limit)
    if len(ranked) < limit:
        ranked = _ranked(conn, query, window, limit)
    if not ranked:
        return []
    marks = ", ".join("?" * len(ranked))
    rows = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT d.doc, d.kind, d.ref_id, d.case_id, s.body, s.places, s.title"  # noqa: S608 - only "?" placeholders are spliced
            " FROM search_docs AS d JOIN search_index AS s ON s.rowid = d.doc"
            f" WHERE d.doc IN ({marks})",
            [doc for doc, _ in ranked],
        )
    }
    words, typing = _words(text), _is_typing(text)
    hits = []
    for doc, rank in ranked:
        kind, ref_id, case_id, *texts = rows[doc]
        hits.append(
            SearchHit(
                testimony_id=ref_id if kind == "testimony" else None,
                case_id=case_id,
                snippet=make_snippet(texts, words, typing),
                rank=float(rank),
            )
        )
    return hits
