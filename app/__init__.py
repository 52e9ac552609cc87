"""Evidence Vault: offline, encrypted collection of testimony and evidence.

This module is the single source of the version and application id, read by the
packaging (pyproject, PyInstaller spec) and shown by ``--version``.
"""

__version__ = "0.1.0"
APP_ID = "org.evidencevault.EvidenceVault"
APP_NAME = "Evidence Vault"
