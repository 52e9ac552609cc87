"""Verifying one phone bundle: ProofMode (current and legacy layout), OpenArchive Save,
Tella, and C2PA content credentials in any media file. Offline, pure, memory bounded.

Every media file is read once: the one SHA-256 pass gives its content hash (ProofMode
names proofs by it, never by file name) and, by copying the hash state and adding the
signature's trailer, the digest its OpenPGP signature covers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import app
from app.errors import FormatError
from app.phone import c2pa_check, openpgp, ots
from app.phone.bundle import READ_SIZE, Bundle, ZipBundle, open_bundle
from app.phone.report import FAIL, INFO, PASS, UNVERIFIABLE, Check, Item, Report

_HEX64 = re.compile(r"[0-9a-f]{64}")
_SIDECAR_SUFFIXES = (".asc", ".csv", ".json", ".ots", ".gst", ".txt", ".sig")
_PROOF_SUFFIXES = (
    ".proof.csv.asc",
    ".proof.json.asc",
    ".proof.csv",
    ".proof.json",
    ".asc",
    ".ots",
    ".gst",
)
FILE_HASH = "File Hash SHA256"
MAX_SIDECARS_TOTAL = 64 << 20
MAX_RECORDS = 10_000
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class KnownKey:
    """A phone key the vault has pinned (for bundles that do not carry their key)."""

    armored: str
    name: str | None


def _basename(name: str) -> str:
    return PurePosixPath(name).name


def _is_sidecar(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(_SIDECAR_SUFFIXES) or _basename(lower) == "pubkey.asc"


def _proof_target(name: str) -> tuple[str, str] | None:
    """(what the proof names: a hash or a file name, which proof) for a proof sidecar."""
    base = _basename(name)
    for suffix in _PROOF_SUFFIXES:
        if base.endswith(suffix) and base != "pubkey.asc":
            stem = base[: -len(suffix)]
            if stem:
                return stem, suffix
    return None


def _records_csv(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """ProofMode's CSV: unquoted, rows appended, a header line before them (repeated when
    the column order changes). Returns the records and any problems noticed."""
    header: list[str] | None = None
    records: list[dict[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split(",")]
        if FILE_HASH in fields:
            header = fields
            continue
        if header is None:
            problems.append(f"line {number} comes before any header")
            continue
        if len(fields) != len(header):
            problems.append(f"line {number} has {len(fields)} fields, its header {len(header)}")
        records.append({key: value for key, value in zip(header, fields, strict=False) if key})
        if len(records) > MAX_RECORDS:
            raise FormatError("The proof CSV holds too many rows.")
    return records, problems


def _records_json(text: str) -> list[dict[str, Any]]:
    """ProofMode's JSON: one object, or several appended one a line."""
    try:
        whole = json.loads(text)
        if isinstance(whole, dict):
            return [whole]
    except (json.JSONDecodeError, RecursionError):
        pass
    records: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise FormatError("The proof JSON holds a line that is not a JSON object.") from None
        if not isinstance(value, dict):
            raise FormatError("The proof JSON holds a line that is not a JSON object.")
        records.append(value)
        if len(records) > MAX_RECORDS:
            raise FormatError("The proof JSON holds too many records.")
    return records


def _plain(value: Any) -> Any:
    """Claims as custody-safe JSON (no floats: they have no canonical text form)."""
    if isinstance(value, dict):
        return {str(k)[:200]: _plain(v) for k, v in list(value.items())[:200]}
    if isinstance(value, list):
        return [_plain(v) for v in value[:200]]
    if isinstance(value, bool | int) or value is None:
        return value
    return str(value)[:2000]


