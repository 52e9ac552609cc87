"""Python's cycle collector, run only from the event loop.

The collector may run at any allocation. If that allocation happens inside a Qt call
that holds an internal lock (disconnecting a signal does), and the cycles it frees hold
a QObject, the QObject's destructor waits for the same lock and the window hangs for
good. So while the window runs, automatic collection is off and a timer collects on the
GUI thread between events, where Qt holds no lock; the worker threads allocate freely and
their garbage waits at most one interval. GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class EventLoopCollector(QObject):
    """Collect at safe points instead of at arbitrary allocations."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def _on_timer_timeout(self) -> None:
        # The cheap young generation most times; older ones when their thresholds say so,
        # as the automatic collector would have decided.
        threshold0, threshold1, threshold2 = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        if count2 > threshold2:
            gc.collect(2)
        elif count1 > threshold1:
            gc.collect(1)
        elif count0 > threshold0:
            gc.collect(0)
