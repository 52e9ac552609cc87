"""Bech32 key strings, identity files, and the strict header parser and its limits."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.age import (
    Decryptor,
    X25519Identity,
    X25519Recipient,
    bech32,
    encrypt,
    parse_identities,
    parse_recipients,
)
from app.crypto.age.header import (
    MAX_HEADER_SIZE,
    MAX_LINE_LENGTH,
    MAX_STANZAS,
    Stanza,
    b64decode_canonical,
    parse_header,
    serialize_header,
    serialize_stanza,
    verify_mac,
)
from app.errors import (
    AuthenticationError,
    FormatError,
    NoMatchingIdentityError,
    UnsupportedVersionError,
)

# The testkit's identity and the recipient `age` derives from it.
TESTKIT_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
# BIP 173's valid test strings (checksum and case rules are the same for age).
BIP173_VALID = ["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"]
BIP173_INVALID = ["A1G7SGD8", "10a06t8", "1qzzfhee", "a12UEL5L", "x1b4n0q5v", "li1dgmt3", "A1"]


@pytest.mark.parametrize("text", BIP173_VALID)
def test_bech32_accepts_bip173_vectors(text: str) -> None:
    hrp, _ = bech32.decode(text)
    assert hrp == text.lower()[: text.lower().rfind("1")]


@pytest.mark.parametrize("text", BIP173_INVALID)
def test_bech32_rejects_bip173_invalid_vectors(text: str) -> None:
    with pytest.raises(FormatError):
        bech32.decode(text)


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=64))
def test_bech32_round_trip(data: bytes) -> None:
    assert bech32.decode(bech32.encode("age", data)) == ("age", data)


def test_identity_strings_round_trip_and_derive_the_recipient() -> None:
    identity = X25519Identity.parse(TESTKIT_IDENTITY)
    assert str(identity) == TESTKIT_IDENTITY
    recipient = identity.recipient
    assert str(recipient).startswith("age1") and str(recipient).islower()
    assert X25519Recipient.parse(str(recipient)) == recipient
    assert TESTKIT_IDENTITY not in repr(identity)  # no secret in logs
    generated = X25519Identity.generate()
    assert X25519Identity.parse(str(generated)).recipient == generated.recipient


@pytest.mark.parametrize(
    "text",
    [
        "",
        "age1",
        TESTKIT_IDENTITY,  # an identity is not a recipient
        "age1" + "q" * 52 + "x",
        "Age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
    ],
)
def test_bad_recipient_strings(text: str) -> None:
    with pytest.raises(FormatError):
        X25519Recipient.parse(text)


def test_bad_identity_strings() -> None:
    recipient = str(X25519Identity.parse(TESTKIT_IDENTITY).recipient)
    flipped = TESTKIT_IDENTITY[:-1] + ("Q" if TESTKIT_IDENTITY[-1] != "Q" else "P")
    for text in [recipient, flipped, TESTKIT_IDENTITY[:-2], TESTKIT_IDENTITY.title()]:
        with pytest.raises(FormatError):
            X25519Identity.parse(text)


def test_identity_file_format() -> None:
    one, two = X25519Identity.generate(), X25519Identity.generate()
    text = f"# created: 2026-01-01T00:00:00Z\n# public key: {one.recipient}\n{one}\n\n{two}\r\n"
    assert [str(i) for i in parse_identities(text)] == [str(one), str(two)]
    with pytest.raises(FormatError, match="holds no identity"):
        parse_identities("# nothing\n\n")
    with pytest.raises(FormatError, match="Line 2") as caught:
        parse_identities(f"{one}\nAGE-SECRET-KEY-1NOTAKEY\n")
    assert "NOTAKEY" not in str(caught.value)
    assert parse_recipients(f"# team\n{one.recipient}\n\n{two.recipient}\n") == [
        one.recipient,
        two.recipient,
    ]


def _stanza_file(stanzas: list[Stanza], file_key: bytes = bytes(16)) -> bytes:
    return serialize_header(stanzas, file_key) + bytes(16)


def test_header_round_trip_and_mac() -> None:
    stanzas = [
        Stanza("X25519", ("arg",), os.urandom(32)),
        Stanza("grease-x", ("a", "b", "c"), b""),
        Stanza("other", (), os.urandom(48)),  # body exactly fills a line
        Stanza("long", ("z",), os.urandom(200)),
    ]
    source = io.BytesIO(_stanza_file(stanzas, b"k" * 16))
    header = parse_header(source)
    assert list(header.stanzas) == stanzas
    assert source.read() == bytes(16)  # left exactly at the payload nonce
    verify_mac(header, b"k" * 16)
    with pytest.raises(AuthenticationError):
        verify_mac(header, b"j" * 16)
    assert serialize_stanza(stanzas[2]).endswith(b"\n\n")  # the empty final line


@pytest.mark.parametrize(
    "text",
    [b"AA=", b"AB", b"A", b"AAA ", b"AA\n", b"AA-_", b"AQ=="],
)
def test_base64_must_be_canonical(text: bytes) -> None:
    with pytest.raises(FormatError):
        b64decode_canonical(text)


def test_header_caps() -> None:
    many = [Stanza("t", ("a",), b"") for _ in range(MAX_STANZAS + 1)]
    with pytest.raises(FormatError, match="too many"):
        parse_header(io.BytesIO(_stanza_file(many)))
    assert len(parse_header(io.BytesIO(_stanza_file(many[:MAX_STANZAS]))).stanzas) == MAX_STANZAS
    long_arg = [Stanza("t", ("a" * MAX_LINE_LENGTH,), b"")]
    with pytest.raises(FormatError, match="too long"):
        parse_header(io.BytesIO(_stanza_file(long_arg)))
    big = [Stanza("t", ("a",), bytes(MAX_HEADER_SIZE // 100)) for _ in range(MAX_STANZAS)]
    with pytest.raises(FormatError, match="too large"):
        parse_header(io.BytesIO(_stanza_file(big)))


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", FormatError),
        (b"age-encryption.org/v2\n", UnsupportedVersionError),
        (b"not age at all\n", FormatError),
        (b"age-encryption.org/v1\n--- " + b"A" * 43 + b"\n", FormatError),  # no stanza
        (b"age-encryption.org/v1\n-> X25519\n", FormatError),  # ends inside
        (b"age-encryption.org/v1\n->  X25519\n\n", FormatError),  # empty argument
    ],
)
def test_malformed_headers(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_header(io.BytesIO(data))


def test_file_for_someone_else_fails_before_any_read() -> None:
    encrypted = io.BytesIO()
    encrypt(io.BytesIO(b"testimony"), encrypted, [X25519Identity.generate().recipient])
    with pytest.raises(NoMatchingIdentityError):
        Decryptor(io.BytesIO(encrypted.getvalue()), [X25519Identity.generate()])


def test_multiple_recipients_each_open_the_file() -> None:
    people = [X25519Identity.generate() for _ in range(3)]
    encrypted = io.BytesIO()
    encrypt(io.BytesIO(b"testimony"), encrypted, [p.recipient for p in people])
    for person in people:
        assert Decryptor(io.BytesIO(encrypted.getvalue()), [person]).read() == b"testimony"
    header = parse_header(io.BytesIO(encrypted.getvalue()))
    shares = {stanza.arguments[0] for stanza in header.stanzas}
    assert len(shares) == 3  # a fresh ephemeral key per stanza
    two = io.BytesIO()
    encrypt(io.BytesIO(b"testimony"), two, [people[0].recipient])
    one = io.BytesIO()
    encrypt(io.BytesIO(b"testimony"), one, [people[0].recipient])
    assert one.getvalue()[-40:] != two.getvalue()[-40:]  # a fresh file key each time


def test_malformed_x25519_stanza_fails_even_after_a_matching_one() -> None:
    me = X25519Identity.generate()
    good = me.recipient.wrap(bytes(16))
    bad = Stanza("X25519", (good.arguments[0], "extra"), good.body)
    header = io.BytesIO(_stanza_file([good, bad]))
    with pytest.raises(FormatError, match="exactly one argument"):
        Decryptor(header, [me])
    # The same matching stanza alone opens (the MAC is over the zero file key here).
    assert me.unwrap([good]) == bytes(16)