class _Verifier:
    def __init__(
        self,
        bundle: Bundle,
        trust_anchors: str,
        trust_config: str | None,
        known_keys: Sequence[KnownKey],
        cancel: Cancel | None,
    ) -> None:
        self.bundle = bundle
        self.trust_anchors = trust_anchors
        self.trust_config = trust_config
        self.known_keys = known_keys
        self.cancel = cancel
        self.sidecars: dict[str, bytes] = {}
        self.hashes: dict[str, str] = {}
        self.checks: list[Check] = []
        self.key: openpgp.PublicKey | None = None
        self.key_source = ""
        self.key_name: str | None = None
        self.signatures: dict[str, openpgp.DetachedSignature] = {}

    # -- reading -------------------------------------------------------------------------
    def read_sidecars(self) -> None:
        total = 0
        for member in self.bundle.members:
            if _is_sidecar(member.name):
                total += member.size
                if total > MAX_SIDECARS_TOTAL:
                    raise FormatError("The bundle's proof files are larger than the limit.")
                data = self.bundle.read_small(member.name)
                self.sidecars[member.name] = data
                self.hashes[member.name] = hashlib.sha256(data).hexdigest()

    def read_key(self) -> None:
        for name, data in self.sidecars.items():
            if _basename(name).lower() == "pubkey.asc":
                try:
                    self.key = openpgp.read_public_key(data)
                    self.key_source = "bundle"
                    detail = (
                        f"The bundle's public key {self.key.fingerprint} was read; its "
                        f"self-certification verifies ({self.key.certification_hash.upper()})."
                        if self.key.certified
                        else f"The bundle's public key {self.key.fingerprint} was read, "
                        "without a self-certification that verifies."
                    )
                    result = PASS if self.key.certified else FAIL
                    self.checks.append(Check("openpgp.key", result, detail))
                except FormatError as error:
                    detail = f"The bundle's public key cannot be read: {error}"
                    self.checks.append(Check("openpgp.key", FAIL, detail))
                return

    def read_signatures(self) -> None:
        for name, data in self.sidecars.items():
            if name.lower().endswith(".asc") and _basename(name).lower() != "pubkey.asc":
                # one that cannot be read is reported where it is used
                with contextlib.suppress(FormatError):
                    self.signatures[name] = openpgp.read_signature(data)

    def key_for(self, signature: openpgp.DetachedSignature) -> openpgp.PublicKey | None:
        if self.key is not None:
            return self.key
        for known in self.known_keys:
            try:
                key = openpgp.read_public_key(known.armored.encode())
            except FormatError:
                continue
            if signature.issuer in key.signing_keys:
                self.key, self.key_source, self.key_name = key, "pinned", known.name
                return key
        return None

    # -- media ---------------------------------------------------------------------------
    def hash_media(
        self, name: str, extra: Sequence[openpgp.DetachedSignature]
    ) -> tuple[str, Any, dict[int, openpgp.DataHasher]]:
        """One pass: the SHA-256 (whose state doubles as the hash of every binary SHA-256
        signature) and a hasher for each other kind of signature that may cover it."""
        sha = hashlib.sha256()
        others: dict[int, openpgp.DataHasher] = {}
        for signature in extra:
            if signature.text or signature.hash_name != "sha256":
                others[id(signature)] = openpgp.DataHasher(signature)
        with self.bundle.open(name) as stream:
            while chunk := stream.read(READ_SIZE):
                if self.cancel is not None and self.cancel():
                    from app.errors import CancelledError

                    raise CancelledError("Cancelled.")
                sha.update(chunk)
                for hasher in others.values():
                    hasher.update(chunk)
        return sha.hexdigest(), sha, others

    def signature_check(
        self,
        check_name: str,
        what: str,
        sig_name: str,
        digest_of: Callable[[openpgp.DetachedSignature], bytes],
    ) -> Check:
        data = self.sidecars.get(sig_name)
        if data is None:
            return Check(check_name, FAIL, f"There is no signature over {what}.")
        signature = self.signatures.get(sig_name)
        if signature is None:
            return Check(check_name, FAIL, f"The signature over {what} cannot be read.")
        key = self.key_for(signature)
        if key is None:
            return Check(
                check_name,
                UNVERIFIABLE,
                f"The signature over {what} was made by key {signature.issuer}, which is "
                "neither in the bundle nor pinned in the vault.",
                {"key_id": signature.issuer},
            )
        outcome = openpgp.check(key, signature, digest_of(signature))
        data_out = {
            "key_id": signature.issuer,
            "hash": signature.hash_name,
            "signed_at": signature.created,
        }
        if outcome == openpgp.GOOD:
            detail = f"The signature over {what} verifies with key {key.fingerprint}."
            return Check(check_name, PASS, detail, data_out)
        if outcome == openpgp.OTHER_KEY:
            return Check(
                check_name,
                FAIL,
                f"The signature over {what} was made by another key (key id {signature.issuer}), "
                f"not the bundle's key {key.fingerprint}.",
                data_out,
            )
        if outcome == openpgp.WEAK_HASH:
            detail = (
                f"The signature over {what} uses {signature.hash_name.upper()}, refused for "
                "signatures over data."
            )
            return Check(check_name, FAIL, detail, data_out)
        detail = f"The signature over {what} does not verify: {what} or the signature was changed."
        return Check(check_name, FAIL, detail, data_out)

    def small_signature(self, check_name: str, what: str, data_name: str) -> Check:
        data = self.sidecars[data_name]

        def digest(signature: openpgp.DetachedSignature) -> bytes:
            hasher = openpgp.DataHasher(signature)
            hasher.update(data)
            return hasher.final_digest()

        return self.signature_check(check_name, what, data_name + ".asc", digest)

    def proofmode_item(
        self, item: Item, stem: str, media_digest: Callable[[openpgp.DetachedSignature], bytes]
    ) -> None:
        """The checks of one media file's ProofMode proofs, named ``<stem>.*`` beside it."""
        folder = str(PurePosixPath(item.name).parent)
        prefix = "" if folder == "." else folder + "/"
        if prefix + stem + ".asc" not in self.sidecars:
            # proofs may sit in another folder of the bundle than the media
            wanted = stem + ".proof.csv"
            prefix = next(
                (n[: -len(wanted)] for n in self.sidecars if _basename(n) == wanted), prefix
            )
        base = prefix + stem
        item.checks.append(
            self.signature_check(
                "proofmode.media_signature", "the media", base + ".asc", media_digest
            )
        )
        claims: dict[str, Any] = {}
        signed = True
        found_proof = False
        for suffix, label, reader in (
            (".proof.csv", "CSV", "csv"),
            (".proof.json", "JSON", "json"),
        ):
            name = base + suffix
            if name not in self.sidecars:
                continue
            found_proof = True
            text = self.sidecars[name].decode("utf-8", "replace")
            try:
                if reader == "csv":
                    records, problems = _records_csv(text)
                else:
                    records, problems = _records_json(text), []
            except FormatError as error:
                detail = f"The proof {label} cannot be read: {error}"
                item.checks.append(Check(f"proofmode.{reader}_hash", FAIL, detail))
                continue
            wrong = [
                i
                for i, r in enumerate(records, 1)
                if str(r.get(FILE_HASH, "")).lower() != item.sha256
            ]
            if not records:
                detail = f"The proof {label} holds no record."
                item.checks.append(Check(f"proofmode.{reader}_hash", FAIL, detail))
            elif wrong:
                item.checks.append(
                    Check(
                        f"proofmode.{reader}_hash",
                        FAIL,
                        f"Record(s) {', '.join(map(str, wrong[:10]))} of the proof {label} "
                        "name another file hash than the media's.",
                    )
                )
            else:
                item.checks.append(
                    Check(
                        f"proofmode.{reader}_hash",
                        PASS,
                        f"Every record of the proof {label} ({len(records)}) names the "
                        "media's SHA-256.",
                        {"records": len(records), "problems": problems[:10]},
                    )
                )
            signature = self.small_signature(
                f"proofmode.{reader}_signature", f"the proof {label}", name
            )
            item.checks.append(signature)
            signed = signed and signature.result == PASS
            if records:
                claims = dict(records[-1])
        if not found_proof:
            detail = "The ProofMode proof data (CSV or JSON) is missing."
            item.checks.append(Check("proofmode.proof", FAIL, detail))
        item.claims, item.claims_signed = _plain(claims), bool(claims) and signed
        ots_name = base + ".ots"
        if ots_name in self.sidecars:
            try:
                stamp = ots.read(self.sidecars[ots_name])
            except FormatError as error:
                detail = f"The OpenTimestamps proof cannot be read: {error}"
                item.checks.append(Check("opentimestamps", FAIL, detail))
            else:
                if stamp.hash_name != "sha256" or stamp.digest != item.sha256:
                    detail = "The OpenTimestamps proof commits to another file than the media."
                    item.checks.append(Check("opentimestamps", FAIL, detail))
                elif stamp.state == "anchored":
                    item.checks.append(
                        Check(
                            "opentimestamps",
                            INFO,
                            "The OpenTimestamps proof commits to the media and names a "
                            "Bitcoin block; the block is not checked offline.",
                            {"heights": stamp.bitcoin_heights},
                        )
                    )
                else:
                    item.checks.append(
                        Check(
                            "opentimestamps",
                            INFO,
                            "The OpenTimestamps proof commits to the media and is pending: its "
                            "calendars' confirmation cannot be checked offline.",
                            {"calendars": stamp.pending[:10]},
                        )
                    )
        if base + ".gst" in self.sidecars:
            detail = (
                "A Google device attestation (SafetyNet) is kept; it is not checked offline."
            )
            item.checks.append(Check("proofmode.device_attestation", INFO, detail))


