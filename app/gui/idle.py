"""Auto-lock: a timer restarted by every keyboard and mouse event the application sees.

Installed as an application-wide event filter on the GUI thread. No polling: the timer
fires once after the idle time unless input restarts it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits :attr:`idle_expired` after ``minutes`` without user input, while armed."""

    idle_expired = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer may fire up to 5 % early; a lock must not come before its time.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.idle_expired)
        self._interval_ms = 10 * 60 * 1000

    def set_interval_ms(self, milliseconds: int) -> None:
        """Idle time before locking; 0 turns auto-lock off."""
        self._interval_ms = max(0, milliseconds)
        if self._timer.isActive() or milliseconds == 0:
            self.arm()

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def arm(self) -> None:
        if self._interval_ms > 0:
            self._timer.start(self._interval_ms)
        else:
            self._timer.stop()

    def disarm(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._timer.isActive() and event.type() in _INPUT_EVENTS:
            self._timer.start(self._interval_ms)
        return False
