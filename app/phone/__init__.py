"""Verifying what phone apps produced (ProofMode, C2PA content credentials, Tella, Save),
offline and without the vault.

Pure: it reads bundles (a zip, a folder or one media file) as hostile input, checks their
proofs and returns a :class:`~app.phone.report.Report`. It imports only the ground floor,
``app.crypto`` and third-party libraries; the vault side (storing, pinning keys, the
custody event) lives in ``app.core.phone_import`` and ``app.services.phone``. It never
opens a network connection: C2PA is read with remote manifests, OCSP and every network
host turned off.
"""
