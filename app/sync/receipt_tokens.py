"""The authority's token over a platform receipt: fetched after the receipt, checked,
and kept in the vault beside it; what ``sync status`` reports.

A platform that has its receipts stamped (docs/sync-protocol.md, "Receipt timestamp")
serves the RFC 3161 token at ``GET {upload}/receipt/timestamp``. The client asks right
after a receipt is verified, in the same sync; the receipt itself never waits for it
and never depends on it. The answer decides what is kept, per package, under the
settings key ``sync.receipt_timestamp.<package id>`` (JSON; sync owns these keys):

- ``200``: the token is kept, with the time it attests, only when it stamps the SHA-256
  of the receipt exactly as stored and chains to an authority the profile names
  (``stamped``); otherwise it is refused and asked again at the next sync (``refused``);
- ``202``: the platform's authority did not answer yet; asked again at the next sync
  (``pending``);
- ``404``: the platform stamps no receipts; nothing is kept and nothing asked again
  (reported as ``none``, like a receipt from a platform older than this).

Runs on the vault thread (it uses the connection), after a sync's deliveries.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.settings import read_value, write_value
from app.sanitize import for_display
from app.storage.database import Connection, transaction
from app.sync import outbox
from app.sync.errors import ReceiptError, SyncCancelledError, SyncError
from app.sync.outbox import OutboxState
from app.sync.profile import PlatformProfile
from app.sync.receipts import check_receipt_token
from app.sync.tus_client import TusClient

SETTING_PREFIX = "sync.receipt_timestamp."
STAMPED, PENDING, REFUSED, NONE = "stamped", "pending", "refused", "none"
# A run asks for at most this many tokens still owed, so a platform whose authority is
# down for weeks never makes a sync long.
MAX_ASKED_PER_RUN = 50


@dataclass(frozen=True)
class ReceiptStamp:
    state: str  # stamped, pending, refused
    attested_at: str | None = None  # ISO 8601 UTC, as the authority signed it
    token: bytes | None = None  # the DER TimeStampResp, as ``openssl ts -verify -in`` reads
    note: str | None = None  # why a token was refused

    def to_json(self) -> str:
        return json.dumps({
            "state": self.state, "attested_at": self.attested_at, "note": self.note,
            "token": None if self.token is None else base64.b64encode(self.token).decode(),
        })


def stamp_of(conn: Connection, package_id: str) -> ReceiptStamp | None:
    """What is kept for a package's receipt; None when nothing is (no token asked for,
    or the platform stamps none)."""
    raw = read_value(conn, SETTING_PREFIX + package_id)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        token = data.get("token")
        return ReceiptStamp(
            state=str(data["state"]),
            attested_at=data.get("attested_at"),
            token=None if token is None else base64.b64decode(token, validate=True),
            note=data.get("note"),
        )
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return None


def _keep(conn: Connection, package_id: str, stamp: ReceiptStamp | None) -> None:
    with transaction(conn):
        write_value(conn, SETTING_PREFIX + package_id,
                    None if stamp is None else stamp.to_json())


def owed(conn: Connection, delivered_now: Sequence[str]) -> list[outbox.OutboxEntry]:
    """Delivered packages whose token is to be asked for: those delivered in this run,
    and those left pending or refused by an earlier one."""
    found = []
    for entry in outbox.entries(conn, (OutboxState.DELIVERED,)):
        if entry.upload_url is None or entry.receipt_json is None:
            continue
        stamp = stamp_of(conn, entry.package_id)
        if (stamp is None and entry.package_id in delivered_now) or (
            stamp is not None and stamp.state in (PENDING, REFUSED)
        ):
            found.append(entry)
    return found[:MAX_ASKED_PER_RUN]


def fetch_receipt_tokens(
    conn: Connection,
    profile: PlatformProfile,
    client: TusClient,
    entries: Sequence[outbox.OutboxEntry],
    cancel: threading.Event,
) -> dict[str, ReceiptStamp | None]:
    """Ask for each entry's token and keep what holds; the outcome per package (None:
    the platform stamps no receipts). A connection that fails ends the asking quietly:
    what is owed stays owed."""
    trusted = [authority.certificate_pem for authority in profile.timestamp_authorities]
    outcomes: dict[str, ReceiptStamp | None] = {}
    for entry in entries:
        if cancel.is_set() or entry.upload_url is None or entry.receipt_json is None:
            break
        try:
            answer = client.fetch_receipt_token(entry.upload_url)
        except SyncCancelledError:
            break
        except SyncError:
            break
        stamp: ReceiptStamp | None
        if answer.status == 200:
            try:
                attested = check_receipt_token(answer.body, entry.receipt_json, trusted)
            except ReceiptError as error:
                stamp = ReceiptStamp(REFUSED, note=for_display(str(error), limit=300))
            else:
                stamp = ReceiptStamp(STAMPED, attested.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                     answer.body)
        elif answer.status == 404:
            stamp = None
        else:  # 202, or the platform busy: the next sync asks again
            stamp = ReceiptStamp(PENDING)
        _keep(conn, entry.package_id, stamp)
        outcomes[entry.package_id] = stamp
    return outcomes
