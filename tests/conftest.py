"""Shared test configuration.

Qt runs offscreen unless a test starts Xvfb itself. ``--full`` runs the long campaigns
(crash, fuzz, load) at their full size; without it they run a slice small enough for CI.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        default=False,
        help="run campaigns (crash, fuzz, load) at full size instead of the CI slice",
    )
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="write the GUI screenshots into docs/screenshots/ (the README's pictures)",
    )


@pytest.fixture(scope="session")
def full_run(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--full"))
