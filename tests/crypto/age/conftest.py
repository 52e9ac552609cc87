"""Shared pieces of the age tests: keys, a non-seekable source, and chunk arithmetic."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable

import pytest

from app.crypto.age import X25519Identity


class Pipe(io.RawIOBase):
    """A non-seekable source like stdin, that may also hand out short reads."""

    def __init__(self, data: bytes, *, max_read: int | None = None) -> None:
        self._data = io.BytesIO(data)
        self._max_read = max_read

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def, override]
        view = memoryview(b)
        if self._max_read is not None:
            view = view[: self._max_read]
        return self._data.readinto(view)


@pytest.fixture(scope="session")
def identity() -> X25519Identity:
    return X25519Identity.generate()


@pytest.fixture(scope="session")
def pipe() -> Callable[..., io.BufferedReader]:
    def make(data: bytes, *, max_read: int | None = None) -> io.BufferedReader:
        return io.BufferedReader(Pipe(data, max_read=max_read))

    return make


@pytest.fixture(scope="session")
def age_tools() -> None:
    if shutil.which("age") is None or shutil.which("age-keygen") is None:
        pytest.fail("the age and age-keygen commands are required (scripts/setup installs them)")
