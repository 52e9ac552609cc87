"""Tampering regions the package, keyslot, blob and database matrices do not cover.

- A package signed by a real, enrolled documenter device that is not the one the
  platform trusts for this channel: refused with the trust reason naming the signer;
  a trust line limited to another purpose (namespace) does not admit it either.
- A replayed older package: after a correction was sealed and exported, the package
  of the earlier version is presented again. It is a genuine, valid package, so
  verification passes; what lets a platform notice the replay is that the package
  names its testimony version and parent (bag-info.txt, and verify's report) and keeps
  its package id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.cases import add_case
from app.core.export import export_package
from app.core.ingest import import_attachment
from app.core.records import parse_case_input, parse_testimony_input
from app.core.sealing import seal_testimony
from app.core.settings import PLATFORM_RECIPIENT, set_setting
from app.core.testimonies import add_testimony, start_correction
from app.crypto.age import X25519Identity
from app.crypto.kdf import FLOOR
from app.crypto.signing import (
    NAMESPACE_CUSTODY,
    NAMESPACE_PACKAGE,
    SigningPublicKey,
    parse_trusted_signers,
)
from app.formats.package.bag import parse_bag_info
from app.formats.package.verify import VerificationReport, verify_package
from app.storage.vault import Vault

ACTOR = "tamper-campaign"
RECORD = {
    "person": {"code": "T-1", "role": "witness"},
    "interview": {"place": "Brest", "interviewer": "D-4", "language": "ru"},
    "consent": dict.fromkeys(["interview", "audio_recording", "share_with_platform"], True)
    | dict.fromkeys(["share_onward", "be_named", "recontact"], False)
    | {"given_at": "2024-03-01T10:00:00Z", "method": "oral"},
    "incidents": [],
    "narrative": "tamper campaign",
}


@pytest.fixture(scope="module")
def platform() -> X25519Identity:
    return X25519Identity.generate()


def _vault(folder: Path, platform: X25519Identity) -> Vault:
    vault, _ = Vault.create(folder, "tamper campaign passphrase", params=FLOOR)
    set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, str(platform.recipient), ACTOR)
    return vault


@pytest.fixture(scope="module")
def device_a(tmp_path_factory: pytest.TempPathFactory, platform: X25519Identity) -> Iterator[Vault]:
    vault = _vault(tmp_path_factory.mktemp("a") / "vault", platform)
    yield vault
    vault.lock()


@pytest.fixture(scope="module")
def device_b(tmp_path_factory: pytest.TempPathFactory, platform: X25519Identity) -> Iterator[Vault]:
    vault = _vault(tmp_path_factory.mktemp("b") / "vault", platform)
    yield vault
    vault.lock()


def _sealed(vault: Vault, media: Path) -> str:
    conn = vault.connection
    case = add_case(conn, vault.device, parse_case_input({"title": "tamper"}), ACTOR)
    draft = add_testimony(conn, vault.device, case.id, parse_testimony_input(RECORD), ACTOR)
    import_attachment(vault.connection, vault.blobs, vault.device, draft.id, media, actor=ACTOR)
    seal_testimony(conn, vault.blobs, vault.device, draft.id, ACTOR)
    return draft.id


def _export(vault: Vault, testimony_id: str, stick: Path) -> Path:
    stick.mkdir(exist_ok=True)
    conn = vault.connection
    return export_package(conn, vault.blobs, vault.device, testimony_id, stick, [], ACTOR).path


def _trust(*lines: str) -> list[SigningPublicKey]:
    return parse_trusted_signers("\n".join(lines) + "\n")


def _line(vault: Vault, namespaces: list[str]) -> str:
    return vault.device.public_key.allowed_signers_line("documenter", namespaces)


def _verify(
    package: Path, platform: X25519Identity, trusted: list[SigningPublicKey], unpack: Path | None
) -> VerificationReport:
    return verify_package(lambda: package.open("rb"), [platform], trusted, unpack_to=unpack)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("media") / "photo.jpg"
    path.write_bytes(b"\xff\xd8" + bytes(range(256)) * 300 + b"\xff\xd9")
    return path


def test_a_package_from_another_enrolled_device_is_refused(
    device_a: Vault, device_b: Vault, platform: X25519Identity, media: Path, tmp_path: Path
) -> None:
    package = _export(device_b, _sealed(device_b, media), tmp_path / "stick")
    both = [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]
    fingerprint_b = device_b.device.public_key.fingerprint

    only_a = _verify(package, platform, _trust(_line(device_a, both)), None)
    assert not only_a.ok and only_a.failed_check == "trust"
    assert fingerprint_b in only_a.message
    assert device_a.device.public_key.fingerprint not in only_a.message
    assert only_a.signer_fingerprint == fingerprint_b and not only_a.signer_trusted

    # B enrolled, but only for custody logs: not for packages.
    custody_only = _trust(_line(device_a, both), _line(device_b, [NAMESPACE_CUSTODY]))
    narrowed = _verify(package, platform, custody_only, None)
    assert narrowed.failed_check == "trust", narrowed.message

    # The control: once B is trusted for packages the same file passes.
    assert _verify(package, platform, _trust(_line(device_b, both)), None).ok


@pytest.fixture(scope="module")
def versions(
    device_a: Vault, media: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, str, Path]:
    """Version 1 sealed and exported, then its correction (version 2) likewise."""
    stick = tmp_path_factory.mktemp("stick")
    first = _sealed(device_a, media)
    first_package = _export(device_a, first, stick)
    conn = device_a.connection
    second = start_correction(conn, device_a.device, first, ACTOR).id
    seal_testimony(conn, device_a.blobs, device_a.device, second, ACTOR)
    return first, first_package, second, _export(device_a, second, stick)


def test_a_replayed_older_version_is_recognisable(
    device_a: Vault,
    platform: X25519Identity,
    versions: tuple[str, Path, str, Path],
    tmp_path: Path,
) -> None:
    first, first_package, second, second_package = versions
    trusted = _trust(_line(device_a, [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]))
    newer = _verify(second_package, platform, trusted, tmp_path / "v2")
    assert newer.ok and newer.testimony_id == second
    replayed = _verify(first_package, platform, trusted, tmp_path / "v1")
    again = _verify(first_package, platform, trusted, None)
    # A genuine older package verifies: validity is not freshness.
    assert replayed.ok and replayed.testimony_id == first
    # The same file presented twice keeps its id, so a platform can refuse a duplicate.
    assert again.package_id == replayed.package_id != newer.package_id

    assert replayed.unpacked_to is not None and newer.unpacked_to is not None
    info_old = parse_bag_info((Path(replayed.unpacked_to) / "bag-info.txt").read_bytes())
    info_new = parse_bag_info((Path(newer.unpacked_to) / "bag-info.txt").read_bytes())
    assert (info_old["Testimony-Version"], info_old["Testimony-Parent"]) == ("1", "none")
    # The newer version names the older as its parent: a platform holding version 2
    # sees that the replayed package is its ancestor, not news.
    assert (info_new["Testimony-Version"], info_new["Testimony-Parent"]) == ("2", first)


def test_the_verify_report_names_version_and_parent(
    device_a: Vault, platform: X25519Identity, versions: tuple[str, Path, str, Path]
) -> None:
    first, _, _, second_package = versions
    trusted = _trust(_line(device_a, [NAMESPACE_PACKAGE, NAMESPACE_CUSTODY]))
    report = _verify(second_package, platform, trusted, None)
    assert report.testimony_version == 2
    assert report.testimony_parent == first
