"""A link emulator on loopback: a SOCKS5 proxy (no authentication, CONNECT by name, as
``socks5h`` asks) that plays the links documenters really have.

Each direction of the link is one shared pipe: bytes pass at ``rate`` bytes per second
(all connections together, as on one radio or one Tor circuit) and arrive ``rtt / 2``
seconds after they left. The proxy reads from a side only as fast as the pipe drains
(small socket buffers, one piece in hand), so nothing piles up inside it. A cut resets
every connection through the link at once (RST on both sides, bytes still on the wire
are lost), on a schedule (every ``cut_every`` seconds) or at random (exponential
intervals of that mean, from a seeded generator). Also:

- ``outage(seconds)``: the link is down; open connections are cut, and a new one is
  refused as Tor refuses when no circuit can be built (SOCKS "host unreachable");
- ``stall()`` / ``unstall()``: no byte moves, nothing is closed (a dead circuit that
  nobody noticed yet);
- the SOCKS reply to CONNECT comes one round trip late (a Tor stream being attached).

Counters: ``connections``, ``cuts`` (cuts that hit at least one connection),
``up_bytes`` (client bytes that crossed the link). Threads only; loopback only.

Named profiles (``PROFILES``) are the issue's; tests scale their time constants down
with ``LinkProfile.scaled``.
"""

from __future__ import annotations

import collections
import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, replace

KIB = 1024
MIB = 1024 * KIB
_BUFFER = 64 * KIB  # socket buffers of the proxy's sockets: a small network queue


@dataclass(frozen=True)
class LinkProfile:
    name: str
    rate: int  # bytes per second, each way
    rtt: float  # seconds, round trip added by the link
    cut_every: float | None  # seconds between cuts (None: never)
    random_cuts: bool = False

    def scaled(self, *, rate_factor: float = 1.0, cut_every: float | None = None,
               random_cuts: bool | None = None) -> LinkProfile:
        """For tests: a faster link and cuts every few seconds (the same shape, in
        seconds instead of minutes)."""
        return replace(
            self, rate=int(self.rate * rate_factor),
            cut_every=self.cut_every if cut_every is None else cut_every,
            random_cuts=self.random_cuts if random_cuts is None else random_cuts,
        )


PROFILES = {
    profile.name: profile
    for profile in (
        LinkProfile("tor-good", 1 * MIB, 0.400, 300.0),
        LinkProfile("tor-bad", 200 * KIB, 0.800, 60.0),
        LinkProfile("mobile-throttled", 50 * KIB, 0.300, 120.0),
        LinkProfile("flaky", 256 * KIB, 0.200, 10.0),
    )
}


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        # A close() alone does nothing while a pump thread is blocked on the socket:
        # shutting it down wakes that thread, and the close then resets.
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def _exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = sock.recv(size - len(data))
        if not piece:
            raise OSError("closed during the SOCKS exchange")
        data += piece
    return data


