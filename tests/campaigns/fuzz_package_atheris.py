"""Coverage-guided fuzzing of the package reader with atheris (run as a child process by
test_fuzz_package_reader.py): the input is a tar plaintext, checked by check_plaintext."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from tests.campaigns.package_fuzz_support import check_plaintext, make_sample

SAMPLE = make_sample()


def one_input(data: bytes) -> None:
    check_plaintext(SAMPLE, data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
