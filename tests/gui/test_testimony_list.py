"""The lazy testimony list: pages on demand, filters, search as you type."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from app.gui import listing_jobs
from app.gui.application import Gui
from benchmarks.bench_gui import insert_testimonies

from .conftest import create_vault
from .flow_steps import add_case, workspace_of


def _bulk(qtbot: QtBot, gui: Gui, case_id: str, count: int, sealed_every: int) -> None:
    with qtbot.waitCallback(timeout=60_000) as done:
        gui.client.submit(
            lambda ctx: insert_testimonies(
                ctx.session.connection, case_id, count, sealed_every=sealed_every
            ),
            on_done=done,
        )


def test_pages_arrive_as_the_view_asks(qtbot: QtBot, gui: Gui, tmp_path: Path) -> None:
    create_vault(qtbot, gui)
    case_id = add_case(qtbot, gui, "Bulk")
    _bulk(qtbot, gui, case_id, 450, sealed_every=5)
    model = workspace_of(gui).model
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.set_filter(listing_jobs.TestimonyFilter(case_id=case_id))
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450 and not model.canFetchMore(QModelIndex())
    ids = {model.row_at(row).id for row in range(model.rowCount())}
    assert len(ids) == 450  # keyset paging neither repeats nor skips a row

    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.set_filter(listing_jobs.TestimonyFilter(case_id=case_id, status="sealed"))
    assert model.rowCount() == 90
    assert {model.row_at(r).status for r in range(model.rowCount())} == {"sealed"}

    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.set_filter(listing_jobs.TestimonyFilter(case_id=case_id, violation_type="torture"))
    assert model.rowCount() == 150
    assert "Torture" in model.index(0, 3).data()

    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.set_filter(
            listing_jobs.TestimonyFilter(
                case_id=case_id, date_from="2024-02-01", date_to="2024-02-01"
            )
        )
    assert model.rowCount() == 450 // 28 + 1  # index % 28 == 0 falls on 1 February


def test_search_as_you_type(qtbot: QtBot, gui: Gui) -> None:
    create_vault(qtbot, gui)
    add_case(qtbot, gui, "Search")
    from .flow_steps import add_testimony, wait_saved

    add_testimony(qtbot, gui, "S-1")
    editor = workspace_of(gui).editor
    editor.narrative.setPlainText("Затрымалі каля стэлы ўначы")
    editor._on_section_changed()
    wait_saved(qtbot, gui)
    editor.back_button.click()
    panel = workspace_of(gui).testimonies
    with qtbot.waitSignal(panel.model.page_loaded, timeout=10_000):
        panel.search.setText("стэл")  # a prefix, typed
    assert panel.model.rowCount() == 1
    with qtbot.waitSignal(panel.model.page_loaded, timeout=10_000):
        panel.search.setText("nothing-like-this")
    assert panel.model.rowCount() == 0
    assert panel.count.text() == "No testimonies match."
