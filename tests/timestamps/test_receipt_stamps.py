"""Receipts stamped by an RFC 3161 authority at the intake server (issue 16).

The real intake server process over HTTPS, the real local authority (``openssl ts
-reply``), and the independent checkers a platform engineer would use: ``openssl ts
-verify -data receipt.json`` for the token, ``ssh-keygen -Y verify`` for the receipt it
stamps. The client side: the token is checked against the receipt it stored, a
tampered or foreign token is refused, and a receipt without a token stays accepted.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from app.crypto.signing import NAMESPACE_RECEIPT
from app.formats.timestamps import timestamp_request
from app.sync.errors import ReceiptError
from app.sync.receipts import check_receipt_token, parse_receipt_document
from tests.intake.conftest import IntakeServer, make_server, run_intake

from .conftest import closed_port_url
from .tsa import Authority, AuthorityServer, make_authority


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    """An authority of this module's own: the session's counts its requests, which
    other modules' tests read back."""
    return make_authority(tmp_path_factory.mktemp("receipt-tsa"), "Receipt TSA")

OPENSSL = "/usr/bin/openssl"
TIMEOUT = 2.0


def _with_authority(folder: Path, url: str, authority: Authority,
                    timeout: float = TIMEOUT) -> IntakeServer:
    server = make_server(folder)
    ca = folder / "tsa-ca.pem"
    ca.write_bytes(authority.ca_pem)
    done = run_intake(server.data, "authority", "set", url, "--ca", str(ca),
                      "--timeout", str(timeout))
    assert done.returncode == 0, done.stderr
    return server


def _token(server: IntakeServer, upload_url: str) -> httpx.Response:
    with server.client() as client:
        return client.get(upload_url.rstrip("/") + "/receipt/timestamp")


def _openssl_verify(folder: Path, receipt: bytes, token: bytes, ca_pem: bytes) -> str:
    (folder / "receipt.json").write_bytes(receipt)
    (folder / "token.tsr").write_bytes(token)
    (folder / "ca.pem").write_bytes(ca_pem)
    done = subprocess.run(
        [OPENSSL, "ts", "-verify", "-data", "receipt.json", "-in", "token.tsr",
         "-CAfile", "ca.pem"],
        cwd=folder, capture_output=True, text=True, timeout=30, check=False)
    return done.stdout + done.stderr


GUIDE = Path(__file__).resolve().parents[2] / "docs" / "verify-by-hand.md"


def _run_guide(folder: Path) -> subprocess.CompletedProcess[str]:
    """The receipt section's commands of docs/verify-by-hand.md, run as written."""
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide[guide.index("## A platform receipt and its timestamp"):]
    block = section[section.index("```text\n") + len("```text\n"):]
    commands = block[: block.index("```")]
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", commands], cwd=folder,
                          capture_output=True, text=True, timeout=60, check=False)


