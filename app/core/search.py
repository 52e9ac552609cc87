"""Full-text search inside the encrypted database (SQLite FTS5), Cyrillic-aware.

One search document per case (its title) and per testimony version (interview and incident
places; narrative, Istanbul Protocol sections and incident descriptions). The tokenizer is
``unicode61`` with ``remove_diacritics 2``: case folds for Cyrillic and Latin alike, Latin
accents fold; Cyrillic letters stay as they are (і and и, й, ў, ї are distinct letters),
except that ё is indexed and searched as е, as Russian readers expect. The repository modules
keep the index in step inside their own transactions; the index lives in the same
SQLCipher file, so it is encrypted like the records.

What the user types is never FTS5 syntax: it is cut into words and each word quoted. While
the last word is still being typed it also stands for the longer words it begins, so a
Slavic word is found in any of its endings. How that is asked of FTS5 is what keeps
type-ahead fast in a large vault: two or three letters are answered by the index's own
prefix lists (``prefix = '2 3'``); four or more letters are replaced by the words they can
become, looked up in ``search_terms``, because FTS5 would otherwise merge the full posting
list of every such word on each keystroke. Runs on the vault thread.

Belarusian and Russian spell the same places and surnames differently (Акрэсціна and
Окрестина, Іваноў and Иванов, Жодзіна and Жодино). Each listed word also has a spelling
key (:func:`spelling_key`), kept as a row of its own in ``search_terms``, and a word of
four letters or more that is searched also stands for the vault's words that share its
key; :func:`matched_spellings` says which hit came through such a word. The index itself
stays as written: sqlcipher3, like Python's sqlite3, cannot register an FTS5 tokenizer,
and a second folded index would need a schema step. Why each rule, and what it costs, is
in docs/search-spellings.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.records import IP_SECTIONS, Testimony
from app.errors import EvidenceVaultError
from app.storage.database import Connection, transaction

MAX_QUERY_TOKENS = 16
MAX_TOKEN_CHARS = 64
MAX_LIMIT = 1000
SNIPPET_START = "["
SNIPPET_END = "]"
# Words: letters and digits of any script (the underscore is punctuation to unicode61).
_WORD = re.compile(r"[^\W_]+")
# bm25 with the weights of title, places and body.
_RANK = "bm25(search_index, 5.0, 2.0, 1.0)"
RANKING_WINDOW = 500
TYPING_WINDOW = 150
SNIPPET_CHARS = 160
# The index keeps prefix lists of 2 and 3 characters (migration m0002).
PREFIX_INDEX_MAX = 3
# Words of this length or more are listed in search_terms; shorter prefixes never look.
MIN_LISTED = PREFIX_INDEX_MAX + 1
# A prefix stands for at most this many words, the shortest first (closest to what was
# typed): each is one more posting list for FTS5 to walk.
MAX_COMPLETIONS = 8
COMPLETION_SCAN = 512
_HIGHEST = "\U0010ffff"  # sorts after every character, so [p, p + _HIGHEST) holds p*
# Spelling keys live in search_terms beside the words, as KEYED + key + KEY_END + word:
# KEYED sorts before every letter and digit, so no range of words ever reaches them, and
# KEYED alone marks a word list whose keys are complete (see ensure_spelling_keys).
KEYED = "\x02"
KEY_END = "\x01"
# Other spellings one searched word stands for (each is one more posting list to walk).
MAX_SPELLINGS = 8
# Belarusian writes дз and ц where Russian writes д and т before these (дзеканне,
# цеканне: Жодзіна/Жодино, Акрэсціна/Окрестина); Russian ц before them (центр/цэнтр)
# falls in with т the same way.
_SOFTENING = frozenset("еэёіяюь")
# After these Belarusian writes ы where Russian writes и (міліцыі/милиции, Дзяржынск).
_HARD_BEFORE_Y = frozenset("жшчрц")
_SPELLING = {
    "о": "а",  # акання: unstressed о is written а, and stress is not written
    "э": "е",  # стэла/стела
    "ё": "е",
    "є": "е",
    "я": "е",  # яканне: сяло/село, Дзяржынск/Дзержинск
    "і": "и",
    "ї": "и",
    "ў": "в",  # Барысаў/Борисов, Іваноў/Иванов
    "щ": "шч",
}
_SILENT = frozenset("ъʼ'’")


@dataclass(frozen=True)
class SearchHit:
    """A match: a testimony version, or a case by its title (``testimony_id`` is None)."""

    testimony_id: str | None
    case_id: str
    snippet: str
    rank: float
    # (the word as the record writes it, the word as typed) for each searched word found
    # only in another spelling: ("Акрэсціна", "Окрестина").
    matched: tuple[tuple[str, str], ...] = ()


def _normal(text: str) -> str:
    # NFC so a word typed with combining accents matches the same word typed precomposed.
    # unicode61 folds Latin accents only; Russian writes ё as е so often that both are
    # indexed and searched as е (the stored record keeps the letter as written).
    return unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")


def fold(word: str) -> str:
    """A word as the index holds it: lower case, accents dropped from Latin letters only.

    Mirrors unicode61 with ``remove_diacritics 2`` closely enough for looking up
    completions: FTS5 folds each completion again when it is searched.
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue  # an accent on a Latin letter (й, ў, ї keep theirs)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def spelling_key(word: str) -> str:
    """What Belarusian and Russian spellings of ``word`` have in common.

    Folded as the index folds (:func:`fold`), then: о as а, э ё є я as е, і ї as и, ў
    as в, щ as шч; ц before a softening letter as т, дз before one as д; ы after ж ш ч р
    ц as и; ъ and apostrophes dropped. Latin letters are left alone. The soft sign stays:
    dropping it made 1.9 % of Russian words share a key with another (брат, брать)
    instead of 1.3 %.
    """
    letters = fold(_normal(word))
    out: list[str] = []
    at, end = 0, len(letters)
    while at < end:
        char = letters[at]
        after = letters[at + 1] if at + 1 < end else ""
        if char in _SILENT:
            pass
        elif char == "ц" and after in _SOFTENING:
            out.append("т")
        elif char == "д" and after == "з" and at + 2 < end and letters[at + 2] in _SOFTENING:
            out.append("д")
            at += 1
        elif char == "ы" and out and out[-1] in _HARD_BEFORE_Y:
            out.append("и")
        else:
            out.append(_SPELLING.get(char, char))
        at += 1
    return "".join(out)


