"""Search and listing over 100,000 testimonies in an encrypted vault database.

Bulk-loads a SQLCipher vault through the real row writer and search indexer with mixed
Belarusian, Russian, Ukrainian and English text of realistic lengths (median ~330 words per
narrative, one incident each), then measures:

- search latency p50/p95/max for whole words, two-word queries and type-ahead prefixes;
- the same queries on the reference: stock SQLite FTS5 (Python's sqlite3, no encryption)
  over a plaintext export of the same index, so the ratio is the price of encryption;
- listing (first page, by case, by status, a deep page) and opening the vault.

    .venv/bin/python -m benchmarks.bench_search [--count 100000] [--keep DIR] [--no-reference]
        [--no-spellings]

Goal: search p95 <= 20 ms at 100,000 testimonies.

Both ways the program searches are timed: the command line's ranked hits with snippets,
and the window's first page of matches ("(window)": the list job the window runs after
each pause in typing).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import sqlcipher3

from app.core import cases, search, testimonies
from app.core.ids import new_id
from app.core.records import (
    CaseInput,
)
from app.crypto.signing import DeviceIdentity
from app.storage.database import open_database, transaction
from app.storage.migrations import migrate

BELARUSIAN = (  # noqa: SIM905 - a sentence reads better than a word list
    "мяне затрымалі каля дома ўначы супрацоўнікі ў цывільным павезлі ў аддзел міліцыі там "
    "білі дубінкамі па спіне і нагах патрабавалі пароль ад тэлефона пагражалі сям'і суд "
    "адбыўся праз два дні без адваката пратакол быў падроблены камера на шаснаццаць "
    "чалавек не давалі вады і ежы лекар адмовіў у дапамозе выйшаў праз пятнаццаць сутак "
    "пасля гэтага выклікалі на допыт зноў вобшук у кватэры забралі ноўтбук і дакументы"
).split()
RUSSIAN = (  # noqa: SIM905 - a sentence reads better than a word list
    "меня задержали возле дома ночью сотрудники в штатском отвезли в отдел милиции там "
    "били дубинками по спине и ногам требовали пароль от телефона угрожали семье суд "
    "состоялся через два дня без адвоката протокол был сфальсифицирован камера на "
    "шестнадцать человек не давали воды и еды врач отказал в помощи вышел через "
    "пятнадцать суток после этого вызывали на допрос снова обыск в квартире забрали "
    "ноутбук и документы"
).split()
UKRAINIAN = (  # noqa: SIM905 - a sentence reads better than a word list
    "мене затримали біля будинку вночі співробітники в цивільному відвезли до відділку "
    "там били кийками по спині та ногах вимагали пароль від телефону погрожували родині "
    "суд відбувся через два дні без адвоката протокол був сфальсифікований камера на "
    "шістнадцять осіб не давали води та їжі лікар відмовив у допомозі вийшов через "
    "п'ятнадцять діб"
).split()
ENGLISH = (  # noqa: SIM905 - a sentence reads better than a word list
    "they detained me near my home at night plain clothes officers drove me to the police "
    "station where they beat me with batons on the back and legs demanded my phone "
    "password threatened my family the trial took place two days later without a lawyer "
    "the report was falsified a cell for sixteen people no water or food the doctor "
    "refused to help"
).split()
PLACES = (  # noqa: SIM905 - a sentence reads better than a word list
    "Мінск Минск Гомель Гомель Брэст Брест Гродна Гродно Магілёў Могилёв Віцебск Витебск "
    "Жодзіна Жодино Акрэсціна Окрестина Барысаў Борисов Пінск Пинск Ліда Лида Kyiv Київ "
    "Vilnius Warsaw Navapolatsk Салігорск Солигорск Маладзечна Молодечно Бабруйск "
    "Бобруйск"
).split()
SYLLABLES = (  # noqa: SIM905 - a sentence reads better than a word list
    "ка ра ма ло ві ні ту ше да ле ся бо ча ры жу хо ці зе пу мі ко ба на лі го"
).split()
VIOLATIONS = (
    "arbitrary_detention",
    "torture",
    "cruel_inhuman_degrading_treatment",
    "unfair_trial",
    "freedom_of_assembly",
    "political_persecution",
)


def _lexicon(rng: random.Random) -> tuple[list[str], list[float]]:
    """Real words plus invented Cyrillic ones, weighted like natural text (Zipf)."""
    words = BELARUSIAN + RUSSIAN + UKRAINIAN + ENGLISH + PLACES
    invented = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 5))) for _ in range(30_000)}
    words += sorted(invented)
    rng.shuffle(words)
    return words, list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(words))))


def _narrative(rng: random.Random, words: list[str], cumulative: list[float]) -> str:
    count = min(3000, max(40, int(rng.lognormvariate(5.8, 0.6))))  # median ~330 words
    chosen = rng.choices(words, cum_weights=cumulative, k=count)
    sentences = [" ".join(chosen[i : i + 12]).capitalize() + "." for i in range(0, count, 12)]
    return " ".join(sentences)


_TESTIMONY_COLUMNS = (
    "id, root_id, case_id, person_id, version, status, interview_started_at, interview_place,"
    " interviewer, interview_language, interpreter, consent_interview, consent_audio_recording,"
    " consent_share_with_platform, consent_share_onward, consent_be_named, consent_recontact,"
    " consent_given_at, consent_method, consent_note, narrative, created_at, updated_at,"
    " sealed_at"
)
_INCIDENT_SQL = (
    "INSERT INTO incidents (testimony_id, id, position, date_from, date_precision, place,"
    " violation_types_json, alleged_perpetrators_json, witnesses_json, description)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _rows(
    rng: random.Random,
    words: list[str],
    cumulative: list[float],
    n: int,
    case_ids: list[str],
    stamp: str,
) -> tuple[tuple[object, ...], ...]:
    testimony_id, person_id = new_id(), new_id()
    sealed = rng.random() < 0.6
    place, incident_place = rng.choice(PLACES), rng.choice(PLACES)
    narrative = search._normal(_narrative(rng, words, cumulative))
    description = search._normal(_narrative(rng, words, cumulative)[:300])
    testimony = (
        testimony_id,
        testimony_id,
        rng.choice(case_ids),
        person_id,
        1,
        "draft",  # sealed after its incident is stored, as the triggers require
        "2024-03-01T10:00:00Z",
        place,
        "D-1",
        "be",
        "",
        1,
        int(rng.random() < 0.7),
        1,
        int(rng.random() < 0.4),
        0,
        1,
        "2024-03-01",
        "oral",
        "",
        narrative,
        stamp,
        stamp,
        None,
    )
    incident = (
        testimony_id,
        new_id(),
        0,
        f"2020-08-{1 + n % 28:02d}",
        "day",
        incident_place,
        json.dumps(rng.sample(VIOLATIONS, 2)),
        '["OMON"]',
        "[]",
        description,
    )
    person = (person_id, f"P-{n}", "survivor", stamp, sealed)
    # The same text search.index_testimony writes: places, then narrative + description.
    document = (testimony_id, f"{place}\n{incident_place}", f"{narrative}\n{description}")
    return testimony, incident, person, document


def build(path: Path, key: bytes, count: int, seed: int = 7) -> tuple[list[str], float]:
    """Bulk-load ``count`` testimonies into the schema's own tables, with the index text
    ``search.index_testimony`` writes. Row-by-row signing and custody events are left out:
    search and listing never read them, and a vault that grows over months must be built
    here in minutes.

    The rows go first into an unencrypted scratch database next to the vault (benchmark
    text only, deleted at the end), which ``sqlcipher_export`` then copies page by page
    into the encrypted vault file: FTS5 merging its segments through the cipher layer made
    the direct build take 40 minutes on this machine, this takes a few."""
    rng = random.Random(seed)
    words, cumulative = _lexicon(rng)
    device = DeviceIdentity.generate()
    scratch = path.with_name("build-scratch.db")
    scratch.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(scratch), isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -524288")
    migrate(conn)
    started = time.perf_counter()
    with transaction(conn):
        case_ids = [
            cases.add_case(conn, device, CaseInput(title=f"{rng.choice(PLACES)} {i}"), "b").id
            for i in range(200)
        ]
    base = time.time() - count * 600  # one testimony every ten minutes, oldest first
    batch = 10_000
    for first in range(0, count, batch):
        rows = [
            _rows(
                rng,
                words,
                cumulative,
                n,
                case_ids,
                time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(base + n * 600)),
            )
            for n in range(first, min(count, first + batch))
        ]
        marks = ", ".join("?" * 24)
        with transaction(conn):
            conn.executemany(
                "INSERT INTO persons (id, code, role, created_at) VALUES (?, ?, ?, ?)",
                [row[2][:4] for row in rows],
            )
            conn.executemany(
                f"INSERT INTO testimonies ({_TESTIMONY_COLUMNS}) VALUES ({marks})",
                [row[0] for row in rows],
            )
            conn.executemany(_INCIDENT_SQL, [row[1] for row in rows])
            conn.executemany(
                "UPDATE testimonies SET status = 'sealed', sealed_at = created_at WHERE id = ?",
                [(row[0][0],) for row in rows if row[2][4]],
            )
            for testimony_id, places, body in (row[3] for row in rows):
                doc = conn.execute(
                    "INSERT INTO search_docs (kind, ref_id, case_id, created_at)"
                    " SELECT 'testimony', id, case_id, created_at FROM testimonies WHERE id = ?",
                    (testimony_id,),
                ).lastrowid
                conn.execute(
                    "INSERT INTO search_index (rowid, title, places, body) VALUES (?, '', ?, ?)",
                    (doc, places, body),
                )
            # One pass per batch over the words search_terms lists, as index_testimony
            # would add them document by document.
            search._remember_words(conn, *(str(text) for row in rows for text in row[3][1:]))
        done = first + len(rows)
        print(f"  {done} testimonies, {time.perf_counter() - started:.0f} s", flush=True)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    open_database(path, key, create=True).close()  # an empty vault file, 0600, our settings
    conn.execute(f"ATTACH DATABASE ? AS vault KEY \"x'{key.hex()}'\"", (str(path),))
    conn.execute("SELECT sqlcipher_export('vault')")
    conn.execute(f"PRAGMA vault.user_version = {int(version)}")
    conn.execute("DETACH DATABASE vault")
    conn.close()
    scratch.unlink()
    return words, time.perf_counter() - started


def _queries(words: Sequence[str], rng: random.Random) -> dict[str, list[str]]:
    common = [w for w in BELARUSIAN + RUSSIAN + UKRAINIAN + ENGLISH if len(w) > 3]
    rare = [w for w in words[-3000:] if len(w) > 5]
    return {
        "word": [rng.choice(common + rare) + " " for _ in range(200)],
        "two words": [f"{rng.choice(common)} {rng.choice(PLACES)} " for _ in range(200)],
        "type-ahead": [w[: rng.randint(2, 4)] for w in rng.choices(common + PLACES, k=200)],
    }


def _timed(run: Callable[[str], object], queries: list[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  max {ordered[-1]:7.2f} ms"


# The two ways the program searches: the command line's ranked hits with snippets (what a
# finished query costs), and the window's first page of matches sorted by date, as its
# list job reads it after each pause in typing (find the newest 500, then one page of rows).
def _ranked_hits(conn: object, text: str) -> object:
    return search.search(conn, text)


def _window_page(conn: object, text: str) -> object:
    from app.gui import listing_jobs

    job = listing_jobs.fetch_testimonies(listing_jobs.TestimonyFilter(search_text=text), None)
    return job(SimpleNamespace(session=SimpleNamespace(connection=conn)))  # what a job reads


SEARCHES: dict[str, Callable[[object, str], object]] = {"": _ranked_hits, " (window)": _window_page}


def measure(vault: Path, key: bytes, words: Sequence[str], *, reference_run: bool = True) -> None:
    started = time.perf_counter()
    conn = open_database(vault, key)
    migrate(conn)
    first_page = testimonies.list_testimonies(conn, limit=50)
    print(f"open vault + first listing page: {(time.perf_counter() - started) * 1000:.1f} ms")
    total = conn.execute("SELECT count(*) FROM testimonies").fetchone()[0]
    print(f"testimonies: {total}; database {vault.stat().st_size / 2**20:.0f} MiB")
    case_id = first_page[0].case_id
    listings: list[tuple[str, Callable[[], object]]] = [
        ("list first page (50)", lambda: testimonies.list_testimonies(conn, limit=50)),
        ("list by case (50)", lambda: testimonies.list_testimonies(conn, case_id, limit=50)),
        ("list drafts (50)", lambda: testimonies.list_testimonies(conn, status="draft", limit=50)),
        ("list at offset 50,000", lambda: testimonies.list_testimonies(conn, offset=50_000)),
    ]
    for label, run in listings:
        timings = _timed(lambda _q, run=run: run(), ["x"] * 30)
        print(f"{label:28s} {_summary(timings)}")

    rng = random.Random(11)
    query_sets = _queries(words, rng)
    ours: dict[str, list[float]] = {}
    for suffix, searcher in SEARCHES.items():
        for kind, queries in query_sets.items():
            for query in queries[:20]:  # warm the cache the same way for both
                searcher(conn, query)
            label = kind + suffix
            ours[label] = _timed(functools.partial(searcher, conn), queries)
            print(f"search {label:18s} vault    {_summary(ours[label])}", flush=True)
    every = sorted(t for label, timings in ours.items() for t in timings)
    print(f"search all queries, both ways  {_summary(every)}")
    if reference_run:
        # The reference: the same statements on stock SQLite over a plaintext export.
        plain_path = vault.with_name("reference-plain.db")
        plain_path.unlink(missing_ok=True)
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(plain_path),))
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
        plain = sqlite3.connect(plain_path)
        for suffix, searcher in SEARCHES.items():
            for kind, queries in query_sets.items():
                for query in queries[:20]:
                    searcher(plain, query)
                label = kind + suffix
                theirs = _timed(functools.partial(searcher, plain), queries)
                ratio = statistics.median(ours[label]) / max(statistics.median(theirs), 1e-6)
                print(
                    f"search {label:18s} sqlite3  {_summary(theirs)}"
                    f"  (vault/reference p50 {ratio:.2f}x)"
                )
        plain.close()
        plain_path.unlink()
    conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--keep", type=Path, default=None, help="build into (or reuse) this folder and keep it"
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the plaintext SQLite reference"
    )
    parser.add_argument(
        "--no-spellings",
        action="store_true",
        help="search words as typed only, to weigh what other spellings cost"
        " (docs/search-spellings.md)",
    )
    args = parser.parse_args(argv)
    if args.no_spellings:
        search._other_spellings = lambda _conn, _words, _typing: {}  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        vault, key_file = folder / "vault.db", folder / "bench.key"
        rng = random.Random(7)
        words, _ = _lexicon(rng)
        if vault.exists() and key_file.exists():
            key = key_file.read_bytes()
            print(f"reusing {vault}")
        else:
            key = os.urandom(32)
            key_file.write_bytes(key)  # benchmark data only, never a real vault
            print(f"building {args.count} testimonies…")
            words, build_seconds = build(vault, key, args.count)
            print(f"built in {build_seconds:.0f} s ({args.count / build_seconds:.0f}/s)")
        measure(vault, key, words, reference_run=not args.no_reference)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
