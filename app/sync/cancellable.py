"""Requests that a cancel ends at once, even when the network holds them.

A sync runs on the vault worker, which must be free to lock the vault as soon as the
user cancels or locks: a link that stalls in the middle of a request (a full send
buffer, or an answer that never comes) would otherwise hold it for the client's whole
timeout, with the keys in memory. Two parts:

- a client's connections are registered from the TCP connect on (through a network
  backend given to httpx's connection pool), and :func:`shut_on_cancel` runs a watcher thread
  while a request is on the wire that shuts them down as soon as the cancel flag is
  set, which wakes the read or write blocked in the worker;
- :func:`body_in_pieces` hands a request body to httpx in ``SEND_PIECE`` slices and
  stops between them once the flag is set.

The same backend does the TLS handshake itself, so that a reconnection after a cut
offers the session of the last connection (:class:`TlsSessions`): a server that issued
a ticket resumes it (no certificate chain sent or checked again); one that does not
falls back to a full handshake against the same pinned context.

Qt-free. The registry is shared between the worker thread and the watcher threads.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import weakref
from collections.abc import Iterator

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the stream httpcore wraps a socket in

from app.sync.errors import SyncCancelledError

# Small enough that a cancel is seen at once on a slow link, large enough to keep the
# rate (each piece is one TLS write of a few records).
SEND_PIECE = 128 * 1024
# How often the watcher of a request in flight looks at the cancel flag: the worst case
# between Cancel (or lock) and the sockets being shut. threading.Event offers no "wait
# for either", and the flag belongs to the caller, so the watcher waits in short turns.
WATCH_INTERVAL = 0.05


class SocketRegistry:
    """The connections of one client, each as a duplicate of its TCP socket's descriptor.

    A duplicate, because a TLS handshake takes the socket object over (the original is
    detached) and a stalled handshake must be cancellable too; shutting a duplicate down
    ends the connection for every descriptor of it. Each duplicate is closed with its
    stream (see ``_WatchedStream.close``), so it never holds a connection open.
    """

    def __init__(self) -> None:
        self._handles: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()

    def track(self, stream: httpcore.NetworkStream) -> socket.socket | None:
        sock = stream.get_extra_info("socket")
        if not isinstance(sock, socket.socket):
            return None
        handle = sock.dup()
        with self._lock:
            self._handles.add(handle)
        return handle

    def release(self, handle: socket.socket | None) -> None:
        if handle is None:
            return
        with self._lock:
            self._handles.discard(handle)
        handle.close()

    def shut_all(self) -> None:
        with self._lock:
            handles = list(self._handles)
        for handle in handles:
            with contextlib.suppress(OSError):
                # Linger 0: the close that follows resets the connection and drops what
                # the send buffer still holds (megabytes when the link stalled), so the
                # server learns at once that this request was abandoned, instead of a
                # FIN queued behind data that can never leave.
                handle.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with contextlib.suppress(OSError):
                # Wakes a read, write or handshake blocked on this connection in another
                # thread; the TLS object that thread is using is left alone.
                handle.shutdown(socket.SHUT_RDWR)


class TlsSessions:
    """The TLS session of a client's last connection, offered to its next handshake.

    One per client (one platform host, one pinned context): a session is only ever
    offered to the server that issued it. Counts handshakes and resumptions for the
    tests and the benchmark."""

    def __init__(self) -> None:
        self.session: ssl.SSLSession | None = None
        self.handshakes = 0
        self.resumed = 0
        self._lock = threading.Lock()

    def offer(self) -> ssl.SSLSession | None:
        with self._lock:
            return self.session

    def handshake_done(self, tls: ssl.SSLSocket) -> None:
        with self._lock:
            self.handshakes += 1
            if tls.session_reused:
                self.resumed += 1

    def keep(self, tls: ssl.SSLSocket) -> bool:
        """Take the connection's session once the server gave it a ticket (TLS 1.3
        sends tickets after the handshake, so this is tried after reads)."""
        with contextlib.suppress(ValueError, OSError, AttributeError):
            session = tls.session
            if session is not None and session.has_ticket:
                with self._lock:
                    self.session = session
                return True
        return False


def _handshake(sock: socket.socket, ssl_context: ssl.SSLContext, server_hostname: str | None,
               timeout: float | None, sessions: TlsSessions) -> ssl.SSLSocket:
    """httpcore's own ``start_tls``, with the last session offered for resumption."""
    try:
        sock.settimeout(timeout)
        tls = ssl_context.wrap_socket(sock, server_hostname=server_hostname,
                                      do_handshake_on_connect=False)
        offered = sessions.offer()
        if offered is not None:
            with contextlib.suppress(ValueError, ssl.SSLError):
                tls.session = offered  # refused only if it belongs to another context
        tls.do_handshake()
    except TimeoutError as error:
        with contextlib.suppress(OSError):
            sock.close()
        raise httpcore.ConnectTimeout(error) from error
    except OSError as error:
        with contextlib.suppress(OSError):
            sock.close()
        raise httpcore.ConnectError(error) from error
    sessions.handshake_done(tls)
    return tls


