"""The controlled vocabulary of violation types, with labels in the four interface languages.

Incidents store only the stable ids (``arbitrary_detention``, ``torture``…); labels are for
display and can be corrected without touching any record. The list lives in
``resources/vocabulary/violations.json`` so translators can review it without reading code.
Loading is pure and the loaded vocabulary is immutable, so any thread may share it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.core.resources import resource_path
from app.errors import FormatError, UnsupportedVersionError

LANGUAGES: tuple[str, ...] = ("en", "be", "ru", "uk")
FALLBACK_LANGUAGE = "en"
VOCABULARY_FORMAT = "evidence-vault-violation-vocabulary"
VOCABULARY_VERSION = 1
_ID = re.compile(r"[a-z][a-z0-9_]{1,63}")
_MAX_FILE_BYTES = 1 << 20
_MAX_LABEL_CHARS = 200


@dataclass(frozen=True)
class ViolationType:
    id: str
    labels: MappingProxyType[str, str]

    def label(self, language: str) -> str:
        """The label in ``language``, or in English for a language the list lacks."""
        return self.labels.get(language) or self.labels[FALLBACK_LANGUAGE]


@dataclass(frozen=True)
class Vocabulary:
    version: int
    entries: tuple[ViolationType, ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(entry.id for entry in self.entries)

    def get(self, violation_id: str) -> ViolationType:
        for entry in self.entries:
            if entry.id == violation_id:
                return entry
        raise KeyError(violation_id)

    def label(self, violation_id: str, language: str) -> str:
        return self.get(violation_id).label(language)


def parse_vocabulary(raw: bytes) -> Vocabulary:
    """Check and load the vocabulary file's bytes; every id needs all four labels."""
    if len(raw) > _MAX_FILE_BYTES:
        raise FormatError("The violation vocabulary file is too large.")
    try:
        document: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"The violation vocabulary is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != VOCABULARY_FORMAT:
        raise FormatError("The violation vocabulary file has an unknown format.")
    if document.get("version") != VOCABULARY_VERSION:
        raise UnsupportedVersionError(
            f"Violation vocabulary version {document.get('version')!r} is not supported."
        )
    violations = document.get("violations")
    if not isinstance(violations, list) or not violations:
        raise FormatError("The violation vocabulary has no entries.")
    entries: list[ViolationType] = []
    seen: set[str] = set()
    for position, item in enumerate(violations):
        if not isinstance(item, dict) or set(item) != {"id", "labels"}:
            raise FormatError(f"Vocabulary entry {position} must have exactly id and labels.")
        violation_id, labels = item["id"], item["labels"]
        if not isinstance(violation_id, str) or not _ID.fullmatch(violation_id):
            raise FormatError(f"Vocabulary entry {position} has an invalid id.")
        if violation_id in seen:
            raise FormatError(f"Vocabulary id {violation_id} appears twice.")
        seen.add(violation_id)
        if not isinstance(labels, dict):
            raise FormatError(f"Vocabulary id {violation_id} has no labels object.")
        for language in LANGUAGES:
            text = labels.get(language)
            if not isinstance(text, str) or not text.strip() or len(text) > _MAX_LABEL_CHARS:
                raise FormatError(f"Vocabulary id {violation_id} lacks a {language} label.")
        extra = set(labels) - set(LANGUAGES)
        if extra:
            raise FormatError(
                f"Vocabulary id {violation_id} has labels in unknown languages: {sorted(extra)}"
            )
        entries.append(
            ViolationType(violation_id, MappingProxyType({k: labels[k] for k in LANGUAGES}))
        )
    return Vocabulary(VOCABULARY_VERSION, tuple(entries))


def load_vocabulary_file(path: Path) -> Vocabulary:
    with path.open("rb") as handle:
        return parse_vocabulary(handle.read(_MAX_FILE_BYTES + 1))


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the program (read once per process)."""
    return load_vocabulary_file(resource_path("vocabulary/violations.json"))
