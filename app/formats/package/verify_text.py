"""VERIFY.txt: the by-hand verification procedure carried inside every package.

A court or an analyst must be able to check a package without this program, using
only ``age``, ``tar``, ``sha256sum`` and ``ssh-keygen``. The text is plain ASCII, names
this package's id, signer fingerprint and signature namespace, and is itself listed in
the (signed) tag manifest, so a swapped procedure is detected like any other change.
Pure function, any thread.
"""

from __future__ import annotations

_TEMPLATE = """\
HOW TO VERIFY THIS EVIDENCE PACKAGE BY HAND
===========================================

Package id:          {package_id}
Signer fingerprint:  {fingerprint}
Signature namespace: {namespace}
Format:              {package_format} (see docs/package-format.md of Evidence Vault)

This folder is a BagIt 1.0 bag (RFC 8493). The package file you received is this
folder as an uncompressed POSIX tar, encrypted with age v1 (https://age-encryption.org)
to the recipients chosen when it was exported. Tools: age, tar, sha256sum, ssh-keygen
(OpenSSH 8.2 or newer). Nothing below needs Evidence Vault.

1. Decrypt with your age identity (the key file of a recipient):

       age -d -i key.txt -o bag.tar PACKAGE_FILE

   age refuses a file that was altered anywhere (every 64 KiB chunk is authenticated).

2. Unpack it into an empty folder (the archive holds regular files only, all under
   one folder named by the package id):

       mkdir unpacked && tar -xf bag.tar -C unpacked
       cd unpacked/{package_id}

3. Check every payload file and every tag file against its checksum:

       sha256sum -c manifest-sha256.txt
       sha256sum -c tagmanifest-sha256.txt

   Every line must say OK. Also check that data/ holds no file that
   manifest-sha256.txt does not list (compare `find data -type f | sort` with the
   second column of the manifest); a BagIt validator such as `bagit.py --validate .`
   does all of step 3 at once.

4. Check the signature over the tag manifest. The tag manifest lists the checksums of
   bag-info.txt, manifest-sha256.txt (and so of every payload file), signer.pub and
   this VERIFY.txt; the signature therefore covers the whole bag.

   Build an allowed_signers file from the signer keys you enrolled out of band, NOT
   from signer.pub in this package (anyone can put a key there). One line per signer,
   exactly as `evidence-vault keys export-public` prints it on the signer's device:

       PRINCIPAL namespaces="{namespace}" ssh-ed25519 AAAA...

   Then:

       ssh-keygen -Y find-principals -s tagmanifest-sha256.txt.sig -f allowed_signers
       ssh-keygen -Y verify -f allowed_signers -I PRINCIPAL -n {namespace} \\
           -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt

   The first command prints the principal of the enrolled key that made the signature
   (nothing, and a non-zero exit, when none did); the second must print
   `Good "{namespace}" signature for PRINCIPAL`.

5. Compare the signer out of band. `ssh-keygen -l -f signer.pub` prints the key's
   fingerprint; it must equal the Signer-Fingerprint in bag-info.txt and the
   fingerprint the documenter's device showed at enrolment (read it to each other
   over a channel you trust; comparing the first and last eight characters catches
   a substituted key only if the whole value was compared once).

6. What the signature means: the device holding that key signed this exact content at
   the time in bag-info.txt (Created-At, as claimed by that device's clock, which
   nobody vouches for). data/custody.jsonl is the custody log of the testimony: each
   line is a signed event chained by hash to the previous one.

If any step fails, the package is not what the signer sealed: keep the file as it is
and report it; do not repair it.
"""


def verify_text(*, package_id: str, fingerprint: str, namespace: str, package_format: str) -> bytes:
    """The VERIFY.txt of one package, ASCII."""
    text = _TEMPLATE.format(
        package_id=package_id,
        fingerprint=fingerprint,
        namespace=namespace,
        package_format=package_format,
    )
    return text.encode("ascii")
