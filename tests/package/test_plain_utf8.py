"""The documents people read in a bag are plain UTF-8, and the verifier does not care.

``testimony.json``, ``person.json``, ``consent.json``, ``attachments.json`` and
``withdrawal.json`` are written for people (step "Read the contents" of the by-hand
procedure prints them): Cyrillic stays Cyrillic, never ``\\uXXXX``. The verifier parses
them as JSON (the seal digest is over canonical JSON of the parsed values), so a package
written with escaped JSON, ASCII-only media names and an older VERIFY.txt verifies the
same. ``custody.jsonl`` is canonical JSON by its own rule and is not reformatted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from app.core.export import export_package
from app.crypto.age import X25519Identity
from app.crypto.signing import parse_trusted_signers
from app.formats.package.verify import verify_package
from app.storage.vault import Vault
from tests.package import tamper
from tests.package.support import ACTOR, trusted_line

READABLE = ("testimony.json", "person.json", "consent.json", "attachments.json")


def _export(vault: Vault, testimony_id: str, stick: Path) -> Path:
    return export_package(
        vault.connection, vault.blobs, vault.device, testimony_id, stick, [], ACTOR
    ).path


def test_documents_are_plain_utf8(
    vault: Vault, platform: X25519Identity, sealed_id: str, stick: Path
) -> None:
    members = tamper.take_apart(_export(vault, sealed_id, stick), platform)
    for name in READABLE:
        data = tamper.get(members, f"/data/{name}")
        assert b"\\u" not in data, name
        assert data.decode("utf-8").endswith("}\n")
    assert "Мяне затрымалі".encode() in tamper.get(members, "/data/testimony.json")
    attachments = tamper.get(members, "/data/attachments.json")
    assert '"original_name": "фота затрымання.jpg"'.encode() in attachments
    assert '"path": "data/attachments/001-фота_затрымання.jpg"'.encode() in attachments


def _old_name(original: str, index: int) -> str:
    """The media name rule before readable names: non-ASCII dropped, empty base "file"."""
    folded = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode()
    base, dot, extension = folded.rpartition(".")
    if not dot:
        base, extension = folded, ""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._-") or "file"
    extension = re.sub(r"[^A-Za-z0-9._-]+", "", extension)[:10]
    name = base[: 60 - len(extension) - 1] + ("." + extension if extension else "")
    return f"{index:03d}-{name}"


def test_a_package_written_the_old_way_still_verifies(
    vault: Vault, platform: X25519Identity, sealed_id: str, stick: Path, tmp_path: Path
) -> None:
    members = tamper.take_apart(_export(vault, sealed_id, stick), platform)
    top = members[0][0].split("/", 1)[0]
    listed = json.loads(tamper.get(members, "/data/attachments.json"))
    renamed = {}
    for number, entry in enumerate(listed["attachments"], start=1):
        old = "data/attachments/" + _old_name(entry["original_name"], number)
        renamed[f"{top}/{entry['path']}"] = f"{top}/{old}"
        entry["path"] = old
    assert "data/attachments/001-file.jpg" in {e["path"] for e in listed["attachments"]}
    old_members = []
    for name, data in members:
        if name.endswith(READABLE):
            value = listed if name.endswith("/attachments.json") else json.loads(data)
            data = (json.dumps(value, ensure_ascii=True, indent=2, sort_keys=True) + "\n").encode()
            assert data.isascii()
        elif name.endswith("/VERIFY.txt"):
            data = b"HOW TO VERIFY THIS EVIDENCE PACKAGE BY HAND\n(an older text)\n"
        old_members.append((renamed.get(name, name), data))
    escaped = [d for n, d in old_members if n.endswith(("testimony.json", "attachments.json"))]
    assert all(b"\\u04" in data for data in escaped)  # Cyrillic as \u04xx escapes
    old = tamper.put_together(
        tamper.resign(old_members, vault.device), platform.recipient, tmp_path / "old.age"
    )
    report = verify_package(
        lambda: old.open("rb"), [platform], parse_trusted_signers(trusted_line(vault))
    )
    assert report.ok, report.message
    assert "seal" in report.passed and "custody" in report.passed
