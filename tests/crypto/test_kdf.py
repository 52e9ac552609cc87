"""Argon2id: parameter bounds, agreement with the reference implementation, calibration."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

import pytest

from app.crypto.kdf import (
    FLOOR,
    MAX_ITERATIONS,
    Argon2Params,
    calibrate,
    derive_key,
)
from app.errors import FormatError

# Computed with the Argon2 authors' reference command line:
#   printf password | argon2 somesaltsomesalt -id -t 3 -k 65536 -p 4 -l 32 -r
# Pinned so that a change of library can never silently change what opens a vault.
REFERENCE_KEY = "81db97a7e67a891784a2599bc879f957cb3512d273984bd97d8a18fc59ff01e2"


def test_floor_is_the_design_minimum() -> None:
    assert (FLOOR.memory_kib, FLOOR.iterations, FLOOR.lanes) == (65536, 3, 4)


@pytest.mark.parametrize(
    "values",
    [(65536, 3, 4), (262144, 3, 4), (4 * 1024 * 1024, 100, 64)],
)
def test_parameters_within_bounds_are_accepted(values: tuple[int, int, int]) -> None:
    assert Argon2Params(*values).memory_kib == values[0]


@pytest.mark.parametrize(
    "values",
    [
        (65535, 3, 4),
        (65536, 2, 4),
        (65536, 3, 3),
        (-1, 3, 4),
        (4 * 1024 * 1024 + 1, 3, 4),
        (65536, MAX_ITERATIONS + 1, 4),
        (65536, 3, 65),
    ],
)
def test_parameters_out_of_bounds_are_refused(values: tuple[int, int, int]) -> None:
    with pytest.raises(FormatError):
        Argon2Params(*values)


def test_non_integers_are_refused() -> None:
    with pytest.raises(FormatError, match="integer"):
        Argon2Params(65536.0, 3, 4)  # type: ignore[arg-type]  # the check under test
    with pytest.raises(FormatError, match="integer"):
        Argon2Params(65536, True, 4)


def test_derive_key_known_answer() -> None:
    key = derive_key(b"password", b"somesaltsomesalt", FLOOR)
    assert key.hex() == REFERENCE_KEY


@pytest.mark.interop
@pytest.mark.skipif(shutil.which("argon2") is None, reason="argon2 reference CLI not installed")
def test_derive_key_agrees_with_the_reference_cli() -> None:
    params = Argon2Params(65536 + 1024, 4, 4)
    salt = bytes(range(16, 32)).hex()[:16]  # the CLI takes the salt as text
    secret = "pässwörd with spaces".encode()
    result = subprocess.run(
        ["argon2", salt, "-id", "-t", "4", "-k", str(params.memory_kib), "-p", "4", "-l", "32"],
        input=secret,
        capture_output=True,
        check=True,
    )
    lines = dict(line.split(":", 1) for line in result.stdout.decode().splitlines() if ":" in line)
    expected = lines["Hash"].strip()
    assert derive_key(secret, salt.encode(), params).hex() == expected


def test_salt_length_is_checked() -> None:
    with pytest.raises(FormatError, match="salt"):
        derive_key(b"secret", b"short", FLOOR)
    with pytest.raises(FormatError, match="salt"):
        derive_key(b"secret", bytes(65), FLOOR)


def model(seconds_at_floor: float) -> tuple[list[Argon2Params], Callable[[Argon2Params], float]]:
    """A machine on which a derivation costs time proportional to memory times passes."""
    measured: list[Argon2Params] = []
    unit = seconds_at_floor / (FLOOR.memory_kib * FLOOR.iterations)

    def measure(params: Argon2Params) -> float:
        measured.append(params)
        return unit * params.memory_kib * params.iterations

    return measured, measure


@pytest.mark.parametrize(
    ("at_floor", "target", "expected"),
    [
        # A typical laptop: memory grows to the 256 MiB aim, three passes fit one second.
        (0.2, 1.0, Argon2Params(262144, 3, 4)),
        # A longer target adds passes once memory has reached its aim.
        (0.2, 3.0, Argon2Params(262144, 11, 4)),
        # A slow machine: doubling memory would overshoot, so passes are added instead.
        (0.6, 1.0, Argon2Params(65536, 5, 4)),
        # Very slow or a tiny target: never below the floor.
        (2.0, 1.0, FLOOR),
        (0.2, 0.01, FLOOR),
        # Very fast: passes are capped.
        (0.0001, 10.0, Argon2Params(262144, MAX_ITERATIONS, 4)),
    ],
)
def test_calibration_grows_memory_then_passes(
    at_floor: float, target: float, expected: Argon2Params
) -> None:
    measured, measure = model(at_floor)
    fractions: list[float] = []
    result = calibrate(target, progress=fractions.append, measure=measure)
    assert result == expected
    assert measured[0] == FLOOR
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0 < fraction <= 1 for fraction in fractions)


def test_calibration_respects_the_memory_limit() -> None:
    _, measure = model(0.01)
    result = calibrate(1.0, max_memory_kib=100_000, measure=measure)
    assert result.memory_kib == 65536
    assert result.iterations > FLOOR.iterations
    # A limit below the floor still gives the floor's memory.
    assert calibrate(1.0, max_memory_kib=1024, measure=measure).memory_kib == 65536
    # A larger aim is honoured up to the limit.
    big = calibrate(10.0, max_memory_kib=1 << 20, memory_aim_kib=1 << 20, measure=measure)
    assert big.memory_kib == 1 << 20


def test_real_calibration_returns_at_least_the_floor() -> None:
    result = calibrate(0.01)
    assert result == FLOOR


def test_one_slow_moment_at_the_start_does_not_shrink_the_choice() -> None:
    measured, measure = model(0.2)
    first = [True]

    def busy_then_normal(params: Argon2Params) -> float:
        if first[0]:
            first[0] = False
            return 5.0  # another program was busy during the first run
        return measure(params)

    assert calibrate(1.0, measure=busy_then_normal) == Argon2Params(262144, 3, 4)
    assert measured[0] == FLOOR
