"""The parent's half of a hostile-file child: a child that never answers is killed at its
deadline and reaped, and one that cannot start is an OSError the caller turns into its
own message."""

from __future__ import annotations

import sys
import time

import pytest

from app.core.limited_child import limited_child


def test_a_child_that_never_answers_is_killed_at_the_deadline() -> None:
    started = time.monotonic()
    with limited_child("tests.core.sleeping_child", 0.5) as child:
        assert child.stdout.read(1) == b""  # returns only once the child is gone
    assert child.late.is_set()
    assert child.process.returncode is not None  # reaped
    assert time.monotonic() - started < 20


def test_a_child_that_answers_in_time_is_not_late() -> None:
    with limited_child("json.tool", 30) as child:
        child.stdin.write(b'{"a": 1}')
        child.stdin.close()
        answer = child.stdout.read()
    assert b'"a": 1' in answer
    assert not child.late.is_set()


def test_a_child_that_cannot_start_is_an_os_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with pytest.raises(OSError), limited_child("json.tool", 5):
        pass
