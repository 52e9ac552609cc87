"""Schema step 7: the list of indexed words, for type-ahead, and each search document's date.

FTS5 answers a prefix it has no prefix index for (here: four letters or more) by merging
the posting list of every word that starts with it, in full, on each keystroke: seconds in
a vault of 100,000 testimonies. With the words listed in a table of their own, search
looks up the few words a prefix can become and asks FTS5 for those words, which it
answers lazily, newest first. The table is filled here from the index's own vocabulary
(FTS5's folded forms) and kept up to date by ``app.core.search`` from then on.

The window lists search matches sorted by date. Reading a testimony's ``created_at``
means reading past its narrative, through every overflow page of it, each decrypted:
for a thousand matches that took 0.2-0.7 s. Each search document now carries the date of
its record (which never changes), next to the rest of what a match needs.
"""

from __future__ import annotations

from app.storage.database import Connection

VERSION = 7


def apply(conn: Connection) -> None:
    conn.execute("ALTER TABLE search_docs ADD COLUMN created_at TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "UPDATE search_docs SET created_at = coalesce(CASE kind"
        " WHEN 'testimony' THEN (SELECT created_at FROM testimonies WHERE id = ref_id)"
        " ELSE (SELECT created_at FROM cases WHERE id = ref_id) END, '')"
    )
    conn.execute("CREATE TABLE search_terms (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID")
    # A temporary view of the index's vocabulary: it lives in the connection's temp schema
    # (kept in memory, temp_store = MEMORY) and is gone after this step.
    conn.execute(
        "CREATE VIRTUAL TABLE temp.search_vocabulary USING fts5vocab(main, search_index, row)"
    )
    try:
        conn.execute("INSERT INTO search_terms (term) SELECT term FROM temp.search_vocabulary")
    finally:
        conn.execute("DROP TABLE temp.search_vocabulary")
