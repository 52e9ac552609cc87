"""ASGI middleware: the requests that change one upload run one at a time, whole.

tuspyserver holds its lock on an upload while a PATCH body streams in and the new offset
is stored, but its route then reads the upload's sidecar again and writes it back after
that lock is released. A PATCH its client abandoned (on a connection a middlebox keeps
open, then drops) can reach that write after the resumed PATCH has moved the offset on,
and put the older offset back: the finished file then disagrees with its offset and the
platform refuses a sound package. Letting each upload's PATCH and DELETE requests run
one after another, from the first byte to the response, closes the window. The server is
one process (uvicorn, one worker), so an asyncio lock per upload is enough.

Waiting here costs nothing new: a second PATCH already waited for tuspyserver's lock
while the first one's body streamed in. Runs on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from app.intake.verification import UPLOAD_ID

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CHANGING_METHODS = frozenset({"PATCH", "DELETE"})


class OneChangeAtATime:
    """Serialises PATCH and DELETE requests per upload id under ``prefix``."""

    def __init__(self, app: App, prefix: str = "/files/") -> None:
        self.app = app
        self.prefix = prefix
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    def upload_of(self, scope: Scope) -> str | None:
        """The upload a request changes, or None for any other request."""
        if scope.get("type") != "http" or scope.get("method") not in CHANGING_METHODS:
            return None
        path = str(scope.get("path", ""))
        if not path.startswith(self.prefix):
            return None
        upload = path[len(self.prefix) :].rstrip("/")
        return upload if UPLOAD_ID.fullmatch(upload) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        upload = self.upload_of(scope)
        if upload is None:
            await self.app(scope, receive, send)
            return
        lock = self._locks.setdefault(upload, asyncio.Lock())
        self._waiting[upload] = self._waiting.get(upload, 0) + 1
        try:
            async with lock:
                await self.app(scope, receive, send)
        finally:
            # The table holds only uploads with a request in flight.
            self._waiting[upload] -= 1
            if not self._waiting[upload]:
                del self._waiting[upload], self._locks[upload]
