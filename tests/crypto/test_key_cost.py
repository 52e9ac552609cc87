"""Argon2id parameters read from a key file: more than calibration ever chooses is refused
before any derivation (a planted file cannot make an unlock run for minutes), and when no
slot opens under parameters calibration would not choose, the message says the file may
have been altered."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from app.crypto import keyfile
from app.crypto.kdf import FLOOR, Argon2Params, calibrate, looks_calibrated
from app.crypto.keyfile import Secret
from app.crypto.recovery import RecoveryKey
from app.errors import FormatError, KeyFileAlteredError, WrongPassphraseError

PASS = "correct horse battery staple"


def _cheap(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
    # A stand-in for Argon2id: depends on all of its inputs, costs nothing.
    return hashlib.sha256(secret + salt + repr(params).encode()).digest()


@pytest.mark.parametrize("seconds_at_floor", [0.002, 0.05, 0.3, 0.9, 2.0])
def test_what_calibration_chooses_looks_calibrated(seconds_at_floor: float) -> None:
    def model(params: Argon2Params) -> float:
        per_mib_pass = seconds_at_floor / (64 * 3)
        return per_mib_pass * (params.memory_kib / 1024) * params.iterations

    assert looks_calibrated(calibrate(measure=model))


@pytest.mark.parametrize(
    "params",
    [
        Argon2Params(1 << 20, 20, 4),  # 1 GiB, 20 passes: 25 s here
        Argon2Params(65536, 3, 8),  # eight lanes
        Argon2Params(3 * 65536, 3, 4),  # not a doubling of the floor
        Argon2Params(65536, 40, 4),  # many passes below the memory aim
    ],
)
def test_other_parameters_do_not(params: Argon2Params) -> None:
    assert not looks_calibrated(params)


def _file(params: Argon2Params) -> keyfile.KeyFile:
    return keyfile.create(bytes(32), PASS, RecoveryKey.generate(), params, derive_fn=_cheap)


def test_too_costly_parameters_are_refused_before_deriving() -> None:
    planted = dataclasses.replace(_file(FLOOR), params=Argon2Params(1 << 20, 20, 4))
    calls: list[Argon2Params] = []

    def counting(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
        calls.append(params)
        return _cheap(secret, salt, params)

    with pytest.raises(FormatError, match="tampered"):
        keyfile.unlock(planted, Secret.from_text(PASS), derive_fn=counting)
    assert calls == []


def test_altered_parameters_are_named_when_nothing_opens() -> None:
    honest = _file(FLOOR)
    with pytest.raises(WrongPassphraseError) as wrong:
        keyfile.unlock(honest, Secret.from_text("not the passphrase"), derive_fn=_cheap)
    assert type(wrong.value) is WrongPassphraseError
    altered = dataclasses.replace(honest, params=Argon2Params(65536, 3, 8))
    with pytest.raises(KeyFileAlteredError, match="altered"):
        keyfile.unlock(altered, Secret.from_text(PASS), derive_fn=_cheap)