def _tella_csv(data: bytes) -> dict[str, str] | None:
    """Tella's export CSV: exactly a header line and one row, with a hash column."""
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    if len(lines) != 2:
        return None
    import csv

    rows = list(csv.reader(lines))
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        return None
    record = {key.strip(): value.strip() for key, value in zip(rows[0], rows[1], strict=True)}
    if not any("hash" in key.lower() for key in record):
        return None
    return record


def verify_path(
    path: Path,
    *,
    trust_anchors: str,
    trust_config: str | None = None,
    known_keys: Sequence[KnownKey] = (),
    cancel: Cancel | None = None,
    now: datetime | None = None,
    eyewitness: bool = False,
) -> Report:
    """The report on the bundle at ``path``. Raises BundleRefused / FormatError for a
    bundle that cannot be read safely at all. ``eyewitness``: the files are copies of
    what eyeWitness to Atrocities holds (its app keeps the original and its proof of
    capture); each is recorded as such a copy."""
    with open_bundle(Path(path)) as bundle:
        report = _verify(bundle, trust_anchors, trust_config, known_keys, cancel, now)
    if eyewitness:
        for item in report.items:
            item.role = "copy"
            detail = (
                "A copy: eyeWitness to Atrocities holds the original and its proof of "
                "capture; this copy cannot be verified here."
            )
            item.checks.insert(0, Check("eyewitness.copy", INFO, detail))
            if all(c.result == INFO for c in item.checks):
                detail = "No proof of origin was found for this file."
                item.checks.append(Check("media.proofs", UNVERIFIABLE, detail))
        report.kind = "eyewitness-copy" if report.kind in ("media", "c2pa") else report.kind
    return report


