"""The TLS context of a sync: trusts only the platform's own CA.

Pinning by construction: the context is built empty (no system or certifi store) and
given the profile's CA certificates and nothing else, so a server with a certificate
from any other CA, however public, fails the handshake before a request, the token or
a byte of a package leaves the device. Host names are checked, TLS 1.2 is the floor.
Pure function; safe on any thread.
"""

from __future__ import annotations

import ssl

from cryptography import x509

from app.sync.errors import ProfileError

MAX_CA_CERTIFICATES = 8
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"


def parse_ca_certificates(untrusted_pem: str) -> list[x509.Certificate]:
    """The certificates in ``untrusted_pem``; refuses anything that is not 1..8 of them."""
    if untrusted_pem.count(_PEM_BEGIN) > MAX_CA_CERTIFICATES:
        raise ProfileError(f"The profile holds more than {MAX_CA_CERTIFICATES} CA certificates.")
    try:
        certificates = x509.load_pem_x509_certificates(untrusted_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise ProfileError("The profile's CA certificate is not a valid PEM certificate.") from None
    if not certificates:
        raise ProfileError("The profile holds no CA certificate.")
    return certificates


def platform_ssl_context(ca_pem: str) -> ssl.SSLContext:
    """A client context that trusts exactly the certificates in ``ca_pem``."""
    certificates = parse_ca_certificates(ca_pem)
    # PROTOCOL_TLS_CLIENT starts with CERT_REQUIRED + check_hostname and, unlike
    # create_default_context() without cadata, loads no system store.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    context.load_verify_locations(cadata=ca_pem)
    if len(context.get_ca_certs()) != len(certificates):
        raise ProfileError("The profile's CA certificates could not all be loaded.")
    return context
