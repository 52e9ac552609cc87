"""The tamper matrix: every change to a package is refused with the right check named,
and with --unpack nothing is written, inside DIR or outside it."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import DeviceIdentity, SigningPublicKey, parse_trusted_signers
from app.formats.package.tarstream import TarWriter
from app.formats.package.verify import VerificationReport, verify_package
from app.storage.vault import Vault
from tests.package import tamper
from tests.package.support import ACTOR, trusted_line


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


def _verify(
    path: Path, identity: X25519Identity, trusted: list[SigningPublicKey] | None, workdir: Path
) -> VerificationReport:
    out = workdir / "out"
    before = sorted(p.name for p in workdir.iterdir())
    report = verify_package(lambda: path.open("rb"), [identity], trusted, unpack_to=out)
    if not report.ok:
        assert not out.exists(), "nothing may be written when a check failed"
        assert sorted(p.name for p in workdir.iterdir()) == before
    return report


def test_the_untouched_package_passes_and_unpacks(
    good: Path, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    report = _verify(good, platform, trusted, tmp_path)
    assert report.ok, report.message
    bag = tmp_path / "out" / report.package_id  # type: ignore[operator]
    assert (bag / "manifest-sha256.txt").is_file()
    assert not list((tmp_path / "out").glob("*.partial"))
    files = [p for p in bag.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to((tmp_path / "out").resolve()) for p in files)
    assert len(files) == report.files + 7  # payload + 7 tag files


def _header_end(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


REGIONS: dict[str, Callable[[bytes], int]] = {
    "version line": lambda d: 3,
    "recipient stanza": lambda d: d.index(b"-> X25519") + 12,
    "header mac": lambda d: _header_end(d) - 5,
    "payload nonce": lambda d: _header_end(d) + 3,
    "first chunk": lambda d: _header_end(d) + 16 + 100,
    "first chunk tag": lambda d: _header_end(d) + 16 + 65_536 + 3,
    "middle chunk": lambda d: len(d) // 2,
    "last chunk": lambda d: len(d) - 20,
    "last byte": lambda d: len(d) - 1,
}


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_a_flipped_byte_anywhere_is_refused(
    region: str,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    data = bytearray(good.read_bytes())
    data[REGIONS[region](bytes(data))] ^= 0x01
    bad = tmp_path / "bad.age"
    bad.write_bytes(bytes(data))
    report = _verify(bad, platform, trusted, tmp_path)
    assert report.failed_check == "decryption", (region, report.message)


@pytest.mark.parametrize(
    "cut", [lambda d: len(d) - 1, lambda d: _header_end(d) + 16 + 65_552, lambda d: 50, lambda d: 0]
)
def test_truncation_and_appended_data_are_refused(
    cut: Callable[[bytes], int],
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    data = good.read_bytes()
    for variant in (data[: cut(data)], data + b"\0" * (cut(data) % 7 + 1)):
        bad = tmp_path / "bad.age"
        bad.write_bytes(variant)
        report = _verify(bad, platform, trusted, tmp_path)
        assert report.failed_check == "decryption", report.message
        bad.unlink()


def _crafted(
    name: str, vault: Vault, members: tamper.Members
) -> tuple[tamper.Members | bytes, str]:
    top = members[0][0].split("/", 1)[0]
    attacker = DeviceIdentity.generate()
    manifest = tamper.get(members, "/manifest-sha256.txt").decode()
    media = [n for n, _ in members if "/data/attachments/" in n]
    huge = tarfile.TarInfo(f"{top}/data/huge")
    huge.size = 0
    if name == "extra payload file":
        return [*members, (f"{top}/data/attachments/999-extra.jpg", b"planted")], "extra-file"
    if name == "extra tag file":
        return [*members, (f"{top}/README.txt", b"planted")], "extra-file"
    if name == "missing file":
        return [(n, d) for n, d in members if n != media[0]], "missing-file"
    if name == "edited manifest":
        first = manifest.splitlines()[0]
        edited = manifest.replace(first, "0" * 64 + first[64:])
        return tamper.replace(members, "/manifest-sha256.txt", edited.encode()), "tag-checksum"
    if name == "edited manifest and tag manifest":
        changed = tamper.resign(tamper.replace(members, "/data/testimony.json", b"{}"), attacker)
        restored_key = tamper.replace(changed, "/signer.pub", tamper.get(members, "/signer.pub"))
        restored = tamper.replace(
            restored_key, "/tagmanifest-sha256.txt.sig", tamper.get(members, ".sig")
        )
        info = tamper.get(members, "/bag-info.txt")
        # Consistent checksums everywhere, but the signature covers the old tag manifest.
        return tamper.replace(restored, "/bag-info.txt", info), "signature"
    if name == "tag manifest re-hashed, old signature":
        changed = tamper.resign(
            tamper.replace(members, "/data/testimony.json", b"{}"), vault.device
        )
        return tamper.replace(changed, ".sig", tamper.get(members, ".sig")), "signature"
    if name == "signed by an untrusted key":
        return tamper.resign(
            tamper.replace(members, "/data/testimony.json", b"{}"), attacker
        ), "trust"
    if name == "swapped attachment":
        a, b = media[0], media[1]
        data = dict(members)
        return [(n, data[b] if n == a else data[a] if n == b else d) for n, d in members], (
            "payload-checksum"
        )
    if name == "record changed after sealing":
        record = json.loads(tamper.get(members, "/data/testimony.json"))
        record["narrative"] = "Something else."
        edited = tamper.replace(members, "/data/testimony.json", json.dumps(record).encode())
        return tamper.resign(edited, vault.device), "seal"
    if name == "custody log edited":
        lines = tamper.get(members, "/data/custody.jsonl").splitlines(keepends=True)
        edited = tamper.replace(members, "/data/custody.jsonl", b"".join(lines[1:]))
        return tamper.resign(edited, vault.device), "custody"
    if name == "two top folders":
        return [*members, ("f" * 32 + "/bagit.txt", b"x")], "layout"
    extra = {
        "dot-dot": tarfile.TarInfo(f"{top}/data/../../escaped"),
        "absolute path": tarfile.TarInfo("/tmp/escaped"),
        "symlink": tarfile.TarInfo(f"{top}/data/link"),
        "hard link": tarfile.TarInfo(f"{top}/data/hard"),
        "duplicate": tarfile.TarInfo(media[0]),
        "huge declared size": huge,
    }[name]
    if name == "symlink":
        extra.type, extra.linkname = tarfile.SYMTYPE, "/etc/passwd"
    if name == "hard link":
        # An ASCII target: a non-ASCII one takes a pax linkpath record, refused earlier.
        extra.type, extra.linkname = tarfile.LNKTYPE, next(m for m in media if m.isascii())
    reasons = {
        "dot-dot": "dot-dot",
        "absolute path": "absolute-path",
        "symlink": "not-regular",
        "hard link": "not-regular",
        "duplicate": "duplicate",
        "huge declared size": "member-size",
    }
    plain = tamper.python_tar(members, [extra] if name != "huge declared size" else [])
    if name == "huge declared size":
        plain = _append_huge_member(tamper.tar_bytes(members), f"{top}/data/huge")
    return plain, "archive:" + reasons[name]


def _append_huge_member(plain: bytes, name: str) -> bytes:
    """A member declaring 100 GiB (pax size record) with nothing behind it."""
    out = io.BytesIO()
    TarWriter(out, mtime=0).begin(name, 100 * 1024**3)
    assert plain.endswith(b"\0" * 1024)
    return plain[:-1024] + out.getvalue()


CASES = [
    "extra payload file",
    "extra tag file",
    "missing file",
    "edited manifest",
    "edited manifest and tag manifest",
    "tag manifest re-hashed, old signature",
    "signed by an untrusted key",
    "swapped attachment",
    "record changed after sealing",
    "custody log edited",
    "two top folders",
    "dot-dot",
    "absolute path",
    "symlink",
    "hard link",
    "duplicate",
    "huge declared size",
]


@pytest.mark.parametrize("case", CASES)
def test_tampered_content_is_refused_with_the_right_check(
    case: str,
    vault: Vault,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    members = tamper.take_apart(good, platform)
    crafted, expected = _crafted(case, vault, members)
    bad = tmp_path / "bad.age"
    if isinstance(crafted, bytes):
        tamper.encrypt_to(crafted, platform.recipient, bad)
    else:
        tamper.put_together(crafted, platform.recipient, bad)
    report = _verify(bad, platform, trusted, tmp_path)
    check, _, reason = expected.partition(":")
    assert report.failed_check == check, (case, report.failed_check, report.message)
    if reason:
        assert f"({reason})" in report.message
    assert not report.ok


def test_untrusted_or_missing_trust_and_wrong_identity(
    good: Path, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    report = _verify(good, platform, None, tmp_path)
    assert report.failed_check == "trust" and "signature" in report.passed
    assert {"payload-checksum", "custody", "seal"} <= set(report.passed)  # all but trust
    assert report.signer_fingerprint is not None and not report.signer_trusted
    stranger = parse_trusted_signers(DeviceIdentity.generate().public_key.openssh())
    assert _verify(good, platform, stranger, tmp_path).failed_check == "trust"
    assert _verify(good, X25519Identity.generate(), trusted, tmp_path).failed_check == "decryption"


def test_unpack_refuses_an_occupied_target(
    good: Path, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    first = verify_package(lambda: good.open("rb"), [platform], trusted, unpack_to=tmp_path)
    assert first.ok
    from app.errors import StorageError

    with pytest.raises(StorageError):
        verify_package(lambda: good.open("rb"), [platform], trusted, unpack_to=tmp_path)


def _expected_for(member: str) -> set[str]:
    name = member.split("/", 1)[1]
    if name.startswith("data/"):
        return {"payload-checksum"}
    return {
        "bagit.txt": {"bag"},
        "bag-info.txt": {"bag", "format-version", "signature", "tag-checksum"},
        "manifest-sha256.txt": {"bag", "tag-checksum"},
        "signer.pub": {"signature"},
        "VERIFY.txt": {"tag-checksum"},
        "tagmanifest-sha256.txt": {"bag", "signature"},
        "tagmanifest-sha256.txt.sig": {"signature"},
    }[name]


def test_a_flipped_byte_in_any_member_re_encrypted_is_refused(
    good: Path, platform: X25519Identity, trusted: list[SigningPublicKey], tmp_path: Path
) -> None:
    """Anyone can encrypt to the platform: flip one byte in each member's content (and in
    each tar header) of the plaintext, re-encrypt, and the checks still catch it."""
    members = tamper.take_apart(good, platform)
    for index, (name, data) in enumerate(members):
        if not data:
            continue
        for position in {0, len(data) // 2, len(data) - 1}:
            changed = bytearray(data)
            changed[position] ^= 0x20
            variant = [*members[:index], (name, bytes(changed)), *members[index + 1 :]]
            bad = tamper.put_together(variant, platform.recipient, tmp_path / "bad.age")
            report = _verify(bad, platform, trusted, tmp_path)
            assert report.failed_check in _expected_for(name), (name, position, report.message)
    plain = bytearray(tamper.tar_bytes(members))
    for header_byte in (0, 100, 124, 148, 156, 257):
        variant_plain = bytearray(plain)
        variant_plain[header_byte] ^= 0x01
        bad = tamper.encrypt_to(bytes(variant_plain), platform.recipient, tmp_path / "bad.age")
        report = _verify(bad, platform, trusted, tmp_path)
        assert report.failed_check == "archive", (header_byte, report.message)


def test_a_trusted_signer_cannot_crash_the_checks_with_odd_json(
    vault: Vault,
    good: Path,
    platform: X25519Identity,
    trusted: list[SigningPublicKey],
    tmp_path: Path,
) -> None:
    """Even content signed by a trusted key is untrusted input to the parsers."""
    members = tamper.take_apart(good, platform)
    line = json.loads(tamper.get(members, "/data/custody.jsonl").splitlines()[0])
    odd_custody = json.dumps({**line, "details": {"x": float("nan")}}).encode() + b"\n"
    for suffix, data, check in [
        ("/data/custody.jsonl", odd_custody, "custody"),
        ("/data/custody.jsonl", b"[" * 100_000 + b"\n", "custody"),
        ("/data/testimony.json", b"[" * 100_000, "seal"),
        ("/data/attachments.json", b'{"format": "evidence-vault-attachments/1"}', "seal"),
        ("/data/testimony.json", b'{"narrative": NaN}', "seal"),
    ]:
        variant = tamper.resign(tamper.replace(members, suffix, data), vault.device)
        bad = tamper.put_together(variant, platform.recipient, tmp_path / "bad.age")
        report = _verify(bad, platform, trusted, tmp_path)
        assert report.failed_check == check, (suffix, report.message)


def test_untrusted_text_cannot_drive_the_terminal() -> None:
    from app.formats.package.verify import VerificationReport, describe

    report = VerificationReport(
        failed_check="custody",
        message="Custody chain \x1b[2J\u202eevil, event 0: edited",
        testimony_id="\x1b]0;title\x07",
        created_at="2026\r\nVALID: every check passed.",
    )
    text = describe(report)
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert text.count("\n") == 2  # the result, testimony and created-at lines only
