"""docs/verify-by-hand.md, followed literally.

Every ```sh block of the guide is copied, in order, into one bash script and run in a
folder holding exactly what the guide says a verifier starts with: ``package.age`` (a
real package made by the command line: init, case add, testimony add, attach, seal,
export), ``key.txt`` (made by ``keys new-recipient``) and ``allowed_signers`` (printed
by ``keys export-public``). The script stops at the first failing command and names it.
Then altered packages, each made the way an adversary holding the platform's public
key could make one, must make the same procedure fail at the step meant to catch them.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import run as cli_run

pytestmark = pytest.mark.interop

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "verify-by-hand.md"
PASSPHRASE = "correct horse battery staple"
BLOCK = re.compile(r"^```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# Reports the command that failed, so a failure says which step of the guide caught it.
PROLOGUE = "set -euo pipefail\ntrap 'echo \"GUIDE-STEP-FAILED: $BASH_COMMAND\" >&2' ERR\n"


def guide_script() -> str:
    blocks = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    return PROLOGUE + "\n".join(blocks)


def _cli(*argv: str) -> dict[str, object] | list[object]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(["--json", *argv])
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue()) if out.getvalue().strip() else {}


def _cli_text(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_run(list(argv))
    assert code == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The verifier's three files, made by the command line as a documenter would."""
    base = tmp_path_factory.mktemp("made")
    secret = base / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    vault = ["--vault", str(base / "vault"), "--passphrase-file", str(secret)]
    _cli(*vault, "init", "--kdf-floor")
    recipient = _cli("keys", "new-recipient", "--out", str(base / "key.txt"))
    assert isinstance(recipient, dict)
    _cli(*vault, "settings", "set", "platform-recipient", str(recipient["public_key"]))
    case = _cli(*vault, "case", "add", "--title", "Detentions, August")
    record = {
        "person": {"code": "W-017", "role": "witness"},
        "interview": {"place": "Vilnius", "interviewer": "D-3", "language": "be"},
        "consent": {
            "interview": True, "audio_recording": True, "share_with_platform": True,
            "share_onward": False, "be_named": False, "recontact": True,
            "given_at": "2024-03-01T10:15:00Z", "method": "oral",
        },
        "incidents": [],
        "narrative": "Мяне затрымалі 9 жніўня.",
    }  # fmt: skip
    (base / "record.json").write_text(json.dumps(record), encoding="utf-8")
    assert isinstance(case, dict)
    testimony = _cli(
        *vault, "testimony", "add", "--case", str(case["id"]), "--from-json",
        str(base / "record.json"),
    )  # fmt: skip
    assert isinstance(testimony, dict)
    photo = base / "фота 1.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(70_000) + b"\xff\xd9")
    notes = base / "notes with spaces.txt"
    notes.write_bytes(b"handwritten notes, typed up\n")
    for source in (photo, notes):
        _cli(*vault, "attach", str(testimony["id"]), str(source))
    _cli(*vault, "seal", str(testimony["id"]))
    stick = base / "stick"
    stick.mkdir()
    exported = _cli(*vault, "export", str(testimony["id"]), "--to", str(stick))
    assert isinstance(exported, list)
    (package,) = stick.iterdir()
    shutil.copyfile(package, base / "package.age")
    (base / "allowed_signers").write_text(_cli_text(*vault, "keys", "export-public"))
    return base


def _workspace(made: Path, tmp_path: Path, package: Path | None = None) -> Path:
    folder = tmp_path / "check"
    folder.mkdir()
    shutil.copyfile(package or made / "package.age", folder / "package.age")
    for name in ("key.txt", "allowed_signers"):
        shutil.copyfile(made / name, folder / name)
    return folder


