"""Recovery shares: a vault secret split into word shares (SLIP-39, ``shamir-mnemonic``).

``split`` makes a fresh 128-bit secret and N printable shares of 20 words, any K of which
give the secret back; fewer give nothing (Shamir's scheme over GF(256), as specified by
SLIP-39). The secret opens a keyslot of its own (kind "shares"), so a new split or a
re-key makes old shares useless.

Each share carries SLIP-39's RS1024 checksum: a word that is not a share word, or a
wrong or swapped word, is detected, and the error names the share and the word's position
(found by solving for the single word that makes the checksum hold). Error messages never
contain the words themselves: they are key material.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import shamir_mnemonic  # type: ignore[import-untyped]
from shamir_mnemonic import rs1024
from shamir_mnemonic.wordlist import WORD_INDEX_MAP  # type: ignore[import-untyped]

from app.errors import FormatError

SECRET_BYTES = 16
MIN_THRESHOLD = 2
MAX_SHARES = 16
MAX_SHARE_TEXT = 4096


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def split(secret: bytes, threshold: int, count: int) -> list[str]:
    """``count`` shares of ``secret``, any ``threshold`` of which recombine it."""
    if not MIN_THRESHOLD <= threshold <= count <= MAX_SHARES:
        raise FormatError(
            f"Shares need 2 <= threshold <= number of shares <= {MAX_SHARES}."
        )
    groups = shamir_mnemonic.generate_mnemonics(
        1, [(threshold, count)], secret, b"", extendable=True, iteration_exponent=0
    )
    return list(groups[0])


def _customization(indices: list[int]) -> bytes:
    # The extendable flag is bit 4 of the second word (15-bit id, 1 flag, 4-bit exponent).
    extendable = len(indices) > 1 and bool(indices[1] >> 4 & 1)
    return b"shamir_extendable" if extendable else b"shamir"


def _polymod(customization: bytes, values: Sequence[int]) -> int:
    return int(rs1024._polymod(list(customization) + list(values)))


def _locate_wrong_word(indices: list[int]) -> list[int]:
    """Positions (1-based) where replacing one word makes the checksum hold, or where
    swapping a word with its neighbour does. The checksum is affine, so the effect of
    changing one word is the XOR of its bits' effects: 10 evaluations per position."""
    found: list[int] = []
    for position in range(len(indices)):
        for neighbour in (position + 1,):
            if neighbour < len(indices) and indices[position] != indices[neighbour]:
                swapped = list(indices)
                swapped[position], swapped[neighbour] = swapped[neighbour], swapped[position]
                if rs1024.verify_checksum(swapped, _customization(swapped)):
                    return [position + 1, neighbour + 1]
    custom = _customization(indices)
    base = _polymod(custom, indices)
    zero = _polymod(custom, [0] * len(indices))
    for position in range(len(indices)):
        if position == 1:
            continue  # its flag bit changes the customization string; skip
        effects = []
        for bit in range(10):
            probe = [0] * len(indices)
            probe[position] = 1 << bit
            effects.append(_polymod(custom, probe) ^ zero)
        target = base ^ 1
        for delta in range(1, 1024):
            effect = 0
            for bit in range(10):
                if delta >> bit & 1:
                    effect ^= effects[bit]
            if effect == target:
                found.append(position + 1)
                break
    return found


def check_share(text: str, number: int) -> str:
    """The share's words, normalised; ``FormatError`` naming share ``number`` and the
    position of a word that is not a share word or does not fit the checksum."""
    if len(text) > MAX_SHARE_TEXT:
        raise FormatError(f"Share {number} is too long to be a recovery share.")
    words = text.lower().split()
    indices = []
    for position, word in enumerate(words, start=1):
        index = WORD_INDEX_MAP.get(word)
        if index is None:
            raise FormatError(
                f"Share {number}: word {position} is not a word used in recovery shares."
            )
        indices.append(index)
    if len(words) < 20:
        raise FormatError(f"Share {number} has {len(words)} words; a share has at least 20.")
    if not rs1024.verify_checksum(indices, _customization(indices)):
        positions = _locate_wrong_word(indices)
        if len(positions) == 2 and positions[1] == positions[0] + 1:
            where = f"words {positions[0]} and {positions[1]} look swapped"
        elif len(positions) == 1:
            where = f"word {positions[0]} is wrong"
        else:
            where = "a word is wrong (more than one, or its place cannot be told)"
        raise FormatError(
            f"Share {number}: {where}; please compare it with the printed share again."
        )
    return " ".join(words)


def combine(texts: Sequence[str]) -> bytes:
    """The secret from at least ``threshold`` shares (each checked first)."""
    checked = [check_share(text, number) for number, text in enumerate(texts, start=1)]
    try:
        return bytes(shamir_mnemonic.combine_mnemonics(checked, b""))
    except shamir_mnemonic.MnemonicError:
        # The library's message can quote words; say what is wrong without them.
        raise FormatError(
            "These shares do not combine: too few of them, shares of different splits, "
            "or the same share twice."
        ) from None


def share_header(text: str) -> tuple[int, int]:
    """(member index 1-based, threshold) of a checked share."""
    share = shamir_mnemonic.Share.from_mnemonic(text)
    return int(share.index) + 1, int(share.member_threshold)
