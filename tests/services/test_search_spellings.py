"""A vault whose word list was made before spelling keys existed: the unlock adds them,
and from then on a search in one spelling finds the other (Окрестина, Акрэсціна)."""

from __future__ import annotations

from pathlib import Path

from app.core import search
from app.crypto.kdf import FLOOR
from app.services import records
from app.services.session import Session

PASSPHRASE = "seven bridges under a quiet river"


def test_unlock_gives_an_earlier_word_list_its_spelling_keys(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    session, _recovery = Session.create(folder, PASSPHRASE, params=FLOOR)
    case = records.add_case(session, {"title": "Затрыманні на Акрэсціна"})
    conn = session.connection
    # As an earlier version left it: the words, no keys.
    conn.execute("DELETE FROM search_terms WHERE term < ?", ("\x03",))
    assert records.search_records(session, "Окрестина ") == []
    session.lock()

    session = Session.unlock(folder, PASSPHRASE)
    try:
        [hit] = records.search_records(session, "Окрестина ")
        assert hit.case_id == case.id and hit.testimony_id is None
        assert hit.matched == (("Акрэсціна", "Окрестина"),)
        assert "[Акрэсціна]" in hit.snippet
        marker = session.connection.execute(
            "SELECT 1 FROM search_terms WHERE term = ?", (search.KEYED,)
        ).fetchone()
        assert marker is not None
    finally:
        session.lock()
