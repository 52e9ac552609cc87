"""A coordinator's import through the real CLI: a package the coordinator can open and
that fails is refused (not stored, exit 1, never synced); one it cannot open is kept as
opaque and said so; one whose only failure is that no trusted signers were given is kept
but neither forwarded nor synced until ``package verify ID --trusted-signers`` passes."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import run as cli_run
from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import DeviceIdentity
from app.storage.vault import Vault
from app.sync.profile import PlatformProfile
from app.sync.service import queue_new_packages
from tests.package import tamper
from tests.package.support import ACTOR, PASSPHRASE, create_vault, sealed_testimony, trusted_line


def _cli(vault: Path, secret: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(["--vault", str(vault), "--passphrase-file", str(secret), *argv])
    return code, out.getvalue(), err.getvalue()


def _queued(folder: Path) -> list[str]:
    profile = PlatformProfile("p", "https://platform.invalid", "", "age1x", "", None)
    vault = Vault.unlock(folder, PASSPHRASE)
    try:
        return queue_new_packages(vault, profile)
    finally:
        vault.lock()


@pytest.fixture
def world(tmp_path: Path, vault: Vault, platform: X25519Identity) -> dict[str, Path]:
    """Packages of the session's documenter vault for the platform and a coordinator."""
    coordinator = X25519Identity.generate()
    (tmp_path / "coordinator.key").write_text(str(coordinator) + "\n")
    (tmp_path / "allowed_signers").write_text(trusted_line(vault) + "\n")
    (tmp_path / "secret").write_text(PASSPHRASE + "\n")
    create_vault(tmp_path / "coordinator").lock()
    testimony = sealed_testimony(vault, {"a.jpg": b"\xff\xd8 photo"}, share_onward=True)
    sticks = {name: tmp_path / name for name in ("good", "opaque", "tampered", "forged")}
    for stick in sticks.values():
        stick.mkdir()
    good = export_package(
        vault.connection, vault.blobs, vault.device, testimony, sticks["good"],
        [str(coordinator.recipient)], ACTOR,
    ).path  # fmt: skip
    export_package(
        vault.connection, vault.blobs, vault.device, testimony, sticks["opaque"], [], ACTOR
    )
    members = tamper.take_apart(good, coordinator)
    planted = tamper.resign(
        [*members, (members[0][0].split("/")[0] + "/data/planted.txt", b"x")], vault.device
    )
    tamper.put_together(planted, coordinator.recipient, sticks["tampered"] / "t.age")
    forged = tamper.resign(members, DeviceIdentity.generate())
    tamper.put_together(forged, coordinator.recipient, sticks["forged"] / "f.age")
    return {**sticks, "base": tmp_path}


def test_a_failing_package_is_refused_and_never_synced(world: dict[str, Path]) -> None:
    base = world["base"]
    vault, secret = base / "coordinator", base / "secret"
    key, signers = str(base / "coordinator.key"), str(base / "allowed_signers")
    for name, check in (("tampered", "extra-file"), ("forged", "trust")):
        code, out, _ = _cli(
            vault, secret, "--json", "package", "import", str(world[name]),
            "--identity", key, "--trusted-signers", signers,
        )  # fmt: skip
        assert code == 1, out
        (item,) = json.loads(out)
        assert "error" in item and check in item["error"], item
    code, out, _ = _cli(vault, secret, "--json", "package", "list")
    assert json.loads(out) == []
    assert _queued(vault) == []


def test_an_opaque_package_is_kept_and_said_so(world: dict[str, Path]) -> None:
    base = world["base"]
    vault, secret = base / "coordinator", base / "secret"
    code, out, _ = _cli(
        vault, secret, "package", "import", str(world["opaque"]),
        "--identity", str(base / "coordinator.key"),
    )  # fmt: skip
    assert code == 0 and "opaque" in out, out
    code, out, _ = _cli(vault, secret, "--json", "package", "list")
    (row,) = json.loads(out)
    assert row["verification"] is None
    assert _queued(vault) == [row["id"]]


def test_a_package_without_trusted_signers_waits_for_them(world: dict[str, Path]) -> None:
    base = world["base"]
    vault, secret = base / "coordinator", base / "secret"
    key = str(base / "coordinator.key")
    code, out, _ = _cli(
        vault, secret, "--json", "package", "import", str(world["good"]), "--identity", key
    )
    assert code == 0, out
    (item,) = json.loads(out)
    assert item["verification"]["failed_check"] == "trust"
    assert _queued(vault) == []
    forwarded = base / "forwarded"
    forwarded.mkdir()
    code, _, err = _cli(vault, secret, "package", "forward", item["id"], "--to", str(forwarded))
    assert code != 0 and "--trusted-signers" in err, err
    assert list(forwarded.iterdir()) == []
    code, out, _ = _cli(
        vault, secret, "package", "verify", item["id"], "--identity", key,
        "--trusted-signers", str(base / "allowed_signers"),
    )  # fmt: skip
    assert code == 0, out
    assert _queued(vault) == [item["id"]]
    code, _, err = _cli(vault, secret, "package", "forward", item["id"], "--to", str(forwarded))
    assert code == 0, err


def test_a_verified_package_that_later_fails_is_no_longer_synced(world: dict[str, Path]) -> None:
    base = world["base"]
    vault, secret = base / "coordinator", base / "secret"
    key = str(base / "coordinator.key")
    stranger = base / "stranger"
    stranger.write_text(DeviceIdentity.generate().public_key.allowed_signers_line("x") + "\n")
    code, out, _ = _cli(
        vault, secret, "--json", "package", "import", str(world["good"]), "--identity", key,
        "--trusted-signers", str(base / "allowed_signers"),
    )  # fmt: skip
    assert code == 0 and json.loads(out)[0]["verification"]["ok"], out
    row_id = json.loads(out)[0]["id"]
    code, _, _ = _cli(
        vault, secret, "package", "verify", row_id, "--identity", key,
        "--trusted-signers", str(stranger),
    )  # fmt: skip
    assert code == 1
    assert _queued(vault) == []
