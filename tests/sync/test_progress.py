"""The progress a person reads on a slow link: rate from confirmed bytes, a time left
that counts down instead of leaping, and the order packages go in."""

from __future__ import annotations

import itertools

from app.sync.outbox import OutboxEntry, OutboxState
from app.sync.progress import TransferMeter
from app.sync.service import delivery_order

KIB = 1024


def test_time_left_counts_down_and_does_not_leap_when_a_confirmation_is_late() -> None:
    now = [0.0]
    meter = TransferMeter(clock=lambda: now[0])
    size = 10_000 * KIB
    meter.update("p", 0, size)
    lefts = []
    confirmed = 0
    # 100 KiB/s, one confirmation every 10 s; one comes 20 s late (a cut).
    for step in range(1, 10):
        now[0] += 30.0 if step == 6 else 10.0
        confirmed += 1000 * KIB
        view = meter.update("p", confirmed, size)
        assert view.rate is not None and view.seconds_left is not None
        lefts.append(view.seconds_left)
    # Always going down, and the late answer moves it by less than the delay itself.
    assert all(b < a for a, b in itertools.pairwise(lefts))
    assert lefts[4] - lefts[5] < 20.0 + 10.0
    assert 70_000 < (meter.rate or 0) < 110_000


def _entry(package_id: str, size: int, offset: int, state: OutboxState, created: str,
           ) -> OutboxEntry:
    return OutboxEntry(package_id, None, offset, size, "0" * 64, state, 0, None, None,
                       "kept", created, created)


def test_receipts_owed_first_then_the_fewest_bytes_left() -> None:
    video = _entry("video", 900 * KIB * KIB, 100 * KIB, OutboxState.UPLOADING, "1")
    testimony = _entry("testimony", 40 * KIB, 0, OutboxState.QUEUED, "3")
    owed = _entry("owed", 500 * KIB * KIB, 500 * KIB * KIB, OutboxState.AWAITING_RECEIPT, "2")
    order = [e.package_id for e in delivery_order([video, testimony, owed])]
    assert order == ["owed", "testimony", "video"]
