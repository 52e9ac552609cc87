"""`evidence-vault age ...` run as a real process, checked against the `age` tools."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.owner_only import is_owner_only

pytestmark = [pytest.mark.interop, pytest.mark.usefixtures("age_tools")]

ROOT = Path(__file__).resolve().parents[3]
PLAINTEXT = os.urandom(3 * 65536 + 99)


def _app(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], input=stdin, capture_output=True, cwd=ROOT
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An identity file written by our keygen, and the public key it printed."""
    path = tmp_path_factory.mktemp("cli") / "me.key"
    result = _app("age", "keygen", "-o", str(path))
    assert result.returncode == 0, result.stderr
    public = result.stderr.decode().strip().removeprefix("Public key: ")
    assert public.startswith("age1")
    return path, public


def test_keygen_writes_age_keygen_format(keys: tuple[Path, str]) -> None:
    path, public = keys
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# created: ")
    assert lines[1] == f"# public key: {public}"
    assert lines[2].startswith("AGE-SECRET-KEY-1")
    assert is_owner_only(path)
    derived = subprocess.run(["age-keygen", "-y", str(path)], capture_output=True, text=True)
    assert derived.stdout.strip() == public
    again = _app("age", "keygen", "-o", str(path))
    assert again.returncode != 0 and path.read_text().splitlines() == lines


def test_keygen_to_stdout() -> None:
    result = _app("age", "keygen")
    assert result.returncode == 0
    assert b"AGE-SECRET-KEY-1" in result.stdout and b"# public key: age1" in result.stdout


def test_encrypt_file_then_age_decrypts(keys: tuple[Path, str], tmp_path: Path) -> None:
    key, public = keys
    source = tmp_path / "testimony.bin"
    source.write_bytes(PLAINTEXT)
    out = tmp_path / "testimony.age"
    result = _app("age", "encrypt", "-r", public, "-o", str(out), str(source))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "testimony.age.partial").exists()
    plain = subprocess.run(["age", "-d", "-i", str(key), str(out)], capture_output=True)
    assert plain.returncode == 0 and plain.stdout == PLAINTEXT


def test_pipes_and_recipients_file(keys: tuple[Path, str], tmp_path: Path) -> None:
    key, public = keys
    recipients = tmp_path / "recipients.txt"
    recipients.write_text(f"# platform\n{public}\n")
    encrypted = _app("age", "encrypt", "-R", str(recipients), stdin=PLAINTEXT)
    assert encrypted.returncode == 0, encrypted.stderr
    decrypted = _app("age", "decrypt", "-i", str(key), stdin=encrypted.stdout)
    assert decrypted.returncode == 0 and decrypted.stdout == PLAINTEXT


def test_decrypt_what_age_encrypted(keys: tuple[Path, str], tmp_path: Path) -> None:
    key, public = keys
    encrypted = subprocess.run(["age", "-r", public], input=PLAINTEXT, capture_output=True)
    source = tmp_path / "in.age"
    source.write_bytes(encrypted.stdout)
    out = tmp_path / "out.bin"
    result = _app("age", "decrypt", "-i", str(key), "-o", str(out), str(source))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == PLAINTEXT


def test_wrong_identity_leaves_no_output(keys: tuple[Path, str], tmp_path: Path) -> None:
    _, public = keys
    other = tmp_path / "other.key"
    assert _app("age", "keygen", "-o", str(other)).returncode == 0
    encrypted = _app("age", "encrypt", "-r", public, stdin=PLAINTEXT)
    source = tmp_path / "in.age"
    source.write_bytes(encrypted.stdout)
    out = tmp_path / "out.bin"
    result = _app("age", "decrypt", "-i", str(other), "-o", str(out), str(source))
    assert result.returncode == 1
    assert b"not encrypted to any identity" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.age", "other.key"]


def test_damaged_file_leaves_no_output(keys: tuple[Path, str], tmp_path: Path) -> None:
    key, public = keys
    encrypted = bytearray(_app("age", "encrypt", "-r", public, stdin=PLAINTEXT).stdout)
    encrypted[-10] ^= 1  # the last chunk: earlier chunks were already written out
    source = tmp_path / "in.age"
    source.write_bytes(bytes(encrypted))
    out = tmp_path / "out.bin"
    result = _app("age", "decrypt", "-i", str(key), "-o", str(out), str(source))
    assert result.returncode == 1
    assert b"integrity" in result.stderr
    assert not out.exists() and not (tmp_path / "out.bin.partial").exists()


def test_usage_errors(tmp_path: Path) -> None:
    assert _app("age", "encrypt", stdin=b"x").returncode == 1  # no recipient
    bad = _app("age", "encrypt", "-r", "age1notakey", stdin=b"x")
    assert bad.returncode == 1 and b"recipient" in bad.stderr
    missing = _app("age", "decrypt", "-i", str(tmp_path / "nope"), stdin=b"x")
    assert missing.returncode == 1
    assert _app("age").returncode == 2


def test_refuses_binary_to_a_terminal(keys: tuple[Path, str]) -> None:
    _, public = keys
    import pty

    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", "age", "encrypt", "-r", public],
            input=b"secret",
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 1
    assert b"terminal" in result.stderr
