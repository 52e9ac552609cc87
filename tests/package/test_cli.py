"""The command line end to end: settings, seal, export, keys, verify (exit codes and
JSON), and a coordinator's vault importing, listing and forwarding packages."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import run as cli_run
from app.crypto.age import X25519Identity
from tests.owner_only import is_owner_only
from tests.package.support import PASSPHRASE, add_draft, add_media, create_vault, run


def _cli(vault: Path, secret: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(["--vault", str(vault), "--passphrase-file", str(secret), *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("cli")
    secret = base / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    documenter = create_vault(base / "documenter")
    drafts = []
    for onward in (False, True):
        draft = add_draft(documenter, share_onward=onward)
        add_media(documenter, draft, "photo.jpg", b"\xff\xd8 jpeg bytes " * 1000)
        drafts.append(draft)
    documenter.lock()
    create_vault(base / "coordinator").lock()
    (base / "stick").mkdir()
    (base / "drafts").write_text("\n".join(drafts))
    return {
        "base": base,
        "secret": secret,
        "documenter": base / "documenter",
        "coordinator": base / "coordinator",
        "stick": base / "stick",
    }


def test_documenter_to_platform_to_coordinator(folders: dict[str, Path]) -> None:
    base, secret, stick = folders["base"], folders["secret"], folders["stick"]
    doc, coord = folders["documenter"], folders["coordinator"]
    first, onward = (base / "drafts").read_text().split("\n")
    platform = X25519Identity.generate()
    (base / "platform.txt").write_text(str(platform) + "\n")

    code, _, err = _cli(doc, secret, "settings", "set", "platform-recipient", "age1nonsense")
    assert code == 1 and "age X25519 public key" in err
    code, out, _ = _cli(
        doc, secret, "settings", "set", "platform-recipient", str(platform.recipient)
    )
    assert code == 0
    code, out, _ = _cli(doc, secret, "--json", "settings", "list")
    assert json.loads(out) == {  # every known setting, null where not set
        "platform-recipient": str(platform.recipient),
        "coordinator-recipients": None,
        "platform-media": None,  # originals unless set
        "wipe-after-failed-unlocks": None,  # off unless set
    }

    code, out, err = _cli(doc, secret, "export", first, "--to", str(stick))
    assert code == 1 and "seal it" in err  # drafts are not exported
    assert _cli(doc, secret, "seal", first)[0] == 0
    code, _, err = _cli(doc, secret, "seal", first)
    assert code == 1 and "sealed" in err
    code, out, _ = _cli(doc, secret, "export", first, "--to", str(stick), "--json")
    assert code == 0, out
    exported = json.loads(out)[0]
    package = stick / exported["file"]
    assert hashlib.sha256(package.read_bytes()).hexdigest() == exported["sha256"]

    code, out, _ = _cli(doc, secret, "keys", "export-public")
    assert code == 0 and out.startswith("# Evidence Vault device SHA256:")
    allowed = base / "allowed_signers"
    allowed.write_text(out)
    code, out, _ = _cli(doc, secret, "--json", "keys", "show")
    assert json.loads(out)["key_slots"] == ["passphrase", "recovery"]

    verify = ["verify", str(package), "--identity", str(base / "platform.txt")]
    code, out, _ = _cli(doc, secret, *verify, "--trusted-signers", str(allowed), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["signer_trusted"]
    code, out, _ = _cli(doc, secret, *verify)
    assert code == 1 and "check 'trust' failed" in out and "NOT verified as trusted" in out
    unpack = base / "unpacked"
    code, out, _ = _cli(
        doc, secret, *verify, "--trusted-signers", str(allowed), "--unpack", str(unpack)
    )
    assert code == 0 and (unpack / exported["package_id"] / "bagit.txt").is_file()
    damaged = base / "damaged.age"
    data = bytearray(package.read_bytes())
    data[-100] ^= 4
    damaged.write_bytes(bytes(data))
    code, out, _ = _cli(
        doc,
        secret,
        "verify",
        str(damaged),
        "--identity",
        str(base / "platform.txt"),
        "--trusted-signers",
        str(allowed),
        "--json",
    )
    assert code == 1 and json.loads(out)["failed_check"] == "decryption"

    # A coordinator's key, as age-keygen would make it, kept in the coordinator's vault.
    coordinator_key = base / "coordinator.txt"
    code, out, _ = _cli(
        coord, secret, "--json", "keys", "new-recipient", "--out", str(coordinator_key), "--keep"
    )
    assert code == 0 and is_owner_only(coordinator_key)
    public = json.loads(out)["public_key"]
    assert run(["age-keygen", "-y", str(coordinator_key)]).stdout.decode().strip() == public
    code, _, err = _cli(coord, secret, "keys", "new-recipient", "--out", str(coordinator_key))
    assert code == 1 and "never overwritten" in err

    # Consent to share onward lets the documenter add the coordinator as a recipient.
    assert _cli(doc, secret, "seal", onward)[0] == 0
    code, out, err = _cli(doc, secret, "export", first, "--to", str(stick), "--recipient", public)
    assert code == 1 and "beyond the platform" in err
    code, out, _ = _cli(
        doc, secret, "--json", "export", onward, "--to", str(stick), "--recipient", public,
        "--media", "originals",  # onward recipients get working copies unless chosen so
    )
    assert code == 0
    readable = json.loads(out)[0]

    # The coordinator imports the whole stick: one package opaque, one verified; an
    # unfinished copy is skipped and a foreign file refused without stopping the rest.
    (stick / "unfinished.age.partial").write_bytes(package.read_bytes()[:1000])
    (stick / "holiday.age").write_bytes(b"not an age file")
    code, out, _ = _cli(
        coord, secret, "--json", "package", "import", str(stick), "--trusted-signers", str(allowed)
    )
    assert code == 1
    items = json.loads(out)
    assert [i["error"] for i in items if "error" in i] == [
        "holiday.age is not an age-encrypted package."
    ]
    imported = {item["sha256"]: item for item in items if "sha256" in item}
    assert len(imported) == 2
    assert imported[exported["sha256"]]["verification"] is None  # not for this coordinator
    assert imported[readable["sha256"]]["verification"]["ok"] is True
    code, out, _ = _cli(coord, secret, "--json", "package", "import", str(package))
    assert json.loads(out)[0]["duplicate"] is True
    code, out, _ = _cli(coord, secret, "--json", "package", "list")
    listed = json.loads(out)
    assert len(listed) == 2 and all(item["origin"] == "imported" for item in listed)
    opaque = imported[exported["sha256"]]["id"]
    forwarded = base / "forwarded"
    forwarded.mkdir()
    code, out, _ = _cli(coord, secret, "package", "forward", opaque[:8], "--to", str(forwarded))
    assert code == 0
    (copy,) = list(forwarded.iterdir())
    assert copy.read_bytes() == package.read_bytes()  # the very same bytes
    code, out, _ = _cli(
        coord,
        secret,
        "verify",
        str(copy),
        "--identity",
        str(base / "platform.txt"),
        "--trusted-signers",
        str(allowed),
    )
    assert code == 0, out
