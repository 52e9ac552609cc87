"""Sealed packages: the format (tar, BagIt tag files, VERIFY.txt), the one-pass writer,
the strict reader and the verifier. Pure of the vault: the vault side lives in
``app.core.export``, ``app.core.export_content`` and ``app.core.coordinator``. The
format is documented in ``docs/package-format.md``."""
