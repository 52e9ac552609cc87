"""Fixtures of the sync tests: real certificates, a receipt key made by ssh-keygen, and
the independent tus server from npm (installed once per machine by the fixture)."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.crypto.signing import NAMESPACE_RECEIPT

from .pki import ServerPki, make_pki
from .tus_node import TusNodeServer, install_tus_node


@pytest.fixture(scope="session")
def platform_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("platform-pki"), "Platform")


@pytest.fixture(scope="session")
def impostor_pki(tmp_path_factory: pytest.TempPathFactory) -> ServerPki:
    return make_pki(tmp_path_factory.mktemp("impostor-pki"), "Impostor")


def _ssh_key(folder: Path) -> Path:
    key = folder / "receipt_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "platform", "-f", str(key)],
        check=True,
    )
    return key


@pytest.fixture(scope="session")
def receipt_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The platform's receipt signing key (private file; ``.pub`` next to it)."""
    return _ssh_key(tmp_path_factory.mktemp("receipt-key"))


@pytest.fixture(scope="session")
def other_receipt_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _ssh_key(tmp_path_factory.mktemp("other-receipt-key"))


@pytest.fixture(scope="session")
def tus_install(request: pytest.FixtureRequest) -> Path:
    cache = getattr(request.config, "cache", None)
    # Without pytest's cache plugin (-p no:cacheprovider), a per-user cache folder.
    root = (Path(cache.mkdir("evidence-vault-sync")) if cache is not None
            else Path.home() / ".cache" / "evidence-vault-tests")
    try:
        return install_tus_node(root)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"@tus/server could not be installed from npm: {error}")


@pytest.fixture
def device_token() -> str:
    return secrets.token_urlsafe(24)


@pytest.fixture
def tus_server(
    tus_install: Path,
    tmp_path: Path,
    platform_pki: ServerPki,
    receipt_key: Path,
    device_token: str,
) -> Iterator[TusNodeServer]:
    server = TusNodeServer(
        install_dir=tus_install,
        data_dir=tmp_path / "tus-data",
        cert_file=platform_pki.cert_file,
        key_file=platform_pki.key_file,
        token=device_token,
        receipt_key=receipt_key,
        namespace=NAMESPACE_RECEIPT,
    ).start()
    yield server
    server.kill()
