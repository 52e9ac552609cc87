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

Sync is part of the session: after ``export`` the reference intake server is set up
(``evidence-vault-intake init``: its own CA and certificate for localhost) and served
over real HTTPS on a loopback port; its profile file reaches the documenter on the
stick, ``sync profile import`` takes it (no secure keyring here, so the device token
goes into the vault) and the file is deleted as the program says; ``sync`` runs until
the package is delivered with a verified receipt. The device token is then searched
like a canary in the same folders: zero hits. The platform's data folder lives under
the test's area but is not scanned with the documenter's folders; its ``uploads`` and
``accepted`` folders are checked on their own for canaries (zero: the package is age
ciphertext, which the platform's key does open into the canaries). No environment
variable holds the passphrase, the token or a canary.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import time
from pathlib import Path

import pytest
from campaign_cli import AREAS, CampaignCli, isolated_env
from per_system import unredirectable_files
from residue_platform import IntakePlatform

from app.crypto.age import X25519Identity

PASSPHRASE = "residue campaign passphrase, long enough"
NEW_PASSPHRASE = "residue campaign passphrase, changed afterwards"
SYNC_DEADLINE = 90.0  # seconds of sync runs until the receipt; one run takes a few


def _canary(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(10)}"


def _encodings(canary: str) -> list[bytes]:
    return [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]


def _hits(folders: list[Path], canaries: list[str]) -> list[str]:
    """Where any canary is, in any encoding, in the files under ``folders`` (a file
    given in their place is scanned itself)."""
    needles = [(c, n) for c in canaries for n in _encodings(c)]
    found = []
    for folder in folders:
        for path in [folder] if folder.is_file() else sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            found += [f"{c} in {path}" for c, n in needles if n in data]
    return found


def _sync_to_platform(
    cli: CampaignCli, root: Path, stick: Path, user: Path, canaries: list[str]
) -> tuple[IntakePlatform, str]:
    """Import the platform's profile from the stick, then sync until a verified receipt.

    Returns the platform and the device token its profile carried.
    """
    platform = IntakePlatform.init(root)
    token = str(platform.profile["device_token"])
    platform.trust(cli.json("keys", "export-public")["allowed_signers"])
    handed = stick / "platform-profile.json"  # the coordinator hands it over on the stick
    shutil.copyfile(platform.profile_file, handed)
    assert _hits([stick], [token]) != []  # the scan sees the token in the clear
    # The platform key set by hand earlier for the stick export is another one: the
    # profile replaces it, as the documenter confirms after comparing fingerprints.
    imported = cli.json("sync", "profile", "import", str(handed), "--replace")
    assert imported["profile"]["token_location"] == "vault"
    assert imported["delete_profile_file"] is True
    handed.unlink()  # as the program tells the user to
    shown = cli.run("--json", "sync", "profile", "show").stdout
    assert token not in shown and json.loads(shown)["token_location"] == "vault"

    with platform.serving():
        deadline = time.monotonic() + SYNC_DEADLINE
        while True:
            run = cli.run("--json", "sync", ok=False)
            assert token not in run.stdout + run.stderr
            (entry,) = cli.json("sync", "status")["packages"]
            if entry["state"] == "delivered":
                break
            assert entry["state"] != "failed", entry
            assert time.monotonic() < deadline, f"{entry}\n{run.stdout}\n{run.stderr}"
    assert entry["has_receipt"], entry  # delivered only with the receipt it verified

    # The platform holds one package, age ciphertext, the very one the vault sent, and
    # it does hold the canaries: the platform's key opens them (a deliberate plaintext
    # output on the platform side, deleted afterwards).
    (accepted,) = platform.accepted()
    body = accepted.read_bytes()
    assert body.startswith(b"age-encryption.org/v1\n")
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    opened = root / "opened"
    cli.run(
        "verify", str(accepted), "--identity", str(platform.identity_file),
        "--trusted-signers", str(user / "trusted_signers"), "--unpack", str(opened),
    )  # fmt: skip
    assert sorted(c for c in canaries if _hits([opened], [c])) == sorted(canaries)
    shutil.rmtree(opened)
    return platform, token


def test_no_canary_outside_the_ciphertext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keyring's own "no secure keyring here" backend: the token must go into the vault,
    # and the keyring of whoever runs the tests stays untouched. A backend name, no secret.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    started = time.time()
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
    intake, token = _sync_to_platform(cli, tmp_path / "platform", stick, user, canaries)
    new_secret = user / "new-secret"
    new_secret.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    cli.run("passwd", "--new-passphrase-file", str(new_secret))

    scanned = [cli.vault, stick, *(cli.root / area for area in AREAS)]
    # What no environment variable redirects: macOS ~/Library files changed meanwhile,
    # the Windows registry keys a Qt program writes (none on Linux).
    system_scan = tmp_path / "system-scan"
    system_scan.mkdir()
    scanned += unredirectable_files(started, system_scan)
    assert _hits(scanned, canaries) == []
    # The device token lives only inside the encrypted vault (no keyring here), and the
    # profile file that carried it was deleted as the program told the user to.
    assert _hits(scanned, [token]) == []
    # The platform stored the package as it came: ciphertext, no canary in the clear.
    stored = [intake.data / "uploads", intake.data / "accepted"]
    assert _hits(stored, canaries) == []
    secrets_ = [PASSPHRASE, NEW_PASSPHRASE, token, *canaries]
    for env in (isolated_env(cli.root), intake.env):
        assert [k for k, v in env.items() if any(s in v for s in secrets_)] == []
    files = sum(1 for folder in scanned for p in folder.rglob("*") if p.is_file())
    platform_files = sum(1 for folder in stored for p in folder.rglob("*") if p.is_file())
    print(
        f"\n{len(canaries)} canaries and the device token x 3 encodings: 0 hits in {files}"
        f" files; canaries: 0 hits in {platform_files} platform upload/accepted files"
    )
