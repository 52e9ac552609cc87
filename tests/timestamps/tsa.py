"""A real RFC 3161 time-stamping authority on loopback for the tests.

A throwaway CA and a TSA certificate (critical extended key usage timeStamping) made
with ``cryptography``; answers made by OpenSSL's own ``openssl ts -reply`` behind a
small ``http.server`` (POST application/timestamp-query, answer
application/timestamp-reply), so every token the tests check is one a real authority
implementation signed. ``holding`` makes the server read a request and never answer
(a stalled link), ``down`` answer 503.
"""

from __future__ import annotations

import datetime
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OPENSSL = "/usr/bin/openssl"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@dataclass
class Authority:
    folder: Path
    ca_pem: bytes
    cert_pem: bytes
    config: Path
    requests: int = 0
    # While ``holding``, a request is read and never answered (a stalled link) until
    # ``released`` is set.
    holding: bool = False
    released: threading.Event = field(default_factory=threading.Event)
    down: bool = False

    def reply(self, query: bytes) -> bytes:
        self.requests += 1
        request = self.folder / f"request-{self.requests}.tsq"
        answer = self.folder / f"reply-{self.requests}.tsr"
        request.write_bytes(query)
        subprocess.run(
            [OPENSSL, "ts", "-reply", "-config", str(self.config), "-queryfile", str(request),
             "-out", str(answer)],
            check=True, capture_output=True, timeout=30,
        )
        return answer.read_bytes()


def make_authority(folder: Path, label: str = "Test TSA") -> Authority:
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{label} CA")).issuer_name(_name(f"{label} CA"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(label)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True,
                          key_encipherment=False, data_encipherment=False,
                          key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(_pem(ca))
    (folder / "tsa.pem").write_bytes(_pem(cert))
    (folder / "tsa.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    config = folder / "tsa.cnf"
    config.write_text(f"""\
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = {folder}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
    return Authority(folder, _pem(ca), _pem(cert), config)


class _Handler(BaseHTTPRequestHandler):
    authority: Authority

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(size)
        if self.authority.holding:
            self.authority.released.wait(30)
            return
        if self.authority.down:
            self.send_response(503)
            self.end_headers()
            return
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_response(415)
            self.end_headers()
            return
        body = self.authority.reply(query)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class AuthorityServer:
    """The authority behind HTTP on 127.0.0.1 (a thread); ``url`` to post queries to."""

    def __init__(self, authority: Authority) -> None:
        handler = type("Handler", (_Handler,), {"authority": authority})
        self.authority = authority
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/tsa"

    def __enter__(self) -> AuthorityServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
