"""The running intake server: tus uploads over TLS, tokens, receipts, duplicates, rejection."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from tusclient import client as tus_client

from app.crypto.signing import NAMESPACE_RECEIPT, SigningPublicKey, verify
from app.intake.receipts import canonical_json
from tests.intake.conftest import IntakeServer, make_server, metadata_header

pytestmark = pytest.mark.interop


def _verified_receipt(
    server: IntakeServer, upload_url: str, payload: bytes, *, first_of: set[str] | None = None
) -> dict[str, object]:
    """The receipt, checked; ``first_of``: the uploads of this package, any of which may
    have been the first (a package sent again is answered with its first receipt)."""
    response = server.receipt(upload_url)
    assert response.status_code == 200, response.text
    document = response.json()
    receipt = document["receipt"]
    platform_key = SigningPublicKey.parse_openssh(str(server.profile["receipt_signing_key"]))
    signer = verify(
        document["signature"], canonical_json(receipt), NAMESPACE_RECEIPT, [platform_key]
    )
    assert signer == platform_key
    assert receipt["format"] == "evidence-vault-receipt"
    assert receipt["version"] == 1
    assert receipt["upload_id"] in (first_of or {upload_url.rstrip("/").rsplit("/", 1)[1]})
    assert receipt["device"] == "documenter"
    assert receipt["package_sha256"] == hashlib.sha256(payload).hexdigest()
    assert receipt["size"] == len(payload)
    assert str(receipt["received_at"]).endswith("Z")
    assert receipt["platform_key_fingerprint"] == platform_key.fingerprint
    return dict(document)


def test_tuspy_uploads_over_pinned_tls_and_gets_a_verifiable_receipt(
    shared_intake: IntakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = shared_intake
    payload = os.urandom(5 * 1024 * 1024 + 123)
    package = tmp_path / "pkg.age"
    package.write_bytes(payload)
    # tuspy passes verify=True to requests; point requests at the generated CA (this
    # test process only) so the standard client trusts exactly that CA.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_file))
    client = tus_client.TusClient(server.url, headers={"Authorization": f"Bearer {server.token}"})
    uploader = client.uploader(
        str(package),
        chunk_size=2 * 1024 * 1024,
        metadata={
            "filename": "pkg-0123.age",
            "filetype": "application/octet-stream",
            "sha256": hashlib.sha256(payload).hexdigest(),
        },
    )
    uploader.upload()
    assert uploader.url is not None

    document = _verified_receipt(server, uploader.url, payload)
    accepted = server.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp"
    assert accepted.read_bytes() == payload

    # ssh-keygen, an independent SSHSIG implementation, accepts the receipt as well.
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"platform {server.profile['receipt_signing_key']}\n")
    signature = tmp_path / "receipt.sig"
    signature.write_text(str(document["signature"]))
    checked = subprocess.run(
        [
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(signers),
            "-I",
            "platform",
            "-n",
            NAMESPACE_RECEIPT,
            "-s",
            str(signature),
        ],
        input=canonical_json(document["receipt"]),
        capture_output=True,
    )
    assert checked.returncode == 0, checked.stderr
    # The upload keeps answering HEAD as complete after its bytes moved to accepted/.
    assert server.offset(uploader.url) == len(payload)


@pytest.mark.parametrize("token", ["", "not-a-device-token-at-all"])
def test_missing_or_wrong_token_is_refused_and_nothing_is_stored(
    shared_intake: IntakeServer, token: str
) -> None:
    server = shared_intake
    payload = os.urandom(4096)
    upload_url = server.create(payload)
    before = server.stored_upload_names()
    sizes = {name: (server.data / "uploads" / name).stat().st_size for name in before}
    digest = hashlib.sha256(payload).hexdigest()
    with server.client(token=token) as stranger:
        requests = [
            stranger.options(server.url),
            stranger.post(
                server.url,
                headers={"Upload-Length": "10", "Upload-Metadata": metadata_header(digest)},
            ),
            stranger.head(upload_url),
            stranger.patch(
                upload_url,
                content=payload,
                headers={
                    "Upload-Offset": "0",
                    "Content-Type": "application/offset+octet-stream",
                },
            ),
            stranger.get(upload_url + "/receipt"),
            stranger.delete(upload_url),
        ]
    assert [response.status_code for response in requests] == [401] * len(requests)
    assert all(r.headers.get("www-authenticate") == "Bearer" for r in requests)
    assert server.stored_upload_names() == before
    assert {n: (server.data / "uploads" / n).stat().st_size for n in before} == sizes
    assert server.offset(upload_url) == 0


def test_device_add_and_revoke_take_effect_without_restart(
    shared_intake: IntakeServer,
) -> None:
    from tests.intake.conftest import run_intake

    result = run_intake(shared_intake.data, "device", "add", "second-phone")
    assert result.returncode == 0, result.stderr
    token = json.loads(Path(result.stdout.strip()).read_text())["device_token"]
    with shared_intake.client(token=token) as client:
        assert client.options(shared_intake.url).status_code == 204
    # Revoked, the same token is refused with 403 at once, and the first device still works.
    assert run_intake(shared_intake.data, "device", "revoke", "second-phone").returncode == 0
    with shared_intake.client(token=token) as client:
        assert client.options(shared_intake.url).status_code == 403
    with shared_intake.client() as client:
        assert client.options(shared_intake.url).status_code == 204


def test_bytes_that_do_not_match_the_declared_sha256_are_rejected(
    shared_intake: IntakeServer,
) -> None:
    server = shared_intake
    payload = os.urandom(300_000)
    claimed = hashlib.sha256(b"some other package").hexdigest()
    upload_url = server.upload(payload, sha256=claimed)
    response = server.receipt(upload_url)
    assert response.status_code == 422
    assert "SHA-256" in response.json()["error"]
    assert not (server.data / "accepted" / f"{hashlib.sha256(payload).hexdigest()}.evp").exists()
    assert not (server.data / "accepted" / f"{claimed}.evp").exists()
    upload_id = upload_url.rsplit("/", 1)[1]
    assert (server.data / "rejected" / f"{upload_id}.evp").read_bytes() == payload
    assert not (server.data / "receipts" / f"{upload_id}.json").exists()


def test_the_same_package_sent_twice_is_stored_once(shared_intake: IntakeServer) -> None:
    server = shared_intake
    payload = os.urandom(700_000)
    digest = hashlib.sha256(payload).hexdigest()
    first = server.upload(payload, chunk=256 * 1024)
    first_receipt = _verified_receipt(server, first, payload)
    second = server.upload(payload, chunk=512 * 1024)
    second_receipt = _verified_receipt(server, second, payload, first_of={first.rsplit("/", 1)[1]})
    assert first != second
    assert [p.name for p in server.accepted() if p.name.startswith(digest)] == [f"{digest}.evp"]
    assert (server.data / "accepted" / f"{digest}.evp").read_bytes() == payload
    first_body, second_body = first_receipt["receipt"], second_receipt["receipt"]
    assert isinstance(first_body, dict) and isinstance(second_body, dict)
    # The second sending is answered with the first receipt, not a new statement.
    assert second_receipt == first_receipt
    # No second copy stays in the upload area either (emptied just after the receipt).
    leftover = server.data / "uploads" / second.rsplit("/", 1)[1]
    deadline = time.monotonic() + 10
    while leftover.stat().st_size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftover.stat().st_size == 0


def test_receipt_answers_404_unknown_and_409_incomplete(shared_intake: IntakeServer) -> None:
    server = shared_intake
    with server.client() as client:
        assert client.get(server.url + "0" * 32 + "/receipt").status_code == 404
        assert client.get(server.url + "not-an-id/receipt").status_code == 404
    payload = os.urandom(2048)
    upload_url = server.create(payload)
    assert server.patch(upload_url, 0, payload[:1000]).status_code == 204
    response = server.receipt(upload_url)
    assert response.status_code == 409
    assert response.json()["offset"] == 1000


def test_options_advertises_only_what_the_server_allows(shared_intake: IntakeServer) -> None:
    with shared_intake.client() as client:
        response = client.options(shared_intake.url)
    assert response.status_code == 204
    assert response.headers["tus-extension"] == "creation,termination"
    assert response.headers["tus-version"] == "1.0.0"
    assert int(response.headers["tus-max-size"]) > 0


def test_termination_removes_an_unfinished_upload(shared_intake: IntakeServer) -> None:
    server = shared_intake
    payload = os.urandom(4096)
    upload_url = server.create(payload)
    upload_id = upload_url.rsplit("/", 1)[1]
    with server.client() as client:
        assert client.delete(upload_url).status_code == 204
        assert client.head(upload_url).status_code == 404
    assert upload_id not in server.stored_upload_names()


def test_sigterm_stops_the_server_cleanly(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    server.start()
    assert server.stop() == 0
    assert "Application shutdown complete" in server.log_path.read_text()


def test_concurrent_uploads_including_duplicates_store_each_package_once(
    shared_intake: IntakeServer,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    server = shared_intake
    packages = [os.urandom(600_000 + n) for n in range(3)]
    sends = packages * 2  # every package twice, all at the same time
    with ThreadPoolExecutor(max_workers=len(sends)) as pool:
        urls = list(pool.map(lambda p: server.upload(p, chunk=128 * 1024), sends))
    for payload, upload_url in zip(sends, urls, strict=True):
        same = {url.rsplit("/", 1)[1] for p, url in zip(sends, urls, strict=True) if p == payload}
        _verified_receipt(server, upload_url, payload, first_of=same)
    for payload in packages:
        digest = hashlib.sha256(payload).hexdigest()
        assert [p.name for p in server.accepted() if p.name.startswith(digest)] == [f"{digest}.evp"]
        assert (server.data / "accepted" / f"{digest}.evp").read_bytes() == payload
