"""The by-hand procedure, followed literally.

One source (``app/formats/package/procedure.py``) renders both ``VERIFY.txt`` in every
package and the part of ``docs/verify-by-hand.md`` between its markers. These tests check
that the guide holds exactly the generated text and that a real package's VERIFY.txt
holds the same commands; then they take the commands as written in that VERIFY.txt
(the lines after ``$``), put them one per line into a script, and run it in a fresh
``bash`` in a folder holding what the procedure says a verifier starts with:
``package.age`` (a real package made by the command line: init, case add, testimony
add, attach, seal, export), ``key.txt`` (``keys new-recipient``) and ``allowed_signers``
(``keys export-public``). The real ``age``, ``tar``, ``sha256sum`` and ``ssh-keygen``
run. Every command must exit 0. Altered packages, each made the way an adversary
holding the platform's public key could make one, must make the procedure fail at the
command meant to catch them, and a hostile archive must be refused before anything is
extracted.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import run as cli_run
from app.crypto.signing import NAMESPACE_PACKAGE
from app.formats.package import bag, procedure
from app.formats.package.verify_text import verify_text

pytestmark = pytest.mark.interop

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "verify-by-hand.md"
PASSPHRASE = "correct horse battery staple"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PROMPT = re.compile(r"^    \$ (.*)$", re.MULTILINE)
# Two lines before the first command: the ERR trap reports the failing line, so a
# failure names the command of the procedure that caught it.
PROLOGUE = "set -eu\ntrap 'echo \"PROCEDURE-FAILED-AT-LINE $LINENO\" >&2' ERR\n"
PROLOGUE_LINES = 2


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
    sources = base / "sources"
    sources.mkdir()
    photo = sources / "фота 1.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(70_000) + b"\xff\xd9")
    (sources / "нататкі пра справу.txt").write_text("нататкі\n", encoding="utf-8")
    (sources / "notes with spaces.txt").write_bytes(b"handwritten notes, typed up\n")
    for name in ("фота 1.jpg", "нататкі пра справу.txt", "notes with spaces.txt"):
        _cli(*vault, "attach", str(testimony["id"]), str(sources / name))
    _cli(*vault, "seal", str(testimony["id"]))
    stick = base / "stick"
    stick.mkdir()
    exported = _cli(*vault, "export", str(testimony["id"]), "--to", str(stick))
    assert isinstance(exported, list)
    (package,) = stick.iterdir()
    shutil.copyfile(package, base / "package.age")
    (base / "allowed_signers").write_text(_cli_text(*vault, "keys", "export-public"))
    # Later the person withdraws consent; the notice is a package of its own kind.
    _cli(*vault, "testimony", "withdraw", str(testimony["id"]), "--note", "by phone")
    notices = base / "notices"
    notices.mkdir()
    _cli(*vault, "export", str(testimony["id"]), "--withdrawal-notice", "--to", str(notices))
    (notice,) = notices.iterdir()
    shutil.copyfile(notice, base / "notice.age")
    return base


# --- the text -----------------------------------------------------------------------------


def _decrypt(made: Path, package: Path, folder: Path) -> Path:
    tar = folder / "bag.tar"
    subprocess.run(
        ["age", "-d", "-i", str(made / "key.txt"), "-o", str(tar), str(package)], check=True
    )
    return tar


def _unpack(made: Path, folder: Path) -> Path:
    tar = _decrypt(made, made / "package.age", folder)
    unpacked = folder / "bag"
    unpacked.mkdir()
    subprocess.run(["tar", "-xf", str(tar), "-C", str(unpacked)], check=True)
    (bag_folder,) = unpacked.iterdir()
    return bag_folder


@pytest.fixture(scope="module")
def package_verify_txt(made: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    bag_folder = _unpack(made, tmp_path_factory.mktemp("verify-txt"))
    return (bag_folder / "VERIFY.txt").read_bytes().decode("ascii")


def commands_of_verify_txt(text: str) -> list[str]:
    return PROMPT.findall(text)


def commands_of_guide() -> list[str]:
    region = procedure.generated_region(GUIDE.read_text(encoding="utf-8"))
    return [line for block in SH_BLOCK.findall(region) for line in block.splitlines()]


def guide_after_procedure() -> list[str]:
    """The ``sh`` blocks of the guide after the procedure (the program's second opinion)."""
    text = GUIDE.read_text(encoding="utf-8")
    after = text[text.index(procedure.END_MARKER) :]
    return [line for block in SH_BLOCK.findall(after) for line in block.splitlines()]


def guide_script() -> str:
    """Every command of the guide, in order, as one bash script (tests/packaging uses it)."""
    return PROLOGUE + "\n".join(commands_of_guide() + guide_after_procedure()) + "\n"


def test_the_guide_holds_exactly_the_generated_procedure() -> None:
    region = procedure.generated_region(GUIDE.read_text(encoding="utf-8"))
    assert region == procedure.render_markdown(), (
        "docs/verify-by-hand.md differs from the procedure; run "
        "python -m app.formats.package.procedure docs/verify-by-hand.md"
    )
    before = GUIDE.read_text(encoding="utf-8").split(procedure.BEGIN_MARKER)[0]
    assert not SH_BLOCK.findall(before)  # nothing to run outside the one procedure


def test_verify_txt_of_a_real_package_is_the_same_procedure(package_verify_txt: str) -> None:
    commands = commands_of_verify_txt(package_verify_txt)
    assert commands == commands_of_guide() == procedure.commands()
    assert all("\n" not in command and command.strip() == command for command in commands)
    info = dict(
        re.findall(r"^(Package id|Signer fingerprint):\s+(\S+)$", package_verify_txt, re.M)
    )
    expected = verify_text(
        package_id=info["Package id"],
        fingerprint=info["Signer fingerprint"],
        namespace=NAMESPACE_PACKAGE,
        package_format=bag.PACKAGE_FORMAT,
    ).decode("ascii")
    assert package_verify_txt == expected
    assert procedure.render_text() in package_verify_txt


def test_the_procedure_checks_what_it_promises_in_the_right_order() -> None:
    commands = procedure.commands()
    joined = "\n".join(commands)

    def at(fragment: str) -> int:
        hits = [i for i, command in enumerate(commands) if fragment in command]
        assert hits, fragment
        return hits[0]

    assert commands[0] == "age -d -i key.txt -o bag.tar package.age"
    # Listed and checked before anything is extracted.
    extract = at("tar -xf bag.tar")
    for check in ("not a regular file", "unsafe path", "backslash", "listed twice",
                  "outside the package folder", "sort -u | wc -l"):  # fmt: skip
        assert at(check) < extract
    assert "sha256sum -c " not in joined and "--check --strict" in joined
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        assert f"sha256sum --check --strict {manifest}" in commands
    tag_list = commands[at("../../tagged.txt") + 1]
    assert tag_list.split(" | ")[0].split()[2:] == sorted(bag.TAG_FILES)
    assert "bagit.txt" in tag_list
    assert at("tar -xf") < at("sha256sum") < at("-Y find-principals") < at("-Y verify")
    assert f"-n {NAMESPACE_PACKAGE} " in commands[at("-Y verify")]


def test_the_allowed_signers_example_is_what_export_public_prints(made: Path) -> None:
    shape = re.compile(
        r'(device)-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} (namespaces="[^"]+") '
        r"(ssh-ed25519) AAAAC3Nz\S*"
    )
    (printed,) = [
        line for line in (made / "allowed_signers").read_text().splitlines()
        if line and not line.startswith("#")
    ]  # fmt: skip
    (example,) = [
        line for line in procedure.render_markdown().splitlines() if line.startswith("device-")
    ]
    printed_shape, example_shape = shape.fullmatch(printed), shape.fullmatch(example)
    assert printed_shape and example_shape, (printed, example)
    assert printed_shape.groups() == example_shape.groups()


# --- running it ---------------------------------------------------------------------------


def _workspace(made: Path, tmp_path: Path, package: Path | None = None) -> Path:
    folder = tmp_path / "check"
    folder.mkdir()
    shutil.copyfile(package or made / "package.age", folder / "package.age")
    for name in ("key.txt", "allowed_signers"):
        shutil.copyfile(made / name, folder / name)
    return folder


def run_commands(
    folder: Path, commands: list[str], locale: str = "C"
) -> tuple[subprocess.CompletedProcess[str], str | None]:
    """Run ``commands`` as written in one fresh bash; (result, the command that failed)."""
    # The guide's last block runs the program by its installed name.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {"PATH": path, "HOME": str(folder), "LC_ALL": locale}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", PROLOGUE + "\n".join(commands) + "\n"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = re.findall(r"PROCEDURE-FAILED-AT-LINE (\d+)", result.stderr)
    failed = commands[int(lines[-1]) - PROLOGUE_LINES - 1] if lines else None
    return result, failed


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_following_the_procedure_verifies_a_real_package(
    made: Path, tmp_path: Path, package_verify_txt: str, locale: str
) -> None:
    commands = commands_of_verify_txt(package_verify_txt) + guide_after_procedure()
    result, failed = run_commands(_workspace(made, tmp_path), commands, locale)
    assert result.returncode == 0 and failed is None, result.stdout + result.stderr
    assert 'Good "evidence-vault-package@v1" signature for device-' in result.stdout
    assert "VALID: every check passed." in result.stdout  # the program's second opinion
    assert result.stdout.count(": OK") == 5 + 8  # 5 tag files; 5 documents and 3 media
    assert "FAILED" not in result.stdout
    # Step "Read the contents" shows names and text as themselves, not as \u escapes.
    assert '"original_name": "нататкі пра справу.txt"' in result.stdout
    assert "data/attachments/002-нататкі_пра_справу.txt" in result.stdout
    assert "Мяне затрымалі" in result.stdout
    assert "\\u04" not in result.stdout


def test_following_the_procedure_verifies_a_withdrawal_notice(
    made: Path, tmp_path: Path, package_verify_txt: str
) -> None:
    commands = commands_of_verify_txt(package_verify_txt) + guide_after_procedure()
    result, failed = run_commands(_workspace(made, tmp_path, made / "notice.age"), commands)
    assert result.returncode == 0 and failed is None, result.stdout + result.stderr
    assert "Package-Kind: withdrawal-notice" in result.stdout
    assert '"format": "evidence-vault-withdrawal/1"' in result.stdout
    assert "VALID: every check passed." in result.stdout


Tamper = Callable[[Path], None]


def _reseal(made: Path, bag_folder: Path, out: Path) -> Path:
    """Pack and encrypt ``bag_folder`` again: anyone with the recipient's public key can."""
    tar = out.with_suffix(".tar")
    # Regular files only, as the format requires (folder entries would be caught earlier).
    members = sorted(
        str(p.relative_to(bag_folder.parent)) for p in bag_folder.rglob("*") if p.is_file()
    )
    subprocess.run(
        ["tar", "--format=posix", "--no-recursion", "-cf", str(tar), "-C",
         str(bag_folder.parent), *members],
        check=True,
    )  # fmt: skip
    return _encrypt(made, tar, out)


def _encrypt(made: Path, tar: Path, out: Path) -> Path:
    public = subprocess.run(
        ["age-keygen", "-y", str(made / "key.txt")], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["age", "-r", public, "-o", str(out), str(tar)], check=True)
    return out


def _sha256_line(bag_folder: Path, name: str) -> str:
    digest = subprocess.run(
        ["sha256sum", name], cwd=bag_folder, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    return f"{digest}  {name}"


def _rewrite_manifest(bag_folder: Path, manifest: str, name: str) -> None:
    lines = (bag_folder / manifest).read_text().splitlines()
    lines = [
        _sha256_line(bag_folder, name) if line.endswith(f"  {name}") else line for line in lines
    ]
    (bag_folder / manifest).write_text("\n".join(lines) + "\n")


def _first_attachment(bag_folder: Path) -> Path:
    return sorted((bag_folder / "data" / "attachments").iterdir())[0]


def _change_photo(bag_folder: Path) -> None:
    photo = _first_attachment(bag_folder)
    data = bytearray(photo.read_bytes())
    data[100] ^= 1
    photo.write_bytes(bytes(data))


def _change_photo_and_manifests(bag_folder: Path) -> None:
    _change_photo(bag_folder)
    photo = _first_attachment(bag_folder)
    _rewrite_manifest(bag_folder, "manifest-sha256.txt", str(photo.relative_to(bag_folder)))
    _rewrite_manifest(bag_folder, "tagmanifest-sha256.txt", "manifest-sha256.txt")


def _change_bag_info(bag_folder: Path) -> None:
    info = bag_folder / "bag-info.txt"
    info.write_text(info.read_text().replace("Testimony-Version: 1", "Testimony-Version: 2"))


def _change_verify_txt(bag_folder: Path) -> None:
    # A swapped procedure (one byte) is caught by the procedure it carries.
    text = bag_folder / "VERIFY.txt"
    text.write_bytes(text.read_bytes().replace(b"must succeed", b"may succeed", 1))


def _drop_bagit_from_tag_manifest(bag_folder: Path) -> None:
    manifest = bag_folder / "tagmanifest-sha256.txt"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if not line.endswith("  bagit.txt\n")))


