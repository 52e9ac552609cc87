"""The formats that leave the laptop: sealed packages and the custody log they carry.

Below core: the platform's intake server and any verifier use these without loading the
documenter's records, vocabulary or vault. Imports only ``app.crypto`` and the ground
floor (``app.errors``, ``app.sanitize``, ``app.fsutil``).
"""
