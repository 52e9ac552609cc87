"""The printed recovery key: round trip, forgiving input, and typos caught with the group named."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.recovery import CROCKFORD, RecoveryKey
from app.errors import FormatError

SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$")
# A printed key must open the vault with every later version of the program: this one
# is frozen. Its data symbols are checked against the standard library's base32 below.
GOLDEN_SECRET = bytes(range(20))
GOLDEN_TEXT = "000G0-40R47-0M30J-E209D-185GT-R38E6-1W81Q-24GK4"


def _data_symbols(formatted: str) -> str:
    return "".join(group[:4] for group in formatted.split("-"))


def test_round_trip_and_shape() -> None:
    key = RecoveryKey.generate()
    text = key.formatted()
    assert SHAPE.match(text), text
    assert len(key.secret_bytes()) == 20
    assert RecoveryKey.parse(text) == key
    assert RecoveryKey.parse(text).secret_bytes() == key.secret_bytes()
    assert RecoveryKey.generate() != key


def test_golden_key_is_stable_and_its_data_is_standard_base32() -> None:
    key = RecoveryKey(GOLDEN_SECRET)
    assert key.formatted() == GOLDEN_TEXT
    rfc4648 = base64.b32encode(GOLDEN_SECRET).decode()
    as_crockford = rfc4648.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD))
    assert _data_symbols(GOLDEN_TEXT) == as_crockford
    assert RecoveryKey.parse(GOLDEN_TEXT).secret_bytes() == GOLDEN_SECRET


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=20, max_size=20))
def test_every_secret_round_trips(secret: bytes) -> None:
    key = RecoveryKey(secret)
    assert RecoveryKey.parse(key.formatted()).secret_bytes() == secret
    assert RecoveryKey.looks_like_recovery_key(key.formatted())


@pytest.mark.parametrize(
    "transform",
    [
        str.lower,
        lambda text: text.replace("-", " "),
        lambda text: text.replace("-", ""),
        lambda text: "  " + text.replace("-", " - ") + "\n",
        lambda text: text.replace("-", "\u2013"),  # en dash from a word processor
        lambda text: text.replace("0", "O").replace("1", "l"),
        lambda text: text.replace("1", "I").lower(),
        # Full-width forms, as some East Asian input methods type them.
        lambda text: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text),
        # Groups split differently when copied by hand still read the same symbols.
        lambda text: " ".join(re.findall(".{1,4}", text.replace("-", ""))),
    ],
)
def test_parse_forgives_how_people_type(transform: object) -> None:
    assert callable(transform)
    key = RecoveryKey(GOLDEN_SECRET)
    # The golden key has both 0 and 1, so the confusion cases are exercised.
    assert "0" in GOLDEN_TEXT and "1" in GOLDEN_TEXT
    typed = transform(GOLDEN_TEXT)
    assert typed != GOLDEN_TEXT
    assert RecoveryKey.parse(typed) == key


def test_every_single_wrong_symbol_is_caught_and_its_group_named() -> None:
    text = GOLDEN_TEXT.replace("-", "")
    for position, original in enumerate(text):
        for replacement in CROCKFORD:
            if replacement == original:
                continue
            typed = text[:position] + replacement + text[position + 1 :]
            with pytest.raises(FormatError, match=rf"Group {position // 5 + 1} does not match"):
                RecoveryKey.parse(typed)


def test_every_swap_of_neighbours_in_a_group_is_caught() -> None:
    swaps = 0
    for _ in range(20):
        groups = RecoveryKey.generate().formatted().split("-")
        for index, group in enumerate(groups):
            for at in range(4):
                if group[at] == group[at + 1]:
                    continue
                swapped = group[:at] + group[at + 1] + group[at] + group[at + 2 :]
                typed = "-".join([*groups[:index], swapped, *groups[index + 1 :]])
                with pytest.raises(FormatError, match=rf"Group {index + 1} does"):
                    RecoveryKey.parse(typed)
                swaps += 1
    assert swaps > 500


def test_groups_in_the_wrong_order_are_caught() -> None:
    groups = RecoveryKey.generate().formatted().split("-")
    groups[2], groups[5] = groups[5], groups[2]
    with pytest.raises(FormatError, match="Groups 3, 6 do not match"):
        RecoveryKey.parse("-".join(groups))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "has 40 letters and digits .* this has 0"),
        (GOLDEN_TEXT[:-6], "this has 35"),
        (GOLDEN_TEXT + "-ABCDE", "this has 45"),
        (GOLDEN_TEXT.replace("R", "U", 1), "Letter or digit 8 .* not one used"),
        (GOLDEN_TEXT.replace("-", "."), "Letter or digit 6"),
        ("A" * 500, "too long"),
    ],
)
def test_malformed_input_says_what_is_wrong(typed: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        RecoveryKey.parse(typed)


def test_error_messages_never_repeat_the_typed_key() -> None:
    text = RecoveryKey.generate().formatted()
    typed = text[:7] + ("Z" if text[7] != "Z" else "Y") + text[8:]
    with pytest.raises(FormatError) as caught:
        RecoveryKey.parse(typed)
    for group in typed.split("-"):
        assert group not in str(caught.value)


def test_looks_like_recovery_key_only_for_a_checked_key() -> None:
    key = RecoveryKey.generate()
    assert RecoveryKey.looks_like_recovery_key(key.formatted())
    assert RecoveryKey.looks_like_recovery_key(key.formatted().lower().replace("-", " "))
    assert not RecoveryKey.looks_like_recovery_key("correct horse battery staple")
    assert not RecoveryKey.looks_like_recovery_key("")
    # Forty base32 letters shaped like a key but without valid check symbols.
    assert not RecoveryKey.looks_like_recovery_key(
        "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567-89ABC-DEFGH"
    )
    typo = key.formatted()
    typo = ("1" if typo[0] != "1" else "2") + typo[1:]
    assert not RecoveryKey.looks_like_recovery_key(typo)


def test_repr_hides_the_secret() -> None:
    key = RecoveryKey(GOLDEN_SECRET)
    assert repr(key) == "RecoveryKey(<hidden>)"
    assert GOLDEN_TEXT[:5] not in repr(key)


def test_wrong_secret_length_is_refused() -> None:
    with pytest.raises(ValueError, match="20 bytes"):
        RecoveryKey(b"short")
