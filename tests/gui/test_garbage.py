"""The window's collector: automatic collection is off while it runs, and cyclic garbage
is still freed, from the event loop."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from app.gui.garbage import EventLoopCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle only the cycle collector frees


def test_cycles_are_freed_by_the_timer_not_by_allocations(qtbot: QtBot) -> None:
    assert gc.isenabled()
    collector = EventLoopCollector(interval_ms=20)
    collector.start()
    try:
        assert not gc.isenabled()
        node = _Node()
        alive = weakref.ref(node)
        del node
        # More new cycles than the young generation's threshold: the automatic collector
        # would have run inside this loop; now nothing is freed until the event loop runs.
        for _ in range(3 * gc.get_threshold()[0]):
            _Node()
        assert alive() is not None
        qtbot.waitUntil(lambda: alive() is None, timeout=5_000)
    finally:
        collector.stop()
    assert gc.isenabled()