def verifier_versions() -> dict[str, str]:
    from importlib.metadata import version

    versions = {"evidence-vault": app.__version__, openpgp.PARSER: openpgp.PARSER_VERSION}
    versions["cryptography"] = version("cryptography")
    versions.update(c2pa_check.sdk_versions())
    return versions


def _verify(
    bundle: Bundle,
    trust_anchors: str,
    trust_config: str | None,
    known_keys: Sequence[KnownKey],
    cancel: Cancel | None,
    now: datetime | None,
) -> Report:
    v = _Verifier(bundle, trust_anchors, trust_config, known_keys, cancel)
    v.read_sidecars()
    v.read_key()
    v.read_signatures()
    names = {m.name for m in bundle.members}
    media = [m for m in bundle.members if not _is_sidecar(m.name)]
    hex_groups = {t[0] for n in v.sidecars if (t := _proof_target(n)) and _HEX64.fullmatch(t[0])}
    legacy_groups = {n for n in names if any(n + s in v.sidecars for s in _PROOF_SUFFIXES)}
    meta_json = {n[: -len(".meta.json")] for n in v.sidecars if n.endswith(".meta.json")}
    csvs = {
        n: rec
        for n, d in v.sidecars.items()
        if n.lower().endswith(".csv") and not n.endswith(".proof.csv") and (rec := _tella_csv(d))
    }
    media_sig_candidates = [
        s
        for n, s in v.signatures.items()
        if not n.endswith((".proof.csv.asc", ".proof.json.asc"))
    ]

    if hex_groups or legacy_groups:
        kind = "save" if meta_json else ("proofmode" if hex_groups else "proofmode-legacy")
    elif csvs:
        kind = "tella"
    elif meta_json:
        kind = "save"
    else:
        kind = "media"
    items: list[Item] = []
    seen_hashes: set[str] = set()
    for member in media:
        sha_hex, state, others = v.hash_media(member.name, media_sig_candidates)
        item = Item(member.name, sha_hex, member.size)
        v.hashes[member.name] = sha_hex

        def media_digest(
            signature: openpgp.DetachedSignature, state: Any = state, others: Any = others
        ) -> bytes:
            hasher = others.get(id(signature)) or openpgp.DataHasher(signature, shared=state)
            return hasher.final_digest()

        if sha_hex in hex_groups:
            seen_hashes.add(sha_hex)
            v.proofmode_item(item, sha_hex, media_digest)
        elif member.name in legacy_groups:
            v.proofmode_item(item, _basename(member.name), media_digest)
        if member.name in meta_json:
            try:
                meta = json.loads(v.sidecars[member.name + ".meta.json"])
            except (json.JSONDecodeError, RecursionError, UnicodeDecodeError):
                detail = "The Save metadata (.meta.json) is not JSON."
                item.checks.append(Check("save.meta", FAIL, detail))
            else:
                meta = meta if isinstance(meta, dict) else {"value": meta}
                item.claims = {**_plain(meta), **item.claims}
                declared = [str(v).lower() for k, v in meta.items() if "hash" in str(k).lower()]
                if any(_HEX64.fullmatch(d) for d in declared):
                    ok = item.sha256 in declared
                    detail = (
                        "The Save metadata names the media's SHA-256."
                        if ok
                        else "The Save metadata names another file hash than the media's."
                    )
                    item.checks.append(Check("save.meta_hash", PASS if ok else FAIL, detail))
                detail = "The Save metadata is kept as the phone's unsigned claims."
                item.checks.append(Check("save.meta", INFO, detail))
        for csv_name, record in csvs.items():
            stem = csv_name[: -len(".csv")]
            hash_values = {value.lower() for key, value in record.items() if "hash" in key.lower()}
            by_name = stem in (member.name, str(PurePosixPath(member.name).with_suffix("")))
            if item.sha256 in hash_values or by_name or (len(media) == 1 and len(csvs) == 1):
                ok = item.sha256 in hash_values
                item.checks.append(
                    Check(
                        "tella.file_hash",
                        PASS if ok else FAIL,
                        "The Tella export's file hash matches the media."
                        if ok
                        else "The Tella export's file hash does not match the media: the "
                        "file was changed.",
                    )
                )
                item.claims, item.claims_signed = _plain(record), False
        summary = _c2pa(v, bundle, member.name)
        if summary.get("present") is not False:
            item.c2pa = summary
        item.checks.extend(c2pa_check.checks_for(summary))
        if summary.get("present") and kind == "media":
            kind = "c2pa"
        covered = sha_hex in hex_groups or member.name in legacy_groups
        bare = all(c.result == INFO for c in item.checks)
        if kind in ("proofmode", "save") and not covered and bare:
            detail = "No proof in the bundle covers this file."
            item.checks.append(Check("proofmode.covered", UNVERIFIABLE, detail))
        if all(c.result == INFO for c in item.checks):
            detail = "No proof of origin was found for this file."
            item.checks.append(Check("media.proofs", UNVERIFIABLE, detail))
        items.append(item)
    for missing in sorted(hex_groups - seen_hashes):
        v.checks.append(
            Check(
                "proofmode.media_found",
                FAIL,
                f"The proofs name a file of SHA-256 {missing}, and no file in the bundle has that "
                "content: the media was changed or is missing.",
                {"sha256": missing},
            )
        )
    if kind == "proofmode-legacy" and v.key is None:
        detail = (
            "An older ProofMode layout without its public key: the signatures cannot be checked."
        )
        v.checks.append(Check("proofmode.legacy", UNVERIFIABLE, detail))
    if not media:
        v.checks.append(Check("media.found", FAIL, "The bundle holds no media file."))
    members = [
        {"name": m.name, "size": m.size, "sha256": v.hashes.get(m.name, "")}
        for m in bundle.members
    ]
    if bundle.kind == "folder":
        manifest = "".join(f"{m['sha256']}  {m['name']}\n" for m in members).encode()
        bundle_sha = hashlib.sha256(manifest).hexdigest()
    elif bundle.kind == "file":
        bundle_sha = items[0].sha256 if items else v.hashes.get(bundle.members[0].name, "")
    else:
        from app.phone.bundle import file_sha256

        bundle_sha = file_sha256(bundle.path)
    key_info: dict[str, Any] | None = None
    if v.key is not None:
        key_info = {
            "fingerprint": v.key.fingerprint,
            "key_id": v.key.key_id,
            "user_ids": list(v.key.user_ids),
            "created": v.key.created,
            "algorithm": f"{v.key.algorithm}-{v.key.bits}",
            "certification_hash": v.key.certification_hash,
            "source": v.key_source,
            "pinned_name": v.key_name,
            "armored": v.key.armored,
        }
    moment = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Report(
        kind=kind,
        bundle_name=bundle.path.name,
        bundle_kind=bundle.kind,
        bundle_sha256=bundle_sha,
        bundle_size=bundle.size,
        verified_at=moment,
        verifier=verifier_versions(),
        trust_list_sha256=trust_list_sha256(trust_anchors, trust_config),
        members=members,
        items=items,
        checks=v.checks,
        key=key_info,
    )


def trust_list_sha256(trust_anchors: str, trust_config: str | None = None) -> str:
    """What a report records of the trust list it was judged against."""
    return hashlib.sha256(trust_anchors.encode() + (trust_config or "").encode()).hexdigest()


def _c2pa(v: _Verifier, bundle: Bundle, name: str) -> dict[str, Any]:
    if c2pa_check.media_type(name) is None:
        return {"present": False, "supported": False}
    anchors, config = v.trust_anchors, v.trust_config
    if isinstance(bundle, ZipBundle):
        # The SDK seeks: a zip member is decompressed as it reads, never copied (a spooled
        # copy would leave the media in the clear in the system's temporary folder).
        with bundle.open_seekable(name) as stream:
            return c2pa_check.read(
                name, path=None, stream=stream, trust_anchors=anchors, trust_config=config
            )
    path = bundle.path
    if bundle.kind == "folder":
        path = bundle.path.joinpath(*PurePosixPath(name).parts)
    return c2pa_check.read(
        name, path=str(path), stream=None, trust_anchors=anchors, trust_config=config
    )
