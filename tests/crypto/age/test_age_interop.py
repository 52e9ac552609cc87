"""Interoperability with implementations nobody here wrote: the `age` tools and pyrage.

Files we encrypt must open with `age -d` and pyrage; files they encrypt must open with
ours; keys from `age-keygen` work with us and ours with `age`; and a file `age` would
reject (damaged) we reject too.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519 as rage_x25519

from app.crypto.age import X25519Identity, decrypt, encrypt, parse_identities
from app.crypto.age.stream import CHUNK_SIZE
from app.errors import AuthenticationError

pytestmark = [pytest.mark.interop, pytest.mark.usefixtures("age_tools")]

C = CHUNK_SIZE
SIZES = [0, 1, C - 1, C, C + 1, 2 * C - 1, 2 * C, 2 * C + 1, 5 * C + 123]
DATA = os.urandom(5 * C + 123)


def _ours_encrypt(plaintext: bytes, recipients: list) -> bytes:  # type: ignore[type-arg]
    out = io.BytesIO()
    encrypt(io.BytesIO(plaintext), out, recipients)
    return out.getvalue()


def _ours_decrypt(data: bytes, identities: list[X25519Identity]) -> bytes:
    out = io.BytesIO()
    decrypt(io.BytesIO(data), out, identities)
    return out.getvalue()


@pytest.fixture(scope="module")
def age_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An identity file made by age-keygen and its public key."""
    path = tmp_path_factory.mktemp("agekeys") / "key.txt"
    result = subprocess.run(
        ["age-keygen", "-o", str(path)], capture_output=True, text=True, check=True
    )
    public = result.stderr.strip().removeprefix("Public key: ")
    assert public.startswith("age1")
    return path, public


@pytest.mark.parametrize("size", SIZES)
def test_ours_to_age_and_age_to_ours(size: int, age_keys: tuple[Path, str]) -> None:
    key_file, public = age_keys
    plaintext = DATA[:size]
    ours = parse_identities(key_file.read_text())
    # age-keygen's public key line and ours agree on the same secret.
    assert str(ours[0].recipient) == public

    encrypted = _ours_encrypt(plaintext, [ours[0].recipient])
    result = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=encrypted, capture_output=True, check=True
    )
    assert result.stdout == plaintext

    result = subprocess.run(["age", "-r", public], input=plaintext, capture_output=True, check=True)
    assert _ours_decrypt(result.stdout, ours) == plaintext


def test_our_keys_work_with_age(tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    key_file = tmp_path / "ours.txt"
    key_file.write_text(f"# public key: {identity.recipient}\n{identity}\n")
    result = subprocess.run(
        ["age", "-r", str(identity.recipient)], input=DATA[:1000], capture_output=True, check=True
    )
    plain = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=result.stdout, capture_output=True, check=True
    )
    assert plain.stdout == DATA[:1000]
    converted = subprocess.run(
        ["age-keygen", "-y", str(key_file)], capture_output=True, text=True, check=True
    )
    assert converted.stdout.strip() == str(identity.recipient)


def test_several_recipients_mixed_with_age(age_keys: tuple[Path, str]) -> None:
    key_file, public = age_keys
    ours = X25519Identity.generate()
    result = subprocess.run(
        ["age", "-r", public, "-r", str(ours.recipient)],
        input=DATA[:5000],
        capture_output=True,
        check=True,
    )
    assert _ours_decrypt(result.stdout, [ours]) == DATA[:5000]
    encrypted = _ours_encrypt(
        DATA[:5000], [ours.recipient, parse_identities(key_file.read_text())[0].recipient]
    )
    plain = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=encrypted, capture_output=True, check=True
    )
    assert plain.stdout == DATA[:5000]


def test_age_also_rejects_what_we_reject(age_keys: tuple[Path, str]) -> None:
    key_file, _ = age_keys
    identity = parse_identities(key_file.read_text())[0]
    encrypted = bytearray(_ours_encrypt(DATA[: 2 * C], [identity.recipient]))
    encrypted[-100] ^= 1
    with pytest.raises(AuthenticationError):
        _ours_decrypt(bytes(encrypted), [identity])
    result = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=bytes(encrypted), capture_output=True
    )
    assert result.returncode != 0


@pytest.mark.parametrize("size", [0, 1, C, C + 1, 3 * C])
def test_pyrage_both_ways(size: int) -> None:
    plaintext = DATA[:size]
    theirs = rage_x25519.Identity.generate()
    ours = X25519Identity.parse(str(theirs))
    assert str(ours.recipient) == str(theirs.to_public())

    assert pyrage.decrypt(_ours_encrypt(plaintext, [ours.recipient]), [theirs]) == plaintext
    assert _ours_decrypt(pyrage.encrypt(plaintext, [theirs.to_public()]), [ours]) == plaintext

    generated = X25519Identity.generate()
    their_copy = rage_x25519.Identity.from_str(str(generated))
    assert str(their_copy.to_public()) == str(generated.recipient)
