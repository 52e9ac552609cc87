"""The violation vocabulary: every id labelled in all four languages, in the right script
and alphabet, ids stable, and the resource found both from source and from a frozen bundle."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from app.core import resources
from app.core.vocabulary import LANGUAGES, default_vocabulary, parse_vocabulary
from app.errors import FormatError, NotFoundError

VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "resources/vocabulary/violations.json"

# Records store these ids: renaming one would orphan stored incidents.
STABLE_IDS = {
    "arbitrary_detention",
    "torture",
    "cruel_inhuman_degrading_treatment",
    "enforced_disappearance",
    "sexual_gender_based_violence",
    "extrajudicial_killing",
    "political_persecution",
    "unfair_trial",
    "freedom_of_expression",
    "freedom_of_assembly",
    "freedom_of_association",
    "forced_labour_in_detention",
    "denial_of_medical_care_in_detention",
    "harassment_of_relatives",
    "deportation_forced_displacement",
    "destruction_seizure_of_property",
    "other",
}

# Letters that exist in one of the three Cyrillic alphabets but not in another: a label in
# the wrong alphabet (a Russian word left in the Belarusian list) shows up here.
FOREIGN_LETTERS = {
    "be": set("ищъєїґ"),
    "ru": set("іўєїґ"),
    "uk": set("ыэёъў"),
}


def _raw() -> dict[str, object]:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def test_every_id_has_a_label_in_every_language() -> None:
    entries = _raw()["violations"]
    assert isinstance(entries, list)
    for entry in entries:
        for language in ("en", "be", "ru", "uk"):
            assert entry["labels"].get(language, "").strip(), (entry["id"], language)
    assert tuple(LANGUAGES) == ("en", "be", "ru", "uk")


def test_ids_are_stable_and_unique() -> None:
    ids = [entry["id"] for entry in _raw()["violations"]]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert set(ids) == STABLE_IDS


def test_labels_use_the_right_script_and_alphabet() -> None:
    for entry in default_vocabulary().entries:
        assert re.fullmatch(r"[A-Za-z ,\-/()]+", entry.labels["en"]), entry.id
        for language in ("be", "ru", "uk"):
            label = entry.labels[language]
            assert not re.search(r"[A-Za-z]", label), (entry.id, language)
            assert re.search(r"[а-яА-ЯіІўЎєЄїЇґҐ]", label), (entry.id, language)
            foreign = FOREIGN_LETTERS[language] & set(label.lower())
            assert not foreign, (entry.id, language, foreign)


def test_a_missing_label_fails_loading() -> None:
    document = _raw()
    del document["violations"][3]["labels"]["uk"]  # type: ignore[index]
    with pytest.raises(FormatError, match="enforced_disappearance lacks a uk label"):
        parse_vocabulary(json.dumps(document).encode())


def test_malformed_vocabularies_are_refused() -> None:
    for broken in (b"not json", b"[]", json.dumps({**_raw(), "version": 2}).encode()):
        with pytest.raises(FormatError):
            parse_vocabulary(broken)
    document = _raw()
    document["violations"].append(document["violations"][0])  # type: ignore[union-attr]
    with pytest.raises(FormatError, match="twice"):
        parse_vocabulary(json.dumps(document).encode())


def test_labels_by_language_with_english_fallback() -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.label("torture", "be") == "Катаванні"
    assert vocabulary.label("torture", "uk") == "Катування"
    assert vocabulary.label("torture", "ru") == "Пытки"
    assert vocabulary.label("torture", "de") == "Torture"
    assert "other" in vocabulary.ids


def test_resources_are_found_from_source_and_from_a_frozen_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resources.resource_path("vocabulary/violations.json") == VOCABULARY_FILE
    bundled = tmp_path / "resources" / "vocabulary"
    bundled.mkdir(parents=True)
    (bundled / "violations.json").write_bytes(VOCABULARY_FILE.read_bytes())
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("vocabulary/violations.json") == (bundled / "violations.json")
    with pytest.raises(NotFoundError):
        resources.resource_path("vocabulary/missing.json")


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", "", "a/./b"])
def test_resource_names_cannot_leave_the_folder(name: str) -> None:
    with pytest.raises(ValueError, match="relative"):
        resources.resource_path(name)
