"""Hostile input, round two: trust decided before any payload byte, documents capped in
size and nodes, the payload limited to the format's fixed set, consent and person
documents held to the sealed record, the unpacking pass never writing more than the
verifying pass saw, and a bounded peak memory on the amplification package."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import DeviceIdentity, SigningPublicKey, parse_trusted_signers
from app.formats.package.verify import VerificationReport, verify_package
from app.storage.vault import Vault
from tests.package import tamper
from tests.package.hostile_packages import MIB, amplification_package
from tests.package.support import ACTOR, sealed_testimony, trusted_line
from tests.system_probes import peak_memory_of_run


@pytest.fixture(scope="module")
def good(
    vault: Vault, sealed_id: str, platform: X25519Identity, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    stick = tmp_path_factory.mktemp("stick")
    return export_package(
        vault.connection, vault.blobs, vault.device, sealed_id, stick, [], ACTOR
    ).path


@pytest.fixture(scope="module")
def trusted(vault: Vault) -> list[SigningPublicKey]:
    return parse_trusted_signers(trusted_line(vault))


def _check(
    members: tamper.Members, platform: X25519Identity, trusted: Any, tmp_path: Path
) -> VerificationReport:
    bad = tamper.put_together(members, platform.recipient, tmp_path / "bad.age")
    return verify_package(lambda: bad.open("rb"), [platform], trusted, unpack_to=tmp_path / "out")


def _top(members: tamper.Members) -> str:
    return members[0][0].split("/", 1)[0]


@pytest.mark.parametrize(
    "extra", ["data/notes.txt", "data/attachments/sub/x.jpg", "data/attachments/x.jpg"]
)
def test_a_trusted_signer_cannot_add_payload_outside_the_fixed_set(
    extra: str,
    vault: Vault,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    members = tamper.take_apart(good, platform)
    planted = tamper.resign([*members, (f"{_top(members)}/{extra}", b"planted")], vault.device)
    report = _check(planted, platform, trusted, tmp_path)
    assert report.failed_check == "extra-file", report.message
    assert not (tmp_path / "out").exists()


def _edit_json(members: tamper.Members, suffix: str, edit: Callable[[Any], None]) -> tamper.Members:
    document = json.loads(tamper.get(members, suffix))
    edit(document)
    return tamper.replace(members, suffix, json.dumps(document).encode())


def _set_info(members: tamper.Members, key: str, value: str) -> tamper.Members:
    from app.formats.package import bag

    info = bag.parse_bag_info(tamper.get(members, "/bag-info.txt"))
    info[key] = value
    return tamper.replace(members, "/bag-info.txt", bag.bag_info_text(list(info.items())))


EDITS: dict[str, Callable[[tamper.Members], tamper.Members]] = {
    "consent to be named added": lambda m: _edit_json(
        m, "/data/consent.json", lambda d: d["consent"].update(be_named=True)
    ),
    "consent to share onward added": lambda m: _edit_json(
        m, "/data/consent.json", lambda d: d["consent"].update(share_onward=True)
    ),
    "consent document replaced": lambda m: tamper.replace(m, "/data/consent.json", b"{}"),
    "name added without consent": lambda m: _edit_json(
        m, "/data/person.json", lambda d: d.update(full_name="Someone Named")
    ),
    "another person": lambda m: _edit_json(
        m, "/data/person.json", lambda d: d.update(id="00000000-0000-4000-8000-000000000001")
    ),
    "unknown person field": lambda m: _edit_json(
        m, "/data/person.json", lambda d: d.update(address="Street 1")
    ),
    "bag-info claims the person is identified": lambda m: _set_info(
        m, "Person-Identified", "yes"
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_consent_and_person_must_match_the_sealed_record(
    edit: str,
    vault: Vault,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    members = tamper.take_apart(good, platform)
    edited = tamper.resign(EDITS[edit](members), vault.device)
    report = _check(edited, platform, trusted, tmp_path)
    assert report.failed_check == "consent", (edit, report.failed_check, report.message)


def test_identifying_details_travel_with_consent_to_be_named(
    vault: Vault,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    named = sealed_testimony(vault, {"a.jpg": b"\xff\xd8 named"}, be_named=True)
    path = export_package(
        vault.connection, vault.blobs, vault.device, named, tmp_path, [], ACTOR
    ).path
    members = tamper.take_apart(path, platform)
    assert "full_name" in json.loads(tamper.get(members, "/data/person.json"))
    report = verify_package(lambda: path.open("rb"), [platform], trusted)
    assert report.ok, report.message
    withdrawn = tamper.resign(
        _edit_json(members, "/data/consent.json", lambda d: d["consent"].update(be_named=False)),
        vault.device,
    )
    assert _check(withdrawn, platform, trusted, tmp_path).failed_check == "consent"


class _Tracked(io.BytesIO):
    """The package bytes; remembers how far any pass read into them."""

    def __init__(self, data: bytes, furthest: list[int]) -> None:
        super().__init__(data)
        self._furthest = furthest

    def close(self) -> None:
        if not self.closed:
            self._furthest.append(self.tell())
        super().close()


def test_trust_is_decided_before_any_payload_byte(
    vault: Vault, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    big = sealed_testimony(vault, {"video.mp4": b"\0" * (8 * MIB)})
    path = export_package(
        vault.connection, vault.blobs, vault.device, big, tmp_path, [], ACTOR
    ).path
    attacker = DeviceIdentity.generate()
    forged = tamper.put_together(
        tamper.resign(tamper.take_apart(path, platform), attacker),
        platform.recipient,
        tmp_path / "forged.age",
    )
    data = forged.read_bytes()
    furthest: list[int] = []
    report = verify_package(lambda: _Tracked(data, furthest), [platform], trusted)
    assert report.failed_check == "trust"
    assert furthest and max(furthest) < 256 * 1024, (max(furthest), len(data))


def test_payload_before_the_tag_files_is_refused(
    good: Path, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    members = tamper.take_apart(good, platform)
    payload_first = [m for m in members if "/data/" in m[0]] + [
        m for m in members if "/data/" not in m[0]
    ]
    report = _check(payload_first, platform, trusted, tmp_path)
    assert report.failed_check == "archive" and "(order)" in report.message, report.message


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"[" + b"{}," * 300_000 + b"{}]", "document-nodes"),
        (b'{"narrative": "' + b"x" * (20 * MIB) + b'"}', "member-size"),
    ],
)
def test_documents_over_the_caps_are_refused_before_parsing(
    document: bytes,
    reason: str,
    vault: Vault,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    members = tamper.take_apart(good, platform)
    edited = tamper.resign(tamper.replace(members, "/data/testimony.json", document), vault.device)
    report = _check(edited, platform, trusted, tmp_path)
    assert report.failed_check == "archive", report.message
    assert f"({reason})" in report.message


def test_the_unpacking_pass_never_writes_more_than_the_first_pass_saw(
    vault: Vault, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    """The file is swapped between the passes: the same member, 32 MiB instead of 200 KB."""
    small = sealed_testimony(vault, {"photo.jpg": b"\xff" * 200_000})
    path = export_package(
        vault.connection, vault.blobs, vault.device, small, tmp_path, [], ACTOR
    ).path
    members = tamper.take_apart(path, platform)
    swapped = tamper.put_together(
        tamper.replace(members, "-photo.jpg", b"\xff" * (32 * MIB)),
        platform.recipient,
        tmp_path / "swapped.age",
    )
    passes = [path.read_bytes(), swapped.read_bytes()]
    furthest: list[int] = []

    def opener() -> BinaryIO:
        return _Tracked(passes[min(len(furthest), 1)], furthest)

    out = tmp_path / "out"
    report = verify_package(opener, [platform], trusted, unpack_to=out)
    assert report.failed_check == "unpack", report.message
    assert len(furthest) == 2 and furthest[1] < 2 * MIB, furthest
    assert not list(out.iterdir())


def _peak_rss_mib(argv: list[str]) -> tuple[int, float]:
    """Run ``argv`` to its end; (exit code, its peak memory in MiB), asked the way each
    system keeps it (tests/system_probes.py)."""
    code, peak = peak_memory_of_run(argv)
    return code, peak / MIB


def test_the_amplification_package_stays_within_bounded_memory(
    platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    """The issue's package: 92 MiB, every document ``[{},{},…]``, an unknown signer."""
    package = amplification_package(
        tmp_path / "amplify.age", platform.recipient, DeviceIdentity.generate(), 18 * MIB
    )
    identity = tmp_path / "platform.key"
    identity.write_text(str(platform) + "\n")
    signers = tmp_path / "allowed_signers"
    signers.write_text(trusted[0].allowed_signers_line("documenter") + "\n")
    verify = [sys.executable, "-m", "app", "verify", str(package), "--identity", str(identity)]
    for extra in ([], ["--trusted-signers", str(signers)]):
        code, peak = _peak_rss_mib([*verify, *extra])
        assert code == 1
        assert peak < 200, (extra, peak)


def test_documents_at_the_caps_stay_within_bounded_memory(
    platform: X25519Identity, tmp_path: Path
) -> None:
    """Every document as large as the caps allow, parsed up to the seal check."""
    from tests.package.hostile_packages import worst_case_package

    package = worst_case_package(
        tmp_path / "worst.age", platform.recipient, DeviceIdentity.generate()
    )
    identity = tmp_path / "platform.key"
    identity.write_text(str(platform) + "\n")
    code, peak = _peak_rss_mib(
        [sys.executable, "-m", "app", "verify", str(package), "--identity", str(identity)]
    )
    assert code == 1 and peak < 200, peak
