"""The custody log: chains verify; edited, removed, reordered, spliced and forged events are
detected, in the database and in the JSONL a package carries; the database itself refuses
changes; signatures check out with the independent ``ssh-keygen -Y verify``."""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3
from core_support import ACTOR, add_case, new_identity, open_vault_db, sample_input
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import custody
from app.core import testimonies as repo
from app.core.custody import CustodyChainError, CustodyEvent
from app.crypto.signing import NAMESPACE_CUSTODY, DeviceIdentity
from app.errors import FormatError
from app.storage.database import Connection, transaction

DEVICE = new_identity()
TRUSTED = [DEVICE.public_key]


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    connection = open_vault_db(tmp_path)
    yield connection
    connection.close()


def _chain(conn: Connection, length: int = 5) -> list[CustodyEvent]:
    with transaction(conn):
        for number in range(length):
            custody.append_event(
                conn,
                DEVICE,
                chain_id="chain-a",
                action="exported" if number else "creation",
                actor=ACTOR,
                details={"n": number, "list": [1, "two", None, True]},
            )
    return custody.events(conn, "chain-a")


def _reason(chain: list[CustodyEvent], **kwargs: object) -> CustodyChainError:
    with pytest.raises(CustodyChainError) as caught:
        custody.verify_chain(chain, TRUSTED, **kwargs)  # type: ignore[arg-type]
    return caught.value


def _tamper(conn: Connection, sql: str, *params: object) -> None:
    # The append-only triggers stand in the way of exactly this; an attacker with the key
    # could drop them, so the test does too and the chain must still tell.
    conn.execute("DROP TRIGGER custody_events_append_only_update")
    conn.execute("DROP TRIGGER custody_events_append_only_delete")
    conn.execute(sql, params)


def test_a_real_workflow_verifies(conn: Connection) -> None:
    case = add_case(conn, DEVICE)
    testimony = repo.add_testimony(conn, DEVICE, case.id, sample_input(), ACTOR)
    with transaction(conn):
        repo.mark_sealed(conn, testimony.id, "2024-03-02T00:00:00Z")
        custody.append_event(
            conn, DEVICE, chain_id=testimony.id, action="sealed", actor=ACTOR, details={}
        )
    repo.start_correction(conn, DEVICE, testimony.id, ACTOR)
    assert custody.verify_all(conn, TRUSTED) == []
    chain = custody.events(conn, testimony.id)
    assert [e.seq for e in chain] == [0, 1, 2]
    assert chain[0].prev_hash == "0" * 64
    assert all(e.prev_hash == p.event_hash for p, e in itertools.pairwise(chain))
    assert all(e.at.endswith("Z") for e in chain)
    assert chain[0].device_fingerprint == DEVICE.fingerprint
    # An untrusted key set is a failure, not a pass.
    assert custody.verify_all(conn, [new_identity().public_key])


def test_events_hold_no_narrative_or_identifying_details(conn: Connection) -> None:
    case = add_case(conn, DEVICE, "CANARY-TITLE")
    data = sample_input(narrative="CANARY-NARRATIVE")
    data = dataclasses.replace(
        data, person=dataclasses.replace(data.person, full_name="CANARY-NAME")
    )
    testimony = repo.add_testimony(conn, DEVICE, case.id, data, ACTOR)
    repo.withdraw_consent(conn, DEVICE, testimony.id, "2024-05-01", "CANARY-NOTE", ACTOR)
    everything = b"".join(
        custody.to_jsonl(custody.events(conn, chain)) for chain in custody.chain_ids(conn)
    )
    assert b"CANARY" not in everything
    assert testimony.id.encode() in everything


def test_edited_event_in_the_database_is_detected(conn: Connection) -> None:
    _chain(conn)
    _tamper(
        conn,
        "UPDATE custody_events SET details_json = ? WHERE chain_id = 'chain-a' AND seq = 2",
        json.dumps({"n": 99, "list": [1, "two", None, True]}),
    )
    error = _reason(custody.events(conn, "chain-a"))
    assert (error.seq, error.chain_id) == (2, "chain-a")
    assert "edited" in error.reason
    assert "chain-a, event 2" in custody.verify_all(conn, TRUSTED)[0]


