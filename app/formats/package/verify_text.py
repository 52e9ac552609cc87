"""VERIFY.txt: the by-hand verification procedure carried inside every package.

A court or an analyst must be able to check a package without this program, using
only ``age``, ``tar``, ``sha256sum`` and ``ssh-keygen``. The text is plain ASCII: a
header naming this package's id, signer fingerprint and signature namespace, then the
steps of ``procedure`` (the same source as docs/verify-by-hand.md). It is listed in the
(signed) tag manifest, so a swapped procedure is detected like any other change.
Pure function, any thread.
"""

from __future__ import annotations

from app.formats.package.procedure import render_text

_HEADER = """\
HOW TO VERIFY THIS EVIDENCE PACKAGE BY HAND
===========================================

Package id:          {package_id}
Signer fingerprint:  {fingerprint}
Signature namespace: {namespace}
Format:              {package_format} (see docs/package-format.md of Evidence Vault)

This folder is a BagIt 1.0 bag (RFC 8493). The package file you received is this
folder as an uncompressed POSIX tar, encrypted with age v1 (https://age-encryption.org)
to the recipients chosen when it was exported. Nothing below needs Evidence Vault; the
same procedure, with more background, is docs/verify-by-hand.md of Evidence Vault.
Type each line that starts with "$" without the "$", in order.

"""


def verify_text(*, package_id: str, fingerprint: str, namespace: str, package_format: str) -> bytes:
    """The VERIFY.txt of one package, ASCII."""
    header = _HEADER.format(
        package_id=package_id,
        fingerprint=fingerprint,
        namespace=namespace,
        package_format=package_format,
    )
    return (header + render_text(namespace, package_format)).encode("ascii")
