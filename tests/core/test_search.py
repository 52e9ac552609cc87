"""Full-text search over a real SQLCipher vault: Belarusian, Russian, Ukrainian and Latin
words, case-insensitive, prefix type-ahead, kept in step with edits, and hostile query
strings that must never reach FTS5 as syntax."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from core_support import ACTOR, add_case, new_identity, open_vault_db, sample_input
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import search
from app.core import testimonies as repo
from app.core.records import Interview, IstanbulProtocol
from app.storage.database import Connection, transaction
from app.storage.migrations import migrate

DEVICE = new_identity()

NARRATIVES = {
    "be": "Мяне затрымалі каля стэлы і павезлі ў Жодзіна. Там білі дубінкамі.",
    "ru": "Меня задержали у стелы и отвезли в Жодино. Там били дубинками, Семён видел.",
    "uk": "Мене затримали біля стели й повезли до Жодіна. Там били кийками. Сім’я не знала.",
    "en": "They detained me near the Stela and drove me to Zhodzina; beaten with batons.",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Connection, dict[str, str]]]:
    conn = open_vault_db(tmp_path_factory.mktemp("search"))
    case = add_case(conn, DEVICE, "Akrestsina detentions, August 2020")
    ids = {}
    for language, narrative in NARRATIVES.items():
        data = dataclasses.replace(
            sample_input(narrative=narrative), incidents=(), istanbul_protocol=IstanbulProtocol()
        )
        place = {"be": "Мінск", "ru": "Минск", "uk": "Київ", "en": "Vilnius"}[language]
        data = dataclasses.replace(data, interview=Interview(place=place))
        ids[language] = repo.add_testimony(conn, DEVICE, case.id, data, ACTOR).id
    ids["case"] = case.id
    yield conn, ids
    conn.close()


def _found(conn: Connection, text: str) -> set[str | None]:
    return {hit.testimony_id for hit in search.search(conn, text)}


@pytest.mark.parametrize(
    ("query", "languages"),
    [
        # A word also finds its other spellings (стэлы/стелы, Жодзіна/Жодино/Жодіна).
        ("стэлы", {"be", "ru"}),
        ("ЖОДЗІНА", {"be", "ru", "uk"}),
        ("дубінкамі", {"be", "ru"}),
        ("задержали", {"ru"}),
        ("ДУБИНКАМИ", {"be", "ru"}),
        ("повезли", {"be", "uk"}),
        ("Кийками", {"uk"}),
        ("BATONS", {"en"}),
        ("zhodzina", {"en"}),
    ],
)
def test_words_in_each_language_are_found_case_insensitively(
    vault: tuple[Connection, dict[str, str]], query: str, languages: set[str]
) -> None:
    conn, ids = vault
    assert _found(conn, query + " ") == {ids[language] for language in languages}


def test_places_are_searched_in_either_spelling(
    vault: tuple[Connection, dict[str, str]],
) -> None:
    conn, ids = vault
    assert _found(conn, "мінск ") == {ids["be"], ids["ru"]}
    assert _found(conn, "МИНСК ") == {ids["be"], ids["ru"]}
    assert _found(conn, "київ ") == {ids["uk"]}


def test_accents_fold_so_yo_finds_ye(vault: tuple[Connection, dict[str, str]]) -> None:
    conn, ids = vault
    assert _found(conn, "семен ") == {ids["ru"]}
    assert _found(conn, "СЕМЁН ") == {ids["ru"]}


def test_last_word_is_a_prefix_while_typing(vault: tuple[Connection, dict[str, str]]) -> None:
    conn, ids = vault
    assert _found(conn, "дубінк") == {ids["be"], ids["ru"]}  # and the other spelling
    assert _found(conn, "дубинк") == {ids["be"], ids["ru"]}
    assert _found(conn, "дубінк ") == set()  # a finished word is matched whole
    assert _found(conn, "Там бил") == {ids["ru"], ids["uk"]}  # three letters: as typed
    assert _found(conn, "Там біл") == {ids["be"], ids["uk"]}  # білі, біля
    assert _found(conn, "Там білі ") == {ids["be"], ids["ru"], ids["uk"]}  # білі, били
    assert _found(conn, "bat") == {ids["en"]}


def test_several_words_must_all_match(vault: tuple[Connection, dict[str, str]]) -> None:
    conn, ids = vault
    assert _found(conn, "стели кийками") == {ids["uk"]}
    assert _found(conn, "стели batons") == set()


def test_case_titles_are_found_as_cases(vault: tuple[Connection, dict[str, str]]) -> None:
    conn, ids = vault
    hits = search.search(conn, "akrestsina")
    assert [(h.testimony_id, h.case_id) for h in hits] == [(None, ids["case"])]
    assert "[Akrestsina]" in hits[0].snippet


def test_snippet_marks_the_match(vault: tuple[Connection, dict[str, str]]) -> None:
    conn, _ = vault
    (hit,) = search.search(conn, "zhodzina ")
    assert "[Zhodzina]" in hit.snippet
    assert hit.rank < 0  # bm25: more negative is better


HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "(",
    ")",
    "((стэлы",
    "стэлы)",
    "NEAR(стэлы дубінкамі)",
    "NEAR",
    "стэлы NEAR/2 дубінкамі",
    "*",
    "стэлы*",
    "* *",
    "^стэлы",
    "title:стэлы",
    "body:",
    "{title places}: стэлы",
    "- стэлы",
    "AND",
    "OR OR OR",
    "NOT стэлы",
    "стэлы AND",
    "+",
    "'; DROP TABLE search_index; --",
    "\x00",
    "\u202e\u2066",
    "a" * 10_000,
    " ".join(["слово"] * 500),
    "",
    "   ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(vault: tuple[Connection, dict[str, str]], query: str) -> None:
    conn, ids = vault
    hits = search.search(conn, query)
    assert isinstance(hits, list)
    if query in ("((стэлы", "стэлы)", "стэлы*", "^стэлы", "- стэлы"):
        assert {h.testimony_id for h in hits} == {ids["be"], ids["ru"]}  # searched as text


def test_query_syntax_is_always_quoted() -> None:
    assert search.fts_query('title:x NEAR(y*) "z') == '"title" AND "x" AND "NEAR" AND "y" AND "z"'
    assert search.fts_query("стэлы ") == '"стэлы"'
    assert search.fts_query("ст") == '"ст"*'
    expanded = search.fts_query("стэл", completions=["стэлы", "стэла"])
    assert expanded == '("стэл" OR "стэлы" OR "стэла")'
    assert search.fts_query("стэл ", completions=["стэлы"]) == '"стэл"'
    assert search.fts_query("!!!") is None


def test_completions_are_quoted_too() -> None:
    # A completion comes from the vault's own table; it is quoted like anything typed.
    hostile = 'ab"cd) OR x'
    assert search.fts_query("abcd", completions=[hostile]) == '("abcd" OR "ab""cd) OR x")'


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_safe_query(text: str) -> None:
    assert isinstance(search.search(_SCRATCH, text), list)


def _scratch() -> Connection:
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    migrate(conn)
    search.index_case(conn, "case-1", "Мінск Минск Київ Zhodzina", "2024-03-01T10:00:00.000000Z")
    return conn


_SCRATCH = _scratch()


def test_index_follows_edits_and_corrections(tmp_path: Path) -> None:
    conn = open_vault_db(tmp_path)
    case = add_case(conn, DEVICE)
    first = repo.add_testimony(conn, DEVICE, case.id, sample_input(narrative="першае"), ACTOR)
    assert _found(conn, "першае") == {first.id}
    edit = sample_input(person=None, person_id=first.person_id, narrative="другое слова")
    repo.update_testimony(conn, DEVICE, first.id, edit, ACTOR)
    assert _found(conn, "першае") == set()
    assert _found(conn, "другое") == {first.id}
    with transaction(conn):
        repo.mark_sealed(conn, first.id, "2024-03-02T00:00:00Z")
    second = repo.start_correction(conn, DEVICE, first.id, ACTOR)
    assert _found(conn, "другое") == {first.id, second.id}
    conn.close()


def test_a_word_being_typed_finds_the_longer_words_it_begins(
    vault: tuple[Connection, dict[str, str]],
) -> None:
    # "били" is a whole word in two testimonies and the start of "билиард" in a third.
    # While typed, it finds all three (through search_terms: four letters have no
    # prefix list in the index); finished with a space, only the whole word.
    conn, ids = vault
    case = ids["case"]
    data = dataclasses.replace(
        sample_input(narrative="Играли в Билиард до ночи."),
        incidents=(),
        istanbul_protocol=IstanbulProtocol(),
    )
    longer = repo.add_testimony(conn, DEVICE, case, data, ACTOR).id
    try:
        assert "билиард" in search.completions(conn, "БИЛИ")
        # Belarusian білі is the same word spelled otherwise.
        assert _found(conn, "били") == {ids["be"], ids["ru"], ids["uk"], longer}
        assert _found(conn, "били ") == {ids["be"], ids["ru"], ids["uk"]}
        assert _found(conn, "билиа") == {longer}
        hit = next(h for h in search.search(conn, "билиа") if h.testimony_id == longer)
        assert "[Билиа]рд" in hit.snippet  # the typed part is marked
    finally:
        with transaction(conn):
            search.remove_document(conn, "testimony", longer)


def test_a_single_letter_is_a_whole_word_not_a_prefix(
    vault: tuple[Connection, dict[str, str]],
) -> None:
    conn, ids = vault
    # "в" occurs as a word in the Russian narrative only; as a prefix it would also
    # match "вы…"/"видел" and every other word starting with the letter.
    assert search.fts_query("в") == '"в"'
    assert _found(conn, "в") == {ids["ru"]}


def test_unranked_find_gives_the_newest_first(tmp_path: Path) -> None:
    conn = open_vault_db(tmp_path)
    case = add_case(conn, DEVICE)
    made = [
        repo.add_testimony(conn, DEVICE, case.id, sample_input(narrative=f"агульнае {n}"), ACTOR)
        for n in range(5)
    ]
    newest = search.find(conn, "агульнае", limit=3, ranked=False)
    assert [m.ref_id for m in newest] == [t.id for t in reversed(made)][:3]
    assert [m.created_at for m in newest] == [t.created_at for t in reversed(made)][:3]
    ranked = search.find(conn, "агульнае", limit=10)
    assert {m.ref_id for m in ranked} == {t.id for t in made}
    conn.close()


def test_a_vault_indexed_by_an_earlier_version_gets_words_and_dates(tmp_path: Path) -> None:
    # Migration 7 fills search_terms from the index that earlier versions built, and
    # gives each search document the date of its record.
    conn = sqlcipher3.connect(str(tmp_path / "old.db"), isolation_level=None)
    migrate(conn, target=6)
    case_id, created_at = "0b6f3c2e-5d1a-4c7e-9f00-3a2b1c4d5e6f", "2021-05-04T03:02:01.000000Z"
    with transaction(conn):
        conn.execute(
            "INSERT INTO cases (id, title, description, region, tags_json, created_at)"
            " VALUES (?, 'Акрэсціна', '', '', '[]', ?)",
            (case_id, created_at),
        )
        conn.execute(
            "INSERT INTO search_docs (doc, kind, ref_id, case_id) VALUES (1, 'case', ?, ?)",
            (case_id, case_id),
        )
        conn.execute(
            "INSERT INTO search_index (rowid, title, places, body) VALUES (1, ?, 'Мінск', ?)",
            ("Акрэсціна", "Затрымалі ля Акрэсціна"),
        )
    migrate(conn)
    terms = {row[0] for row in conn.execute("SELECT term FROM search_terms")}
    assert {"затрымалі", "акрэсціна", "мінск"} <= terms
    [match] = search.find(conn, "затрымалі")
    assert (match.ref_id, match.created_at) == (case_id, created_at)
    conn.close()


def test_fold_matches_the_index_folding() -> None:
    assert search.fold("Café") == "cafe"
    assert search.fold("ЖОДЗІНА") == "жодзіна"
    assert search.fold("Йод") == "йод"  # a Cyrillic letter keeps its breve
    assert search.fold("Ўладзь") == "ўладзь"


_SNIPPET_WORDS = st.sampled_from(["били", "Били", "дубінкамі", "café", "x", "ІІ", "мінск", "_"])


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.one_of(_SNIPPET_WORDS, st.text(alphabet="абвБВ іІ_-.,0", max_size=6)), max_size=20
    ).map("".join),
    words=st.lists(_SNIPPET_WORDS.filter(lambda w: w != "_"), min_size=1, max_size=3),
    prefix_last=st.booleans(),
)
def test_the_fast_first_match_agrees_with_the_regular_expression(
    text: str, words: list[str], prefix_last: bool
) -> None:
    found = search._matcher(words, prefix_last).search(text)
    assert search._first_match(text, words, prefix_last) == (found and found.start())


def test_a_word_no_record_holds_any_more_is_forgotten(tmp_path: Path) -> None:
    # A real name typed by mistake, then replaced by a pseudonym: the word list used for
    # type-ahead must not keep it. A word another record still holds stays.
    conn = open_vault_db(tmp_path)
    case = add_case(conn, DEVICE)
    draft = repo.add_testimony(
        conn, DEVICE, case.id, sample_input(narrative="Сведка Ягораўская бачыла затрыманне"), ACTOR
    )
    other = repo.add_testimony(
        conn, DEVICE, case.id, sample_input(narrative="затрыманне каля стэлы"), ACTOR
    )
    assert "ягораўская" in search.completions(conn, "ягор")
    edit = sample_input(person=None, person_id=draft.person_id, narrative="Сведка W-17 бачыла")
    repo.update_testimony(conn, DEVICE, draft.id, edit, ACTOR)
    terms = {row[0] for row in conn.execute("SELECT term FROM search_terms")}
    assert "ягораўская" not in terms and search.completions(conn, "ягор") == []
    assert "затрыманне" in terms  # the other testimony still holds it
    with transaction(conn):
        search.remove_document(conn, "testimony", other.id)
    terms = {row[0] for row in conn.execute("SELECT term FROM search_terms")}
    assert "затрыманне" not in terms and "стэлы" not in terms
    assert "сведка" in terms and "бачыла" in terms  # the edited draft holds them
    conn.close()


def test_snippets_quote_the_stored_text(vault: tuple[Connection, dict[str, str]]) -> None:
    # ё is indexed and searched as е, but the excerpt shows the letter as written.
    conn, ids = vault
    (hit,) = search.search(conn, "семен ")
    assert hit.testimony_id == ids["ru"]
    assert "[Семён]" in hit.snippet
    assert "Семен" not in hit.snippet


# -- Belarusian and Russian spellings of one name -------------------------------------------

SPELLINGS = {
    "be": "Мяне трымалі на Акрэсціна, потым павезлі ў Жодзіна. Сведка Іваноў.",
    "ru": "Меня держали на Окрестина, потом отвезли в Жодино. Свидетель Иванов.",
    "other": "Затрымалі ў Пінску каля стэлы; брат бачыў.",
}


@pytest.fixture(scope="module")
def spelled(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Connection, dict[str, str]]]:
    conn = open_vault_db(tmp_path_factory.mktemp("spellings"))
    case = add_case(conn, DEVICE, "Затрыманні")
    ids = {}
    for name, narrative in SPELLINGS.items():
        data = dataclasses.replace(
            sample_input(narrative=narrative), incidents=(), istanbul_protocol=IstanbulProtocol()
        )
        data = dataclasses.replace(data, interview=Interview(place="Мінск"))
        ids[name] = repo.add_testimony(conn, DEVICE, case.id, data, ACTOR).id
    yield conn, ids
    conn.close()


@pytest.mark.parametrize(
    "query",
    ["Окрестина ", "Акрэсціна ", "окрестина", "АКРЭСЦІНА", "Жодино ", "Жодзіна ", "Іваноў "],
)
def test_belarusian_and_russian_spellings_find_each_other(
    spelled: tuple[Connection, dict[str, str]], query: str
) -> None:
    conn, ids = spelled
    assert _found(conn, query) == {ids["be"], ids["ru"]}


def test_a_match_through_the_other_spelling_says_so(
    spelled: tuple[Connection, dict[str, str]],
) -> None:
    conn, ids = spelled
    hits = {hit.testimony_id: hit for hit in search.search(conn, "Окрестина ")}
    assert hits[ids["ru"]].matched == ()  # found as typed: nothing to explain
    assert "[Окрестина]" in hits[ids["ru"]].snippet
    assert hits[ids["be"]].matched == (("Акрэсціна", "Окрестина"),)  # as written, as typed
    assert "[Акрэсціна]" in hits[ids["be"]].snippet
    back = {hit.testimony_id: hit for hit in search.search(conn, "акрэсціна ")}
    assert back[ids["ru"]].matched == (("Окрестина", "акрэсціна"),)
    # While typing, the start of a word finds the other spelling too.
    assert _found(conn, "Окрест") == {ids["be"], ids["ru"]}
    assert _found(conn, "Акрэсц") == {ids["be"], ids["ru"]}
    docs = [m.doc for m in search.find(conn, "Окрестина ")]
    reasons = search.matched_spellings(conn, "Окрестина ", docs)
    assert sorted(reasons.values()) == [(("акрэсціна", "Окрестина"),)]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Мінск", "Пінск"),
        ("Мінск", "Минск"),  # the same place: the pair below must differ, this one not
        ("били", "были"),
        ("мило", "мыло"),
        ("дело", "тело"),
        ("брат", "брать"),
        ("Гомель", "Гродна"),
        ("Ліда", "Лида"),
        ("Жодзіна", "Жданович"),
        ("сын", "син"),
        ("Брэст", "Брест"),
        ("суд", "сад"),
        ("стэла", "стала"),
    ],
)
def test_distinct_words_keep_distinct_spelling_keys(one: str, other: str) -> None:
    same = {("Мінск", "Минск"), ("Ліда", "Лида"), ("Брэст", "Брест")}
    assert (search.spelling_key(one) == search.spelling_key(other)) == ((one, other) in same)


def test_other_spellings_do_not_reach_other_words(
    spelled: tuple[Connection, dict[str, str]],
) -> None:
    conn, ids = spelled
    assert _found(conn, "Пинску ") == {ids["other"]}
    assert _found(conn, "Минску ") == set()
    assert _found(conn, "брать ") == set()  # "брат" is another word
    assert _found(conn, "стелы ") == {ids["other"]}  # стэлы/стелы: the same word


def test_a_vault_indexed_before_spellings_gets_them_at_unlock(tmp_path: Path) -> None:
    # A vault whose word list was filled by an earlier version holds no spelling keys:
    # exact words are still found, and the keys are added once, by the unlock.
    conn = sqlcipher3.connect(str(tmp_path / "old.db"), isolation_level=None)
    migrate(conn, target=6)
    case_id = "0b6f3c2e-5d1a-4c7e-9f00-3a2b1c4d5e6f"
    with transaction(conn):
        conn.execute(
            "INSERT INTO search_docs (doc, kind, ref_id, case_id) VALUES (1, 'case', ?, ?)",
            (case_id, case_id),
        )
        conn.execute(
            "INSERT INTO search_index (rowid, title, places, body) VALUES (1, ?, '', '')",
            ("Акрэсціна",),
        )
    migrate(conn)
    assert [m.ref_id for m in search.find(conn, "акрэсціна ")] == [case_id]
    assert search.find(conn, "Окрестина ") == []
    assert search.ensure_spelling_keys(conn) == 1
    assert [m.ref_id for m in search.find(conn, "Окрестина ")] == [case_id]
    assert search.ensure_spelling_keys(conn) == 0  # once
    conn.close()


def test_a_forgotten_word_leaves_no_spelling_key(tmp_path: Path) -> None:
    conn = open_vault_db(tmp_path)
    case = add_case(conn, DEVICE)
    draft = repo.add_testimony(
        conn, DEVICE, case.id, sample_input(narrative="Сведка Ягораўская бачыла"), ACTOR
    )
    assert any("ягораўская" in row[0] for row in conn.execute("SELECT term FROM search_terms"))
    assert _found(conn, "Егоровская ") == {draft.id}
    edit = sample_input(person=None, person_id=draft.person_id, narrative="Сведка W-17 бачыла")
    repo.update_testimony(conn, DEVICE, draft.id, edit, ACTOR)
    terms = [row[0] for row in conn.execute("SELECT term FROM search_terms")]
    assert not any("ягораўская" in term for term in terms), terms
    conn.close()