def test_removed_event_in_the_database_is_detected(conn: Connection) -> None:
    _chain(conn)
    _tamper(conn, "DELETE FROM custody_events WHERE chain_id = 'chain-a' AND seq = 1")
    error = _reason(custody.events(conn, "chain-a"))
    assert error.seq == 2 and "missing" in error.reason


def test_removed_and_renumbered_events_are_detected(conn: Connection) -> None:
    chain = _chain(conn)
    renumbered = [chain[0], *(dataclasses.replace(e, seq=e.seq - 1) for e in chain[2:])]
    error = _reason(renumbered)
    assert error.seq == 1  # renumbering breaks the hash of the event itself
    # Cutting the tail is invisible to the chain alone; an anchor catches it.
    custody.verify_chain(chain[:3], TRUSTED)
    error = _reason(chain[:3], expected_last_hash=chain[-1].event_hash)
    assert "removed" in error.reason


def test_reordered_events_in_jsonl_are_detected(conn: Connection) -> None:
    chain = _chain(conn)
    lines = custody.to_jsonl(chain).splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    error = _reason(custody.from_jsonl(b"".join(lines)))
    assert error.seq == 2 and "reordered" in error.reason


def test_reordered_with_seq_rewritten_is_detected(conn: Connection) -> None:
    chain = _chain(conn)
    swapped = [chain[0], dataclasses.replace(chain[2], seq=1), dataclasses.replace(chain[1], seq=2)]
    assert "edited" in _reason(swapped).reason


def test_forged_signature_is_detected(conn: Connection) -> None:
    chain = _chain(conn)
    forger = new_identity()
    # An edited event re-hashed and signed by another key, claiming to be this device.
    body = {**chain[3].body(), "details": {"n": 3, "forged": True}}
    digest = custody.event_hash(body)
    forged = dataclasses.replace(
        chain[3],
        details=body["details"],
        event_hash=digest,
        signature=forger.sign(NAMESPACE_CUSTODY, digest.encode()),
    )
    error = _reason([*chain[:3], forged])
    assert error.seq == 3 and "signature" in error.reason
    # The right key, but a signature over another event.
    swapped = dataclasses.replace(chain[1], signature=chain[2].signature)
    assert "signature" in _reason([chain[0], swapped]).reason
    garbage = dataclasses.replace(chain[0], signature="not armored")
    assert "signature" in _reason([garbage]).reason


def test_signed_by_a_trusted_key_that_is_not_the_named_device(conn: Connection) -> None:
    chain = _chain(conn, 1)
    other = new_identity()
    resigned = dataclasses.replace(
        chain[0], signature=other.sign(NAMESPACE_CUSTODY, chain[0].event_hash.encode())
    )
    with pytest.raises(CustodyChainError, match="different device"):
        custody.verify_chain([resigned], [*TRUSTED, other.public_key])


def test_event_from_another_chain_is_detected(conn: Connection) -> None:
    chain = _chain(conn)
    with transaction(conn):
        custody.append_event(conn, DEVICE, chain_id="chain-b", action="creation", actor=ACTOR)
    spliced = [*chain, *custody.events(conn, "chain-b")]
    assert "another chain" in _reason(spliced).reason
    assert "another chain" in _reason(chain, chain_id="chain-b").reason


def test_database_refuses_update_and_delete(conn: Connection) -> None:
    _chain(conn, 2)
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("UPDATE custody_events SET actor = 'someone else'")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM custody_events WHERE seq = 1")
    custody.verify_chain(custody.events(conn, "chain-a"), TRUSTED)


