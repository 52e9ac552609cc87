"""``--json``, ``--vault DIR`` and ``--passphrase-file FILE`` are accepted before or after
the command, on every command path, and a value given after the command wins."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser

PASSPHRASE = "correct horse battery staple 42"


def command_paths(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser that runs a command (it has a handler), with the words that reach it."""
    if path and "handler" in parser._defaults:
        yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from command_paths(child, (*path, name))


def required_words(parser: argparse.ArgumentParser) -> list[str]:
    """The least a command line needs to parse: its positionals and required options."""
    words: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        value = str(action.choices[0]) if action.choices else "1"
        if not action.option_strings:
            if action.nargs not in ("?", "*"):
                words.append(value)
        elif action.required:
            words += [action.option_strings[0], value]
    for group in parser._mutually_exclusive_groups:
        if group.required:  # one of them must be given: the first will do
            first = group._group_actions[0]
            words += [first.option_strings[0], "1"] if first.option_strings else ["1"]
    return words


PATHS = list(command_paths(build_parser()))


def test_the_walk_finds_every_command_family() -> None:
    names = {" ".join(path) for path, _ in PATHS}
    for expected in ("init", "case list", "verify", "package forward", "keys show",
                     "settings set", "age keygen", "sync", "sync profile import", "self-test"):
        assert expected in names
    assert len(names) >= 35


@pytest.mark.parametrize(("path", "parser"), PATHS, ids=[" ".join(p) for p, _ in PATHS])
def test_global_options_before_and_after_every_command(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    root = build_parser()
    words = [*path, *required_words(parser)]
    options = ["--json", "--vault", "V", "--passphrase-file", "P"]
    for argv in ([*options, *words], [*words, *options]):
        args = root.parse_args(argv)
        assert (args.json, args.vault, args.passphrase_file) == (True, "V", "P"), argv
    plain = root.parse_args(words)
    assert (plain.json, plain.vault, plain.passphrase_file) == (False, None, None)
    # Given at both places, the one after the command wins; before alone is kept.
    both = root.parse_args(["--vault", "A", "--passphrase-file", "P", *words, "--vault", "B"])
    assert (both.vault, both.passphrase_file) == ("B", "P")
    equals = root.parse_args([*words, "--vault=C", "--passphrase-file=Q"])
    assert (equals.vault, equals.passphrase_file) == ("C", "Q")


def _evidence_vault(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def test_a_real_vault_answers_the_same_either_way(tmp_path: Path) -> None:
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    vault = str(tmp_path / "vault")
    created = _evidence_vault("init", "--kdf-floor", "--vault", vault,
                              "--passphrase-file", str(secret), "--json")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["vault"] == vault
    added = _evidence_vault("case", "add", "--title", "Either way", "--json",
                            "--passphrase-file", str(secret), "--vault", vault)
    assert added.returncode == 0, added.stderr
    case_id = json.loads(added.stdout)["id"]
    before = _evidence_vault("--json", "--vault", vault, "--passphrase-file", str(secret),
                             "case", "list")
    after = _evidence_vault("case", "list", "--json", "--vault", vault,
                            "--passphrase-file", str(secret))
    assert before.returncode == after.returncode == 0, (before.stderr, after.stderr)
    assert before.stdout == after.stdout
    assert [c["id"] for c in json.loads(after.stdout)] == [case_id]
