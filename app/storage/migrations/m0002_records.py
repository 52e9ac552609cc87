"""Schema step 2: cases, people interviewed, testimonies with consent and incidents,
consent withdrawals, the custody log, and the full-text search index.

Columns mirror ``app/core/records.py``. Two rules live in the database itself, so no code
path can forget them: custody events and consent withdrawals are append-only, and a sealed
testimony (with its incidents) never changes. Identifying person details are columns of
their own so a package can leave them out.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 2

_TABLES = (
    """
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        region TEXT NOT NULL,
        tags_json TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE persons (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('survivor', 'witness', 'relative', 'other')),
        full_name TEXT,
        contacts TEXT,
        date_of_birth TEXT,
        created_at TEXT NOT NULL
    ) STRICT
    """,
    # root_id is the first version's id: consent belongs to the person's testimony across
    # all its corrections. UNIQUE(parent_id) keeps the versions a line, never a fork.
    """
    CREATE TABLE testimonies (
        id TEXT PRIMARY KEY,
        root_id TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases(id),
        person_id TEXT NOT NULL REFERENCES persons(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        parent_id TEXT UNIQUE REFERENCES testimonies(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'sealed')),
        interview_started_at TEXT,
        interview_place TEXT NOT NULL,
        interviewer TEXT NOT NULL,
        interview_language TEXT NOT NULL,
        interpreter TEXT NOT NULL,
        consent_interview INTEGER NOT NULL CHECK (consent_interview IN (0, 1)),
        consent_audio_recording INTEGER NOT NULL CHECK (consent_audio_recording IN (0, 1)),
        consent_share_with_platform INTEGER NOT NULL
            CHECK (consent_share_with_platform IN (0, 1)),
        consent_share_onward INTEGER NOT NULL CHECK (consent_share_onward IN (0, 1)),
        consent_be_named INTEGER NOT NULL CHECK (consent_be_named IN (0, 1)),
        consent_recontact INTEGER NOT NULL CHECK (consent_recontact IN (0, 1)),
        consent_given_at TEXT NOT NULL,
        consent_method TEXT NOT NULL,
        consent_note TEXT NOT NULL,
        consent_withdrawn_at TEXT,
        narrative TEXT NOT NULL,
        ip_circumstances TEXT,
        ip_detention_place_and_routine TEXT,
        ip_methods TEXT,
        ip_injuries TEXT,
        ip_persons_involved TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sealed_at TEXT,
        CHECK ((status = 'sealed') = (sealed_at IS NOT NULL))
    ) STRICT
    """,
    """
    CREATE TABLE incidents (
        testimony_id TEXT NOT NULL REFERENCES testimonies(id),
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        date_from TEXT,
        date_to TEXT,
        date_precision TEXT CHECK (date_precision IN ('day', 'month', 'year', 'approximate')),
        place TEXT NOT NULL,
        latitude REAL,
        longitude REAL,
        violation_types_json TEXT NOT NULL,
        alleged_perpetrators_json TEXT NOT NULL,
        witnesses_json TEXT NOT NULL,
        description TEXT NOT NULL,
        PRIMARY KEY (testimony_id, id),
        UNIQUE (testimony_id, position)
    ) STRICT
    """,
    """
    CREATE TABLE consent_withdrawals (
        id TEXT PRIMARY KEY,
        testimony_id TEXT NOT NULL REFERENCES testimonies(id),
        root_id TEXT NOT NULL,
        withdrawn_at TEXT NOT NULL,
        note TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE custody_events (
        chain_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        device_fingerprint TEXT NOT NULL,
        action TEXT NOT NULL,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        event_hash TEXT NOT NULL CHECK (length(event_hash) = 64),
        signature TEXT NOT NULL,
        PRIMARY KEY (chain_id, seq)
    ) STRICT, WITHOUT ROWID
    """,
    # One search document per case (its title) and per testimony version (places,
    # narrative, Istanbul Protocol sections); doc is the FTS rowid.
    """
    CREATE TABLE search_docs (
        doc INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('case', 'testimony')),
        ref_id TEXT NOT NULL,
        case_id TEXT NOT NULL,
        UNIQUE (kind, ref_id)
    ) STRICT
    """,
    # unicode61 folds case in every script and, with remove_diacritics 2, Latin accents;
    # Cyrillic letters (і/и, ў, ї) stay distinct, so Belarusian/Ukrainian and Russian
    # spellings of a place are different words. Prefix indexes for 2 and 3 characters keep
    # type-ahead from merging thousands of terms per keystroke.
    """
    CREATE VIRTUAL TABLE search_index USING fts5(
        title, places, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
)

_INDEXES = (
    "CREATE INDEX cases_by_created ON cases(created_at)",
    "CREATE INDEX persons_by_created ON persons(created_at)",
    "CREATE INDEX testimonies_by_created ON testimonies(created_at, id)",
    "CREATE INDEX testimonies_by_case ON testimonies(case_id, created_at, id)",
    "CREATE INDEX testimonies_by_status ON testimonies(status, created_at, id)",
    "CREATE INDEX testimonies_by_person ON testimonies(person_id)",
    "CREATE INDEX testimonies_by_root ON testimonies(root_id)",
    "CREATE INDEX consent_withdrawals_by_root ON consent_withdrawals(root_id)",
)

_TRIGGERS = (
    """
    CREATE TRIGGER custody_events_append_only_update BEFORE UPDATE ON custody_events
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END
    """,
    """
    CREATE TRIGGER custody_events_append_only_delete BEFORE DELETE ON custody_events
    BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END
    """,
    """
    CREATE TRIGGER consent_withdrawals_append_only_update BEFORE UPDATE ON consent_withdrawals
    BEGIN SELECT RAISE(ABORT, 'consent withdrawals are append-only'); END
    """,
    """
    CREATE TRIGGER consent_withdrawals_append_only_delete BEFORE DELETE ON consent_withdrawals
    BEGIN SELECT RAISE(ABORT, 'consent withdrawals are append-only'); END
    """,
    """
    CREATE TRIGGER testimonies_sealed_immutable BEFORE UPDATE ON testimonies
    WHEN OLD.status = 'sealed'
    BEGIN SELECT RAISE(ABORT, 'a sealed testimony cannot change'); END
    """,
    """
    CREATE TRIGGER incidents_sealed_no_insert BEFORE INSERT ON incidents
    WHEN (SELECT status FROM testimonies WHERE id = NEW.testimony_id) = 'sealed'
    BEGIN SELECT RAISE(ABORT, 'a sealed testimony cannot change'); END
    """,
    """
    CREATE TRIGGER incidents_sealed_no_update BEFORE UPDATE ON incidents
    WHEN (SELECT status FROM testimonies WHERE id = OLD.testimony_id) = 'sealed'
    BEGIN SELECT RAISE(ABORT, 'a sealed testimony cannot change'); END
    """,
)


def apply(conn: Connection) -> None:
    for statement in (*_TABLES, *_INDEXES, *_TRIGGERS):
        conn.execute(statement)