def test_append_needs_the_callers_transaction_and_plain_details(conn: Connection) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        custody.append_event(conn, DEVICE, chain_id="c", action="creation", actor=ACTOR)
    with pytest.raises(ValueError, match="float"), transaction(conn):
        custody.append_event(
            conn, DEVICE, chain_id="c", action="creation", actor=ACTOR, details={"x": 1.5}
        )
    with pytest.raises(ValueError, match="action"), transaction(conn):
        custody.append_event(conn, DEVICE, chain_id="c", action="Drop Table", actor=ACTOR)
    assert custody.events(conn, "c") == []


def test_injected_clock_sets_the_time(conn: Connection) -> None:
    moment = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    with transaction(conn):
        event = custody.append_event(
            conn, DEVICE, chain_id="c", action="creation", actor=ACTOR, clock=lambda: moment
        )
    assert event.at == "2024-03-01T12:00:00.000000Z"


def test_jsonl_round_trip_verifies_from_bytes_alone(conn: Connection) -> None:
    chain = _chain(conn)
    raw = custody.to_jsonl(chain)
    assert raw.count(b"\n") == len(chain) and b" " not in raw.replace(b" SSH SIGNATURE", b"")
    restored = custody.from_jsonl(raw)
    assert restored == chain
    custody.verify_chain(restored, TRUSTED, expected_last_hash=chain[-1].event_hash)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json\n",
        b"[]\n",
        b'{"chain_id": "x"}\n',
        b"\xff\n",
        b"{" * 5000 + b"\n",
        b'{"chain_id":"c","seq":0,"at":"","actor":"","device_fingerprint":"","action":"",'
        b'"details":{"x":NaN},"prev_hash":"","event_hash":"","signature":""}\n',
    ],
)
def test_malformed_jsonl_is_a_format_error(raw: bytes) -> None:
    with pytest.raises(FormatError):
        custody.from_jsonl(raw)


@settings(max_examples=40, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=3),
    field=st.sampled_from(["at", "actor", "action", "device_fingerprint", "seq", "details"]),
)
def test_any_single_field_edit_in_jsonl_is_detected(index: int, field: str) -> None:
    chain = _STATIC_CHAIN
    item = json.loads(custody.to_jsonl(chain).splitlines()[index])
    if field == "details":
        item[field] = {"n": -1}
    elif field == "seq":
        item[field] = item["seq"] + 7
    else:
        item[field] = item[field] + "x"
    lines = custody.to_jsonl(chain).splitlines()
    lines[index] = json.dumps(item).encode()
    with pytest.raises(CustodyChainError) as caught:
        custody.verify_chain(custody.from_jsonl(b"\n".join(lines)), TRUSTED)
    assert caught.value.seq in (index, item["seq"])


def _static_chain() -> list[CustodyEvent]:
    connection = sqlcipher3.connect(":memory:", isolation_level=None)
    from app.storage.migrations import migrate

    migrate(connection)
    return _chain(connection, 4)


_STATIC_CHAIN = _static_chain()


@pytest.mark.interop
@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_ssh_keygen_verifies_an_event_signature(tmp_path: Path) -> None:
    event = _STATIC_CHAIN[1]
    signers = tmp_path / "allowed_signers"
    signers.write_text(DEVICE.public_key.allowed_signers_line("device") + "\n")
    signature = tmp_path / "event.sig"
    signature.write_text(event.signature)

    def ssh_verify(data: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(signers),
                "-I",
                "device",
                "-n",
                NAMESPACE_CUSTODY,
                "-s",
                str(signature),
            ],
            input=data,
            capture_output=True,
            check=False,
        )

    # What a court's expert would do: recompute the hash from the JSONL line, verify it.
    line = json.loads(custody.to_jsonl([event]))
    body = {k: v for k, v in line.items() if k not in ("event_hash", "signature")}
    recomputed = custody.event_hash(body)
    assert recomputed == event.event_hash
    assert ssh_verify(recomputed.encode()).returncode == 0
    assert ssh_verify(_STATIC_CHAIN[2].event_hash.encode()).returncode != 0


def test_device_identity_is_a_signer() -> None:
    signer: custody.Signer = DeviceIdentity.generate()
    assert signer.fingerprint.startswith("SHA256:")
