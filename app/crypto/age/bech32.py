"""Bech32 (BIP 173) encoding of age recipient and identity strings.

age uses the original Bech32 checksum (not Bech32m) and lifts BIP 173's 90-character
cap, so no length limit applies here beyond what the caller checks. Pure functions, any
thread.
"""

from __future__ import annotations

from app.errors import FormatError

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {char: index for index, char in enumerate(_CHARSET)}
_GENERATORS = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
# Longer than any age key string; caps the work spent on hostile input.
MAX_LENGTH = 1024


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATORS):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    accumulator = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((accumulator >> bits) & max_value)
    if pad:
        if bits:
            out.append((accumulator << (to_bits - bits)) & max_value)
    elif bits >= from_bits or (accumulator << (to_bits - bits)) & max_value:
        # Leftover bits must be fewer than one input group and all zero (canonical).
        raise FormatError("The key string has non-zero padding bits.")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Bech32 string of ``data`` under ``hrp``, lower case (callers upper-case secrets)."""
    hrp = hrp.lower()
    values = _convert_bits(data, 8, 5, pad=True)
    polymod = _polymod([*_expand_hrp(hrp), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - index)) & 31 for index in range(6)]
    return hrp + "1" + "".join(_CHARSET[value] for value in values + checksum)


def decode(untrusted_text: str) -> tuple[str, bytes]:
    """Split a Bech32 string into (lower-case hrp, data); FormatError when invalid."""
    if len(untrusted_text) > MAX_LENGTH:
        raise FormatError("The key string is too long.")
    if untrusted_text.lower() != untrusted_text and untrusted_text.upper() != untrusted_text:
        raise FormatError("The key string mixes upper and lower case.")
    text = untrusted_text.lower()
    separator = text.rfind("1")
    if separator < 1 or separator + 7 > len(text):
        raise FormatError("The key string is not Bech32.")
    hrp = text[:separator]
    if any(not 33 <= ord(char) <= 126 for char in hrp):
        raise FormatError("The key string has an invalid prefix.")
    try:
        values = [_CHARSET_INDEX[char] for char in text[separator + 1 :]]
    except KeyError:
        raise FormatError("The key string has a character outside Bech32.") from None
    if _polymod([*_expand_hrp(hrp), *values]) != 1:
        raise FormatError("The key string's checksum is wrong.")
    return hrp, bytes(_convert_bits(values[:-6], 5, 8, pad=False))
