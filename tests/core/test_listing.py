"""Core's testimony listing with a search, as the window's list shows it, on a real vault:
matches in date order, paged by keyset across the chunks the rows are read in, with the
other filters applied, and dates taken from the search documents (so a match's narrative
is never read to sort it)."""

from __future__ import annotations

import os
from pathlib import Path

from app.core import cases, listing, records, testimonies
from app.crypto.signing import DeviceIdentity
from app.storage.database import open_database, transaction
from app.storage.migrations import migrate


def _testimony(code: str, narrative: str) -> records.TestimonyInput:
    return records.parse_testimony_input(
        {
            "person": {"code": code, "role": "witness"},
            "consent": {
                "interview": True, "audio_recording": False, "share_with_platform": True,
                "share_onward": False, "be_named": False, "recontact": False,
                "given_at": "2024-03-01T10:15:00Z", "method": "oral",
            },
            "narrative": narrative,
        }
    )  # fmt: skip


def test_search_pages_follow_dates_and_filters(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "vault.db", os.urandom(32), create=True)
    migrate(conn)
    device = DeviceIdentity.generate()
    case = cases.add_case(conn, device, records.parse_case_input({"title": "Пошук"}), "t")
    made = []
    for n in range(11):
        word = "агульнае" if n % 4 else "іншае"  # 8 of 11 hold the searched word
        made.append(
            testimonies.add_testimony(conn, device, case.id, _testimony(f"S-{n}", word), "t")
        )
    for testimony in made[::3]:
        with transaction(conn):
            testimonies.mark_sealed(conn, testimony.id, "2024-03-02T00:00:00Z")
    def pages(wanted: listing.TestimonyFilter) -> list[listing.TestimonyRow]:
        rows: list[listing.TestimonyRow] = []
        after = None
        while True:
            page = listing.fetch_testimonies(conn, wanted, after, limit=3)
            rows.extend(page.rows)
            if page.complete:
                return rows
            after = (page.rows[-1].created_at, page.rows[-1].id)

    newest_first = sorted(made, key=lambda t: (t.created_at, t.id), reverse=True)
    found = pages(listing.TestimonyFilter(search_text="агульна"))
    expected = [t for t in newest_first if "агульнае" in t.narrative]
    assert [row.id for row in found] == [t.id for t in expected]
    assert [row.created_at for row in found] == [t.created_at for t in expected]
    assert {row.person_code for row in found} == {f"S-{n}" for n in range(11) if n % 4}

    sealed = {t.id for t in made[::3]}
    found = pages(listing.TestimonyFilter(search_text="агульнае", status="sealed"))
    assert [row.id for row in found] == [t.id for t in expected if t.id in sealed]
    assert {row.status for row in found} == {"sealed"}
    assert pages(listing.TestimonyFilter(search_text="няма такога")) == []
    conn.close()
