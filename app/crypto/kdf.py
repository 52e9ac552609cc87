"""Argon2id key derivation for the vault's key slots: parameters, their bounds, calibration.

The parameters travel inside the keyslot file, which an adversary may replace, so every
``Argon2Params`` is checked on construction against a floor (never weaker than the
design's m=64 MiB, t=3, p=4) and a cap (a crafted file must not make us allocate or spin
without bound). Calibration runs once when a vault is created, on the thread that creates
it (a worker, since it takes about a second); derivation runs on whichever thread unlocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.errors import FormatError

KEY_LENGTH = 32
MIN_SALT_LENGTH = 16
MAX_SALT_LENGTH = 64

# Upper bounds for parameters read from disk. 4 GiB is beyond what calibration ever picks
# (it stops at max_memory_kib, 1 GiB by default) yet still a finite allocation.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 100
MAX_LANES = 64

DEFAULT_MEMORY_AIM_KIB = 256 * 1024


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost parameters; construction fails (``FormatError``) outside floor..cap."""

    memory_kib: int
    iterations: int
    lanes: int

    def __post_init__(self) -> None:
        for name in ("memory_kib", "iterations", "lanes"):
            value = getattr(self, name)
            # bool is an int subclass; a JSON or struct slip must not pass as a count.
            if not isinstance(value, int) or isinstance(value, bool):
                raise FormatError(f"Argon2id {name} must be an integer.")
        # The floor is written out here rather than compared with FLOOR, which is itself
        # an Argon2Params and is being constructed through this very check.
        if self.memory_kib < 65536 or self.iterations < 3 or self.lanes < 4:
            raise FormatError(
                "Argon2id parameters are below the minimum (64 MiB, 3 passes, 4 lanes): "
                f"{self.describe()}."
            )
        if (
            self.memory_kib > MAX_MEMORY_KIB
            or self.iterations > MAX_ITERATIONS
            or self.lanes > MAX_LANES
        ):
            raise FormatError(
                "Argon2id parameters exceed the maximum (4 GiB, 100 passes, 64 lanes): "
                f"{self.describe()}."
            )

    def describe(self) -> str:
        return f"{self.memory_kib // 1024} MiB, {self.iterations} passes, {self.lanes} lanes"


FLOOR = Argon2Params(memory_kib=65536, iterations=3, lanes=4)

# The most memory calibration ever chooses (it doubles memory from the floor up to its
# aim, then adds passes). A key file asking for more was not written by this program:
# refused before any derivation, so a planted file cannot make an unlock run for minutes.
MAX_CALIBRATED_MEMORY_KIB = DEFAULT_MEMORY_AIM_KIB


def check_cost(params: Argon2Params) -> None:
    """FormatError for parameters calibration can never choose and costly to try."""
    if params.memory_kib > MAX_CALIBRATED_MEMORY_KIB:
        raise FormatError(
            "The vault's key file asks for more memory than this program ever chooses "
            f"({params.describe()}): it may have been tampered with. Restore the keyslots "
            "file from a backup of this vault folder."
        )


def looks_calibrated(params: Argon2Params) -> bool:
    """Whether ``params`` have the shape :func:`calibrate` gives: four lanes, memory the
    floor doubled up to the aim, and more than five passes only at the aim (below it,
    passes are added only when doubling memory would overshoot the target)."""
    memory = params.memory_kib
    doubled = memory >= FLOOR.memory_kib and memory % FLOOR.memory_kib == 0 and (
        (memory // FLOOR.memory_kib) & (memory // FLOOR.memory_kib - 1) == 0
    )
    return (
        params.lanes == FLOOR.lanes
        and doubled
        and memory <= MAX_CALIBRATED_MEMORY_KIB
        and (params.iterations <= 5 or memory >= DEFAULT_MEMORY_AIM_KIB)
    )

DeriveFunction = Callable[[bytes, bytes, Argon2Params], bytes]


def derive_key(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
    """The 32-byte Argon2id output for ``secret`` and ``salt`` at ``params``."""
    if not isinstance(params, Argon2Params):
        raise TypeError("params must be Argon2Params")
    if not MIN_SALT_LENGTH <= len(salt) <= MAX_SALT_LENGTH:
        raise FormatError(f"An Argon2id salt must be {MIN_SALT_LENGTH}-{MAX_SALT_LENGTH} bytes.")
    kdf = Argon2id(
        salt=salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret)


def _time_derivation(params: Argon2Params) -> float:
    started = time.perf_counter()
    derive_key(b"calibration", b"\x00" * MIN_SALT_LENGTH, params)
    return time.perf_counter() - started


def calibrate(
    target_seconds: float = 1.0,
    *,
    max_memory_kib: int = 1 << 20,
    memory_aim_kib: int = DEFAULT_MEMORY_AIM_KIB,
    progress: Callable[[float], None] | None = None,
    measure: Callable[[Argon2Params], float] | None = None,
) -> Argon2Params:
    """Parameters that take about ``target_seconds`` to derive on this machine.

    Starts at the floor, doubles memory toward ``memory_aim_kib`` (bounded by
    ``max_memory_kib``) while the measured time stays within the target, then adds passes
    until the target is reached. Never returns less than ``FLOOR``. ``measure`` times one
    derivation at given parameters (the real Argon2id by default; tests pass a model).
    ``progress`` receives fractions from 0 to 1.
    """
    timer = measure or _time_derivation
    report = progress or (lambda _fraction: None)
    memory_limit = max(FLOOR.memory_kib, min(memory_aim_kib, max_memory_kib, MAX_MEMORY_KIB))

    # Doubling from the floor reaches any limit up to 4 GiB in at most six steps; the
    # progress bar counts two measurements at the floor plus one per doubling.
    doublings = 0
    while FLOOR.memory_kib << (doublings + 1) <= memory_limit:
        doublings += 1
    steps = doublings + 2
    done = 0

    # The floor is timed twice and the faster run kept: one busy moment of the machine
    # (another program, the first allocation of the memory) should not shrink the choice.
    params = FLOOR
    seconds = timer(params)
    done += 1
    report(done / steps)
    seconds = min(seconds, timer(params))
    done += 1
    report(done / steps)
    while seconds < target_seconds and params.memory_kib * 2 <= memory_limit:
        # Time grows about linearly with memory: stop before a doubling would overshoot.
        if seconds * 2 > target_seconds * 1.1:
            break
        params = Argon2Params(params.memory_kib * 2, params.iterations, params.lanes)
        seconds = timer(params)
        done += 1
        report(done / steps)

    per_pass = seconds / params.iterations
    if per_pass > 0 and seconds < target_seconds:
        passes = min(MAX_ITERATIONS, max(params.iterations, int(target_seconds / per_pass)))
        params = Argon2Params(params.memory_kib, passes, params.lanes)
    report(1.0)
    return params