def run_guide(folder: Path) -> subprocess.CompletedProcess[str]:
    # The guide's last step runs the program by its installed name.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "LC_ALL": "C"}
    return subprocess.run(
        ["bash", "-c", guide_script()],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_guide_has_the_steps_it_promises() -> None:
    script = guide_script()
    for command in (
        "age -d -i key.txt -o bag.tar package.age",
        "sha256sum --check --strict manifest-sha256.txt",
        "sha256sum --check --strict tagmanifest-sha256.txt",
        "ssh-keygen -Y find-principals",
        "ssh-keygen -Y verify",
        "evidence-vault verify package.age",
    ):
        assert command in script
    assert script.index("age -d") < script.index("sha256sum") < script.index("-Y verify")


def test_following_the_guide_verifies_a_real_package(made: Path, tmp_path: Path) -> None:
    result = run_guide(_workspace(made, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Good "evidence-vault-package@v1" signature for device-' in result.stdout
    assert "VALID: every check passed." in result.stdout  # section 7, the program's verify
    assert result.stdout.count(": OK") >= 5 + 7  # 5 tag files, 7 payload files
    assert "FAILED" not in result.stdout


def _decrypt(made: Path, folder: Path) -> Path:
    tar = folder / "bag.tar"
    subprocess.run(
        ["age", "-d", "-i", str(made / "key.txt"), "-o", str(tar), str(made / "package.age")],
        check=True,
    )
    unpacked = folder / "bag"
    unpacked.mkdir()
    subprocess.run(["tar", "-xf", str(tar), "-C", str(unpacked)], check=True)
    (bag,) = unpacked.iterdir()
    return bag


def _reseal(made: Path, bag: Path, out: Path) -> Path:
    """Pack and encrypt ``bag`` again: anyone with the recipient's public key can."""
    tar = out.with_suffix(".tar")
    # Regular files only, as the format requires (folder entries would be caught earlier).
    members = sorted(str(p.relative_to(bag.parent)) for p in bag.rglob("*") if p.is_file())
    subprocess.run(
        ["tar", "--format=posix", "--no-recursion", "-cf", str(tar), "-C", str(bag.parent),
         *members],
        check=True,
    )  # fmt: skip
    public = subprocess.run(
        ["age-keygen", "-y", str(made / "key.txt")], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["age", "-r", public, "-o", str(out), str(tar)], check=True)
    return out


def _sha256_line(bag: Path, name: str) -> str:
    digest = subprocess.run(
        ["sha256sum", name], cwd=bag, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    return f"{digest}  {name}"


def _rewrite_manifest(bag: Path, manifest: str, name: str) -> None:
    lines = (bag / manifest).read_text().splitlines()
    lines = [_sha256_line(bag, name) if line.endswith(f"  {name}") else line for line in lines]
    (bag / manifest).write_text("\n".join(lines) + "\n")


def _first_attachment(bag: Path) -> Path:
    return sorted((bag / "data" / "attachments").iterdir())[0]


def _change_photo(bag: Path) -> None:
    photo = _first_attachment(bag)
    data = bytearray(photo.read_bytes())
    data[100] ^= 1
    photo.write_bytes(bytes(data))


def _change_photo_and_manifests(bag: Path) -> None:
    _change_photo(bag)
    photo = _first_attachment(bag)
    _rewrite_manifest(bag, "manifest-sha256.txt", str(photo.relative_to(bag)))
    _rewrite_manifest(bag, "tagmanifest-sha256.txt", "manifest-sha256.txt")


def _add_payload_file(bag: Path) -> None:
    (bag / "data" / "planted.txt").write_text("not from the documenter\n")


def _sign_with_another_key(bag: Path) -> None:
    # A valid signature, by a key that is not enrolled, and that key put in signer.pub.
    key = bag.parent / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    (bag / "signer.pub").write_text((bag.parent / "other.pub").read_text())
    _rewrite_manifest(bag, "tagmanifest-sha256.txt", "signer.pub")
    (bag / "tagmanifest-sha256.txt.sig").unlink()
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-q", "-f", str(key), "-n", "evidence-vault-package@v1",
         str(bag / "tagmanifest-sha256.txt")],
        check=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "caught_by"),
    [
        (_change_photo, "sha256sum --check --strict manifest-sha256.txt"),
        (_change_photo_and_manifests, "ssh-keygen -Y verify"),
        (_add_payload_file, "diff ../../listed.txt -"),
        (_sign_with_another_key, "ssh-keygen -Y find-principals"),
    ],
)
def test_an_altered_package_fails_the_guide(
    made: Path, tmp_path: Path, tamper: object, caught_by: str
) -> None:
    bag = _decrypt(made, tmp_path)
    assert callable(tamper)
    tamper(bag)
    altered = _reseal(made, bag, tmp_path / "altered.age")
    result = run_guide(_workspace(made, tmp_path, altered))
    assert result.returncode != 0
    failed = [line for line in result.stderr.splitlines() if "GUIDE-STEP-FAILED" in line]
    assert failed and caught_by in failed[-1], result.stderr


def test_a_changed_byte_of_the_file_fails_at_decryption(made: Path, tmp_path: Path) -> None:
    data = bytearray((made / "package.age").read_bytes())
    data[len(data) // 2] ^= 0x40
    altered = tmp_path / "altered.age"
    altered.write_bytes(bytes(data))
    result = run_guide(_workspace(made, tmp_path, altered))
    assert result.returncode != 0
    assert "GUIDE-STEP-FAILED: age -d -i key.txt -o bag.tar package.age" in result.stderr
