"""The printed recovery key: 160 random bits a person writes down once and types back by hand.

Shown as eight groups of five Crockford base32 characters, ``K7QPX-3XMAB-...``: four
characters of secret and one check character per group. The check character makes every
single mistyped character and every swap of two neighbouring characters in a group
detectable, and it depends on the group's position, so a group copied in the wrong place
is caught too; the error then names the group to look at again. Parsing forgives case,
spaces, dashes and the usual confusions (O for 0, I and L for 1).

Pure functions and an immutable value; safe on any thread. Error messages give positions
only, never the characters typed, because those are key material.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata

from app.errors import FormatError

SECRET_BYTES = 20  # 160 bits
GROUPS = 8
DATA_PER_GROUP = 4
GROUP_LENGTH = DATA_PER_GROUP + 1
KEY_CHARACTERS = GROUPS * GROUP_LENGTH
# Longer input cannot be a recovery key; refuse it before normalising anything.
MAX_INPUT_LENGTH = 200
# More groups than this failing their check: a passphrase shaped like a key, not a typo.
MAX_MISTYPED_GROUPS = 2

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {char: value for value, char in enumerate(CROCKFORD)}
# Crockford's decoding rules: letters easily misread as digits mean those digits.
_VALUE.update({"O": 0, "I": 1, "L": 1})
# Separators people type or paste: spaces, ASCII and typographic dashes, underscores.
_SEPARATORS = frozenset(" \t\r\n-_\u2010\u2011\u2012\u2013\u2014\u2212")


def crockford_encode(data: bytes) -> str:
    """Crockford base32 of ``data`` (whose bit length is a multiple of 5), no padding."""
    bits = len(data) * 8
    if bits % 5:
        raise ValueError("Crockford encoding here needs a whole number of 5-bit symbols.")
    number = int.from_bytes(data, "big")
    return "".join(CROCKFORD[(number >> shift) & 31] for shift in range(bits - 5, -1, -5))


def _crockford_decode(values: list[int]) -> bytes:
    number = 0
    for value in values:
        number = (number << 5) | value
    return number.to_bytes(len(values) * 5 // 8, "big")


def _gf32_double(value: int) -> int:
    """Multiply by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1)."""
    value <<= 1
    if value & 32:
        value ^= 0b100101
    return value


def _check_value(group_index: int, data: list[int]) -> int:
    """The check symbol for one group: a Damm-style quasigroup x*y = 2x + y over GF(32).

    Since 2 is neither 0 nor 1 in the field, any single changed symbol and any swap of two
    different neighbours changes the result. Starting from the group's position makes the
    same four symbols need a different check symbol in another group.
    """
    interim = group_index + 1
    for value in data:
        interim = _gf32_double(interim) ^ value
    return _gf32_double(interim)


def _symbols(text: str) -> list[int]:
    """The symbol values in ``text``, or ``FormatError`` saying what is wrong."""
    if len(text) > MAX_INPUT_LENGTH:
        raise FormatError("This is too long to be a recovery key.")
    # NFKC folds full-width letters and digits (from some input methods) to ASCII.
    folded = unicodedata.normalize("NFKC", text).upper()
    values: list[int] = []
    for char in folded:
        if char in _SEPARATORS:
            continue
        value = _VALUE.get(char)
        if value is None:
            raise FormatError(
                f"Letter or digit {len(values) + 1} of the recovery key is not one "
                "used in recovery keys."
            )
        values.append(value)
    if len(values) != KEY_CHARACTERS:
        raise FormatError(
            f"A recovery key has {KEY_CHARACTERS} letters and digits "
            f"({GROUPS} groups of {GROUP_LENGTH}); this has {len(values)}."
        )
    return values


def _failing_groups(values: list[int]) -> list[int]:
    """The numbers (1 to 8) of the groups whose check symbol does not match."""
    wrong: list[int] = []
    for index in range(GROUPS):
        group = values[index * GROUP_LENGTH : (index + 1) * GROUP_LENGTH]
        if _check_value(index, group[:DATA_PER_GROUP]) != group[DATA_PER_GROUP]:
            wrong.append(index + 1)
    return wrong


def _key_shaped_symbols(text: str) -> list[int] | None:
    """The symbols of ``text`` when it is shaped as a recovery key is written: eight groups
    of five letters and digits of the key's alphabet between separators, or the forty in
    one run; None for anything else."""
    if len(text) > MAX_INPUT_LENGTH:
        return None
    folded = unicodedata.normalize("NFKC", text).upper()
    chunks = "".join(" " if char in _SEPARATORS else char for char in folded).split()
    if [len(chunk) for chunk in chunks] not in ([GROUP_LENGTH] * GROUPS, [KEY_CHARACTERS]):
        return None
    values = [_VALUE.get(char) for char in "".join(chunks)]
    if any(value is None for value in values):
        return None
    return [value for value in values if value is not None]


def mistyped_groups(text: str) -> tuple[int, ...]:
    """The groups to check again (numbers 1 to 8), when ``text`` is a recovery key typed
    with a mistake; empty when it is not one.

    It is one when it has the shape of a key (:func:`_key_shaped_symbols`) and one or two
    groups fail their check character: a changed character or two swapped neighbours
    make exactly their group fail. A text of that shape with three or more failing groups
    is taken for a passphrase instead: random text fails seven or eight of the eight
    groups (each passes by chance 1 in 32), so only about 3 in 100 million passphrases
    of this shape would be mistaken for a mistyped key, while a key with typos in three
    groups is rare and still refused (as a wrong passphrase). A correct key gives ``()``.
    Pure and cheap: called before any key derivation.
    """
    values = _key_shaped_symbols(text)
    if values is None:
        return ()
    wrong = _failing_groups(values)
    return tuple(wrong) if len(wrong) <= MAX_MISTYPED_GROUPS else ()


class RecoveryKey:
    """A 160-bit vault recovery secret. ``repr`` never shows it."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) != SECRET_BYTES:
            raise ValueError(f"A recovery key holds exactly {SECRET_BYTES} bytes.")
        self._secret = bytes(secret)

    @classmethod
    def generate(cls) -> RecoveryKey:
        return cls(secrets.token_bytes(SECRET_BYTES))

    @classmethod
    def parse(cls, text: str) -> RecoveryKey:
        """The key typed in ``text``; ``FormatError`` names the groups with a typo."""
        values = _symbols(text)
        data: list[int] = []
        for index in range(GROUPS):
            data.extend(values[index * GROUP_LENGTH : index * GROUP_LENGTH + DATA_PER_GROUP])
        wrong_groups = _failing_groups(values)
        if wrong_groups:
            listed = ", ".join(str(number) for number in wrong_groups)
            which = f"Group {listed} does" if len(wrong_groups) == 1 else f"Groups {listed} do"
            raise FormatError(
                f"{which} not match the check character of the recovery key: "
                "please compare with the printed key again."
            )
        return cls(_crockford_decode(data))

    @staticmethod
    def looks_like_recovery_key(text: str) -> bool:
        """True when ``text`` is a complete, correctly checked recovery key.

        An unlock box uses this to choose the slot to try. Requiring every check character
        to match (40 bits in all) means a passphrase is never mistaken for a key.
        """
        try:
            RecoveryKey.parse(text)
        except FormatError:
            return False
        return True

    def formatted(self) -> str:
        data = crockford_encode(self._secret)
        groups = []
        for index in range(GROUPS):
            chunk = data[index * DATA_PER_GROUP : (index + 1) * DATA_PER_GROUP]
            check = _check_value(index, [_VALUE[char] for char in chunk])
            groups.append(chunk + CROCKFORD[check])
        return "-".join(groups)

    def secret_bytes(self) -> bytes:
        return self._secret

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecoveryKey):
            return NotImplemented
        return hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self._secret)

    def __repr__(self) -> str:
        return "RecoveryKey(<hidden>)"
