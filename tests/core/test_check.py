"""The integrity check names what is damaged and tidies what interrupted imports left."""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_support import ACTOR, add_case, sample_input

from app.core.ingest import Attachment, import_attachment, list_attachments
from app.core.testimonies import add_testimony
from app.crypto.kdf import FLOOR
from app.services.maintenance import check_vault
from app.storage.database import DatabaseDamagedError, DatabaseKeyError
from app.storage.vault import Vault

PASSPHRASE = "check test passphrase"
PAGE = 4096  # SQLCipher 4 default page size


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault with a draft testimony and three attachments, one with an unsafe name."""
    root = tmp_path_factory.mktemp("template")
    folder = root / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, params=FLOOR)
    with vault:
        case = add_case(vault.connection, vault.device)
        testimony = add_testimony(vault.connection, vault.device, case.id, sample_input(), ACTOR)
        rng = random.Random(9)
        for name, size in (("a.bin", 10), ("b\u202egpj.exe", 70_000), ("c.bin", 200_000)):
            source = root / name
            source.write_bytes(rng.randbytes(size))
            import_attachment(vault.connection, vault.blobs, vault.device, testimony.id, source)
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(template, copy)
    return copy


@pytest.fixture
def vault(folder: Path) -> Iterator[Vault]:
    with Vault.unlock(folder, PASSPHRASE) as opened:
        yield opened


def _attachments(vault: Vault) -> list[Attachment]:
    testimony_id = vault.connection.execute("SELECT id FROM testimonies").fetchone()[0]
    return list_attachments(vault.connection, testimony_id)


def test_intact_vault_has_no_problems(vault: Vault) -> None:
    progress: list[tuple[int, int]] = []
    report = check_vault(vault, progress=lambda done, total: progress.append((done, total)))
    assert report.ok and report.problems == [] and report.cleaned == []
    assert progress[-1] == (3, 3)


@pytest.mark.parametrize("where", ["header", "payload", "end"])
def test_flipped_blob_byte_names_the_attachment(vault: Vault, where: str) -> None:
    target = _attachments(vault)[1]
    path = vault.blobs.path_of(target.blob_id)
    raw = bytearray(path.read_bytes())
    offset = {"header": 40, "payload": 100 + 65536, "end": len(raw) - 1}[where]
    raw[offset] ^= 0x80
    path.write_bytes(bytes(raw))
    report = check_vault(vault)
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert target.id in problem
    assert "\\u202e" in problem and "\u202e" not in problem  # the name, made safe to show
    assert report.cleaned == []


def test_missing_blob_is_reported(vault: Vault) -> None:
    target = _attachments(vault)[0]
    vault.blobs.path_of(target.blob_id).unlink()
    report = check_vault(vault)
    assert len(report.problems) == 1
    assert target.id in report.problems[0] and "missing" in report.problems[0]


def test_blob_swapped_for_another_is_reported(vault: Vault) -> None:
    first, second, _ = _attachments(vault)
    shutil.copyfile(vault.blobs.path_of(first.blob_id), vault.blobs.path_of(second.blob_id))
    report = check_vault(vault)
    assert len(report.problems) == 1 and second.id in report.problems[0]


def test_leftovers_of_interrupted_imports_are_cleaned(vault: Vault) -> None:
    orphan = vault.blobs.write(io.BytesIO(b"imported but never recorded"))
    vault.blobs.release(orphan.blob_id)  # as after a crash: nobody owns it any more
    partial = vault.blobs.path_of("ee" + "0" * 30).with_suffix(".partial")
    partial.parent.mkdir(mode=0o700, exist_ok=True)
    partial.write_bytes(b"half")
    report = check_vault(vault)
    assert report.problems == []
    assert len(report.cleaned) == 2
    assert any(orphan.blob_id in line for line in report.cleaned)
    assert not vault.blobs.path_of(orphan.blob_id).exists() and not partial.exists()
    assert check_vault(vault).ok  # every attachment still intact afterwards


def test_blob_being_imported_is_not_an_orphan(vault: Vault) -> None:
    busy = vault.blobs.write(io.BytesIO(b"commit still to come"))
    assert check_vault(vault).cleaned == []
    assert vault.blobs.path_of(busy.blob_id).exists()


def _flip_page(folder: Path, page: int) -> None:
    path = folder / "vault.db"
    raw = bytearray(path.read_bytes())
    raw[(page - 1) * PAGE + 1500] ^= 0x01
    path.write_bytes(bytes(raw))


def test_damaged_database_pages_are_named(template: Path, tmp_path: Path) -> None:
    pages = (template / "vault.db").stat().st_size // PAGE
    assert pages > 10
    named = 0
    for page in random.Random(4).sample(range(2, pages + 1), 6):
        copy = tmp_path / f"page{page}"
        shutil.copytree(template, copy)
        _flip_page(copy, page)
        orphan = copy / "blobs" / "aa" / ("aa" + "1" * 30)
        orphan.parent.mkdir(mode=0o700, exist_ok=True)
        orphan.write_bytes(b"maybe evidence whose row is unreadable")
        try:
            vault = Vault.unlock(copy, PASSPHRASE)
        except (DatabaseKeyError, DatabaseDamagedError):
            continue  # a page needed to open the vault: refused with a typed error
        with vault:
            report = check_vault(vault)
        assert any(f"Database page {page} " in line for line in report.problems), report
        assert orphan.exists()  # never removed while the database is damaged
        named += 1
    assert named >= 3


def test_edited_custody_event_is_reported(vault: Vault) -> None:
    conn = vault.connection
    # Only someone going around the program can do this: drop the guard, edit history.
    conn.execute("DROP TRIGGER custody_events_append_only_update")
    conn.execute(
        "UPDATE custody_events SET details_json = '{\"size\":1}' "
        "WHERE action = 'attachment_imported' AND seq = 2"
    )
    report = check_vault(vault)
    # Both are reported: the edited event, and the guard that was dropped to edit it.
    assert len(report.problems) == 2
    assert "edited" in report.problems[0] or "hash" in report.problems[0]
    assert "custody_events_append_only_update is missing" in report.problems[1]


def test_blobs_of_other_tables_are_not_orphans(vault: Vault) -> None:
    # Any table with a blob_id column keeps its blobs: here an imported sealed package.
    kept = vault.blobs.write(io.BytesIO(b"an age file received from a documenter"))
    vault.blobs.release(kept.blob_id)
    vault.connection.execute(
        "INSERT INTO packages (id, testimony_id, origin, kind, blob_id, size, sha256,"
        " recipients_json, created_at) VALUES (?, NULL, 'imported', 'unknown', ?, ?, ?, '[]',"
        " '2024-03-01T00:00:00Z')",
        ("11111111-1111-4111-8111-111111111111", kept.blob_id, kept.size, kept.sha256),
    )
    report = check_vault(vault)
    assert report.ok and report.cleaned == []
    assert vault.blobs.path_of(kept.blob_id).exists()
