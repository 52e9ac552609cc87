"""Rollback detection, the sealed-record checks, and recovery shares on real vaults."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from app.core.cases import add_case
from app.core.records import parse_case_input
from app.crypto import shares
from app.crypto.kdf import FLOOR
from app.errors import FormatError, ReadOnlyVaultError, WrongPassphraseError
from app.services import coercion, maintenance
from app.services.session import Session

PASS = "passphrase for coercion tests"


def test_an_older_database_is_reported_and_read_only_until_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    session, _ = Session.create(folder, PASS, params=FLOOR)
    session.lock()
    shutil.copy(folder / "vault.db", tmp_path / "old.db")
    session = Session.unlock(folder, PASS)
    add_case(session.connection, session.device, parse_case_input({"title": "later"}), "t")
    session.lock()  # the anchor now counts the new case's event
    shutil.copy(tmp_path / "old.db", folder / "vault.db")

    session = Session.unlock(folder, PASS)
    assert session.rollback is not None and "older than its keys" in session.rollback
    with pytest.raises(ReadOnlyVaultError):
        add_case(session.connection, session.device, parse_case_input({"title": "x"}), "t")
    report = maintenance.check(session)
    assert not report.ok and "older than its keys" in report.problems[0]
    assert coercion.accept_rollback(session)
    add_case(session.connection, session.device, parse_case_input({"title": "ok"}), "t")
    session.lock()
    with Session.unlock(folder, PASS) as reopened:
        assert reopened.rollback is None


def test_check_sees_a_cut_chain_and_an_edited_sealed_record(tmp_path: Path) -> None:
    from app.core.sealing import seal_testimony
    from app.core.testimonies import add_testimony
    from tests.core.core_support import sample_input

    folder = tmp_path / "v"
    session, _ = Session.create(folder, PASS, params=FLOOR)
    conn = session.connection
    case = add_case(conn, session.device, parse_case_input({"title": "c"}), "t")
    draft = add_testimony(conn, session.device, case.id, sample_input(), "t")
    seal_testimony(conn, session.blobs, session.device, draft.id, "t")
    assert maintenance.check(session).ok
    # Someone with the key edits the sealed record behind the triggers' back.
    conn.execute("DROP TRIGGER testimonies_sealed_immutable")
    conn.execute("UPDATE testimonies SET narrative = 'edited' WHERE id = ?", (draft.id,))
    problems = maintenance.check(session).problems
    assert any("changed after sealing" in p for p in problems)
    assert any("testimonies_sealed_immutable is missing" in p for p in problems)
    session.lock()
    # The chain's tail (its "sealed" event) cut off: check reports the rollback and the
    # missing event.
    session = Session.unlock(folder, PASS)
    conn = session.connection
    conn.execute("DROP TRIGGER custody_events_append_only_delete")
    conn.execute(
        "DELETE FROM custody_events WHERE chain_id = ? AND action = 'sealed'", (draft.id,)
    )
    session.vault.rollback = None
    session.lock()
    with Session.unlock(folder, PASS) as reopened:
        problems = maintenance.check(reopened).problems
        assert any("older than its keys" in p for p in problems)
        assert any("no \"sealed\" custody event" in p for p in problems)


def test_every_k_subset_of_shares_works_and_fewer_fail(tmp_path: Path) -> None:
    secret = shares.new_secret()
    words = shares.split(secret, 3, 5)
    for subset in itertools.combinations(words, 3):
        assert shares.combine(list(subset)) == secret
    for subset in itertools.combinations(words, 2):
        with pytest.raises(FormatError):
            shares.combine(list(subset))
    swapped = words[0].split()
    swapped[5], swapped[6] = swapped[6], swapped[5]
    with pytest.raises(FormatError, match="words 6 and 7 look swapped"):
        shares.combine([" ".join(swapped), words[1], words[2]])


def test_shares_reset_the_passphrase_and_rekey_kills_them(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    session, _ = Session.create(folder, PASS, params=FLOOR)
    documents = coercion.split_recovery(session, 2, 3)
    session.lock()
    texts = []
    for number, document in enumerate(documents, start=1):
        path = tmp_path / f"share-{number}.txt"
        path.write_text(document)
        texts.append(coercion.read_share_file(path))
    reset = coercion.reset_passphrase_with_shares(folder, texts[1:], "a brand new passphrase")
    coercion.rekey(reset, "a brand new passphrase", None)
    reset.lock()
    with pytest.raises(WrongPassphraseError):
        Session.unlock(folder, coercion.combine_shares(texts[:2]))