class _Pipe:
    """One direction of the link: when the next byte may leave (shared by all
    connections), so the rate holds for the link as a whole."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.free_at = 0.0
        self.lock = threading.Lock()

    def send(self, size: int) -> float:
        """Reserve the pipe for ``size`` bytes; the moment the last one has left."""
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / self.rate
            return self.free_at


class _Connection:
    def __init__(self, link: LinkEmulator, client: socket.socket, upstream: socket.socket) -> None:
        self.link = link
        self.client = client
        self.upstream = upstream
        self.closed = threading.Event()
        self.up_count = 0
        self._ended = 0
        self._ended_lock = threading.Lock()

    def _one_side_ended(self) -> None:
        with self._ended_lock:
            self._ended += 1
            both = self._ended == 2
        if both and not self.closed.is_set():
            self.closed.set()
            for sock in (self.client, self.upstream):
                with contextlib.suppress(OSError):
                    sock.close()
            self.link.forget(self)

    def start(self) -> None:
        for source, target, pipe, up in (
            (self.client, self.upstream, self.link.up, True),
            (self.upstream, self.client, self.link.down, False),
        ):
            line: collections.deque[tuple[float, bytes]] = collections.deque()
            ready = threading.Condition()
            threading.Thread(target=self._read, args=(source, pipe, line, ready, up),
                             daemon=True).start()
            threading.Thread(target=self._deliver, args=(target, line, ready),
                             daemon=True).start()

    def _read(self, source: socket.socket, pipe: _Pipe,
              line: collections.deque[tuple[float, bytes]], ready: threading.Condition,
              up: bool) -> None:
        # Pieces of at most ~20 ms of the link, so the rate is smooth.
        piece = max(1024, min(16 * KIB, pipe.rate // 50))
        try:
            while not self.closed.is_set():
                self.link.unstalled.wait()
                data = source.recv(piece)
                if not data:
                    break
                left_at = pipe.send(len(data))
                # The proxy holds this piece until the pipe starts carrying it: it reads
                # the next one only then, so the link queues one piece at most (20 ms)
                # and never idles between pieces for the reader's wake-up (a millisecond
                # or two of scheduling per piece would otherwise cost up to a tenth of
                # the rate).
                delay = left_at - len(data) / pipe.rate - time.monotonic()
                if delay > 0 and self.closed.wait(delay):
                    return
                limit = self.link.cut_after_bytes if up else None
                if limit is not None and self.up_count + len(data) >= limit:
                    data = data[:limit - self.up_count]
                    self.link.count_up(len(data))
                    with ready:
                        line.append((left_at + self.link.profile.rtt / 2, data))
                        ready.notify()
                    # This connection's budget is spent: it dies once that arrived.
                    if not self.closed.wait(self.link.profile.rtt / 2 + 0.01):
                        self.link.count_cut()
                        self.cut()
                    return
                if up:
                    self.up_count += len(data)
                    self.link.count_up(len(data))
                with ready:
                    line.append((left_at + self.link.profile.rtt / 2, data))
                    ready.notify()
        except OSError:
            pass
        with ready:
            line.append((float("inf"), b""))  # end of stream after what is on the wire
            ready.notify()

    def _deliver(self, target: socket.socket, line: collections.deque[tuple[float, bytes]],
                 ready: threading.Condition) -> None:
        try:
            while not self.closed.is_set():
                with ready:
                    while not line and not self.closed.is_set():
                        ready.wait(0.1)
                    if self.closed.is_set():
                        return
                    at, data = line[0]
                if not data:
                    # The source closed: pass the end on once the wire is empty.
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)
                    self._one_side_ended()
                    return
                delay = at - time.monotonic()
                if delay > 0 and self.closed.wait(delay):
                    return
                self.link.unstalled.wait()
                target.sendall(data)
                with ready:
                    line.popleft()
        except OSError:
            self.cut()

    def cut(self) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        _reset(self.client)
        _reset(self.upstream)
        self.link.forget(self)


class LinkEmulator:
    """The SOCKS5 proxy in front of ``upstream_port`` (or any host in ``names``)."""

    def __init__(self, profile: LinkProfile, *, names: dict[str, str] | None = None,
                 seed: int = 1, cut_after_bytes: int | None = None) -> None:
        self.profile = profile
        # Each connection is cut once this many client bytes crossed (None: never).
        self.cut_after_bytes = cut_after_bytes
        self.names = names or {"localhost": "127.0.0.1", "platform.test": "127.0.0.1"}
        self.up = _Pipe(profile.rate)
        self.down = _Pipe(profile.rate)
        self.connections = 0
        self.cuts = 0
        self.up_bytes = 0
        self.unstalled = threading.Event()
        self.unstalled.set()
        self._down_until = 0.0
        self._open: set[_Connection] = set()
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _BUFFER)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(32)
        self.port: int = self._server.getsockname()[1]
        self.proxy_url = f"socks5h://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()
        if profile.cut_every:
            threading.Thread(target=self._cutter, daemon=True).start()

    # -- faults ------------------------------------------------------------------------

    def cut(self) -> int:
        """Reset every connection through the link now; how many there were."""
        with self._lock:
            victims = list(self._open)
        for connection in victims:
            connection.cut()
        if victims:
            with self._lock:
                self.cuts += 1
        return len(victims)

    def outage(self, seconds: float) -> None:
        """The link goes down for ``seconds``: open connections are cut, new ones reset."""
        self._down_until = time.monotonic() + seconds
        self.cut()

    def stall(self) -> None:
        self.unstalled.clear()

    def unstall(self) -> None:
        self.unstalled.set()

    def _cutter(self) -> None:
        every = float(self.profile.cut_every or 0)
        while True:
            wait = self._rng.expovariate(1 / every) if self.profile.random_cuts else every
            if self._stop.wait(wait):
                return
            self.cut()

    # -- bookkeeping -------------------------------------------------------------------

    def count_cut(self) -> None:
        with self._lock:
            self.cuts += 1

    def count_up(self, size: int) -> None:
        with self._lock:
            self.up_bytes += size

    def forget(self, connection: _Connection) -> None:
        with self._lock:
            self._open.discard(connection)

    def close(self) -> None:
        self._stop.set()
        self.unstall()
        self._server.close()
        with self._lock:
            victims = list(self._open)
        for connection in victims:
            connection.cut()

    def __enter__(self) -> LinkEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- SOCKS5 ------------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            _version, count = _exact(client, 2)
            _exact(client, count)
            client.sendall(b"\x05\x00")
            version, command, _reserved, atyp = _exact(client, 4)
            if atyp != 3:
                raise OSError("only names (socks5h)")
            host = _exact(client, _exact(client, 1)[0]).decode("ascii")
            port = struct.unpack(">H", _exact(client, 2))[0]
            address = self.names.get(host)
            if time.monotonic() < self._down_until:
                address = None  # no circuit: Tor answers "host unreachable"
            if version != 5 or command != 1 or address is None:
                client.sendall(b"\x05\x04\x00\x01" + bytes(6))
                _reset(client)
                return
            upstream = socket.create_connection((address, port))
            upstream.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _BUFFER)
            upstream.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _BUFFER)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _BUFFER)
            time.sleep(self.profile.rtt)  # the stream is attached at the far end
            client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + b"\x00\x00")
        except OSError:
            _reset(client)
            return
        connection = _Connection(self, client, upstream)
        with self._lock:
            if self._stop.is_set() or time.monotonic() < self._down_until:
                _reset(client)
                _reset(upstream)
                return
            self.connections += 1
            self._open.add(connection)
        connection.start()
