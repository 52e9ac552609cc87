"""``evidence-vault`` alone, or with only ``--vault DIR``, opens the window (on that
folder); anything else is the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.cli
import app.gui
from app.__main__ import main, window_folder, window_request


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["--vault", "/media/stick/vault"], (True, Path("/media/stick/vault"))),
        (["--vault=/media/stick/vault"], (True, Path("/media/stick/vault"))),
        (["--vault", "/v", "case", "list"], (False, None)),
        (["case", "list", "--vault", "/v"], (False, None)),
        (["--vault"], (False, None)),  # the CLI says what is missing
        (["--vault", "--json"], (False, None)),
        (["--vault="], (False, None)),
        (["--json"], (False, None)),
        (["--passphrase-file", "p"], (False, None)),
        (["--vault", "/v", "--help"], (False, None)),
    ],
)
def test_which_arguments_open_the_window(
    argv: list[str], expected: tuple[bool, Path | None]
) -> None:
    assert window_folder(argv) == expected


def test_main_launches_the_window_on_the_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[Path | None] = []
    ran: list[list[str]] = []

    def launch(vault_folder: Path | None = None, *, neutral: bool = False) -> int:
        launched.append(vault_folder)
        return 0

    def run(argv: list[str]) -> int:
        ran.append(list(argv))
        return 0

    monkeypatch.setattr(app.gui, "launch", launch)
    monkeypatch.setattr(app.cli, "run", run)
    assert main(["--vault", "/media/stick/vault"]) == 0
    assert main([]) == 0
    assert main(["--vault", "/v", "case", "list"]) == 0
    assert launched == [Path("/media/stick/vault"), None]
    assert ran == [["--vault", "/v", "case", "list"]]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--neutral"], (True, None, True)),
        (["--neutral", "--vault", "/v"], (True, Path("/v"), True)),
        (["--vault=/v", "--neutral"], (True, Path("/v"), True)),
        (["--vault", "/v"], (True, Path("/v"), False)),
        (["--neutral", "case", "list"], (False, None, False)),  # the CLI refuses it
    ],
)
def test_neutral_asks_for_the_disguised_window(
    argv: list[str], expected: tuple[bool, Path | None, bool]
) -> None:
    assert window_request(argv) == expected


def test_main_passes_the_disguise_to_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[tuple[Path | None, bool]] = []

    def launch(vault_folder: Path | None = None, *, neutral: bool = False) -> int:
        launched.append((vault_folder, neutral))
        return 0

    monkeypatch.setattr(app.gui, "launch", launch)
    assert main(["--neutral", "--vault", "/v"]) == 0
    assert main([]) == 0
    assert launched == [(Path("/v"), True), (None, False)]
