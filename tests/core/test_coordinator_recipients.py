"""Saved coordinators (``coordinator-recipients``): checked names and age keys, caps on
count and length, stored in the vault's settings and logged in its custody chain.

Keys come from the real ``age-keygen`` where a test needs one made by someone else.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_support import ACTOR, new_identity, open_vault_db
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import custody
from app.core.settings import (
    COORDINATOR_RECIPIENTS,
    MAX_COORDINATOR_NAME,
    MAX_COORDINATOR_RECIPIENTS,
    CoordinatorRecipient,
    InvalidSettingError,
    coordinator_recipient,
    get_coordinator_recipients,
    get_setting,
    list_settings,
    parse_coordinator_recipients,
    read_value,
    set_coordinator_recipients,
    set_setting,
    unset_setting,
    write_value,
)
from app.crypto.age import X25519Identity
from app.storage.database import Connection, transaction

DEVICE = new_identity()


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    connection = open_vault_db(tmp_path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def age_keygen_recipient(tmp_path_factory: pytest.TempPathFactory) -> str:
    key = tmp_path_factory.mktemp("coordinator") / "key.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    return subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()


def _key() -> str:
    return str(X25519Identity.generate().recipient)


def test_saved_coordinators_round_trip_and_are_logged(
    conn: Connection, age_keygen_recipient: str
) -> None:
    entries = [
        CoordinatorRecipient("Алеся, Вільня", "  " + age_keygen_recipient + "\n"),
        CoordinatorRecipient("Office", _key()),
    ]
    stored = set_coordinator_recipients(conn, DEVICE, entries, ACTOR)
    assert [e.name for e in stored] == ["Алеся, Вільня", "Office"]
    assert stored[0].recipient == age_keygen_recipient  # whitespace gone, same key
    assert get_coordinator_recipients(conn) == stored
    # Stored as compact JSON, readable by a person with the CLI.
    raw = read_value(conn, COORDINATOR_RECIPIENTS)
    assert raw is not None and json.loads(raw)[0] == {
        "name": "Алеся, Вільня", "recipient": age_keygen_recipient,
    }
    assert list_settings(conn)[COORDINATOR_RECIPIENTS] == raw
    [event] = [
        e for e in custody.events(conn, custody.VAULT_CHAIN)
        if e.details.get("setting") == COORDINATOR_RECIPIENTS
    ]
    assert event.action == "key_changed" and event.details["value"] == raw
    custody.verify_chain(custody.events(conn, custody.VAULT_CHAIN), [DEVICE.public_key])


def test_nothing_saved_reads_as_empty_and_an_empty_list_can_be_saved(conn: Connection) -> None:
    assert get_coordinator_recipients(conn) == ()
    set_coordinator_recipients(conn, DEVICE, [CoordinatorRecipient("A", _key())], ACTOR)
    assert set_coordinator_recipients(conn, DEVICE, [], ACTOR) == ()
    assert get_coordinator_recipients(conn) == ()
    assert unset_setting(conn, DEVICE, COORDINATOR_RECIPIENTS, ACTOR)
    assert get_setting(conn, COORDINATOR_RECIPIENTS) is None


@pytest.mark.parametrize(
    ("name", "key", "reason"),
    [
        ("", None, "needs a name"),
        ("   ", None, "needs a name"),
        ("x" * (MAX_COORDINATOR_NAME + 1), None, "at most"),
        ("Office\u202eexe", None, "visible"),
        ("two\nlines", None, "visible"),
        ("tab\there", None, "visible"),
        ("Office", "age1notakey", "age X25519"),
        ("Office", "", "age X25519"),
        # A signing key is not an encryption key.
        ("Office", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA", "age X25519"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(name: str, key: str | None, reason: str) -> None:
    with pytest.raises(InvalidSettingError, match=reason):
        coordinator_recipient(name, _key() if key is None else key)


def test_an_age_secret_key_is_not_accepted_as_a_recipient() -> None:
    secret = X25519Identity.generate()
    with pytest.raises(InvalidSettingError):
        coordinator_recipient("Office", str(secret))


def test_the_longest_name_is_accepted() -> None:
    assert coordinator_recipient("я" * MAX_COORDINATOR_NAME, _key()).name == "я" * 64


def test_count_and_duplicates_are_capped(conn: Connection) -> None:
    many = [CoordinatorRecipient(f"C{n}", _key()) for n in range(MAX_COORDINATOR_RECIPIENTS)]
    # The cap fits the longest names within the settings value limit.
    long_names = [
        CoordinatorRecipient(f"{n:02d}" + "я" * (MAX_COORDINATOR_NAME - 2), e.recipient)
        for n, e in enumerate(many)
    ]
    assert len(set_coordinator_recipients(conn, DEVICE, long_names, ACTOR)) == len(many)
    extra = [*many, CoordinatorRecipient("one more", _key())]
    with pytest.raises(InvalidSettingError, match="At most"):
        set_coordinator_recipients(conn, DEVICE, extra, ACTOR)
    key = _key()
    with pytest.raises(InvalidSettingError, match="own name"):
        set_coordinator_recipients(
            conn, DEVICE, [CoordinatorRecipient("A", _key()), CoordinatorRecipient("a", _key())],
            ACTOR,
        )
    with pytest.raises(InvalidSettingError, match="own key"):
        set_coordinator_recipients(
            conn, DEVICE, [CoordinatorRecipient("A", key), CoordinatorRecipient("B", key)], ACTOR
        )
    # A refused change leaves the saved list as it was.
    assert len(get_coordinator_recipients(conn)) == len(many)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "{}",
        "not json",
        '[{"name": "A"}]',
        '[{"name": "A", "recipient": "%s", "extra": 1}]',
        '[{"name": 5, "recipient": "%s"}]',
        '["A"]',
        "[" * 5000,
    ],
)
def test_the_cli_form_is_checked_like_the_gui_one(conn: Connection, value: str) -> None:
    if "%s" in value:
        value = value % _key()
    with pytest.raises(InvalidSettingError):
        set_setting(conn, DEVICE, COORDINATOR_RECIPIENTS, value, ACTOR)
    assert read_value(conn, COORDINATOR_RECIPIENTS) is None


def test_the_cli_form_is_normalised(conn: Connection) -> None:
    key = _key()
    stored = set_setting(
        conn, DEVICE, COORDINATOR_RECIPIENTS,
        json.dumps([{"recipient": " " + key, "name": " Office "}], indent=4), ACTOR,
    )
    assert stored == json.dumps([{"name": "Office", "recipient": key}], separators=(",", ":"))


def test_a_tampered_stored_value_is_refused_on_read(conn: Connection) -> None:
    with transaction(conn):
        write_value(conn, COORDINATOR_RECIPIENTS, '[{"name": "A", "recipient": "age1bad"}]')
    with pytest.raises(InvalidSettingError):
        get_coordinator_recipients(conn)


_names = st.text(min_size=0, max_size=MAX_COORDINATOR_NAME + 8)


@settings(max_examples=200, deadline=None)
@given(name=_names)
def test_any_accepted_name_is_short_visible_and_stripped(name: str) -> None:
    try:
        entry = coordinator_recipient(name, _key())
    except InvalidSettingError:
        return
    assert entry.name == entry.name.strip() and 0 < len(entry.name) <= MAX_COORDINATOR_NAME
    assert entry.name.isprintable()
    # What was accepted survives the stored form unchanged.
    [again] = parse_coordinator_recipients(
        json.dumps([{"name": entry.name, "recipient": entry.recipient}])
    )
    assert again == entry
