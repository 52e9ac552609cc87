"""Passphrase strength feedback for the create and change-passphrase forms.

A rough estimate, not a promise: the bits of a random choice from the character classes
used, discounted for repeats and for a character set that stays within one class. Its
job is to steer a tired person away from "password1", not to rate diceware precisely.
Pure functions; any thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

MIN_LENGTH = 10
MIN_BITS = 50.0


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
        pool += 66  # Cyrillic letters, both cases
    return max(pool, 1)


def estimate(passphrase: str) -> Estimate:
    """The strength class and the estimated bits of ``passphrase``."""
    if len(passphrase) < MIN_LENGTH:
        return Estimate(Strength.TOO_SHORT, 0.0)
    distinct = len(set(passphrase))
    # Repeats add little: count each repeated character at a quarter of its worth.
    effective_length = distinct + (len(passphrase) - distinct) / 4
    bits = effective_length * math.log2(_pool_size(passphrase))
    if bits < MIN_BITS:
        return Estimate(Strength.WEAK, bits)
    if bits < 80:
        return Estimate(Strength.FAIR, bits)
    return Estimate(Strength.STRONG, bits)
