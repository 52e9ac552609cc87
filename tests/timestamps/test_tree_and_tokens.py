"""The hash tree, the request, the tag file and the token check, against a real
authority (OpenSSL ``ts -reply`` behind HTTP) and OpenSSL's own ``ts -verify``."""

from __future__ import annotations

import hashlib
import re
import secrets
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from app.formats import timestamps as ts

from .tsa import OPENSSL, Authority, AuthorityServer


def _digests(count: int) -> list[str]:
    return [hashlib.sha256(f"version {i}".encode()).hexdigest() for i in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17])
def test_every_leaf_proves_the_root(count: int) -> None:
    leaves = _digests(count)
    root, paths = ts.build_tree(leaves)
    for leaf, path in zip(leaves, paths, strict=True):
        assert ts.root_from_path(leaf, path) == root
        assert len(path) <= (count - 1).bit_length()
    # Another leaf, or a leaf with a path of another, does not reach the root.
    other = hashlib.sha256(b"not sealed").hexdigest()
    assert ts.root_from_path(other, paths[0]) != root
    if count > 1:
        assert ts.root_from_path(leaves[0], paths[1]) != root


def test_a_leaf_cannot_pass_for_a_node() -> None:
    a, b = _digests(2)
    root, _ = ts.build_tree([a, b])
    # The node's preimage without domain bytes is not a valid leaf of the same root.
    assert ts.leaf_hash(hashlib.sha256(bytes.fromhex(a) + bytes.fromhex(b)).hexdigest()) != root
    assert root == ts.node_hash(ts.leaf_hash(a), ts.leaf_hash(b))
    assert ts.leaf_hash(a) == hashlib.sha256(b"\x00" + bytes.fromhex(a)).digest()


def test_the_tag_file_round_trips_and_refuses_malformed_lines() -> None:
    leaves = _digests(3)
    root, paths = ts.build_tree(leaves)
    proofs = [ts.Proof("tsa-1", leaf, root.hex(), tuple(path), b"\x30\x03\x02\x01\x00")
              for leaf, path in zip(leaves, paths, strict=True)]
    data = ts.tag_file(proofs)
    assert ts.parse_tag_file(data) == proofs
    single = ts.tag_file([ts.Proof("a", leaves[0], leaves[0], (), b"x")])
    assert b" - " in single
    for bad in (
        b"",
        data.rstrip(b"\n"),
        data.replace(b"tsa-1", b"tsa 1", 1),
        data.replace(b" R", b" X", 1),
        b"a " + leaves[0].encode() + b" " + root.hex().encode() + b" - !!notbase64\n",
        "ä".encode() + data,
        data * 400,
    ):
        with pytest.raises(ts.TimestampError):
            ts.parse_tag_file(bad)


def _ask(server: AuthorityServer, root: bytes, nonce: int) -> bytes:
    answer = httpx.post(server.url, content=ts.timestamp_request(root, nonce),
                        headers={"Content-Type": "application/timestamp-query"})
    assert answer.status_code == 200
    return answer.content


def test_a_real_token_verifies_and_openssl_agrees(
    tsa: AuthorityServer, authority: Authority, tmp_path: Path
) -> None:
    root, _ = ts.build_tree(_digests(5))
    nonce = secrets.randbits(62) + 1
    token = _ask(tsa, root, nonce)
    # The request is well formed: OpenSSL reads it and it names our root and nonce.
    query = sorted(authority.folder.glob("request-*.tsq"))[-1]
    text = subprocess.run([OPENSSL, "ts", "-query", "-in", str(query), "-text"],
                          capture_output=True, text=True, check=True).stdout
    shown = re.search(r"Nonce: 0x([0-9A-F]+)", text)
    assert shown is not None and int(shown.group(1), 16) == nonce
    facts = ts.check_token(token, root, x509.load_pem_x509_certificates(authority.ca_pem),
                           nonce=nonce)
    assert facts.imprint == root and facts.authority_subject == "CN=Test TSA"
    (tmp_path / "token.tsr").write_bytes(token)
    (tmp_path / "ca.pem").write_bytes(authority.ca_pem)
    checked = subprocess.run(
        [OPENSSL, "ts", "-verify", "-digest", root.hex(), "-in", str(tmp_path / "token.tsr"),
         "-CAfile", str(tmp_path / "ca.pem")], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "Verification: OK" in checked.stdout


def test_wrong_imprint_untrusted_authority_tampered_token_and_other_nonce(
    tsa: AuthorityServer, authority: Authority, stranger: Authority
) -> None:
    root, _ = ts.build_tree(_digests(2))
    token = _ask(tsa, root, 7)
    trusted = x509.load_pem_x509_certificates(authority.ca_pem)
    with pytest.raises(ts.TimestampError) as wrong:
        ts.check_token(token, hashlib.sha256(b"another root").digest(), trusted)
    assert wrong.value.reason == "imprint"
    with pytest.raises(ts.TimestampError) as untrusted:
        ts.check_token(token, root, x509.load_pem_x509_certificates(stranger.ca_pem))
    assert untrusted.value.reason == "untrusted"
    # The TSA's own certificate is not a trust anchor: its CA is.
    with pytest.raises(ts.TimestampError):
        ts.check_token(token, root, x509.load_pem_x509_certificates(authority.cert_pem))
    tampered = bytearray(token)
    tampered[-5] ^= 0x01  # inside the signature value
    with pytest.raises(ts.TimestampError) as broken:
        ts.check_token(bytes(tampered), root, trusted)
    assert broken.value.reason in ("untrusted", "token")
    with pytest.raises(ts.TimestampError):
        ts.check_token(token, root, trusted, nonce=8)
    with pytest.raises(ts.TimestampError):
        ts.check_token(b"\x30\x80garbage", root, trusted)


def test_check_proofs_ties_the_token_to_the_sealed_digest(
    tsa: AuthorityServer, authority: Authority
) -> None:
    leaves = _digests(3)
    root, paths = ts.build_tree(leaves)
    token = _ask(tsa, root, 99)
    data = ts.tag_file([ts.Proof("tsa", leaves[1], root.hex(), tuple(paths[1]), token)])
    trusted = x509.load_pem_x509_certificates(authority.ca_pem)
    [result] = ts.check_proofs(data, leaves[1], trusted)
    assert result.trusted and result.authority == "tsa" and result.attested_time.endswith("Z")
    [unchecked] = ts.check_proofs(data, leaves[1], None)
    assert not unchecked.trusted
    with pytest.raises(ts.TimestampError):
        ts.check_proofs(data, leaves[0], trusted)  # another version's digest
    bent = ts.tag_file([ts.Proof("tsa", leaves[1], root.hex(), tuple(paths[0]), token)])
    with pytest.raises(ts.TimestampError):
        ts.check_proofs(bent, leaves[1], None)  # a path that does not lead to the root
