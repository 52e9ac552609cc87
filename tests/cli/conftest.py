"""Fixtures of the command-line tests: a real vault made through the real CLI."""

from __future__ import annotations

import pytest

from tests.cli.support import CliVault, build_sealed_vault


@pytest.fixture(scope="module")
def sealed_vault(tmp_path_factory: pytest.TempPathFactory) -> CliVault:
    return build_sealed_vault(tmp_path_factory.mktemp("cli-vault"))
