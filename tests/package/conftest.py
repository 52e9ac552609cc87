"""Fixtures for the package tests: one real vault for the whole session (creating one
costs an Argon2id derivation), a platform identity, a sealed testimony with media."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.crypto.age import X25519Identity
from app.storage.vault import Vault
from tests.package.support import create_vault, sealed_testimony, set_platform


@pytest.fixture(scope="session")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    opened = create_vault(tmp_path_factory.mktemp("vault") / "vault")
    yield opened
    opened.lock()


@pytest.fixture(scope="session")
def platform(vault: Vault) -> X25519Identity:
    identity = X25519Identity.generate()
    set_platform(vault, identity)
    return identity


@pytest.fixture(scope="session")
def media() -> dict[str, bytes]:
    # Sizes around the 64 KiB age chunk and the 512-byte tar block, and an empty file.
    return {
        "фота затрымання.jpg": os.urandom(150_000),
        "clip.mp4": os.urandom(65_536 * 2 + 511),
        "notes.txt": b"",
        "../../etc/passwd": b"a name that tries to climb\n",
    }


@pytest.fixture(scope="session")
def sealed_id(vault: Vault, platform: X25519Identity, media: dict[str, bytes]) -> str:
    return sealed_testimony(vault, media)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder
