"""The operating system's keyring, set the same way on every system.

Windows Credential Manager keeps a credential with ``CRED_PERSIST_ENTERPRISE`` by
default in keyring's backend: a domain profile roams it to other machines the user signs
in to. The sync token must stay on this laptop: ``CRED_PERSIST_LOCAL_MACHINE``. The
macOS Keychain and the Secret Service keep items local already.
"""

from __future__ import annotations

from typing import Any, TypeVar

Backend = TypeVar("Backend")

CRED_PERSIST_LOCAL_MACHINE = 2  # wincred.h


def keep_local(backend: Backend) -> Backend:
    """``backend`` set to keep what it stores on this machine (returned for chaining)."""
    if type(backend).__name__ == "WinVaultKeyring" and hasattr(type(backend), "persist"):
        store: Any = backend
        store.persist = CRED_PERSIST_LOCAL_MACHINE
    return backend
