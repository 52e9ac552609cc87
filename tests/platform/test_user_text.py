"""Text the user gives, as Windows tools write it: UTF-8 with a BOM is read, UTF-16 (with
or without a BOM) is refused with a message that names it and says what to do."""

from __future__ import annotations

import codecs
import io
import json
import sys
from pathlib import Path

import pytest

from app.core.records import InvalidRecordError, load_json
from app.platform.text import TextEncodingError, decode_user_text
from app.sync.profile import ProfileError, parse_profile

DOCUMENT = {"title": "Акрэсціна", "region": "Minsk"}
RAW = json.dumps(DOCUMENT, ensure_ascii=False).encode("utf-8")


def test_utf8_with_and_without_bom() -> None:
    assert decode_user_text(RAW, "The file") == RAW.decode()
    assert decode_user_text(codecs.BOM_UTF8 + RAW, "The file") == RAW.decode()


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF16_LE + RAW.decode().encode("utf-16-le"),
        codecs.BOM_UTF16_BE + RAW.decode().encode("utf-16-be"),
        RAW.decode().encode("utf-16-le"),  # no BOM
        "€ 1".encode("utf-16"),
    ],
)
def test_utf16_is_refused_by_name(raw: bytes) -> None:
    with pytest.raises(TextEncodingError, match=r"The file is UTF-16 text.*save it as UTF-8"):
        decode_user_text(raw, "The file")


def test_other_bytes_are_not_utf8() -> None:
    with pytest.raises(TextEncodingError, match="not UTF-8"):
        decode_user_text("Акрэсціна".encode("cp1251"), "The file")


def test_testimony_json_with_a_bom_is_read() -> None:
    assert load_json(codecs.BOM_UTF8 + RAW) == DOCUMENT
    with pytest.raises(InvalidRecordError, match="UTF-16"):
        load_json(codecs.BOM_UTF16_LE + RAW.decode().encode("utf-16-le"))


def test_profiles_with_a_bom_are_read_and_utf16_refused() -> None:
    not_a_profile = codecs.BOM_UTF8 + b'{"format": "something else"}'
    with pytest.raises(ProfileError, match="not an Evidence Vault platform profile"):
        parse_profile(not_a_profile)  # decoded and parsed: the BOM no longer stops it
    with pytest.raises(ProfileError, match="UTF-16"):
        parse_profile('{"format": "x"}'.encode("utf-16"))


def test_the_cli_reads_a_title_file_with_a_bom(tmp_path: Path) -> None:
    from app.cli.records_commands import _read_text

    path = tmp_path / "title.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Акрэсціна\r\n".encode())
    assert _read_text(str(path), "title file") == "Акрэсціна"
    path.write_bytes("Акрэсціна".encode("utf-16"))
    with pytest.raises(Exception, match="title file is UTF-16"):
        _read_text(str(path), "title file")


def test_cli_output_is_utf8_under_a_cp1252_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows with a Western locale: Python writes cp1252 to pipes and files, and
    Cyrillic output raised UnicodeEncodeError (after the work was committed). Imitated
    with cp1252 streams over pipes."""
    from app.cli import run

    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="cp1252"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="cp1252"))
    assert run(["--json", "Акрэсціна"]) == 2  # a usage mistake that quotes the argument
    sys.stderr.flush()
    answer = json.loads(err.getvalue().decode("utf-8"))
    assert "Акрэсціна" in answer["message"]


def test_utf8_streams_are_left_alone() -> None:
    from app.platform.console import use_utf8

    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    use_utf8(stream, object())  # an embedding program's stream without reconfigure
    assert stream.encoding == "utf-8"


def test_the_duress_passphrase_file_is_read_like_the_others(tmp_path: Path) -> None:
    """Notepad's BOM is not part of the duress passphrase (it could never be typed), and
    UTF-16 is named, as for every other passphrase file."""
    from app.cli.coercion_commands import _read_duress_passphrase
    from app.errors import EvidenceVaultError

    path = tmp_path / "duress.txt"
    path.write_bytes(codecs.BOM_UTF8 + "ціхая фраза\r\n".encode())
    assert _read_duress_passphrase(str(path)) == "ціхая фраза"
    path.write_bytes("ціхая фраза".encode("utf-16"))
    with pytest.raises(EvidenceVaultError, match="UTF-16"):
        _read_duress_passphrase(str(path))
