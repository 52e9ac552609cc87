"""Fixtures of the timestamp tests: real time-stamping authorities (OpenSSL ``ts``)
behind HTTP on loopback, and a second, unrelated authority nobody trusts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .tsa import Authority, AuthorityServer, make_authority


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return make_authority(tmp_path_factory.mktemp("tsa"), "Test TSA")


@pytest.fixture(scope="session")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return make_authority(tmp_path_factory.mktemp("stranger-tsa"), "Stranger TSA")


@pytest.fixture
def tsa(authority: Authority) -> Iterator[AuthorityServer]:
    authority.down = False
    authority.holding = False
    authority.released.clear()
    with AuthorityServer(authority) as server:
        yield server
    authority.released.set()


@pytest.fixture
def stranger_tsa(stranger: Authority) -> Iterator[AuthorityServer]:
    with AuthorityServer(stranger) as server:
        yield server


def closed_port_url() -> str:
    """An address where nothing listens (a port bound, never listened on, and freed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def ca_file(authority: Authority, folder: Path) -> Path:
    path = folder / "tsa-ca.pem"
    path.write_bytes(authority.ca_pem)
    return path
