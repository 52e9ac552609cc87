"""A duress unlock renames the real vault's database and media aside and deletes them once
the decoy is open; what a killed run left there goes at the next unlock."""

from __future__ import annotations

import io
from pathlib import Path

from app.crypto.kdf import FLOOR
from app.services.session import Session
from app.storage.duress import ASIDE_PREFIX

PASS = "the real passphrase of this vault"


def test_leftovers_of_a_killed_duress_unlock_are_deleted_at_the_next_unlock(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "v"
    session, _recovery = Session.create(folder, PASS, params=FLOOR)
    session.lock()
    # What a duress unlock killed right after its renames leaves: the old media folder
    # and database under the neutral prefix.
    aside = folder / f"{ASIDE_PREFIX}0123456789abcdef-3"
    (aside / "ab").mkdir(parents=True)
    (aside / "ab" / "abcdef").write_bytes(b"ciphertext of the real vault")
    (folder / f"{ASIDE_PREFIX}0123456789abcdef-0").write_bytes(b"old database pages")
    with Session.unlock(folder, PASS) as again:
        assert again.connection is not None
    assert sorted(p.name for p in folder.iterdir()) == ["blobs", "keyslots", "lock", "vault.db"]


def test_a_duress_unlock_leaves_only_an_ordinary_vault(tmp_path: Path) -> None:
    from app.services import coercion

    folder = tmp_path / "v"
    session, _recovery = Session.create(folder, PASS, params=FLOOR)
    for _ in range(20):
        written = session.blobs.write(io.BytesIO(b"real media " * 20_000))
        session.blobs.release(written.blob_id)
    coercion.set_duress(session, "an innocent looking other phrase", None)
    session.lock()
    with Session.unlock(folder, "an innocent looking other phrase"):
        pass
    # The deletion runs beside the decoy; an unlock finishes whatever it had left.
    with Session.unlock(folder, "an innocent looking other phrase"):
        pass
    assert sorted(p.name for p in folder.iterdir()) == ["blobs", "keyslots", "lock", "vault.db"]
    assert list((folder / "blobs").iterdir()) == []
