"""Completion in-process: accept, reject, duplicates, and every crash point in between.

These drive ``finish_upload`` on a real data folder made by ``init_data``, with upload
files and sidecars shaped as tuspyserver writes them.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.crypto.signing import NAMESPACE_RECEIPT, verify
from app.errors import StorageError
from app.intake.config import IntakeLayout
from app.intake.keys import ReceiptKey, load_receipt_signer
from app.intake.provision import init_data
from app.intake.receipts import canonical_json
from app.intake.verification import PackageRejectedError, finish_upload


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReceiptKey]:
    layout = IntakeLayout(tmp_path_factory.mktemp("template") / "intake")
    init_data(layout, port=18443)
    return layout.root, load_receipt_signer(layout.receipt_key_file)


def _fresh(tmp_path: Path, initialised: tuple[Path, ReceiptKey]) -> IntakeLayout:
    """An empty store; the signer comes from the one folder ``init_data`` made."""
    layout = IntakeLayout(tmp_path / "intake")
    layout.make_store_dirs()
    return layout


def _put_upload(
    layout: IntakeLayout, payload: bytes, *, offset: int | None = None, sha256: str | None = None
) -> str:
    upload_id = os.urandom(16).hex()
    (layout.uploads_dir / upload_id).write_bytes(payload)
    sidecar = {
        "metadata": {
            "filename": "pkg.age",
            "filetype": "application/octet-stream",
            "sha256": sha256 or hashlib.sha256(payload).hexdigest(),
        },
        "size": len(payload),
        "offset": len(payload) if offset is None else offset,
        "upload_part": 1,
        "created_at": "2026-11-27 19:00:00",
        "expires": "Fri, 04 Dec 2026 19:00:00 GMT",
    }
    (layout.uploads_dir / f"{upload_id}.info").write_text(json.dumps(sidecar))
    return upload_id


def _receipt(layout: IntakeLayout, upload_id: str, signer: ReceiptKey) -> dict[str, object]:
    document = json.loads((layout.receipts_dir / f"{upload_id}.json").read_text())
    verify(
        document["signature"],
        canonical_json(document["receipt"]),
        NAMESPACE_RECEIPT,
        [signer.public_key],
    )
    return dict(document["receipt"])


def test_accept_then_repeat_is_a_no_op(
    tmp_path: Path, initialised: tuple[Path, ReceiptKey]
) -> None:
    _, signer = initialised
    layout = _fresh(tmp_path, initialised)
    payload = os.urandom(100_000)
    upload_id = _put_upload(layout, payload)
    assert finish_upload(layout, upload_id, signer, None) == "accepted"
    digest = hashlib.sha256(payload).hexdigest()
    assert (layout.accepted_dir / f"{digest}.evp").read_bytes() == payload
    assert (layout.uploads_dir / upload_id).stat().st_size == 0
    receipt = _receipt(layout, upload_id, signer)
    assert receipt["package_sha256"] == digest and receipt["size"] == len(payload)
    before = (layout.receipts_dir / f"{upload_id}.json").read_bytes()
    assert finish_upload(layout, upload_id, signer, None) == "finished"
    assert (layout.receipts_dir / f"{upload_id}.json").read_bytes() == before


def test_incomplete_upload_is_left_alone(
    tmp_path: Path, initialised: tuple[Path, ReceiptKey]
) -> None:
    _, signer = initialised
    layout = _fresh(tmp_path, initialised)
    upload_id = _put_upload(layout, os.urandom(5000), offset=4000)
    assert finish_upload(layout, upload_id, signer, None) == "incomplete"
    assert list(layout.accepted_dir.iterdir()) == []
    assert list(layout.receipts_dir.iterdir()) == []


def test_crash_after_link_before_receipt_finishes_with_one_file(
    tmp_path: Path, initialised: tuple[Path, ReceiptKey]
) -> None:
    _, signer = initialised
    layout = _fresh(tmp_path, initialised)
    payload = os.urandom(30_000)
    upload_id = _put_upload(layout, payload)
    digest = hashlib.sha256(payload).hexdigest()
    os.link(layout.uploads_dir / upload_id, layout.accepted_dir / f"{digest}.evp")
    finish_upload(layout, upload_id, signer, None)
    assert [p.name for p in layout.accepted_dir.glob("*.evp")] == [f"{digest}.evp"]
    assert _receipt(layout, upload_id, signer)["package_sha256"] == digest


def test_a_declared_length_the_file_does_not_have_is_rejected(
    tmp_path: Path, initialised: tuple[Path, ReceiptKey]
) -> None:
    _, signer = initialised
    layout = _fresh(tmp_path, initialised)
    payload = os.urandom(10_000)
    upload_id = _put_upload(layout, payload)
    with (layout.uploads_dir / upload_id).open("ab") as data:
        data.write(b"extra")
    assert finish_upload(layout, upload_id, signer, None) == "rejected"
    reason = json.loads((layout.rejected_dir / f"{upload_id}.json").read_text())["reason"]
    assert "size" in reason
    assert list(layout.accepted_dir.iterdir()) == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=8))
def test_any_sequence_of_uploads_stores_each_package_once(
    tmp_path_factory: pytest.TempPathFactory,
    initialised: tuple[Path, ReceiptKey],
    choices: list[int],
) -> None:
    _, signer = initialised
    layout = IntakeLayout(tmp_path_factory.mktemp("seq") / "intake")
    layout.make_store_dirs()
    pool = [bytes([n]) * (1000 + n) for n in range(4)]
    receipts = []
    for choice in choices:
        upload_id = _put_upload(layout, pool[choice])
        finish_upload(layout, upload_id, signer, None)
        receipts.append((choice, _receipt(layout, upload_id, signer)))
    stored = sorted(p.name for p in layout.accepted_dir.glob("*.evp"))
    assert stored == sorted({f"{hashlib.sha256(pool[c]).hexdigest()}.evp" for c in choices})
    first_seen: dict[int, object] = {}
    for choice, receipt in receipts:
        assert receipt["package_sha256"] == hashlib.sha256(pool[choice]).hexdigest()
        # Every receipt for the same package names the time it was first accepted.
        assert first_seen.setdefault(choice, receipt["received_at"]) == receipt["received_at"]


def test_a_server_side_error_during_verification_is_retried_not_a_rejection(
    tmp_path: Path, initialised: tuple[Path, ReceiptKey]
) -> None:
    _, signer = initialised
    layout = _fresh(tmp_path, initialised)
    payload = os.urandom(20_000)
    upload_id = _put_upload(layout, payload)

    def broken_disk(path: Path) -> None:
        raise StorageError("Cannot read the package: Input/output error")

    with pytest.raises(StorageError):
        finish_upload(layout, upload_id, signer, broken_disk)
    assert list(layout.rejected_dir.iterdir()) == []
    assert (layout.uploads_dir / upload_id).read_bytes() == payload

    def refuses(path: Path) -> None:
        raise PackageRejectedError("signature: The signature does not match.")

    assert finish_upload(layout, upload_id, signer, refuses) == "rejected"
    reason = json.loads((layout.rejected_dir / f"{upload_id}.json").read_text())["reason"]
    assert reason == "package verification failed: signature: The signature does not match."
