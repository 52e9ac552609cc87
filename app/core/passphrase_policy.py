"""What passphrase a new vault accepts, and a rough strength estimate for feedback.

The estimate is the bits of a random choice from the character classes used, discounted
for repeats: its job is to steer a tired person away from "password1", not to rate a
diceware phrase precisely. Pure functions; any thread.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import Enum

from app.errors import EvidenceVaultError

MIN_LENGTH = 10
MIN_BITS = 50.0
STRONG_BITS = 80.0


class WeakPassphraseError(EvidenceVaultError):
    """The passphrase is too short or too guessable to protect a vault."""


class Strength(Enum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


@dataclass(frozen=True)
class Estimate:
    strength: Strength
    bits: float

    @property
    def acceptable(self) -> bool:
        return self.strength in (Strength.FAIR, Strength.STRONG)


def _pool_size(text: str) -> int:
    pool = 0
    if any(c.islower() and c.isascii() for c in text):
        pool += 26
    if any(c.isupper() and c.isascii() for c in text):
        pool += 26
    if any(c.isdigit() for c in text):
        pool += 10
    if any(not c.isalnum() and c.isascii() for c in text):
        pool += 33
    if any(not c.isascii() for c in text):
        pool += 64  # Cyrillic and other scripts: a larger alphabet than Latin letters
    return max(pool, 1)


def estimate(passphrase: str) -> Estimate:
    text = unicodedata.normalize("NFC", passphrase)
    distinct = len(set(text))
    # Repeated characters add little: count each distinct one fully, the rest at a quarter.
    effective = distinct + (len(text) - distinct) * 0.25
    bits = effective * math.log2(_pool_size(text))
    if len(text) < MIN_LENGTH:
        return Estimate(Strength.TOO_SHORT, bits)
    if bits < MIN_BITS:
        return Estimate(Strength.WEAK, bits)
    if bits < STRONG_BITS:
        return Estimate(Strength.FAIR, bits)
    return Estimate(Strength.STRONG, bits)


def require_acceptable(passphrase: str) -> None:
    """Raise WeakPassphraseError with the reason when a new passphrase is refused."""
    result = estimate(passphrase)
    if result.strength is Strength.TOO_SHORT:
        raise WeakPassphraseError(
            f"The passphrase is too short: use at least {MIN_LENGTH} characters, "
            "ideally several unrelated words."
        )
    if not result.acceptable:
        raise WeakPassphraseError(
            "The passphrase is too easy to guess: add more words or characters."
        )
