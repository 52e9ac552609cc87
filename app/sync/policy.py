"""Per-vault sync choices: when a sync may start by itself, and what happens to the
local sealed copy once the platform's receipt is verified.

Automatic sync is off unless the user opts in, and the safest opt-in is "only through
the configured proxy" (on a watched network a direct connection to the platform is
itself a signal). Deleting the local copy is allowed only after a verified receipt and
is a signed custody event. Runs on the vault worker thread.
"""

from __future__ import annotations

import json
from enum import StrEnum

from app.core import custody
from app.core.custody import Signer
from app.core.ids import Clock
from app.core.settings import read_value, write_value
from app.errors import EvidenceVaultError, NotFoundError
from app.storage.blobs import BlobStore
from app.storage.database import Connection, transaction
from app.sync import outbox
from app.sync.outbox import OutboxState
from app.sync.profile import PlatformProfile

SETTING_AUTO_RULE = "sync.auto_rule"
SETTING_DELETE_POLICY = "sync.delete_after_receipt"


class AutoSyncRule(StrEnum):
    OFF = "off"  # only when the user starts it
    PROXY_ONLY = "proxy_only"  # automatically, but only through the profile's proxy
    ALWAYS = "always"  # automatically over any connection


class DeletePolicy(StrEnum):
    KEEP = "keep"
    ASK = "ask"
    DELETE = "delete"


def auto_rule(conn: Connection) -> AutoSyncRule:
    value = read_value(conn, SETTING_AUTO_RULE)
    try:
        return AutoSyncRule(value) if value else AutoSyncRule.OFF
    except ValueError:
        return AutoSyncRule.OFF  # an unknown value never turns sync on


def set_auto_rule(conn: Connection, rule: AutoSyncRule) -> None:
    with transaction(conn):
        write_value(conn, SETTING_AUTO_RULE, AutoSyncRule(rule).value)


def delete_policy(conn: Connection) -> DeletePolicy:
    value = read_value(conn, SETTING_DELETE_POLICY)
    try:
        return DeletePolicy(value) if value else DeletePolicy.KEEP
    except ValueError:
        return DeletePolicy.KEEP  # an unknown value never deletes


def set_delete_policy(conn: Connection, policy: DeletePolicy) -> None:
    with transaction(conn):
        write_value(conn, SETTING_DELETE_POLICY, DeletePolicy(policy).value)


def may_sync_automatically(conn: Connection, profile: PlatformProfile) -> tuple[bool, str]:
    """Whether a sync may start without the user, and why (shown in the status)."""
    rule = auto_rule(conn)
    if rule == AutoSyncRule.OFF:
        return False, "Automatic sync is off; sync starts only when you start it."
    if rule == AutoSyncRule.PROXY_ONLY and profile.proxy is None:
        return False, "Automatic sync is allowed only through a proxy, and none is set."
    if rule == AutoSyncRule.PROXY_ONLY:
        return True, "Automatic sync through the configured proxy."
    return True, "Automatic sync over any connection."


def chain_of_package(conn: Connection, package_id: str) -> tuple[str, str | None, str]:
    """(custody chain id, blob id, origin) of a package row."""
    row = conn.execute(
        "SELECT testimony_id, blob_id, origin FROM packages WHERE id = ?", (package_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError("There is no such package in this vault.")
    testimony_id, blob_id, origin = row
    return (str(testimony_id) if testimony_id else custody.VAULT_CHAIN,
            None if blob_id is None else str(blob_id), str(origin))


def delete_local_copy(
    conn: Connection,
    blobs: BlobStore,
    signer: Signer,
    package_id: str,
    *,
    actor: str,
    clock: Clock | None = None,
) -> bool:
    """Remove the vault's copy of a delivered package; False if none was kept.

    The database change and its custody event commit first; the file goes after, so a
    crash in between leaves only an unreferenced blob that the vault's check removes.
    """
    entry = outbox.require(conn, package_id)
    if entry.state != OutboxState.DELIVERED or entry.receipt_json is None:
        raise EvidenceVaultError(
            "The local copy is kept until the platform's receipt has been verified."
        )
    chain_id, blob_id, origin = chain_of_package(conn, package_id)
    if blob_id is None:
        return False
    receipt = json.loads(entry.receipt_json)["receipt"]
    with transaction(conn):
        if origin == "local":
            conn.execute("UPDATE packages SET blob_id = NULL WHERE id = ?", (package_id,))
        else:
            # An imported package row exists only for its stored copy (schema step 4).
            conn.execute("DELETE FROM packages WHERE id = ?", (package_id,))
        outbox.record_local_copy_deleted(conn, package_id, clock)
        custody.append_event(
            conn,
            signer,
            chain_id=chain_id,
            action="local_copy_deleted",
            actor=actor,
            details={
                "package_id": package_id,
                "package_sha256": entry.sha256,
                "reason": "delivered",
                "receipt_upload_id": str(receipt.get("upload_id", "")),
            },
            clock=clock,
        )
    blobs.delete(blob_id)
    return True
