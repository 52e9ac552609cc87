"""Migrations: an empty vault migrated to head has exactly the current schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.errors import UnsupportedVersionError
from app.storage import migrations
from app.storage.database import Connection, open_database, transaction
from app.storage.migrations import STEPS, latest_version, load_steps, migrate, schema_version

KEY = bytes(32)
FOLDER = Path(migrations.__file__).parent


def _schema(conn: Connection) -> list[tuple[str, str, str, str | None]]:
    return sorted(
        conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    )


def test_every_step_module_is_listed_in_order() -> None:
    on_disk = sorted(p.stem for p in FOLDER.glob("m[0-9][0-9][0-9][0-9]_*.py"))
    assert list(STEPS) == on_disk
    assert [int(name[1:5]) for name in STEPS] == list(range(1, len(STEPS) + 1))


def test_empty_vault_migrates_to_the_current_schema(tmp_path: Path) -> None:
    migrated = open_database(tmp_path / "migrated.db", KEY, create=True)
    assert schema_version(migrated) == 0
    assert migrate(migrated) == latest_version()
    assert schema_version(migrated) == latest_version()

    # The snapshot: every step applied by hand in one go, no runner involved.
    snapshot = open_database(tmp_path / "snapshot.db", KEY, create=True)
    with transaction(snapshot):
        for module in load_steps():
            module.apply(snapshot)
    assert _schema(migrated) == _schema(snapshot)
    names = {row[1] for row in _schema(migrated)}
    assert {"settings", "device", "attachments", "testimonies", "custody_events"} <= names

    # Running again is a no-op.
    assert migrate(migrated) == 0
    migrated.close()
    snapshot.close()


def test_attachment_columns_are_as_designed(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "v.db", KEY, create=True)
    migrate(conn)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(attachments)")]
    assert columns == [
        "id", "testimony_id", "blob_id", "original_name", "size", "sha256", "media_type",
        "imported_at", "metadata_json", "has_location", "metadata_note", "derived_from",
    ]  # fmt: skip
    indexed = {
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attachments'"
        )
        if row[0]
    }
    assert any(re.search(r"\(testimony_id\)", sql) for sql in indexed)
    assert any(re.search(r"\(blob_id\)", sql) for sql in indexed)
    conn.close()


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "v.db", KEY, create=True)
    migrate(conn)
    newer = latest_version() + 1
    conn.execute(f"PRAGMA user_version = {newer}")
    with pytest.raises(UnsupportedVersionError):
        migrate(conn)
    assert schema_version(conn) == newer
    conn.close()


def test_failed_step_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = open_database(tmp_path / "v.db", KEY, create=True)
    real = load_steps()

    class Broken:
        VERSION = 2

        @staticmethod
        def apply(conn: Connection) -> None:
            conn.execute("CREATE TABLE half_done (x)")
            raise RuntimeError("power cut in the middle of step 2")

    monkeypatch.setattr(migrations, "load_steps", lambda: [real[0], Broken, *real[2:]])
    with pytest.raises(RuntimeError):
        migrate(conn)
    assert schema_version(conn) == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables and "settings" in tables
    conn.close()


def test_a_program_that_cannot_read_overlays_refuses_the_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working copies may be stored as overlays (blob format 2), which a program of
    schema 10 or older cannot read and would skip when re-keying, leaving them sealed
    under a dead key. Such a program must refuse the vault, as it refuses any newer one."""
    conn = open_database(tmp_path / "vault.db", KEY, create=True)
    migrate(conn)
    assert schema_version(conn) >= 11
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS[:10])  # an older program
    with pytest.raises(UnsupportedVersionError, match="newer version"):
        migrate(conn)
    conn.close()
