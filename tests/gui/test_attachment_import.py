"""Importing through the window's job: progress reaches the window throttled (a few
updates a second, not one per read buffer) and still ends at 100 %, with the stored
file's SHA-256 the same as the source's."""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from app.core import cases, records, testimonies
from app.core.custody import DEFAULT_ACTOR
from app.crypto.kdf import FLOOR
from app.gui import attachment_jobs
from app.gui.attachment_jobs import ImportDone, ProgressThrottle
from app.gui.vault_worker import JobContext, VaultClient
from app.services.session import Session
from app.storage.vault import Vault

PASSPHRASE = "quiet river under seven bridges"
MIB = 1024 * 1024


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(0, 0.2), st.floats(0, 0.2)), min_size=1, max_size=60
    )
)
def test_attach_progress_throttle_spaces_updates_and_keeps_the_end(
    steps: list[tuple[float, float]],
) -> None:
    now = [0.0]
    fraction = [0.0]
    sent: list[tuple[float, float]] = []
    throttle = ProgressThrottle(
        lambda f: sent.append((now[0], f)), interval=0.05, clock=lambda: now[0]
    )
    reports = []
    for pause, growth in steps:
        now[0] += pause
        fraction[0] += growth  # may pass 1.0, as a file that grew while read does
        reports.append(fraction[0])
        throttle(fraction[0])
    assert sent[0] == (0.0 + steps[0][0], reports[0])  # the first report always goes
    finishes = [f for _t, f in sent if f >= 1.0]
    if any(f >= 1.0 for f in reports):
        # The end goes through as soon as it is reached, even inside the interval.
        first_end = next(f for f in reports if f >= 1.0)
        assert first_end in finishes
    for (t1, _f1), (t2, f2) in itertools.pairwise(sent):
        assert t2 - t1 >= 0.05 or (f2 >= 1.0 and f2 == finishes[0])


def _draft(vault: Vault) -> str:
    conn = vault.connection
    case = cases.add_case(conn, vault.device, records.parse_case_input({"title": "c"}), "t")
    data = records.parse_testimony_input(
        {
            "person": {"code": "P-1", "role": "witness"},
            "consent": {
                "interview": True, "audio_recording": False, "share_with_platform": True,
                "share_onward": False, "be_named": False, "recontact": False,
                "given_at": "2024-03-01T10:15:00Z", "method": "oral",
            },
            "narrative": "",
        }
    )  # fmt: skip
    return testimonies.add_testimony(conn, vault.device, case.id, data, DEFAULT_ACTOR).id


@pytest.fixture
def unlocked(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VaultClient, str]]:
    created, _key = Vault.create(tmp_path / "vault", PASSPHRASE, params=FLOOR)
    testimony_id = _draft(created)
    created.lock()  # the connection belongs to this thread; the worker opens its own
    client = VaultClient()

    def unlock(ctx: JobContext) -> None:
        ctx.set_session(Session.unlock(tmp_path / "vault", PASSPHRASE))

    done: list[object] = []
    client.submit(unlock, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    yield client, testimony_id
    client.shutdown()


def test_attach_large_file_progress_is_throttled_and_complete(
    qtbot: QtBot, tmp_path: Path, unlocked: tuple[VaultClient, str]
) -> None:
    client, testimony_id = unlocked
    source = tmp_path / "video.bin"
    data = os.urandom(24 * MIB)  # 24 read buffers: unthrottled, 24 progress updates
    source.write_bytes(data)
    fractions: list[float] = []
    results: list[ImportDone] = []
    started = time.monotonic()
    client.submit(
        attachment_jobs.import_files(testimony_id, [source]),
        on_done=results.append,
        on_progress=fractions.append,
    )
    qtbot.waitUntil(lambda: bool(results), timeout=60_000)
    elapsed = time.monotonic() - started
    [done] = results
    assert len(done.imported) == 1 and not done.failed and not done.cancelled
    assert fractions and fractions[-1] == 1.0  # the bar ends full
    assert fractions == sorted(fractions)
    # One update per interval at most, plus the first and the end.
    assert len(fractions) <= elapsed / attachment_jobs.PROGRESS_INTERVAL + 2, (
        len(fractions),
        elapsed,
    )

    views: list[tuple[attachment_jobs.AttachmentView, ...]] = []
    client.submit(attachment_jobs.list_attachments(testimony_id), on_done=views.append)
    qtbot.waitUntil(lambda: bool(views), timeout=10_000)
    [view] = views[0]
    assert view.id == done.imported[0]
    assert view.sha256 == hashlib.sha256(data).hexdigest()
    assert view.size == len(data)
