"""The file names of media in a bag (``data/attachments/<NNN>-<safe name>``).

The rule is docs/package-format.md, section 4: NFKC, letters and digits of any script
kept (with their combining marks), ASCII ``.``, ``_``, ``-`` kept, every other run of
characters one ``_``, at most 60 characters and 120 UTF-8 bytes, an ASCII extension of
at most 10 letters and digits. The names must extract safely on Windows, macOS and
Linux, and the original name must always be in attachments.json.
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from app.core.export import export_package
from app.core.sealing import seal_testimony
from app.crypto.age import X25519Identity
from app.crypto.signing import parse_trusted_signers
from app.formats.package.bag import safe_file_name
from app.formats.package.verify import verify_package
from app.storage.vault import Vault
from tests.package import tamper
from tests.package.support import ACTOR, add_draft, add_media, trusted_line

# Characters no file name may hold on Windows, macOS (Finder) or Linux, plus space.
_FORBIDDEN = set('<>:"/\\|?*% \t\r\n') | {chr(code) for code in range(32)} | {"\x7f"}
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{kind}{n}" for kind in ("COM", "LPT") for n in "0123456789¹²³"
}


@pytest.mark.parametrize(
    ("original", "index", "expected"),
    [
        ("нататкі пра справу.txt", 3, "003-нататкі_пра_справу.txt"),
        ("фота затрымання.jpg", 1, "001-фота_затрымання.jpg"),
        ("Фота IMG_0042 (копія).JPG", 12, "012-Фота_IMG_0042_копія.JPG"),
        ("زنزانة رقم 4.png", 2, "002-زنزانة_رقم_4.png"),
        ("抗议 照片.jpeg", 5, "005-抗议_照片.jpeg"),
        # NFKC: compatibility forms fold (fullwidth letters, ligatures); decomposed
        # letters compose (NFC), so the same name typed on macOS or Windows is one name.
        ("ＩＭＧ ﬁle.jpg", 1, "001-IMG_file.jpg"),
        ("cafe\u0301.txt", 1, "001-café.txt"),
        ("café.txt", 1, "001-café.txt"),
        # Nothing left of the base: "file".
        ("", 7, "007-file"),
        ("   ", 7, "007-file"),
        ("🙂🙂.jpg", 7, "007-file.jpg"),
        ("...", 7, "007-file"),
        (".bashrc", 7, "007-file.bashrc"),
        ("\u200f\u202e\u2066.txt", 7, "007-file.txt"),
        # Windows reserved device names: never the whole name, the number comes first.
        ("CON", 1, "001-CON"),
        ("nul.txt", 2, "002-nul.txt"),
        ("LPT1.log", 3, "003-LPT1.log"),
        ("com¹.txt", 4, "004-com1.txt"),
        # Trailing dots and spaces, which Windows drops, never end a name.
        ("report. ", 1, "001-report"),
        ("report .", 1, "001-report"),
        ("notes.txt...", 1, "001-notes.txt"),
        ("a b .. c", 1, "001-a_b_.._c"),
        ("a\u3164b\ufe0f.txt", 1, "001-a_b.txt"),
        # Path separators, traversal, characters Windows or macOS refuse.
        ("../../etc/passwd", 4, "004-etc_passwd"),
        ("C:\\Users\\x\\photo.jpg", 1, "001-C_Users_x_photo.jpg"),
        ('a<b>c:d"e|f?g*h.txt', 1, "001-a_b_c_d_e_f_g_h.txt"),
        ("100%.txt", 1, "001-100.txt"),
        ("line\nbreak\r.txt", 1, "001-line_break.txt"),
        # An extension is 1 to 10 ASCII letters and digits after the last dot; anything
        # else after it is part of the name.
        ("archive.tar.gz", 1, "001-archive.tar.gz"),
        ("clip.MP4 ", 1, "001-clip.MP4"),
        ("запіс.аўдыё", 1, "001-запіс.аўдыё"),
        ("x.abcdefghijklmnop", 1, "001-x.abcdefghijklmnop"),
        ("name-with_dashes-.txt", 1, "001-name-with_dashes.txt"),
        # A combining mark with nothing to sit on is dropped, not left on the "-".
        ("\u0301\u0301abc.txt", 1, "001-abc.txt"),
        ("a.\u0301b_\u0308c-\u0301d.txt", 1, "001-a._b__c-_d.txt"),
        ("5000th", 1000, "1000-5000th"),
    ],
)
def test_safe_names(original: str, index: int, expected: str) -> None:
    assert safe_file_name(original, index) == expected


def test_long_names_are_cut_by_characters_and_by_bytes() -> None:
    latin = safe_file_name("a" * 300 + ".jpg", 1)
    assert latin == "001-" + "a" * 56 + ".jpg"  # 60 characters after the number
    cyrillic = safe_file_name("ж" * 300 + ".jpg", 1)
    assert len(cyrillic[4:].encode("utf-8")) <= 120
    assert cyrillic == "001-" + "ж" * 56 + ".jpg"  # 60 characters, 116 bytes
    han = safe_file_name("字" * 300, 1)
    assert han == "001-" + "字" * 40  # 120 bytes
    astral = safe_file_name("\U00020000" * 300 + ".txt", 1)  # CJK Extension B, 4 bytes
    assert astral == "001-" + "\U00020000" * 29 + ".txt"  # 116 + 4 bytes
    # A cut never separates a letter from its combining marks.
    marked = safe_file_name("a" + "e\u0308\u0301" * 40, 1)
    assert unicodedata.normalize("NFD", marked).endswith("e\u0308\u0301")
    # Cutting never leaves a dot or a dash at the end.
    assert not safe_file_name("a" * 59 + ".b" * 10, 1).endswith((".", "-", "_"))


def test_random_names_are_safe_and_deterministic() -> None:
    rng = random.Random(20240301)
    alphabet = (
        [chr(c) for c in range(0x20, 0x7F)]
        + [chr(c) for c in range(0x400, 0x460)]
        + ["\u0301", "\u0308", "\u200b", "\u200d", "\u202e", "\ufeff", "\u3164", "\ufe0f"]
        + ["\u00a0", "\u2028", "\u0085", "ﬁ", "Ａ", "²", "\U0001f600", "\U00020000", "\ud800"]
        + ["字", "ا", "ء", "\u0651", "가", "\u1100", "\u1161", "\u11a8", "Ω", "Ω"]
    )
    for _ in range(3000):
        original = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        index = rng.randint(1, 5000)
        name = safe_file_name(original, index)
        assert name == safe_file_name(original, index)
        number, dash, rest = name.partition("-")
        assert number == f"{index:03d}" and dash and rest
        assert unicodedata.is_normalized("NFC", name), ascii(original)
        assert len(rest) <= 60 and len(rest.encode("utf-8")) <= 120, ascii(original)
        assert not _FORBIDDEN & set(name), ascii(original)
        assert rest[-1] not in ". _-" and rest[0] not in ". _-", ascii(original)
        assert name.split(".")[0].upper() not in _WINDOWS_DEVICES
        for char in rest:
            category = unicodedata.category(char)
            assert category[0] in "LMN" or char in "._-", (ascii(original), ascii(char))
            assert category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")
        assert not unicodedata.category(rest[0]).startswith("M")
        name.encode("utf-8")  # no lone surrogate survives


def test_a_package_keeps_readable_distinct_names_and_every_original(
    vault: Vault, platform: X25519Identity, tmp_path: Path
) -> None:
    # Names that collide once folded for case or normalisation, or that are the same.
    originals = [
        "нататкі пра справу.txt",
        "Нататкі пра справу.TXT",
        "photo.jpg",
        "PHOTO.JPG",
        "photo.jpg",
        "café.txt",
        "cafe\u0301.txt",
        "CON",
        "",
        "../../etc/passwd",
    ]
    testimony_id = add_draft(vault)
    for number, name in enumerate(originals):
        add_media(vault, testimony_id, name, f"{number}".encode())
    seal_testimony(vault.connection, vault.blobs, vault.device, testimony_id, ACTOR)
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_package(
        vault.connection, vault.blobs, vault.device, testimony_id, stick, [], ACTOR
    )
    members = tamper.take_apart(result.path, platform)
    listed = json.loads(tamper.get(members, "/data/attachments.json"))["attachments"]
    assert [entry["original_name"] for entry in listed] == originals
    paths = [entry["path"] for entry in listed]
    assert paths[:5] == [
        "data/attachments/001-нататкі_пра_справу.txt",
        "data/attachments/002-Нататкі_пра_справу.TXT",
        "data/attachments/003-photo.jpg",
        "data/attachments/004-PHOTO.JPG",
        "data/attachments/005-photo.jpg",
    ]
    assert paths[5:] == [
        "data/attachments/006-café.txt",
        "data/attachments/007-café.txt",  # NFC: the same letters, another number
        "data/attachments/008-CON",
        "data/attachments/009-file",
        "data/attachments/010-etc_passwd",
    ]
    # Distinct on a case-insensitive, normalisation-insensitive file system (the number).
    for fold in (str.casefold, lambda p: unicodedata.normalize("NFD", p).casefold()):
        assert len({fold(p) for p in paths}) == len(paths)
    # The tar member names are the manifest's paths, byte for byte (pax for non-ASCII).
    names = {name.split("/", 1)[1] for name, _ in members}
    assert set(paths) <= names
    report = verify_package(
        lambda: result.path.open("rb"), [platform], parse_trusted_signers(trusted_line(vault))
    )
    assert report.ok, report.message