def _key_prefix(prefix: str) -> str:
    """The spelling key every word beginning with ``prefix`` has at its start: a last ц
    or дз is left out, since the letter after it decides what it becomes."""
    letters, key = fold(_normal(prefix)), spelling_key(prefix)
    if letters.endswith("ц"):
        return key[:-1]
    return key[:-1] if letters.endswith("дз") else key


def _keyed(words: Iterable[str]) -> set[str]:
    """The search_terms rows that give listed ``words`` their spelling keys; a word that
    is its own key needs none (it is found as a word)."""
    rows = set()
    for word in words:
        key = spelling_key(word)
        if key != word:
            rows.add(KEYED + key + KEY_END + word)
    return rows


def _spelled(conn: Connection, key: str, *, prefix: bool) -> list[str]:
    """The listed words whose spelling key is ``key`` (or, with ``prefix``, begins with
    it), shortest first."""
    if not key:
        return []
    end = _HIGHEST if prefix else KEY_END + _HIGHEST
    found: set[str] = set()
    for start, stop in ((KEYED + key, KEYED + key + end), (key, key + end)):
        for (term,) in conn.execute(
            "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
            (start, stop, COMPLETION_SCAN),
        ):
            word = str(term).rpartition(KEY_END)[2]
            word_key = spelling_key(word)
            if word_key == key or (prefix and word_key.startswith(key)):
                found.add(word)
    return sorted(found, key=lambda word: (len(word), word))


