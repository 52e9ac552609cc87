"""A reader that stops early (``| head -1``, ``| head -0``) ends the command quietly.

The pipes here are real: the reading end is closed before the command writes (as
``head -0`` does), or after the first line of a long output (as ``head -1`` does). The
command exits with its own status, prints no "Internal error", no traceback, and the
interpreter does not complain about the pipe at exit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.support import CliVault

QUIET = ("Internal error", "Traceback", "BrokenPipeError", "Exception ignored")


def _closed_before_writing(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    # Closed long before the new interpreter has even imported the program.
    process.stdout.close()
    stderr = process.stderr.read()
    returncode = process.wait(timeout=120)
    return subprocess.CompletedProcess(args, returncode, b"", stderr)


def _assert_quiet(result: subprocess.CompletedProcess[bytes]) -> None:
    text = result.stderr.decode("utf-8", "replace")
    for word in QUIET:
        assert word not in text, text


@pytest.mark.parametrize("json_output", [False, True], ids=["text", "json"])
def test_case_list_into_a_closed_pipe(sealed_vault: CliVault, json_output: bool) -> None:
    args = ["case", "list", *sealed_vault.globals(), *(["--json"] if json_output else [])]
    result = _closed_before_writing(args)
    _assert_quiet(result)
    assert result.returncode == 0
    assert result.stderr == b""


def test_verify_into_a_closed_pipe_keeps_its_status(sealed_vault: CliVault) -> None:
    made = sealed_vault.made
    good = _closed_before_writing(
        ["verify", made["package_file"], "--identity", made["identity"],
         "--trusted-signers", made["allowed_signers"]]
    )  # fmt: skip
    _assert_quiet(good)
    assert good.returncode == 0
    # Not a trusted signer: the report says NOT VALID and the status stays 1.
    empty = Path(made["allowed_signers"]).with_name("nobody_trusted")
    empty.write_text("", encoding="utf-8")
    refused = _closed_before_writing(
        ["verify", made["package_file"], "--identity", made["identity"],
         "--trusted-signers", str(empty)]
    )  # fmt: skip
    _assert_quiet(refused)
    assert refused.returncode == 1


def test_head_1_of_a_long_output(sealed_vault: CliVault, tmp_path: Path) -> None:
    # Longer than a pipe holds (64 KiB on Linux), so the writer meets the closed pipe
    # in the middle of its output, as with `evidence-vault age decrypt BIG | head -1`.
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"line of a long document\n" * 40_000)
    encrypted = tmp_path / "plain.age"
    made = sealed_vault.made
    subprocess.run(
        [sys.executable, "-m", "app", "age", "encrypt", "-r", made["recipient"],
         "-o", str(encrypted), str(plain)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    shell = (
        f"set -o pipefail; {sys.executable} -m app age decrypt -i {made['identity']} "
        f"{encrypted} | head -1"
    )
    result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=120)
    assert result.stdout == b"line of a long document\n"
    _assert_quiet(subprocess.CompletedProcess([], result.returncode, b"", result.stderr))
    assert result.stderr == b""
    # The output was cut short: the command did not complete, and says so by its status.
    assert result.returncode == 1


def test_head_0_in_a_shell_pipeline(sealed_vault: CliVault) -> None:
    globals_ = " ".join(sealed_vault.globals())
    shell = f"set -o pipefail; {sys.executable} -m app case list {globals_} --json | head -0"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
