"""The short form of a device fingerprint, derived from the ``SHA256:`` form custody events
keep, is the one Settings and the seal dialog show (so the window names a device one way)."""

from __future__ import annotations

from app.crypto.signing import DeviceIdentity, short_fingerprint_of


def test_the_short_form_of_the_long_fingerprint_is_the_keys_short_fingerprint() -> None:
    for _ in range(5):
        key = DeviceIdentity.generate().public_key
        assert key.fingerprint.startswith("SHA256:")
        assert short_fingerprint_of(key.fingerprint) == key.short_fingerprint()


def test_what_is_not_a_sha256_fingerprint_has_no_short_form() -> None:
    key = DeviceIdentity.generate().public_key
    for text in ("", "documenter", key.short_fingerprint(), "SHA256:", "SHA256:***",
                 key.fingerprint[:-4], "MD5:" + key.fingerprint[7:]):
        assert short_fingerprint_of(text) == "", text
