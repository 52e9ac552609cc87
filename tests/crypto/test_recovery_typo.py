"""A recovery key typed with a mistake names the group to check, before any Argon2id run.

``mistyped_groups`` decides from the text alone: it must find every single changed
character and every swap of two different neighbours, in each of the eight groups, and
must leave passphrases (even ones shaped like a key) to the passphrase slot.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.kdf import FLOOR, Argon2Params
from app.crypto.keyslots import create_keyslots, unlock
from app.crypto.recovery import CROCKFORD, GROUPS, RecoveryKey, mistyped_groups
from app.errors import PassphraseRejectedError, RecoveryKeyTypoError, WrongPassphraseError

KEY = RecoveryKey(bytes(range(20)))
TEXT = KEY.formatted()  # "000G0-40R47-0M30J-E209D-185GT-R38E6-1W81Q-24GK4"


def _groups(text: str) -> list[str]:
    return text.split("-")


def _with_group(text: str, index: int, group: str) -> str:
    groups = _groups(text)
    groups[index] = group
    return "-".join(groups)


def _changed(char: str, step: int = 1) -> str:
    return CROCKFORD[(CROCKFORD.index(char) + step) % 32]


def test_a_correct_key_has_no_mistake() -> None:
    assert mistyped_groups(TEXT) == ()
    assert mistyped_groups(TEXT.lower().replace("-", " ")) == ()
    assert mistyped_groups(TEXT.replace("-", "")) == ()


@pytest.mark.parametrize("index", range(GROUPS))
@pytest.mark.parametrize("position", range(5))
def test_every_single_changed_character_names_its_group(index: int, position: int) -> None:
    group = _groups(TEXT)[index]
    for step in range(1, 32):
        typo = group[:position] + _changed(group[position], step) + group[position + 1 :]
        assert mistyped_groups(_with_group(TEXT, index, typo)) == (index + 1,), typo


@pytest.mark.parametrize("index", range(GROUPS))
def test_every_swap_of_neighbours_names_its_group(index: int) -> None:
    for secret in (bytes(range(20)), hashlib.sha256(b"another key").digest()[:20]):
        text = RecoveryKey(secret).formatted()
        group = _groups(text)[index]
        for position in range(4):
            a, b = group[position], group[position + 1]
            if a == b:
                continue
            swapped = group[:position] + b + a + group[position + 2 :]
            assert mistyped_groups(_with_group(text, index, swapped)) == (index + 1,)


def test_two_groups_with_mistakes_are_both_named_in_order() -> None:
    text = _with_group(TEXT, 6, _changed(_groups(TEXT)[6][0]) + _groups(TEXT)[6][1:])
    text = _with_group(text, 1, _groups(text)[1][:4] + _changed(_groups(text)[1][4]))
    assert mistyped_groups(text) == (2, 7)
    assert mistyped_groups(text.replace("-", "")) == (2, 7)


def test_a_group_in_the_wrong_place_is_caught() -> None:
    groups = _groups(TEXT)
    groups[2], groups[3] = groups[3], groups[2]
    assert mistyped_groups("-".join(groups)) == (3, 4)


@pytest.mark.parametrize(
    "passphrase",
    [
        "correct horse battery staple 42",
        "quiet river under seven bridges",
        "",
        "x" * 500,
        TEXT[:-1],  # a character short: not the shape of a key
        TEXT + "Q",
        "-".join(["ABCDE"] * 7),
        "abcde fghjk mnpqr stvwx yz012 34567 89abc defgh",  # key-shaped, most groups fail
        TEXT.replace("0", "U"),  # U is not in the alphabet
    ],
)
def test_passphrases_are_left_to_the_passphrase_slot(passphrase: str) -> None:
    assert mistyped_groups(passphrase) == ()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=CROCKFORD, min_size=5, max_size=5), min_size=8, max_size=8))
def test_a_random_key_shaped_text_is_almost_never_taken_for_a_typo(groups: list[str]) -> None:
    # Reported only when at most two of the eight groups fail: random text fails seven or
    # eight (each passes by chance 1 in 32), so a passphrase of this shape still reaches
    # its slot; six or more passing groups by chance is about 3 in 100 million.
    assert mistyped_groups(" ".join(groups)) == ()


class _NoDerivation:
    calls = 0

    def __call__(self, secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
        self.calls += 1
        return hashlib.sha256(secret + salt).digest()


def test_unlock_names_the_group_without_running_argon2() -> None:
    derive = _NoDerivation()
    slots = create_keyslots(bytes(32), "quiet river under seven bridges", KEY, FLOOR,
                            derive=derive)  # fmt: skip
    derive.calls = 0
    typo = _with_group(TEXT, 4, _changed(_groups(TEXT)[4][2]).join(
        [_groups(TEXT)[4][:2], _groups(TEXT)[4][3:]]))  # fmt: skip
    with pytest.raises(RecoveryKeyTypoError) as caught:
        unlock(slots, typo, derive=derive)
    assert derive.calls == 0
    assert caught.value.groups == (5,)
    assert str(caught.value) == "Group 5 of the recovery key has a typing mistake: check it."
    assert isinstance(caught.value, WrongPassphraseError)  # every caller's handling holds
    assert unlock(slots, TEXT, derive=derive) == bytes(32)
    assert unlock(slots, "quiet river under seven bridges", derive=derive) == bytes(32)


def test_the_message_names_two_groups_and_reads_back() -> None:
    error = RecoveryKeyTypoError((2, 7))
    assert str(error) == "Groups 2 and 7 of the recovery key have a typing mistake: check them."
    assert RecoveryKeyTypoError.groups_in(str(error)) == (2, 7)
    assert RecoveryKeyTypoError.groups_in(str(RecoveryKeyTypoError((8,)))) == (8,)
    assert RecoveryKeyTypoError.groups_in("The passphrase is not correct.") == ()


def test_a_new_passphrase_cannot_look_like_a_mistyped_key() -> None:
    typo = _with_group(TEXT, 0, "000G1")
    assert mistyped_groups(typo) == (1,)
    with pytest.raises(PassphraseRejectedError):
        create_keyslots(bytes(32), typo, KEY, FLOOR, derive=_NoDerivation())


def test_the_version_2_key_file_names_the_group_before_deriving() -> None:
    from app.crypto.keyfile import Secret

    with pytest.raises(RecoveryKeyTypoError) as caught:
        Secret.from_text(_with_group(TEXT, 7, "1W81R"))
    assert caught.value.groups == (8,)
    assert Secret.from_text(TEXT).kind == "recovery"
    assert Secret.from_text("quiet river under seven bridges").kind == "passphrase"
