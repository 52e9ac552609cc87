"""Deferred timestamps with a real vault (SQLCipher, device key, blob store), a real
authority on loopback, and real packages: what is requested, kept, carried and checked,
and what happens when the authority cannot be reached, answers for another CA, or holds
the connection."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509

from app.core import custody
from app.core import timestamps as stamps
from app.core.export import export_package, keep_package
from app.core.supplements import export_supplement, keep_supplement
from app.crypto.age import X25519Identity
from app.crypto.signing import NAMESPACE_PACKAGE, parse_trusted_signers
from app.formats import timestamps as ts
from app.formats.package import bag
from app.formats.package.verify import VerificationReport, describe, verify_package
from app.storage.vault import Vault
from app.sync.errors import SyncCancelledError
from app.sync.profile import PlatformProfile, TimestampAuthority
from app.sync.timestamping import stamp_pending
from tests.package import tamper
from tests.package.support import (
    ACTOR,
    create_vault,
    sealed_testimony,
    set_platform,
    trusted_line,
)

from .conftest import closed_port_url
from .tsa import Authority, AuthorityServer


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened = create_vault(tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def platform(vault: Vault) -> X25519Identity:
    identity = X25519Identity.generate()
    set_platform(vault, identity)
    return identity


def _profile(url: str, authority: Authority, *, use_proxy: bool = False) -> PlatformProfile:
    return PlatformProfile(
        name="Test", url="https://platform.test/files/",
        ca_certificate_pem=authority.ca_pem.decode(),
        platform_recipient=str(X25519Identity.generate().recipient),
        receipt_signing_key="", proxy=None,
        timestamp_authorities=(
            TimestampAuthority("tsa-1", url, authority.ca_pem.decode(), use_proxy),
        ),
    )


def _stamp(vault: Vault, profile: PlatformProfile) -> list[str]:
    outcomes = stamp_pending(vault, profile, cancel=threading.Event(), actor=ACTOR,
                             timeout=5.0)
    return [o.state for o in outcomes]


def test_one_request_stamps_every_version_sealed_since_and_only_those(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority
) -> None:
    first = [sealed_testimony(vault, {"a.jpg": os.urandom(100)}) for _ in range(3)]
    profile = _profile(tsa.url, authority)
    before = authority.requests
    assert _stamp(vault, profile) == ["stamped"]
    assert authority.requests == before + 1
    for testimony_id in first:
        [proof] = stamps.proofs_for(vault.connection, testimony_id)
        sealed = [e for e in custody.events(vault.connection, testimony_id)
                  if e.action == "sealed"][-1]
        assert proof.leaf == sealed.details["content_sha256"]
        assert ts.root_from_path(proof.leaf, proof.path).hex() == proof.root
        event = custody.events(vault.connection, testimony_id)[-1]
        assert event.action == "timestamped" and event.details["root"] == proof.root
    assert len({p.root for t in first for p in stamps.proofs_for(vault.connection, t)}) == 1
    assert custody.verify_all(vault.connection, [vault.device.public_key]) == []
    # Nothing new: no request at all. A new seal: only it is stamped, in a new request.
    assert _stamp(vault, profile) == ["nothing-new"]
    assert authority.requests == before + 1
    later = sealed_testimony(vault, {"b.jpg": os.urandom(50)})
    assert _stamp(vault, profile) == ["stamped"]
    [proof] = stamps.proofs_for(vault.connection, later)
    assert proof.path == ()  # alone in its tree: the leaf is the root
    assert all(len(stamps.proofs_for(vault.connection, t)) == 1 for t in first)
    state = stamps.state(vault.connection)
    assert (state.sealed, state.stamped) == (4, 4)


def test_an_unreachable_busy_or_foreign_authority_is_deferred_and_asked_again(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority,
    stranger_tsa: AuthorityServer,
) -> None:
    testimony = sealed_testimony(vault, {"a.jpg": b"x"})
    assert _stamp(vault, _profile(closed_port_url(), authority)) == ["deferred"]
    # A server answering with tokens of a CA the profile does not name: nothing kept.
    assert _stamp(vault, _profile(stranger_tsa.url, authority)) == ["deferred"]
    authority.down = True
    assert _stamp(vault, _profile(tsa.url, authority)) == ["deferred"]
    # Through the proxy, but the profile sets none: never silently direct.
    requests = authority.requests
    authority.down = False
    assert _stamp(vault, _profile(tsa.url, authority, use_proxy=True)) == ["deferred"]
    assert authority.requests == requests
    assert stamps.proofs_for(vault.connection, testimony) == []
    assert [e.action for e in custody.events(vault.connection, testimony)][-1] == "sealed"
    assert _stamp(vault, _profile(tsa.url, authority)) == ["stamped"]
    assert len(stamps.proofs_for(vault.connection, testimony)) == 1


def test_a_cancel_ends_a_request_the_authority_holds_at_once(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority
) -> None:
    sealed_testimony(vault, {"a.jpg": b"x"})
    authority.holding = True
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(SyncCancelledError):
        stamp_pending(vault, _profile(tsa.url, authority), cancel=cancel, actor=ACTOR,
                      timeout=20.0)
    assert time.monotonic() - started < 3.0
    assert stamps.state(vault.connection).stamped == 0


def _export(vault: Vault, testimony_id: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return export_package(vault.connection, vault.blobs, vault.device, testimony_id, folder,
                          [], ACTOR).path


def _verify(
    path: Path, identity: X25519Identity, vault: Vault,
    authorities: list[x509.Certificate] | None,
) -> VerificationReport:
    trusted = parse_trusted_signers(trusted_line(vault))
    return verify_package(lambda: path.open("rb"), [identity], trusted,
                          trusted_authorities=authorities)


def test_later_packages_carry_the_token_and_verify_checks_it(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority,
    stranger: Authority, tmp_path: Path,
) -> None:
    testimony = sealed_testimony(vault, {"a.jpg": os.urandom(1000)})
    before = _export(vault, testimony, tmp_path / "before")
    sealed_testimony(vault, {"b.jpg": b"other"})
    assert _stamp(vault, _profile(tsa.url, authority)) == ["stamped"]
    after = _export(vault, testimony, tmp_path / "after")
    names = [name.split("/", 1)[1] for name, _ in tamper.take_apart(after, platform)]
    assert bag.TIMESTAMPS in names
    assert bag.TIMESTAMPS not in [n.split("/", 1)[1]
                                  for n, _ in tamper.take_apart(before, platform)]
    trusted_ca = x509.load_pem_x509_certificates(authority.ca_pem)

    report = _verify(after, platform, vault, trusted_ca)
    assert report.ok, report.message
    assert "timestamp" in report.passed
    [stamp] = report.timestamps
    assert stamp["trusted"] is True and stamp["authority"] == "tsa-1"
    assert stamp["authority_subject"] == "CN=Test TSA"
    assert report.sealed_at is not None
    text = describe(report)
    assert "attested by tsa-1" in text and "device clock, as claimed" in text

    unchecked = _verify(after, platform, vault, None)
    assert unchecked.ok and unchecked.timestamps[0]["trusted"] is False
    assert "NOT verified" in describe(unchecked)

    foreign = _verify(after, platform, vault, x509.load_pem_x509_certificates(stranger.ca_pem))
    assert not foreign.ok and foreign.failed_check == "timestamp"

    old = _verify(before, platform, vault, trusted_ca)
    assert old.ok and old.timestamps == [] and "timestamp" not in old.passed


def test_a_tampered_or_misattributed_token_fails_verification(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority,
    tmp_path: Path,
) -> None:
    testimony = sealed_testimony(vault, {"a.jpg": b"evidence"})
    other = sealed_testimony(vault, {"b.jpg": b"more"})
    assert _stamp(vault, _profile(tsa.url, authority)) == ["stamped"]
    good = _export(vault, testimony, tmp_path / "good")
    members = tamper.take_apart(good, platform)
    trusted_ca = x509.load_pem_x509_certificates(authority.ca_pem)

    # The device signed a token whose signature was altered: the token check fails.
    [proof] = stamps.proofs_for(vault.connection, testimony)
    token = bytearray(proof.token)
    token[-5] ^= 1
    bad = ts.tag_file([ts.Proof(proof.authority, proof.leaf, proof.root, proof.path,
                                bytes(token))])
    resigned = _with_timestamps(tamper.replace(members, bag.TIMESTAMPS, bad), vault)
    path = tamper.put_together(resigned, platform.recipient, tmp_path / "tampered.age")
    report = _verify(path, platform, vault, trusted_ca)
    assert not report.ok and report.failed_check == "timestamp"

    # Another version's proof carried in this package: the imprint is not this seal.
    [foreign] = stamps.proofs_for(vault.connection, other)
    swapped = _with_timestamps(
        tamper.replace(members, bag.TIMESTAMPS, ts.tag_file([foreign])), vault)
    path = tamper.put_together(swapped, platform.recipient, tmp_path / "swapped.age")
    report = _verify(path, platform, vault, None)
    assert not report.ok and report.failed_check == "timestamp"

    # Re-signed without listing timestamps.txt in the tag manifest: not covered, refused.
    unlisted = tamper.resign(members, vault.device)
    path = tamper.put_together(unlisted, platform.recipient, tmp_path / "unlisted.age")
    report = _verify(path, platform, vault, trusted_ca)
    assert not report.ok and report.failed_check == "tag-manifest"

    # Changed after signing: the tag manifest catches it.
    altered = tamper.replace(members, bag.TIMESTAMPS, bad)
    path = tamper.put_together(altered, platform.recipient, tmp_path / "altered.age")
    report = _verify(path, platform, vault, trusted_ca)
    assert not report.ok and report.failed_check == "tag-checksum"


def _with_timestamps(members: tamper.Members, vault: Vault) -> tamper.Members:
    """Re-sign by the device with timestamps.txt listed (a device that signed bad data)."""
    top = members[0][0].split("/", 1)[0] + "/"
    files = {name[len(top):]: data for name, data in members}
    files[bag.TAGMANIFEST] = bag.manifest_text(
        (n, hashlib.sha256(files[n]).hexdigest()) for n in (*bag.TAG_FILES, bag.TIMESTAMPS)
    )
    files[bag.SIGNATURE] = vault.device.sign(NAMESPACE_PACKAGE, files[bag.TAGMANIFEST]).encode()
    return [(top + p, files[p]) for p in (n[len(top):] for n, _ in members)]


def test_a_version_sent_before_its_token_gets_one_supplement(
    vault: Vault, platform: X25519Identity, tsa: AuthorityServer, authority: Authority,
    tmp_path: Path,
) -> None:
    testimony = sealed_testimony(vault, {"a.jpg": os.urandom(3000)})
    keep_package(vault.connection, vault.blobs, vault.device, testimony, [], ACTOR)
    assert stamps.unsent_supplements(vault.connection) == []  # no token yet
    assert _stamp(vault, _profile(tsa.url, authority)) == ["stamped"]
    assert stamps.unsent_supplements(vault.connection) == [testimony]
    kept = keep_supplement(vault.connection, vault.blobs, vault.device, testimony, ACTOR)
    assert kept.kind == "timestamp-supplement"
    assert stamps.unsent_supplements(vault.connection) == []

    (tmp_path / "stick").mkdir()
    written = export_supplement(vault.connection, vault.device, testimony, tmp_path / "stick",
                                ACTOR)
    members = tamper.take_apart(written.path, platform)
    assert sorted(n.split("/", 1)[1] for n, _ in members if "/data/" in n) == [
        "data/custody.jsonl"]
    report = _verify(written.path, platform, vault,
                     x509.load_pem_x509_certificates(authority.ca_pem))
    assert report.ok, report.message
    assert report.kind == "timestamp-supplement" and report.timestamps[0]["trusted"]
    assert "seal" not in report.passed and "timestamp" in report.passed

    # A supplement whose timestamps.txt was taken out (and re-signed): nothing to carry.
    stripped = tamper.resign([(n, d) for n, d in members if not n.endswith(bag.TIMESTAMPS)],
                             vault.device)
    path = tamper.put_together(stripped, platform.recipient, tmp_path / "stripped.age")
    report = _verify(path, platform, vault, None)
    assert not report.ok and report.failed_check == "timestamp"