def test_receipt_is_stamped_and_both_check_by_hand(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    server = _with_authority(tmp_path, tsa.url, authority)
    server.start()
    try:
        upload_url = server.upload(os.urandom(3000))
        answer = server.receipt(upload_url)
        assert answer.status_code == 200
        # The receipt document is what it always was: an older client reads it as is.
        parse_receipt_document(answer.content)
        assert set(json.loads(answer.content)) == {"receipt", "signature"}
        stamped = _token(server, upload_url)
    finally:
        server.stop()
    assert stamped.status_code == 200, stamped.text
    assert stamped.headers["content-type"] == "application/timestamp-reply"
    # The guide's commands, as written, in a folder holding what it says a platform
    # engineer starts with: the receipt and its token as served, the authority's CA and
    # the platform's receipt key.
    check = tmp_path / "check"
    check.mkdir()
    (check / "receipt.json").write_bytes(answer.content)
    (check / "token.tsr").write_bytes(stamped.content)
    (check / "ca.pem").write_bytes(authority.ca_pem)
    (check / "allowed_signers").write_text(
        "platform " + str(server.profile["receipt_signing_key"]) + "\n")
    done = _run_guide(check)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Verification: OK" in done.stdout, done.stdout
    assert "Time stamp:" in done.stdout, done.stdout
    assert f'Good "{NAMESPACE_RECEIPT}" signature' in done.stdout + done.stderr
    # A receipt altered after stamping (one byte more, still valid JSON with the same
    # signature) stops the guide at the token's check.
    (check / "receipt.json").write_bytes(answer.content + b" ")
    altered = _run_guide(check)
    assert altered.returncode != 0 and "Verification: FAILED" in altered.stdout
    # The server keeps the token beside the receipt, for its own audits.
    (token_file,) = (server.data / "receipts").glob("*.tsr")
    assert token_file.read_bytes() == stamped.content


def test_authority_stalled_receipt_goes_out_without_token_then_token_later(
    tmp_path: Path, tsa: AuthorityServer, authority: Authority
) -> None:
    server = _with_authority(tmp_path, tsa.url, authority)
    server.start()
    try:
        authority.holding = True  # reads the request, never answers
        started = time.monotonic()
        upload_url = server.upload(os.urandom(2000))
        answer = server.receipt(upload_url, wait=30)
        waited = time.monotonic() - started
        assert answer.status_code == 200
        assert waited < TIMEOUT * 1.5 + 2.0, waited
        pending = _token(server, upload_url)
        assert pending.status_code == 202, pending.text
        # The authority is back: asking again has the server stamp the stored receipt.
        authority.holding = False
        authority.released.set()
        deadline = time.monotonic() + 30
        while (later := _token(server, upload_url)).status_code == 202:
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        server.stop()
    assert later.status_code == 200
    out = _openssl_verify(tmp_path, answer.content, later.content, authority.ca_pem)
    assert "Verification: OK" in out, out


def test_authority_unreachable_receipt_without_token(
    tmp_path: Path, authority: Authority
) -> None:
    server = _with_authority(tmp_path, closed_port_url(), authority)
    server.start()
    try:
        upload_url = server.upload(os.urandom(1000))
        assert server.receipt(upload_url).status_code == 200
        assert _token(server, upload_url).status_code == 202
    finally:
        server.stop()
    assert not list((server.data / "receipts").glob("*.tsr"))


def test_server_without_authority_says_it_stamps_no_receipts(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    server.start()
    try:
        upload_url = server.upload(os.urandom(1000))
        assert server.receipt(upload_url).status_code == 200
        answer = _token(server, upload_url)
        # Another device learns nothing about the upload, as for the receipt itself.
        other = run_intake(server.data, "device", "add", "second")
        other_token = json.loads(Path(other.stdout.strip()).read_text())["device_token"]
        with server.client(token=other_token) as client:
            foreign = client.get(upload_url.rstrip("/") + "/receipt/timestamp")
    finally:
        server.stop()
    assert answer.status_code == 404
    assert "does not stamp" in answer.json()["error"]
    assert foreign.status_code == 404 and "does not stamp" not in foreign.text


def test_authority_set_refuses_a_file_without_certificates(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    done = run_intake(server.data, "authority", "set", "http://127.0.0.1:1/tsa",
                      "--ca", str(junk))
    assert done.returncode == 1 and "certificate" in done.stderr
    done = run_intake(server.data, "authority", "set", "ftp://example.org/tsa",
                      "--ca", str(junk))
    assert done.returncode == 1


# --- the client's check of a token ---------------------------------------------------------

RECEIPT_DOCUMENT = '{"receipt": {"format": "evidence-vault-receipt"}, "signature": "x"}'


def _authority_token(tsa: AuthorityServer, data: bytes) -> bytes:
    query = timestamp_request(hashlib.sha256(data).digest(), 12345)
    answer = httpx.post(tsa.url, content=query,
                        headers={"Content-Type": "application/timestamp-query"})
    assert answer.status_code == 200
    return answer.content


def test_client_keeps_a_token_over_its_receipt(
    tsa: AuthorityServer, authority: Authority
) -> None:
    token = _authority_token(tsa, RECEIPT_DOCUMENT.encode())
    attested = check_receipt_token(token, RECEIPT_DOCUMENT, [authority.ca_pem.decode()])
    assert abs(time.time() - attested.timestamp()) < 120


def test_client_refuses_tampered_foreign_and_other_tokens(
    tsa: AuthorityServer, authority: Authority, stranger_tsa: AuthorityServer
) -> None:
    trusted = [authority.ca_pem.decode()]
    token = _authority_token(tsa, RECEIPT_DOCUMENT.encode())
    # Over other bytes (another receipt, or this one changed).
    other = _authority_token(tsa, RECEIPT_DOCUMENT.encode() + b" ")
    with pytest.raises(ReceiptError, match="another"):
        check_receipt_token(other, RECEIPT_DOCUMENT, trusted)
    # Signed by an authority the profile does not name.
    foreign = _authority_token(stranger_tsa, RECEIPT_DOCUMENT.encode())
    with pytest.raises(ReceiptError, match="trusts"):
        check_receipt_token(foreign, RECEIPT_DOCUMENT, trusted)
    # A byte of the signature changed (the last bytes of the DER are the signature).
    tampered = bytearray(token)
    tampered[-5] ^= 0x01
    with pytest.raises(ReceiptError):
        check_receipt_token(bytes(tampered), RECEIPT_DOCUMENT, trusted)
    # Not a token at all.
    with pytest.raises(ReceiptError):
        check_receipt_token(b"\x30\x03\x02\x01\x00", RECEIPT_DOCUMENT, trusted)
    # No authority named in the profile: nothing can vouch for the token.
    with pytest.raises(ReceiptError):
        check_receipt_token(token, RECEIPT_DOCUMENT, [])