def _malformed_manifest_line(bag_folder: Path) -> None:
    # Without --strict, sha256sum only warns about a line it cannot read.
    with (bag_folder / "manifest-sha256.txt").open("a") as manifest:
        manifest.write("not a checksum line\n")
    _rewrite_manifest(bag_folder, "tagmanifest-sha256.txt", "manifest-sha256.txt")


def _add_payload_file(bag_folder: Path) -> None:
    (bag_folder / "data" / "planted.txt").write_text("not from the documenter\n")


def _sign_with_another_key(bag_folder: Path) -> None:
    # A valid signature, by a key that is not enrolled, and that key put in signer.pub.
    key = bag_folder.parent / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    (bag_folder / "signer.pub").write_text((bag_folder.parent / "other.pub").read_text())
    _rewrite_manifest(bag_folder, "tagmanifest-sha256.txt", "signer.pub")
    (bag_folder / "tagmanifest-sha256.txt.sig").unlink()
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-q", "-f", str(key), "-n", "evidence-vault-package@v1",
         str(bag_folder / "tagmanifest-sha256.txt")],
        check=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "caught_by"),
    [
        (_change_photo, "sha256sum --check --strict manifest-sha256.txt"),
        (_change_bag_info, "sha256sum --check --strict tagmanifest-sha256.txt"),
        (_change_verify_txt, "sha256sum --check --strict tagmanifest-sha256.txt"),
        (_drop_bagit_from_tag_manifest, "| diff - ../../tagged.txt"),
        (_malformed_manifest_line, "sha256sum --check --strict manifest-sha256.txt"),
        (_change_photo_and_manifests, "ssh-keygen -Y verify"),
        (_add_payload_file, "diff ../../listed.txt -"),
        (_sign_with_another_key, "ssh-keygen -Y find-principals"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_an_altered_package_fails_at_the_right_step(
    made: Path, tmp_path: Path, package_verify_txt: str, tamper: Tamper, caught_by: str
) -> None:
    bag_folder = _unpack(made, tmp_path)
    tamper(bag_folder)
    altered = _reseal(made, bag_folder, tmp_path / "altered.age")
    commands = commands_of_verify_txt(package_verify_txt)
    result, failed = run_commands(_workspace(made, tmp_path, altered), commands)
    assert result.returncode != 0
    assert failed is not None and caught_by in failed, result.stdout + result.stderr


def _hostile(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, 0 if link or kind != tarfile.REGTYPE else 4
    return info


@pytest.mark.parametrize(
    ("entry", "caught_by", "escaped"),
    [
        (_hostile("{top}/data/link", tarfile.SYMTYPE, "/etc/passwd"), "not a regular file", None),
        (_hostile("{top}/data/hard", tarfile.LNKTYPE, "{top}/bagit.txt"),
         "not a regular file", None),
        (_hostile("{top}/data/extra", tarfile.DIRTYPE), "not a regular file", None),
        (_hostile("{top}/../../escaped.txt"), "unsafe path", "escaped.txt"),
        (_hostile("/tmp/absolute-escaped.txt"), "unsafe path", None),
        (_hostile("{top}/data/a\\b.txt"), "backslash in a path", None),
        (_hostile("{top}/bagit.txt"), "listed twice", None),
        (_hostile("0123/bagit.txt"), "outside the package folder", None),
    ],
    ids=["symlink", "hard-link", "folder", "dot-dot", "absolute", "backslash", "twice",
         "other-folder"],
)  # fmt: skip
def test_a_hostile_archive_is_refused_before_anything_is_extracted(
    made: Path,
    tmp_path: Path,
    package_verify_txt: str,
    entry: tarfile.TarInfo,
    caught_by: str,
    escaped: str | None,
) -> None:
    plain = _decrypt(made, made / "package.age", tmp_path)
    with tarfile.open(plain) as archive:
        top = archive.getnames()[0].split("/")[0]
    entry.name = entry.name.replace("{top}", top)
    entry.linkname = entry.linkname.replace("{top}", top)
    with tarfile.open(plain, "a", format=tarfile.PAX_FORMAT) as archive:
        archive.addfile(entry, io.BytesIO(b"evil") if entry.isreg() else None)
    altered = _encrypt(made, plain, tmp_path / "hostile.age")
    folder = _workspace(made, tmp_path, altered)
    commands = commands_of_verify_txt(package_verify_txt)
    result, failed = run_commands(folder, commands)
    assert result.returncode != 0
    assert failed is not None and caught_by in failed, result.stdout + result.stderr
    assert caught_by in result.stdout  # the check says what it refused
    assert not (folder / "unpacked").exists()  # nothing was extracted
    if escaped:
        assert not list(tmp_path.rglob(escaped))


def test_a_changed_byte_of_the_file_fails_at_decryption(
    made: Path, tmp_path: Path, package_verify_txt: str
) -> None:
    data = bytearray((made / "package.age").read_bytes())
    data[len(data) // 2] ^= 0x40
    altered = tmp_path / "altered.age"
    altered.write_bytes(bytes(data))
    commands = commands_of_verify_txt(package_verify_txt)
    result, failed = run_commands(_workspace(made, tmp_path, altered), commands)
    assert result.returncode != 0
    assert failed == "age -d -i key.txt -o bag.tar package.age"
