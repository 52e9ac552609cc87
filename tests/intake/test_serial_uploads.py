"""The requests that change one upload run one at a time, whole; others are not held up.

Driven at the ASGI level with real asyncio tasks: the inner app records when each
request starts and ends and yields to the loop in between, as a PATCH streaming its body
does. The real server with this middleware in place is exercised by the other intake
tests and the sync tests against it.
"""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from app.intake.serial_uploads import OneChangeAtATime

UPLOAD_A = "a" * 32
UPLOAD_B = "b" * 32


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path}


async def _run(requests: list[dict[str, Any]]) -> tuple[list[tuple[str, str, int]], int]:
    events: list[tuple[str, str, int]] = []

    async def inner(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        label = f"{scope['method']} {scope['path']}"
        events.append(("start", label, len(events)))
        for _ in range(5):  # a body arriving in pieces
            await asyncio.sleep(0.001)
        events.append(("end", label, len(events)))

    middleware = OneChangeAtATime(inner, prefix="/files/")

    async def nothing() -> MutableMapping[str, Any]:
        return {}

    async def ignore(_: MutableMapping[str, Any]) -> None:
        return None

    await asyncio.gather(*(middleware(scope, nothing, ignore) for scope in requests))
    return events, len(middleware._locks)


def _overlapping(events: list[tuple[str, str, int]]) -> int:
    running, most = 0, 0
    for kind, _, _ in events:
        running += 1 if kind == "start" else -1
        most = max(most, running)
    return most


def test_changes_to_one_upload_do_not_overlap() -> None:
    requests = [_scope("PATCH", f"/files/{UPLOAD_A}") for _ in range(3)]
    requests.append(_scope("DELETE", f"/files/{UPLOAD_A}"))
    events, locks_left = asyncio.run(_run(requests))
    assert _overlapping(events) == 1
    assert [kind for kind, _, _ in events] == ["start", "end"] * 4
    assert locks_left == 0  # nothing kept once no request is in flight


def test_other_uploads_and_reads_go_on_meanwhile() -> None:
    requests = [
        _scope("PATCH", f"/files/{UPLOAD_A}"),
        _scope("PATCH", f"/files/{UPLOAD_B}"),
        _scope("HEAD", f"/files/{UPLOAD_A}"),
        _scope("PATCH", "/receipts/" + UPLOAD_A),
    ]
    events, _ = asyncio.run(_run(requests))
    assert _overlapping(events) == 4


def test_only_upload_ids_are_locked() -> None:
    middleware = OneChangeAtATime(lambda *_: asyncio.sleep(0), prefix="/files/")
    assert middleware.upload_of(_scope("PATCH", f"/files/{UPLOAD_A}")) == UPLOAD_A
    assert middleware.upload_of(_scope("PATCH", f"/files/{UPLOAD_A}/")) == UPLOAD_A
    assert middleware.upload_of(_scope("PATCH", "/files/../etc")) is None
    assert middleware.upload_of(_scope("POST", "/files/")) is None
    assert middleware.upload_of({"type": "websocket", "path": f"/files/{UPLOAD_A}"}) is None
