"""Progress a person can trust on a slow link: bytes the platform confirmed, the rate
they arrive at, and a time left that does not jump about.

The rate is measured between confirmations (a PATCH answered by the platform), so the
time spent reconnecting after a cut counts: it is the rate the package really moves at.
It is smoothed with a half-life of ``HALF_LIFE`` seconds, and the time left shown moves
towards the new estimate gradually (it counts down between confirmations instead of
leaping with each). The last rate of a run is kept in the vault's settings for
``sync status``. Pure apart from ``record_rate``/``last_rate`` (the connection's
thread).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.core.ids import Clock, utc_timestamp
from app.core.settings import read_value, write_value
from app.storage.database import Connection, transaction

HALF_LIFE = 30.0  # seconds
SETTING_LAST_RATE = "sync.last_rate"


@dataclass(frozen=True)
class ProgressView:
    package_id: str
    confirmed: int  # bytes the platform confirmed
    size: int
    rate: float | None  # bytes per second, smoothed; None until measured
    seconds_left: float | None  # None until a rate is known


class TransferMeter:
    """Fed with ``(package id, bytes confirmed, size)``; gives a ``ProgressView``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.rate: float | None = None
        self._package: str | None = None
        self._confirmed = 0
        self._at = 0.0
        self._left: float | None = None
        self._left_at = 0.0

    def update(self, package_id: str, confirmed: int, size: int) -> ProgressView:
        now = self._clock()
        if package_id != self._package or confirmed < self._confirmed:
            # Another package (or a fresh upload): a new baseline, the link's rate stays.
            self._package, self._confirmed, self._at = package_id, confirmed, now
            self._left = None
        elif confirmed > self._confirmed and now > self._at:
            elapsed = now - self._at
            sample = (confirmed - self._confirmed) / elapsed
            weight = 1 - 0.5 ** (elapsed / HALF_LIFE)
            self.rate = sample if self.rate is None else self.rate + weight * (sample - self.rate)
            self._confirmed, self._at = confirmed, now
        return ProgressView(package_id, confirmed, size, self.rate,
                            self._seconds_left(size - confirmed, now))

    def _seconds_left(self, remaining: int, now: float) -> float | None:
        if remaining <= 0:
            self._left = 0.0
        elif self.rate:
            estimate = remaining / self.rate
            if self._left is None:
                self._left = estimate
            else:
                # Count down since the last view, then move a third of the way to the
                # new estimate: a late PATCH answer does not make the time leap.
                counted = max(0.0, self._left - (now - self._left_at))
                self._left = counted + (estimate - counted) / 3
        self._left_at = now
        return self._left


def record_rate(conn: Connection, rate: float, clock: Clock | None = None) -> None:
    """Keep the last measured rate of a run (bytes per second) for ``sync status``."""
    with transaction(conn):
        write_value(conn, SETTING_LAST_RATE, json.dumps(
            {"bytes_per_second": round(rate), "measured_at": utc_timestamp(clock)}))


def last_rate(conn: Connection) -> tuple[int, str] | None:
    """(bytes per second, when measured) of the last run that measured one."""
    value = read_value(conn, SETTING_LAST_RATE)
    if not value:
        return None
    try:
        document = json.loads(value)
        rate, at = document["bytes_per_second"], document["measured_at"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(rate, int) or rate <= 0 or not isinstance(at, str):
        return None
    return rate, at