class _WatchedStream(httpcore.NetworkStream):
    """A network stream whose connection is registered for cancelling (from TCP connect,
    through the TLS handshake, to close); every call is the wrapped stream's."""

    def __init__(
        self,
        inner: httpcore.NetworkStream,
        registry: SocketRegistry,
        handle: socket.socket | None = None,
        sessions: TlsSessions | None = None,
        tls: ssl.SSLSocket | None = None,
    ) -> None:
        self._inner = inner
        self._registry = registry
        self._handle = handle if handle is not None else registry.track(inner)
        self._sessions = sessions
        self._tls = tls  # until its session is kept

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, timeout)
        if self._tls is not None and self._sessions is not None and self._sessions.keep(self._tls):
            self._tls = None
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            handle, self._handle = self._handle, None
            self._registry.release(handle)

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        sock = self._inner.get_extra_info("socket")
        try:
            if self._sessions is not None and type(sock) is socket.socket:
                tls_socket = _handshake(sock, ssl_context, server_hostname, timeout,
                                        self._sessions)
                tls: httpcore.NetworkStream = SyncStream(tls_socket)
            else:
                tls_socket = None
                tls = self._inner.start_tls(ssl_context, server_hostname, timeout)
        except BaseException:
            self.close()  # the socket is closed; so is the duplicate
            raise
        # The TLS stream owns the connection from here on, and the duplicate with it.
        handle, self._handle = self._handle, None
        return _WatchedStream(tls, self._registry, handle, self._sessions, tls_socket)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _WatchedBackend(httpcore.NetworkBackend):
    """httpcore's own blocking backend, with every stream it opens registered."""

    def __init__(self, registry: SocketRegistry, sessions: TlsSessions | None = None) -> None:
        self._inner = httpcore.SyncBackend()
        self._registry = registry
        self._sessions = sessions

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, timeout, local_address, socket_options  # type: ignore[arg-type]  # passed through as httpcore gave it
        )
        return _WatchedStream(stream, self._registry, sessions=self._sessions)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: object = None
    ) -> httpcore.NetworkStream:
        raise OSError("the platform is reached over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def cancellable_transport(
    ssl_context: ssl.SSLContext, proxy: str | None, registry: SocketRegistry,
    sessions: TlsSessions | None = None,
) -> httpx.HTTPTransport:
    """httpx's transport (direct or through the SOCKS5 proxy) on a registering backend.

    httpx takes no network backend, so it is set on the pool it built; the pool creates
    its connections lazily, through this attribute. Checked here so that a change in
    httpcore fails at once, not as a cancel that waits again.
    """
    transport = httpx.HTTPTransport(verify=ssl_context, proxy=proxy, trust_env=False)
    pool = transport._pool  # httpx has no public way to pass a backend
    if not isinstance(getattr(pool, "_network_backend", None), httpcore.NetworkBackend):
        raise RuntimeError("httpcore changed: the upload could not be made cancellable")
    pool._network_backend = _WatchedBackend(registry, sessions)  # see above
    return transport


@contextlib.contextmanager
def shut_on_cancel(cancel: threading.Event, registry: SocketRegistry) -> Iterator[None]:
    """While the body runs, setting ``cancel`` shuts the registered sockets down."""
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if cancel.wait(WATCH_INTERVAL):
                if not finished.is_set():
                    registry.shut_all()
                return

    threading.Thread(target=watch, name="sync-cancel-watch", daemon=True).start()
    try:
        yield
    finally:
        # Not joined: the watcher ends by itself within one interval, and waiting for
        # it would add that interval to every request.
        finished.set()


def body_in_pieces(data: bytes, cancel: threading.Event,
                   written: list[int] | None = None) -> Iterator[bytes]:
    """``data`` in ``SEND_PIECE`` slices; stops the request once ``cancel`` is set.
    ``written[0]`` grows by each slice once it was written (httpx asks for the next
    one only then), so a cut request counts only what left."""
    view = memoryview(data)
    for start in range(0, len(view), SEND_PIECE):
        if cancel.is_set():
            raise SyncCancelledError("The sync was cancelled.")
        piece = bytes(view[start:start + SEND_PIECE])
        yield piece
        if written is not None:
            written[0] += len(piece)