def ensure_spelling_keys(conn: Connection) -> int:
    """Give the words of a vault listed by an earlier version their spelling keys, once
    (at unlock); how many keys were added. Words listed since carry their keys."""
    if conn.execute("SELECT 1 FROM search_terms WHERE term = ?", (KEYED,)).fetchone():
        return 0
    with transaction(conn):
        words = [
            str(row[0])
            for row in conn.execute(
                "SELECT term FROM search_terms WHERE term > ?", (KEYED + _HIGHEST,)
            )
        ]
        rows = _keyed(words)
        conn.executemany(
            "INSERT OR IGNORE INTO search_terms (term) VALUES (?)",
            ((row,) for row in sorted(rows | {KEYED})),
        )
    return len(rows)


def _words(text: str) -> list[str]:
    return [w[:MAX_TOKEN_CHARS] for w in _WORD.findall(_normal(text))][:MAX_QUERY_TOKENS]


def _is_typing(text: str) -> bool:
    return not text[-1:].isspace()


def _quoted(word: str) -> str:
    # Words hold letters and digits only; doubling quotes keeps that true of anything else.
    return '"' + word.replace('"', '""') + '"'


def fts_query(
    text: str,
    *,
    prefix_last: bool = True,
    completions: Sequence[str] = (),
    spellings: Mapping[int, Sequence[str]] | None = None,
) -> str | None:
    """A safe FTS5 query for what the user typed, or None when it holds no word.

    Every word becomes a quoted string, so quotes, parentheses, ``NEAR``, ``AND``, ``*``,
    ``^`` and ``column:`` are searched as text or ignored, never obeyed. Unless the text
    ends with a space (the user finished the word), the last word of two or three
    characters is a prefix, and a longer one also matches ``completions``. A single
    character is only ever a whole word: as a prefix it would match a large share of
    every vault's words. ``spellings`` maps a word's position to other words it also
    stands for (its other spellings).
    """
    parts = _query_parts(
        text, prefix_last=prefix_last, completions=completions, spellings=spellings
    )
    return " AND ".join(parts) if parts else None


def _query_parts(
    text: str,
    *,
    prefix_last: bool = True,
    completions: Sequence[str] = (),
    spellings: Mapping[int, Sequence[str]] | None = None,
) -> list[str]:
    """The FTS5 query of :func:`fts_query`, one part per word (all must match)."""
    words = _words(text)
    if not words:
        return []
    parts = [_quoted(word) for word in words]
    others: dict[int, list[str]] = {i: list(s) for i, s in (spellings or {}).items() if s}
    last = len(words) - 1
    if prefix_last and _is_typing(text):
        if 2 <= len(words[last]) <= PREFIX_INDEX_MAX:
            parts[last] += "*"
        elif len(words[last]) > PREFIX_INDEX_MAX and completions:
            others[last] = [*completions, *others.get(last, ())]
    for position, alternatives in others.items():
        word = words[position]
        shown = dict.fromkeys([word, *(a for a in alternatives if a != fold(word))])
        if len(shown) > 1:
            parts[position] = "(" + " OR ".join(_quoted(w) for w in shown) + ")"
    return parts


def completions(conn: Connection, prefix: str) -> list[str]:
    """The indexed words that begin with ``prefix`` (shortest first, capped), for type-ahead."""
    key = fold(_normal(prefix))[:MAX_TOKEN_CHARS]
    if len(key) < MIN_LISTED:
        return []
    rows = conn.execute(
        "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
        (key, key + _HIGHEST, COMPLETION_SCAN),
    ).fetchall()
    return sorted((str(row[0]) for row in rows), key=lambda term: (len(term), term))[
        :MAX_COMPLETIONS
    ]


