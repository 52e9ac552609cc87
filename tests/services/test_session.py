"""The session: what creating, unlocking and changing keys do, the same for both front
ends. A recording cut off by a crash is finished by the command line's unlock exactly as
by the window's: both open the vault through ``Session.unlock``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core import custody, recording
from app.crypto.kdf import FLOOR
from app.gui import attachment_jobs, session_jobs
from app.gui.vault_worker import VaultClient
from app.services import records
from app.services.session import Session

PASSPHRASE = "seven bridges under a quiet river"
ROOT = Path(__file__).resolve().parents[2]
CHUNK = b"\x01\x02audio" * 512


def _testimony(session: Session) -> str:
    case = records.add_case(session, {"title": "Recordings"})
    values = {
        "person": {"code": "R-1", "role": "survivor"},
        "consent": {
            "interview": True,
            "audio_recording": True,
            "share_with_platform": True,
            "share_onward": False,
            "be_named": False,
            "recontact": False,
            "given_at": "2026-11-01T10:00:00Z",
            "method": "oral",
        },
        "narrative": "",
    }
    return records.add_testimony(session, case.id, values).id


def test_creation_and_key_changes_are_logged_with_the_change(tmp_path: Path) -> None:
    session, recovery = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    with session:
        session.change_passphrase(recovery.formatted(), "a brand new passphrase")
        report = records.custody_log(session, custody.VAULT_CHAIN)
        assert [e.action for e in report.events] == ["creation", "key_changed"]
        assert report.events[0].details == {"device": session.device.fingerprint}
        assert report.problem is None
    with Session.unlock(tmp_path / "vault", "a brand new passphrase") as again:
        assert again.opened.cleaned == () and again.opened.recovered_recordings == ()


def test_a_failed_key_change_logs_nothing(tmp_path: Path) -> None:
    session, _recovery = Session.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    with session:
        with pytest.raises(Exception, match="not correct"):
            session.change_passphrase("not the passphrase", "a brand new passphrase")
        actions = [e.action for e in records.custody_log(session, "vault").events]
        assert actions == ["creation"]


def _interrupted_recording(folder: Path) -> tuple[str, int]:
    """A vault whose recording was cut off: segments stored, never finished."""
    session, _recovery = Session.create(folder, PASSPHRASE, params=FLOOR)
    with session:
        testimony_id = _testimony(session)
        conn, blobs = session.connection, session.blobs
        recording_id = recording.begin(conn, testimony_id)
        writer = recording.SegmentWriter(
            blobs,
            recording_id,
            lambda segment: recording.add_segment(conn, blobs, segment),
            flush_seconds=0.0,
        )
        for _ in range(3):
            writer.write(CHUNK)
    return testimony_id, 3 * len(CHUNK)


def test_cli_unlock_finishes_an_interrupted_recording(tmp_path: Path) -> None:
    testimony_id, size = _interrupted_recording(tmp_path / "vault")
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    options = ["--vault", str(tmp_path / "vault"), "--passphrase-file", str(secret)]
    shown = subprocess.run(
        [sys.executable, "-m", "app", "testimony", "show", testimony_id, "--json", *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    [attachment] = json.loads(shown.stdout)["attachments"]
    assert attachment["size"] == size
    assert "interrupted recording was kept" in shown.stderr


def test_window_unlock_finishes_an_interrupted_recording_the_same_way(
    qtbot: QtBot, tmp_path: Path
) -> None:
    testimony_id, size = _interrupted_recording(tmp_path / "vault")
    shutil.copytree(tmp_path / "vault", tmp_path / "copy")
    client = VaultClient()
    try:
        opened: list[session_jobs.VaultOpened] = []
        unlock = session_jobs.unlock_vault(tmp_path / "copy", PASSPHRASE)
        client.submit(unlock, on_done=opened.append)
        qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
        assert opened[0].recovered_recordings == 1
        listed: list[tuple[attachment_jobs.AttachmentView, ...]] = []
        client.submit(attachment_jobs.list_attachments(testimony_id), on_done=listed.append)
        qtbot.waitUntil(lambda: bool(listed), timeout=30_000)
        assert [view.size for view in listed[0]] == [size]
    finally:
        client.shutdown()
