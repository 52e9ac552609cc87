"""Progress a person can trust on a slow link, in the sync window.

The window is driven against the real intake server through ``tests/sync/linkemu.py``
(the profile's ``socks5h`` proxy is the emulator): a link of a few hundred KiB/s with a
round trip, and an outage in the middle of a package. While the link is down the
window says "waiting for the connection (attempt n)" with the bytes the platform
confirmed; then the package is delivered. The labels carry the confirmed bytes, the
rate and a time left as the locale writes them (Ukrainian here), their accessible
descriptions follow their text, and the time left moves smoothly once the link is
steady again.

``ProgressReporter`` (what the worker thread hands to the window) is also checked on
its own with a clock the test moves: a steady rate gives a time left that only counts
down, a package sealed just before the run counts in the total, and a wait carries the
last confirmed bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.gui.application import Gui
from app.gui.sync_jobs import ProgressReporter, TransferProgress
from tests.sync.linkemu import KIB, MIB, LinkEmulator, LinkProfile
from tests.sync.pki import ServerPki, make_pki

from .sync_platform import make_platform
from .sync_steps import (
    DELIVERED,
    cell,
    import_profile,
    open_sync_window,
    queue_sealed_testimony,
    ready_documenter,
)

pytestmark = pytest.mark.usefixtures("no_os_keyring")

# A slow, far link (the shape of "tor-bad", faster so the test takes seconds).
SLOW = LinkProfile("slow", 512 * KIB, 0.2, None)


@pytest.fixture(scope="module")
def platform_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


class LabelSpy:
    """Every text a label was given, in order (what a person and a screen reader saw)."""

    def __init__(self, label: QLabel) -> None:
        self.texts: list[str] = []
        self.descriptions: list[str] = []
        original = label.setText
        original_description = label.setAccessibleDescription

        def set_text(text: str) -> None:
            self.texts.append(text)
            original(text)

        def set_description(text: str) -> None:
            self.descriptions.append(text)
            original_description(text)

        label.setText = set_text  # type: ignore[method-assign]
        label.setAccessibleDescription = set_description  # type: ignore[method-assign]


def test_a_cut_link_says_waiting_then_delivers_with_a_steady_estimate(
    qtbot: QtBot, gui: Gui, tmp_path: Path, platform_pki: ServerPki
) -> None:
    media = tmp_path / "video.bin"
    media.write_bytes(os.urandom(6 * MIB))
    platform = make_platform(tmp_path / "platform", platform_pki)
    with LinkEmulator(SLOW) as link:
        try:
            big = ready_documenter(qtbot, gui, platform, media)
            small = queue_sealed_testimony(
                qtbot, gui, str(platform.server.profile["platform_recipient"]))
            document = json.loads(platform.profile_file.read_text())
            document["proxy"] = link.proxy_url
            platform.profile_file.write_text(json.dumps(document))
            platform.start()
            dialog = open_sync_window(qtbot, gui)
            import_profile(qtbot, dialog, platform.profile_file)
            dialog.setLocale(QLocale("uk_UA"))
            locale = dialog.locale()
            package_spy = LabelSpy(dialog.package_progress)
            overall_spy = LabelSpy(dialog.overall_progress)

            views: list[TransferProgress] = []
            dialog._relay.progressed.connect(views.append)
            # The link goes down for two seconds once 1 MiB of the large package crossed
            # it: in the middle of a PATCH (with no cut seen yet, one PATCH carries what
            # the link moves in 20 s, here the whole package).
            watch = QTimer(dialog)

            def cut_when_under_way() -> None:
                if link.up_bytes > small.size + MIB:
                    watch.stop()
                    link.outage(2.0)

            watch.timeout.connect(cut_when_under_way)
            watch.start(20)
            dialog.sync_button.click()
            qtbot.waitUntil(lambda: "waiting for the connection (attempt "
                            in dialog.package_progress.text(), timeout=60_000)
            waiting = dialog.package_progress.text()
            # The bytes the platform confirmed stay in view while the link is down.
            assert waiting.startswith(f"Package {big.package_id[:12]}…: "), waiting
            assert next(v.waiting for v in views if v.waiting) == 1
            assert locale.formattedDataSize(big.size) in waiting
            assert dialog.package_progress.accessibleDescription() == waiting
            assert dialog.overall_progress.isVisible()
            assert "waiting for the connection" in dialog.overall_progress.text()
            qtbot.waitUntil(lambda: dialog.close_button.text() == "Close"
                            and dialog.sync_button.isEnabled(), timeout=90_000)  # fmt: skip
            press_done = dialog.outcome.text()
            assert press_done == "Delivered with a verified receipt: 2.", press_done
            assert link.cuts >= 1
        finally:
            platform.kill()

    # Both packages arrived whole, and the table says so.
    assert sorted(p.name for p in platform.accepted()) == sorted(
        f"{q.sha256}.evp" for q in (big, small))
    for accepted in platform.accepted():
        assert hashlib.sha256(accepted.read_bytes()).hexdigest() + ".evp" == accepted.name
    assert [cell(dialog, row, 1) for row in range(2)] == [DELIVERED, DELIVERED]
    assert not dialog.package_progress.isVisible()  # the run is over

    # What the labels said: confirmed bytes, a rate and a time left, as Ukrainian writes
    # sizes (a decimal comma), and the same words for screen readers.
    shown = [t for t in package_spy.texts if t]
    assert package_spy.descriptions[: len(package_spy.texts)] == package_spy.texts
    estimates = [t for t in shown if " left" in t]
    assert estimates, shown
    assert any("confirmed by the platform" in t and "/s, about " in t and "," in t
               for t in estimates), estimates
    assert any(t.startswith("All packages: ") and " of " + locale.formattedDataSize(
        big.size + small.size) in t for t in overall_spy.texts), overall_spy.texts
    waits = [t for t in shown if "waiting for the connection" in t]
    assert waits and shown.index(waits[0]) < len(shown) - 1  # and then progress again

    # The estimate behind the labels: once the link carries bytes again at a steady
    # rate, consecutive times left never rise by more than a bound, and they count down.
    cut = max(i for i, v in enumerate(views) if v.waiting)
    after = [v for v in views[cut:] if not v.waiting and v.package.package_id == big.package_id
             and v.package.seconds_left is not None and v.package.confirmed < v.package.size]
    assert len(after) >= 3, [v.package for v in after]
    lefts = [v.package.seconds_left or 0.0 for v in after]
    print("seconds left:", [round(left, 1) for left in lefts])
    for before, later in itertools.pairwise(lefts):
        assert later <= before + max(1.0, 0.15 * before), lefts
    assert lefts[-1] < lefts[0]
    confirmed = [v.package.confirmed for v in views if v.package.package_id == big.package_id]
    assert confirmed == sorted(confirmed)  # bytes confirmed never go back


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_reporter_counts_down_at_a_steady_rate_and_waits_with_the_last_bytes() -> None:
    clock = Clock()
    seen: list[TransferProgress] = []
    # The outbox at the first callback: this package, and one sealed just before the run.
    reporter = ProgressReporter(
        seen.append, lambda: {"big": (0, 10 * MIB), "fresh": (0, MIB)}, clock)

    reporter.retrying("big", 1, 8)  # cut before a byte was confirmed
    assert seen[-1].waiting == 1 and seen[-1].package.confirmed == 0
    assert (seen[-1].total.confirmed, seen[-1].total.size, seen[-1].packages) == (0, 11 * MIB, 2)

    # 256 KiB confirmed every 2 s (128 KiB/s), with a little jitter in the answers.
    confirmed = 0
    for step in range(30):
        clock.now += 2.0 + (0.3 if step % 3 == 0 else -0.1)
        confirmed += 256 * KIB
        reporter.progressed("big", confirmed, 10 * MIB)
    lefts = [v.package.seconds_left for v in seen[1:] if v.package.seconds_left is not None]
    assert len(lefts) == 29
    for before, later in itertools.pairwise(lefts):
        assert later <= before + 1.0, lefts
    assert lefts[-1] == pytest.approx((10 * MIB - confirmed) / (128 * KIB), rel=0.15)
    last = seen[-1]
    assert (last.total.confirmed, last.total.size) == (confirmed, 11 * MIB)
    assert last.total.rate == pytest.approx(128 * KIB, rel=0.1)

    clock.now += 1.0
    reporter.retrying("big", 2, 8)  # the link is cut: the last confirmed bytes stay
    assert seen[-1].waiting == 2 and seen[-1].package.confirmed == confirmed
    assert seen[-1].at == clock.now
