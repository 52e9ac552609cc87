"""Residue campaign: after a full CLI session, no canary exists outside the ciphertext.

The session, as a documenter and then a platform run it: ``init``, ``case add``,
``testimony add`` (random canaries in the narrative, the person's name and the place),
``attach`` of a file holding a canary, ``search`` for the canary, ``seal``, ``export``
to a stick folder, ``verify --unpack`` into a folder that the test then deletes (a
deliberate, user-chosen plaintext output), ``passwd``; every command locks the vault as
it exits. HOME, TMPDIR and every XDG folder point into the test's own area.

Afterwards each canary is searched, as UTF-8, UTF-16-LE and UTF-16-BE, in every file
under the vault folder, the stick (the package is age ciphertext), temp, home, cache,
config, data, state and runtime folders: zero hits. The source file the user attached
is theirs and is not scanned; the unpack folder is deleted before the scan.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

from campaign_cli import AREAS, CampaignCli

from app.crypto.age import X25519Identity

PASSPHRASE = "residue campaign passphrase, long enough"
NEW_PASSPHRASE = "residue campaign passphrase, changed afterwards"


def _canary(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(10)}"


def _encodings(canary: str) -> list[bytes]:
    return [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]


def _hits(folders: list[Path], canaries: list[str]) -> list[str]:
    needles = [(c, n) for c in canaries for n in _encodings(c)]
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            found += [f"{c} in {path}" for c, n in needles if n in data]
    return found


def test_no_canary_outside_the_ciphertext(tmp_path: Path) -> None:
    narrative, name, place, media = (
        _canary("narrativecanary"), _canary("Канарэйка"), _canary("placecanary"),
        _canary("mediacanary"),
    )  # fmt: skip
    canaries = [narrative, name, place, media]
    cli = CampaignCli.prepare(tmp_path / "session", PASSPHRASE)
    user = tmp_path / "user"  # the user's own files: the source media, the platform key
    user.mkdir()
    stick = cli.root / "stick"
    stick.mkdir()

    cli.json("init", "--kdf-floor")
    platform = X25519Identity.generate()
    identity = user / "platform.key"
    identity.write_text(f"{platform}\n", encoding="ascii")
    cli.run("settings", "set", "platform-recipient", str(platform.recipient))
    case = cli.json("case", "add", "--title", "residue")
    record = user / "testimony.json"
    record.write_text(json.dumps({
        "person": {"code": "R-1", "role": "survivor", "full_name": name},
        "interview": {"place": place, "interviewer": "D-1", "language": "be"},
        "consent": {
            "interview": True, "audio_recording": True, "share_with_platform": True,
            "share_onward": False, "be_named": True, "recontact": False,
            "given_at": "2024-03-01T10:00:00Z", "method": "oral",
        },
        "incidents": [],
        "narrative": f"Мяне затрымалі. {narrative} Больш нічога.",
    }), encoding="utf-8")  # fmt: skip
    testimony = cli.json("testimony", "add", "--case", case["id"], "--from-json", str(record))
    source = user / "voice.m4a"
    source.write_bytes(secrets.token_bytes(70_000) + media.encode() + secrets.token_bytes(9_000))
    cli.json_lines("attach", testimony["id"], str(source))
    found = cli.run("search", narrative).stdout
    assert testimony["id"][:8] in found  # the search ran and found it
    cli.run("testimony", "show", testimony["id"])
    cli.run("seal", testimony["id"])
    cli.run("export", testimony["id"], "--to", str(stick))
    trusted = user / "trusted_signers"
    trusted.write_text(cli.json("keys", "export-public")["allowed_signers"] + "\n")
    (package,) = stick.iterdir()
    unpacked = cli.root / "unpacked"
    verified = cli.run(
        "verify", str(package), "--identity", str(identity), "--trusted-signers", str(trusted),
        "--unpack", str(unpacked),
    )  # fmt: skip
    assert verified.returncode == 0
    # The scan must be able to see a canary: the unpacked bag holds them in the clear.
    assert _hits([unpacked], [narrative, media]) != []
    shutil.rmtree(unpacked)
    new_secret = user / "new-secret"
    new_secret.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    cli.run("passwd", "--new-passphrase-file", str(new_secret))

    scanned = [cli.vault, stick, *(cli.root / area for area in AREAS)]
    assert _hits(scanned, canaries) == []
    files = sum(1 for folder in scanned for p in folder.rglob("*") if p.is_file())
    print(f"\n{len(canaries)} canaries x 3 encodings: 0 hits in {files} files")
