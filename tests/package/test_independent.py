"""Independent verification: a package opened and checked only with standard tools,
following VERIFY.txt step by step (age-keygen, age -d, tar -x, sha256sum -c, bagit.py
--validate, ssh-keygen -Y find-principals / verify / -l)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.keys_command import export_public_text
from app.core.export import export_package
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.crypto.age import X25519Identity, parse_identities
from app.crypto.signing import NAMESPACE_PACKAGE, parse_trusted_signers
from app.formats.package.bag import safe_file_name
from app.formats.package.verify import verify_package
from app.storage.vault import Vault
from tests.package.support import ACTOR, BAGIT_CLI, run

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def keygen_identity(
    tmp_path_factory: pytest.TempPathFactory, vault: Vault, platform: X25519Identity
) -> Iterator[Path]:
    """The platform key made by age-keygen, not by us (the usual key restored after)."""
    key = tmp_path_factory.mktemp("platform") / "key.txt"
    result = run(["age-keygen", "-o", str(key)])
    assert result.returncode == 0, result.stderr
    public = run(["age-keygen", "-y", str(key)]).stdout.decode().strip()
    set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, public, ACTOR)
    yield key
    set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, str(platform.recipient), ACTOR)


def test_standard_tools_verify_a_package_as_verify_txt_says(
    vault: Vault, sealed_id: str, keygen_identity: Path, stick: Path, tmp_path: Path
) -> None:
    result = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    )
    assert re.fullmatch(r"[0-9a-f]{32}\.age", result.path.name)
    assert [p.name for p in stick.iterdir()] == [result.path.name]

    # 1. age -d
    tar_file = tmp_path / "bag.tar"
    decrypted = run(
        ["age", "-d", "-i", str(keygen_identity), "-o", str(tar_file), str(result.path)]
    )
    assert decrypted.returncode == 0, decrypted.stderr
    # 2. tar -x into an empty folder: one folder named by the package id
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    assert run(["tar", "-xf", str(tar_file), "-C", str(unpacked)]).returncode == 0
    assert [p.name for p in unpacked.iterdir()] == [result.package_id]
    bag = unpacked / result.package_id
    verify_txt = (bag / "VERIFY.txt").read_text(encoding="ascii")
    assert "$ age -d -i key.txt" in verify_txt
    assert "$ sha256sum --check --strict manifest-sha256.txt" in verify_txt
    # 3. sha256sum --check --strict on both manifests; bagit.py --validate
    for manifest in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        checked = run(["sha256sum", "--check", "--strict", manifest], cwd=bag)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert b"FAILED" not in checked.stdout
    listed = {
        line.split("  ", 1)[1] for line in (bag / "manifest-sha256.txt").read_text().splitlines()
    }
    on_disk = {str(p.relative_to(bag)) for p in (bag / "data").rglob("*") if p.is_file()}
    assert listed == on_disk
    validated = run([str(BAGIT_CLI), "--validate", str(bag)])
    assert validated.returncode == 0, validated.stderr
    assert b"is valid" in validated.stderr
    # 4. ssh-keygen with allowed_signers made from `keys export-public` output
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(export_public_text(vault.device.public_key))
    found = run(
        [
            "ssh-keygen",
            "-Y",
            "find-principals",
            "-s",
            "tagmanifest-sha256.txt.sig",
            "-f",
            str(allowed),
        ],
        cwd=bag,
    )
    assert found.returncode == 0, found.stderr
    principal = found.stdout.decode().strip()
    assert principal.startswith("device-")
    with (bag / "tagmanifest-sha256.txt").open("rb") as signed:
        good = run(
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                principal,
                "-n",
                NAMESPACE_PACKAGE,
                "-s",
                "tagmanifest-sha256.txt.sig",
            ],
            cwd=bag,
            stdin=signed,
        )
    assert good.returncode == 0, good.stderr
    assert f'Good "{NAMESPACE_PACKAGE}" signature for {principal}'.encode() in good.stdout
    # 5. the fingerprint of signer.pub equals bag-info's and the device's
    listed_key = run(["ssh-keygen", "-l", "-f", "signer.pub"], cwd=bag).stdout.decode()
    info = (bag / "bag-info.txt").read_text()
    assert vault.device.fingerprint in listed_key
    assert f"Signer-Fingerprint: {vault.device.fingerprint}" in info
    # The person is not named (no consent to be named), the original names are kept.
    person = json.loads((bag / "data/person.json").read_text())
    assert "full_name" not in person and person["code"] == "W-017"
    attachments = json.loads((bag / "data/attachments.json").read_text())["attachments"]
    assert "../../etc/passwd" in {a["original_name"] for a in attachments}
    assert [a["path"] for a in attachments] == [
        "data/attachments/" + safe_file_name(a["original_name"], number)
        for number, a in enumerate(attachments, start=1)
    ]
    assert "data/attachments/001-фота_затрымання.jpg" in listed  # sha256sum read it

    # Our own verifier agrees, with the key age-keygen made.
    identities = parse_identities(keygen_identity.read_text())
    report = verify_package(
        lambda: result.path.open("rb"),
        identities,
        parse_trusted_signers(allowed.read_text()),
    )
    assert report.ok, report.message


def test_ssh_keygen_rejects_a_changed_tag_manifest(
    vault: Vault, sealed_id: str, keygen_identity: Path, stick: Path, tmp_path: Path
) -> None:
    result = export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    )
    tar_file = tmp_path / "bag.tar"
    run(["age", "-d", "-i", str(keygen_identity), "-o", str(tar_file), str(result.path)])
    run(["tar", "-xf", str(tar_file), "-C", str(tmp_path)])
    bag = tmp_path / result.package_id
    (bag / "tagmanifest-sha256.txt").write_text(
        (bag / "tagmanifest-sha256.txt").read_text().replace("bagit.txt", "bagit.txt ")
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(export_public_text(vault.device.public_key))
    with (bag / "tagmanifest-sha256.txt").open("rb") as signed:
        bad = run(
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                "device-x",
                "-n",
                NAMESPACE_PACKAGE,
                "-s",
                "tagmanifest-sha256.txt.sig",
            ],
            cwd=bag,
            stdin=signed,
        )
    assert bad.returncode != 0


def test_coordinator_recipient_opens_it_with_age(
    vault: Vault, keygen_identity: Path, media: dict[str, bytes], stick: Path, tmp_path: Path
) -> None:
    from tests.package.support import sealed_testimony

    testimony_id = sealed_testimony(vault, media, share_onward=True)
    coordinator = X25519Identity.generate()
    key = tmp_path / "coordinator.txt"
    key.write_text(str(coordinator) + "\n")
    result = export_package(
        vault.connection,
        vault.blobs,
        vault.device,
        testimony_id,
        stick,
        [str(coordinator.recipient)],
        ACTOR,
    )
    assert len(result.recipients) == 2
    for identity in (key, keygen_identity):
        opened = run(
            ["age", "-d", "-i", str(identity), "-o", str(tmp_path / "x.tar"), str(result.path)]
        )
        assert opened.returncode == 0, opened.stderr