def _other_spellings(conn: Connection, words: list[str], typing: bool) -> dict[int, list[str]]:
    """For each word of four letters or more, the vault's words that spell it otherwise
    (for the last word while typed: the words whose spelling begins like it)."""
    found = {}
    for position, word in enumerate(words):
        if len(word) < MIN_LISTED:
            continue  # short words are not listed, and fold together far too often
        if typing and position == len(words) - 1:
            others = _spelled(conn, _key_prefix(word), prefix=True)
            others = [other for other in others if not other.startswith(fold(word))]
        else:
            others = [other for other in _spelled(conn, spelling_key(word), prefix=False)]
            others = [other for other in others if other != fold(word)]
        if others:
            found[position] = others[:MAX_SPELLINGS]
    return found


def _query_for(conn: Connection, text: str) -> str | None:
    words = _words(text)
    if not words:
        return None
    spellings = _other_spellings(conn, words, _is_typing(text))
    if not _is_typing(text) or len(words[-1]) <= PREFIX_INDEX_MAX:
        return fts_query(text, spellings=spellings)
    return fts_query(text, completions=completions(conn, words[-1]), spellings=spellings)


def _matcher(words: list[str], prefix_last: bool, also: Sequence[str] = ()) -> re.Pattern[str]:
    # IGNORECASE folds case as the matching goes, cheaper than lower-casing whole narratives.
    # ``also``: other spellings, matched as whole words.
    alternatives = []
    for position, word in enumerate([*words, *also]):
        letters = "".join("[её]" if c in "еЕ" else re.escape(c) for c in word)
        whole = not (prefix_last and position == len(words) - 1)
        alternatives.append(letters + (r"(?![^\W_])" if whole else ""))
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _is_letter_or_digit(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _first_match(
    text: str, words: list[str], prefix_last: bool, also: Sequence[str] = ()
) -> int | None:
    """Where the first whole-word (or, for the last word, prefix) match starts.

    ``str.find`` on the lower-cased text: several times faster than a case-insensitive
    regular expression over a long narrative, and this runs for every hit shown.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: let re do it
        found = _matcher(words, prefix_last, also).search(text)
        return None if found is None else found.start()
    best: int | None = None
    for position, word in enumerate([*words, *also]):
        needle = word.lower()
        whole = not (prefix_last and position == len(words) - 1)
        at = lowered.find(needle)
        while at >= 0 and (best is None or at < best):
            end = at + len(needle)
            if not _is_letter_or_digit(lowered, at - 1) and not (
                whole and _is_letter_or_digit(lowered, end)
            ):
                best = at
                break
            at = lowered.find(needle, at + 1)
    return best


def make_snippet(
    texts: Sequence[str],
    words: list[str],
    prefix_last: bool,
    stored: Sequence[str] | None = None,
    also: Sequence[str] = (),
) -> str:
    """A short excerpt around the first match, matches marked with SNIPPET_START/END.

    FTS5's own snippet() scores every fragment of every returned document and costs
    milliseconds per long narrative; this finds the first match and marks matches in the
    excerpt only. Folding follows the index (case; the index text holds е for ё); where a
    match cannot be placed (Latin accents) the text's start is shown. ``stored`` holds the
    same texts as written (``texts`` are their folded form, letter for letter): the
    excerpt quotes those, so ё stays ё. ``also``: other spellings of the words, marked
    as matches too.
    """
    chosen, shown, centre = "", "", None
    for index, text in enumerate(texts):
        centre = _first_match(text, words, prefix_last, also)
        original = stored[index] if stored is not None and index < len(stored) else text
        if centre is not None:
            chosen, shown = text, original
            break
        if not chosen:
            chosen, shown = text, original
    if not chosen:
        return ""
    if len(shown) != len(chosen):
        shown = chosen  # the record changed since it was indexed: quote the index
    centre = centre or 0
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start:
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    end = min(len(chosen), start + SNIPPET_CHARS)
    if end < len(chosen):
        space = chosen.rfind(" ", start, end)
        end = space if space > centre else end
    out, cursor = [], start
    for match in _matcher(words, prefix_last, also).finditer(chosen, start, end):
        found = shown[match.start() : match.end()]
        out += [shown[cursor : match.start()], SNIPPET_START, found, SNIPPET_END]
        cursor = match.end()
    out.append(shown[cursor:end])
    excerpt = " ".join("".join(out).split())
    return ("…" if start else "") + excerpt + ("…" if end < len(chosen) else "")


def _listed(*texts: str) -> set[str]:
    """The words of ``texts`` that search_terms lists (folded, four letters or more)."""
    words = {fold(word) for text in texts for word in _WORD.findall(text)}
    return {word for word in words if MIN_LISTED <= len(word) <= MAX_TOKEN_CHARS}


def _drop_document(conn: Connection, doc: int) -> set[str]:
    """Take ``doc`` out of the index; the listed words it held."""
    old = conn.execute(
        "SELECT title, places, body FROM search_index WHERE rowid = ?", (doc,)
    ).fetchone()
    conn.execute("DELETE FROM search_index WHERE rowid = ?", (doc,))
    return set() if old is None else _listed(*(str(text or "") for text in old))


def _document(
    conn: Connection, kind: str, ref_id: str, case_id: str, created_at: str
) -> tuple[int, set[str]]:
    """The document's row id, emptied for new text, and the listed words it held."""
    row = conn.execute(
        "SELECT doc FROM search_docs WHERE kind = ? AND ref_id = ?", (kind, ref_id)
    ).fetchone()
    if row is not None:
        return int(row[0]), _drop_document(conn, int(row[0]))
    cursor = conn.execute(
        "INSERT INTO search_docs (kind, ref_id, case_id, created_at) VALUES (?, ?, ?, ?)",
        (kind, ref_id, case_id, created_at),
    )
    assert cursor.lastrowid is not None  # an INSERT always has one
    return cursor.lastrowid, set()


def _as_written(parts: Iterable[str | None]) -> str:
    """The parts of a document joined as stored (NFC); ``_normal`` of it is what is
    indexed, letter for letter (it only turns ё into е)."""
    return unicodedata.normalize("NFC", "\n".join(part for part in parts if part))


def _testimony_texts(testimony: Testimony) -> tuple[str, str]:
    """(places, body) of a testimony version as written."""
    places = _as_written([testimony.interview.place, *(i.place for i in testimony.incidents)])
    sections = (getattr(testimony.istanbul_protocol, name) for name in IP_SECTIONS)
    body = _as_written(
        [testimony.narrative, *sections, *(i.description for i in testimony.incidents)]
    )
    return places, body


def _update_words(conn: Connection, held: set[str], holds: set[str]) -> None:
    """Keep search_terms to the words some document holds: add the new ones, and forget
    the ones a document dropped if no other document has them.

    A name typed into a narrative by mistake and replaced by a pseudonym must not stay
    findable in the vault's word list (someone made to unlock the vault could read it).
    The index's own segments keep a dropped word until they are merged; FTS5's
    secure-delete would remove it at once but cost 0.5-1.3 s a save at 100,000
    testimonies.
    """
    conn.executemany(
        "INSERT OR IGNORE INTO search_terms (term) VALUES (?)",
        ((word,) for word in sorted(holds | _keyed(holds))),
    )
    for word in held - holds:
        still = conn.execute(
            "SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT 1", (_quoted(word),)
        ).fetchone()
        if still is None:
            conn.execute("DELETE FROM search_terms WHERE term = ?", (word,))
            for row in _keyed([word]):  # its spelling key names it too
                conn.execute("DELETE FROM search_terms WHERE term = ?", (row,))


def _remember_words(conn: Connection, *texts: str) -> None:
    """List the words of ``texts`` (for building an index in bulk)."""
    _update_words(conn, set(), _listed(*texts))


def index_case(conn: Connection, case_id: str, title: str, created_at: str) -> None:
    """(Re)index a case title; call inside the transaction that stores it."""
    doc, held = _document(conn, "case", case_id, case_id, created_at)
    title = _normal(title)
    conn.execute(
        "INSERT INTO search_index (rowid, title, places, body) VALUES (?, ?, '', '')",
        (doc, title),
    )
    _update_words(conn, held, _listed(title))


def index_testimony(conn: Connection, testimony: Testimony) -> None:
    """(Re)index one testimony version; call inside the transaction that stores it."""
    places, body = (_normal(text) for text in _testimony_texts(testimony))
    doc, held = _document(conn, "testimony", testimony.id, testimony.case_id, testimony.created_at)
    conn.execute(
        "INSERT INTO search_index (rowid, title, places, body) VALUES (?, '', ?, ?)",
        (doc, places, body),
    )
    _update_words(conn, held, _listed(places, body))


def remove_document(conn: Connection, kind: str, ref_id: str) -> None:
    """Drop a case or testimony from the index (when the record itself is deleted)."""
    row = conn.execute(
        "SELECT doc FROM search_docs WHERE kind = ? AND ref_id = ?", (kind, ref_id)
    ).fetchone()
    if row is not None:
        held = _drop_document(conn, int(row[0]))
        conn.execute("DELETE FROM search_docs WHERE doc = ?", (row[0],))
        _update_words(conn, held, set())


@dataclass(frozen=True)
class Match:
    """A matching search document, before any text is read for a snippet."""

    doc: int
    kind: str
    ref_id: str
    case_id: str
    created_at: str  # the record's, so a list sorted by date need not read the record
    rank: float


def _newest(conn: Connection, query: str, count: int, *, ranked: bool) -> list[tuple[int, float]]:
    # FTS5 walks a word's postings newest first and stops after ``count``. bm25 is asked
    # per row rather than through ORDER BY rank: FTS5's own rank sorter costs about twice
    # as much for the same rows, and sorting a thousand pairs here is nothing.
    score = _RANK if ranked else "0.0"
    return [
        (int(doc), float(rank))
        for doc, rank in conn.execute(
            f"SELECT rowid, {score} FROM search_index"  # noqa: S608 - a fixed expression
            " WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?",
            (query, count),
        )
    ]


def find(
    conn: Connection, text: str, limit: int = 50, *, ranked: bool | None = None
) -> list[Match]:
    """The documents matching ``text``: best first when ``ranked``, else newest first.

    By default a finished query (ending with a space) is ranked and one whose last word
    is still being typed is not. Ranking costs FTS5 a pass over the whole posting list of
    each word to weigh it (bm25's inverse document frequency), and a word being typed
    stands for several words or a prefix list covering thousands of them: on every
    keystroke that would cost tens of milliseconds in a large vault, while the newest
    matches cost one short walk.

    Relevance (bm25) is computed over the newest ``RANKING_WINDOW`` matches
    (``TYPING_WINDOW`` for a ranked query still being typed): a word found in most
    testimonies would otherwise cost a score for every one of them. Below the window,
    which is any selective query, the ranking is exact.
    """
    query = _query_for(conn, text)
    if query is None:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    if ranked is None:
        ranked = not _is_typing(text)
    if ranked:
        window = max(limit, TYPING_WINDOW if _is_typing(text) else RANKING_WINDOW)
        found = sorted(_newest(conn, query, window, ranked=True), key=lambda m: (m[1], -m[0]))
        found = found[:limit]
    else:
        found = _newest(conn, query, limit, ranked=False)
    if not found:
        return []
    marks = ", ".join("?" * len(found))
    refs = {
        int(row[0]): (str(row[1]), str(row[2]), str(row[3]), str(row[4]))
        for row in conn.execute(
            "SELECT doc, kind, ref_id, case_id, created_at FROM search_docs"  # noqa: S608 - only "?" placeholders are spliced
            f" WHERE doc IN ({marks})",
            [doc for doc, _ in found],
        )
    }
    return [Match(doc, *refs[doc], rank) for doc, rank in found if doc in refs]


def search(
    conn: Connection, text: str, limit: int = 50, *, ranked: bool | None = None
) -> list[SearchHit]:
    """The matches for ``text`` (any script, any case), ordered as ``find`` orders them,
    each with a snippet around its first match."""
    matches = find(conn, text, limit, ranked=ranked)
    if not matches:
        return []
    marks = ", ".join("?" * len(matches))
    texts = {
        int(row[0]): (str(row[1]), str(row[2]), str(row[3]))
        for row in conn.execute(
            f"SELECT rowid, body, places, title FROM search_index WHERE rowid IN ({marks})",  # noqa: S608 - only "?" placeholders are spliced
            [match.doc for match in matches],
        )
    }
    words = _words(text)
    prefix_last = _is_typing(text) and len(words[-1]) > 1
    reasons = matched_spellings(conn, text, [match.doc for match in matches])
    hits = []
    for match in matches:
        stored = _stored_texts(conn, match)
        others = [other for other, _typed in reasons.get(match.doc, ())]
        hits.append(
            SearchHit(
                testimony_id=match.ref_id if match.kind == "testimony" else None,
                case_id=match.case_id,
                snippet=make_snippet(texts.get(match.doc, ()), words, prefix_last, stored, others),
                rank=match.rank,
                matched=tuple(
                    (_as_found(other, stored), typed)
                    for other, typed in reasons.get(match.doc, ())
                ),
            )
        )
    return hits


def _as_found(word: str, texts: Sequence[str]) -> str:
    """``word`` (as the index holds it) as the first of ``texts`` that has it writes it."""
    matcher = _matcher([word], False)
    for text in texts:
        found = matcher.search(text)
        if found is not None:
            return found.group()
    return word


def matched_spellings(
    conn: Connection, text: str, docs: Sequence[int]
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Of the documents ``docs`` that ``text`` found, those that hold a searched word
    only in another spelling: for each, (that spelling as indexed, the word as typed).

    One FTS5 query per spelling, each walking only the rows from the first of ``docs`` to
    the last (a page of hits): FTS5 seeks to a rowid range, while ``rowid IN (…)`` made
    it walk the word's whole posting list once per row (50 ms against 0.5 ms a spelling
    at 10,000 testimonies).
    """
    words = _words(text)
    typing = _is_typing(text)
    spellings = _other_spellings(conn, words, typing) if words and docs else {}
    if not spellings:
        return {}
    wanted, low, high = set(docs), min(docs), max(docs)
    query = "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid BETWEEN ? AND ?"
    last = len(words) - 1
    typed_on = completions(conn, words[last]) if typing and len(words[last]) >= MIN_LISTED else []
    parts = _query_parts(text, completions=typed_on, spellings=spellings)

    def holding(position: int, alternatives: Sequence[str]) -> set[int]:
        # With the query's other words: FTS5 then walks the rarest posting list, not all
        # of this spelling's.
        part = "(" + " OR ".join(_quoted(word) for word in alternatives) + ")"
        match = " AND ".join([*parts[:position], part, *parts[position + 1 :]])
        return {int(row[0]) for row in conn.execute(query, (match, low, high))} & wanted

    reasons: dict[int, list[tuple[str, str]]] = {}
    for position, others in spellings.items():
        word = words[position]
        explained = holding(position, [word, *(typed_on if position == last else ())])
        for other in others:
            for doc in sorted(holding(position, [other]) - explained):
                reasons.setdefault(doc, []).append((other, word))
                explained.add(doc)
    return {doc: tuple(found) for doc, found in reasons.items()}


def _stored_texts(conn: Connection, match: Match) -> tuple[str, str, str]:
    """(body, places, title) of a match as written in its record, in the index's order.

    Read only for the hits a search returns (at most its limit), so that excerpts quote
    the record and not the index's folded copy."""
    if match.kind == "case":
        row = conn.execute("SELECT title FROM cases WHERE id = ?", (match.ref_id,)).fetchone()
        return ("", "", "" if row is None else unicodedata.normalize("NFC", str(row[0])))
    # testimonies imports this module to index what it stores.
    from app.core.testimonies import get_testimony

    try:
        places, body = _testimony_texts(get_testimony(conn, match.ref_id))
    except EvidenceVaultError:
        return ("", "", "")
    return (body, places, "")
