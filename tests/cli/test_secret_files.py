"""Passphrase files are read strictly: at most 4 KiB, the first line cut only at a line
feed (a carriage return before it dropped), UTF-8 (a byte-order mark accepted, UTF-16
refused with a clear message); a new passphrase with control characters is refused, so
what the vault was created with is what the file says."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.secret_files import MAX_SECRET_FILE, read_secret_file
from app.crypto.keyslots import _check_new_passphrase
from app.errors import EvidenceVaultError, PassphraseRejectedError
from tests.cli.support import evidence_vault


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "secret"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"correct horse battery staple\n", "correct horse battery staple"),
        (b"correct horse battery staple\r\nsecond line\n", "correct horse battery staple"),
        (b"no newline at the end", "no newline at the end"),
        ("\ufeffс BOM на пачатку\n".encode(), "с BOM на пачатку"),
        # Other separators are part of the passphrase, never where it ends.
        (b"correct horse\x0cbattery staple\n", "correct horse\x0cbattery staple"),
        ("correct horse\u2028battery staple\n".encode(), "correct horse\u2028battery staple"),
    ],
)
def test_the_first_line_is_cut_only_at_a_line_feed(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    assert read_secret_file(_file(tmp_path, data), "passphrase file") == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x" * (MAX_SECRET_FILE + 1), "larger than 4 KiB"),
        ("UTF-16 text\n".encode("utf-16"), "UTF-16"),
        (b"\xff\xfe\x00", "UTF-16"),
        (b"caf\xe9 latin-1\n", "not UTF-8"),
    ],
)
def test_unreadable_secret_files_get_a_clear_message(
    tmp_path: Path, data: bytes, message: str
) -> None:
    with pytest.raises(EvidenceVaultError, match=message):
        read_secret_file(_file(tmp_path, data), "passphrase file")


@pytest.mark.parametrize("character", ["\x0c", "\x00", "\x1b", "\u2028", "\u2029", "\x85"])
def test_a_new_passphrase_with_control_characters_is_refused(character: str) -> None:
    with pytest.raises(PassphraseRejectedError, match="control"):
        _check_new_passphrase(f"correct horse{character}battery staple")


def test_a_vault_is_never_created_with_a_cut_passphrase(tmp_path: Path) -> None:
    secret = _file(tmp_path, b"correct horse\x0cbattery staple\n")
    made = evidence_vault(
        "init", "--kdf-floor", "--vault", str(tmp_path / "vault"), "--passphrase-file", str(secret)
    )
    assert made.returncode == 1
    assert "control" in made.stderr
    assert not (tmp_path / "vault" / "keyslots").exists()
