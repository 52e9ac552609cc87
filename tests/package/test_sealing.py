"""Sealing and export rules: consent enforcement, immutability of sealed versions,
corrections chained to their parent, damaged media refused, export hygiene."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from app.core import custody
from app.core.export import export_package
from app.core.records import parse_testimony_input
from app.core.sealing import DamagedMediaError, seal_testimony
from app.core.settings import PLATFORM_RECIPIENT, InvalidSettingError, set_setting, unset_setting
from app.core.testimonies import start_correction, update_testimony, withdraw_consent
from app.crypto.age import X25519Identity
from app.crypto.signing import parse_trusted_signers
from app.errors import ConsentError, EvidenceVaultError, ImmutableRecordError
from app.formats.package.verify import verify_package
from app.storage.database import transaction
from app.storage.vault import Vault
from tests.owner_only import is_owner_only
from tests.package import tamper
from tests.package.support import (
    ACTOR,
    add_draft,
    add_media,
    record_data,
    sealed_testimony,
    trusted_line,
)


def _export(vault: Vault, testimony_id: str, stick: Path, extra: list[str] | None = None, **kw):  # type: ignore[no-untyped-def]
    return export_package(
        vault.connection, vault.blobs, vault.device, testimony_id, stick, extra or [], ACTOR, **kw
    )


def _seal(vault: Vault, testimony_id: str) -> None:
    seal_testimony(vault.connection, vault.blobs, vault.device, testimony_id, ACTOR)


def test_sealing_needs_interview_consent_and_no_withdrawal(
    vault: Vault, platform: X25519Identity
) -> None:
    refused = add_draft(vault, interview=False)
    with pytest.raises(ConsentError, match="interview"):
        _seal(vault, refused)
    withdrawn = add_draft(vault)
    withdraw_consent(
        vault.connection, vault.device, withdrawn, "2024-04-01T00:00:00Z", "by phone", ACTOR
    )
    with pytest.raises(ConsentError, match="withdrawn"):
        _seal(vault, withdrawn)


def test_export_follows_the_consent_scope(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    no_platform = sealed_testimony(vault, {}, share_with_platform=False)
    with pytest.raises(ConsentError, match="platform"):
        _export(vault, no_platform, stick)
    coordinator = str(X25519Identity.generate().recipient)
    not_onward = sealed_testimony(vault, {})
    with pytest.raises(ConsentError, match="beyond the platform"):
        _export(vault, not_onward, stick, [coordinator])
    assert list(stick.iterdir()) == []  # refused before anything was written


def test_identifying_details_travel_only_with_consent_to_be_named(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    for be_named in (False, True):
        testimony_id = sealed_testimony(vault, {}, be_named=be_named)
        result = _export(vault, testimony_id, stick)
        members = tamper.take_apart(result.path, platform)
        person = json.loads(tamper.get(members, "/data/person.json"))
        info = tamper.get(members, "/bag-info.txt").decode()
        assert ("full_name" in person) is be_named
        assert ("date_of_birth" in person) is be_named
        assert ("Алесь".encode() in b"".join(d for _, d in members)) is be_named
        assert f"Person-Identified: {'yes' if be_named else 'no'}" in info


def test_withdrawn_consent_blocks_export_but_a_notice_can_be_sent(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    testimony_id = sealed_testimony(vault, {"a.jpg": b"photo"})
    _export(vault, testimony_id, stick)
    withdraw_consent(
        vault.connection,
        vault.device,
        testimony_id,
        "2024-05-01T09:00:00Z",
        "asked in person",
        ACTOR,
    )
    with pytest.raises(ConsentError, match="withdrawn"):
        _export(vault, testimony_id, stick)
    notice = _export(vault, testimony_id, stick, withdrawal_notice=True)
    assert notice.kind == "withdrawal-notice"
    members = tamper.take_apart(notice.path, platform)
    names = {n.split("/", 1)[1] for n, _ in members}
    assert "data/withdrawal.json" in names and "data/testimony.json" not in names
    assert not any("/data/attachments/" in n for n in names)
    report = verify_package(
        lambda: notice.path.open("rb"), [platform], parse_trusted_signers(trusted_line(vault))
    )
    assert report.ok and report.kind == "withdrawal-notice", report.message
    other = sealed_testimony(vault, {})
    with pytest.raises(EvidenceVaultError, match="not withdrawn"):
        _export(vault, other, stick, withdrawal_notice=True)


def test_sealed_versions_are_immutable(vault: Vault, platform: X25519Identity) -> None:
    testimony_id = sealed_testimony(vault, {"a.jpg": b"photo"})
    with pytest.raises(ImmutableRecordError):
        update_testimony(
            vault.connection,
            vault.device,
            testimony_id,
            parse_testimony_input(record_data()),
            ACTOR,
        )
    with pytest.raises(ImmutableRecordError):
        _seal(vault, testimony_id)
    chain = custody.events(vault.connection, testimony_id)
    sealed = [e for e in chain if e.action == "sealed"]
    assert len(sealed) == 1 and len(sealed[0].details["content_sha256"]) == 64
    custody.verify_chain(chain, [vault.device.public_key])


def test_a_correction_is_sealed_again_and_names_its_parent(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    parent = sealed_testimony(vault, {"a.jpg": b"photo"})
    child = start_correction(vault.connection, vault.device, parent, ACTOR)
    with pytest.raises(EvidenceVaultError, match="draft"):
        _export(vault, child.id, stick)
    _seal(vault, child.id)
    result = _export(vault, child.id, stick)
    members = tamper.take_apart(result.path, platform)
    info = tamper.get(members, "/bag-info.txt").decode()
    record = json.loads(tamper.get(members, "/data/testimony.json"))
    assert record["parent_id"] == parent and record["version"] == 2
    assert f"Testimony-Parent: {parent}" in info and "Testimony-Version: 2" in info
    first = json.loads(tamper.get(members, "/data/custody.jsonl").splitlines()[0])
    assert first["action"] == "correction_started"
    assert first["details"]["parent_id"] == parent
    assert (
        first["details"]["parent_last_hash"]
        == custody.events(vault.connection, parent)[-1].event_hash
    )
    report = verify_package(
        lambda: result.path.open("rb"), [platform], parse_trusted_signers(trusted_line(vault))
    )
    assert report.ok, report.message


def test_damaged_media_are_never_sealed_or_exported(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    draft = add_draft(vault)
    attachment = add_media(vault, draft, "a.jpg", b"original bytes")
    with transaction(vault.connection):
        vault.connection.execute(
            "UPDATE attachments SET sha256 = ? WHERE id = ?", ("0" * 64, attachment)
        )
    with pytest.raises(DamagedMediaError):
        _seal(vault, draft)
    assert (
        vault.connection.execute(
            "SELECT status FROM testimonies WHERE id = ?", (draft,)
        ).fetchone()[0]
        == "draft"
    )


def test_export_hygiene_custody_event_and_row(
    vault: Vault, platform: X25519Identity, sealed_id: str, stick: Path
) -> None:
    result = _export(vault, sealed_id, stick)
    assert sorted(p.name for p in stick.iterdir()) == [result.path.name]
    # 0600 on Linux and macOS; on Windows the encrypted package takes the ACL of the
    # folder it is exported to (a stick's, usually none).
    assert is_owner_only(result.path) or sys.platform == "win32"
    event = custody.events(vault.connection, sealed_id)[-1]
    assert event.action == "exported"
    assert event.details["package_id"] == result.package_id
    assert event.details["package_sha256"] == result.sha256
    assert event.details["destination"] == "folder"
    assert str(stick) not in json.dumps(event.details)
    assert all(r.startswith("age:") for r in event.details["recipients"])
    row = vault.connection.execute(
        "SELECT origin, sha256, size, blob_id FROM packages WHERE id = ?", (result.package_id,)
    ).fetchone()
    assert tuple(row) == ("local", result.sha256, result.size, None)
    # Each export is a new package: fresh id, fresh file key, different bytes.
    again = _export(vault, sealed_id, stick)
    assert again.package_id != result.package_id and again.sha256 != result.sha256


def test_recipients_are_required_and_validated(
    vault: Vault, platform: X25519Identity, sealed_id: str, stick: Path
) -> None:
    with pytest.raises(InvalidSettingError):
        set_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, "age1notakey", ACTOR)
    unset_setting(vault.connection, vault.device, PLATFORM_RECIPIENT, ACTOR)
    try:
        with pytest.raises(EvidenceVaultError, match="No recipient"):
            _export(vault, sealed_id, stick)
        with pytest.raises(EvidenceVaultError):
            _export(vault, sealed_id, stick, ["age1bogus"])
    finally:
        set_setting(
            vault.connection, vault.device, PLATFORM_RECIPIENT, str(platform.recipient), ACTOR
        )
    assert list(stick.iterdir()) == []
    with pytest.raises(EvidenceVaultError, match="does not exist"):
        _export(vault, sealed_id, stick / "missing")


def test_a_package_kept_in_the_vault_for_sync_is_the_same_package(
    vault: Vault, platform: X25519Identity, sealed_id: str
) -> None:
    from app.core.coordinator import get_package, open_package
    from app.core.export import keep_package

    kept = keep_package(vault.connection, vault.blobs, vault.device, sealed_id, [], ACTOR)
    row = get_package(vault.connection, kept.package_id)
    assert row.blob_id is not None and row.origin == "local"
    assert row.recipients == (str(platform.recipient),)
    opener = open_package(vault.blobs, row)
    with opener() as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == row.sha256 == kept.sha256
    report = verify_package(opener, [platform], parse_trusted_signers(trusted_line(vault)))
    assert report.ok and report.package_id == kept.package_id, report.message
    event = custody.events(vault.connection, sealed_id)[-1]
    assert event.details["destination"] == "vault"


def test_a_damaged_blob_aborts_export_and_keeping_and_leaves_nothing(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    from app.core.export import keep_package
    from app.formats.package.writer import DamagedEvidenceError

    testimony_id = sealed_testimony(vault, {"a.jpg": b"photo bytes" * 5000})
    before = set(vault.blobs.iter_blob_ids())
    with transaction(vault.connection):
        vault.connection.execute("DROP TRIGGER IF EXISTS attachments_sealed_immutable")
    row = vault.connection.execute(
        "SELECT blob_id FROM attachments WHERE testimony_id = ?", (testimony_id,)
    ).fetchone()
    replacement = vault.blobs.write(io.BytesIO(b"other bytes" * 5000))
    vault.blobs.release(replacement.blob_id)
    with transaction(vault.connection):
        vault.connection.execute(
            "UPDATE attachments SET blob_id = ? WHERE blob_id = ?", (replacement.blob_id, row[0])
        )
    with pytest.raises(DamagedEvidenceError):
        keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [], ACTOR)
    assert set(vault.blobs.iter_blob_ids()) == before | {replacement.blob_id}
    with pytest.raises(DamagedEvidenceError):
        _export(vault, testimony_id, stick)
    assert list(stick.iterdir()) == []  # not even a .partial
    actions = [e.action for e in custody.events(vault.connection, testimony_id)]
    assert "exported" not in actions


def test_a_kept_package_may_not_leave_after_a_withdrawal(
    vault: Vault, platform: X25519Identity, stick: Path
) -> None:
    from app.core.consent_policy import check_package_may_leave
    from app.core.coordinator import forward_package
    from app.core.export import keep_package

    testimony_id = sealed_testimony(vault, {"a.jpg": b"photo"})
    kept = keep_package(vault.connection, vault.blobs, vault.device, testimony_id, [], ACTOR)
    check_package_may_leave(vault.connection, kept.package_id)
    withdraw_consent(
        vault.connection, vault.device, testimony_id, "2024-06-01T00:00:00Z", "email", ACTOR
    )
    with pytest.raises(ConsentError):
        check_package_may_leave(vault.connection, kept.package_id)
    with pytest.raises(ConsentError):
        forward_package(vault.connection, vault.blobs, vault.device, kept.package_id, stick, ACTOR)
    assert list(stick.iterdir()) == []
    notice = keep_package(
        vault.connection, vault.blobs, vault.device, testimony_id, [], ACTOR,
        withdrawal_notice=True,
    )  # fmt: skip
    check_package_may_leave(vault.connection, notice.package_id)
