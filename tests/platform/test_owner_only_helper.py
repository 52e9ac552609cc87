"""The tests' per-system check of an owner-only file (tests/owner_only.py): the mode on
Linux and macOS, the ACL on Windows (icacls's output imitated)."""

from __future__ import annotations

from pathlib import Path

from tests.owner_only import acl_entries, is_owner_only

ENV = {"USERNAME": "amina", "USERDOMAIN": "LAPTOP"}
PROTECTED_FOLDER = """\
C:\\Users\\amina\\AppData\\Local\\Evidence Vault\\vault LAPTOP\\amina:(OI)(CI)(F)

Successfully processed 1 files; Failed processing 0 files
"""
INHERITED_FILE = """\
C:\\v\\keyslots LAPTOP\\amina:(I)(F)

Successfully processed 1 files; Failed processing 0 files
"""
DEFAULT_FOLDER = """\
C:\\Users\\amina\\Desktop\\shares NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)
                                  BUILTIN\\Administrators:(I)(OI)(CI)(F)
                                  LAPTOP\\amina:(I)(OI)(CI)(F)

Successfully processed 1 files; Failed processing 0 files
"""


def test_windows_reads_the_acl() -> None:
    folder = Path("C:\\Users\\amina\\AppData\\Local\\Evidence Vault\\vault")
    assert is_owner_only(folder, system="win32", run=lambda a: PROTECTED_FOLDER, environ=ENV)
    assert is_owner_only(
        Path("C:\\v\\keyslots"), system="win32", run=lambda a: INHERITED_FILE, environ=ENV
    )
    shares = Path("C:\\Users\\amina\\Desktop\\shares")
    assert not is_owner_only(shares, system="win32", run=lambda a: DEFAULT_FOLDER, environ=ENV)
    assert acl_entries(DEFAULT_FOLDER, str(shares)) == [
        ("NT AUTHORITY\\SYSTEM", "(I)(OI)(CI)(F)"),
        ("BUILTIN\\Administrators", "(I)(OI)(CI)(F)"),
        ("LAPTOP\\amina", "(I)(OI)(CI)(F)"),
    ]
    read_only = INHERITED_FILE.replace("(F)", "(R)")
    assert not is_owner_only(
        Path("C:\\v\\keyslots"), system="win32", run=lambda a: read_only, environ=ENV
    )


def test_posix_reads_the_mode(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    secret = folder / "keyslots"
    secret.write_bytes(b"")
    secret.chmod(0o600)
    for system in ("linux", "darwin"):
        assert is_owner_only(folder, system=system) and is_owner_only(secret, system=system)
    secret.chmod(0o644)
    folder.chmod(0o755)
    assert not is_owner_only(secret, system="linux")
    assert not is_owner_only(folder, system="darwin")
