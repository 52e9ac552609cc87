"""Connections before their request: a deadline, a size limit, and no say in the request limit.

uvicorn alone lets any client hold a connection open forever before its first request
(no TLS handshake or header timeout), counts such connections against
``limit_concurrency`` (so 64 idle sockets made every device's request a 503), and lets
httptools accumulate a request header of any size. Each connection here is:

- a TLS layer (``asyncio.sslproto.SSLProtocol``, the stdlib's own, which uvloop runs as
  it runs any buffered protocol) set up per connection by this module rather than by
  ``create_server``, so the connection is known from the moment it is accepted;
- wrapping uvicorn's httptools protocol, with two additions: request headers larger
  than ``MAX_HEADER_BYTES`` in total are answered 431 and the rest of the connection is
  discarded unread (memory stays flat however much is sent), and the connection leaves
  the waiting room once its request headers are complete.

The waiting room holds every connection that has no complete request headers yet: new
ones (before and during the TLS handshake) and kept-alive ones between requests. Each
is cut ``HEADER_DEADLINE_SECONDS`` after it entered, however it trickles; when more than
``MAX_WAITING_CONNECTIONS`` wait, the oldest is cut, so a crowd of idle clients cannot
keep a device from connecting. Limiting requests in flight is left to the app, which
counts only authenticated ones (``server.RequestSlots``). Runs on the event loop.
"""

from __future__ import annotations

import asyncio
import collections
import ssl
from asyncio import sslproto
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# From accept (TLS handshake included) or from the last response to complete headers.
HEADER_DEADLINE_SECONDS = 15
MAX_HEADER_BYTES = 64 * 1024
# Waiting connections hold a TLS session and at most 64 KiB of header each.
MAX_WAITING_CONNECTIONS = 512
# After a 431, incoming bytes are dropped for this long before the connection closes, so
# the client reads the answer instead of a reset.
LINGER_SECONDS = 2.0

_TOO_LARGE_BODY = b"Request headers are larger than 64 KiB."
TOO_LARGE_RESPONSE = b"".join(
    [
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        b"content-type: text/plain; charset=utf-8\r\n",
        b"tus-resumable: 1.0.0\r\n",
        b"content-length: " + str(len(_TOO_LARGE_BODY)).encode("ascii") + b"\r\n",
        b"connection: close\r\n\r\n",
        _TOO_LARGE_BODY,
    ]
)


class WaitingRoom:
    """Connections without complete request headers, oldest first, each with its deadline."""

    def __init__(self, deadline: float, capacity: int) -> None:
        self._deadline = deadline
        self._capacity = capacity
        self._timers: collections.OrderedDict[TlsConnection, asyncio.TimerHandle] = (
            collections.OrderedDict()
        )

    def __len__(self) -> int:
        return len(self._timers)

    def enter(self, connection: TlsConnection) -> None:
        self.leave(connection)
        loop = asyncio.get_running_loop()
        self._timers[connection] = loop.call_later(self._deadline, self._cut, connection)
        while len(self._timers) > self._capacity:
            self._cut(next(iter(self._timers)))

    def leave(self, connection: TlsConnection) -> None:
        timer = self._timers.pop(connection, None)
        if timer is not None:
            timer.cancel()

    def _cut(self, connection: TlsConnection) -> None:
        self.leave(connection)
        connection.abort()


def _has_header_end(window: bytes) -> bool:
    return b"\r\n\r\n" in window or b"\n\n" in window


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header size limit and the waiting room."""

    def __init__(self, connection: TlsConnection, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._connection = connection
        self._in_headers = True
        self._header_bytes = 0
        self._tail = b""
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # discarded unread until the linger ends
        if self._in_headers:
            budget = MAX_HEADER_BYTES - self._header_bytes
            window = self._tail + data[: budget + 1]
            if not _has_header_end(window):
                if len(data) > budget:
                    self._refuse()
                    return
                self._header_bytes += len(data)
                self._tail = window[-3:]
        super().data_received(data)

    def _refuse(self) -> None:
        self._refused = True
        self._connection.waiting_room.leave(self._connection)
        self.transport.write(TOO_LARGE_RESPONSE)
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def on_headers_complete(self) -> None:
        self._in_headers = False
        self._connection.waiting_room.leave(self._connection)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        # What follows on this connection is the next request's header.
        self._in_headers = True
        self._header_bytes = 0
        self._tail = b""
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline and self._in_headers:
            self._connection.waiting_room.enter(self._connection)


class TlsConnection(sslproto.SSLProtocol):
    """One accepted connection: TLS around ``BoundedHttpProtocol``.

    uvicorn calls its ``http`` protocol class with (config, server_state, app_state);
    ``connection_class`` binds the TLS context and the waiting room.
    """

    ssl_context: ssl.SSLContext
    waiting_room: WaitingRoom

    def __init__(
        self,
        config: Any,
        server_state: Any,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        loop = _loop or asyncio.get_running_loop()
        self.http = BoundedHttpProtocol(
            self, config=config, server_state=server_state, app_state=app_state, _loop=loop
        )
        self._raw_transport: asyncio.BaseTransport | None = None
        super().__init__(
            loop,
            self.http,
            self.ssl_context,
            None,  # type: ignore[arg-type]  # no waiter: nothing awaits the handshake
            server_side=True,
            ssl_handshake_timeout=HEADER_DEADLINE_SECONDS,
        )

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._raw_transport = transport
        self.waiting_room.enter(self)
        super().connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.waiting_room.leave(self)
        super().connection_lost(exc)

    def abort(self) -> None:
        # The raw TCP transport: no close_notify, no waiting for the peer.
        abort = getattr(self._raw_transport, "abort", None)
        if callable(abort):
            abort()


def server_tls_context(certificate_file: str, key_file: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certificate_file, key_file)
    return context


def connection_class(
    context: ssl.SSLContext,
    *,
    deadline: float = HEADER_DEADLINE_SECONDS,
    capacity: int = MAX_WAITING_CONNECTIONS,
) -> type[TlsConnection]:
    """The ``http`` protocol class for ``uvicorn.Config`` (which is then given no TLS files)."""
    room = WaitingRoom(deadline, capacity)
    return type(
        "IntakeConnection", (TlsConnection,), {"ssl_context": context, "waiting_room": room}
    )
