"""The verification report: what was checked, each result, and the verdict.

A report is plain data (JSON-ready, no floats) so it can be stored as an attachment,
named in a custody event and carried in a package for the platform to read again.
Results: ``pass``, ``fail``, ``unverifiable`` (could not be decided: no key, no
manifest, a signer outside the trust list) and ``info`` (recorded, decides nothing,
e.g. an OpenTimestamps proof that stays pending offline).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

FORMAT = "evidence-vault-phone-report"
VERSION = 1

PASS = "pass"  # noqa: S105 - a result name, not a secret
FAIL = "fail"
UNVERIFIABLE = "unverifiable"
INFO = "info"

VERIFIED = "verified"
FAILED = "failed"

EXIT_CODES = {VERIFIED: 0, FAILED: 1, UNVERIFIABLE: 2}


@dataclass
class Check:
    check: str  # stable identifier, e.g. "proofmode.media_signature"
    result: str  # PASS, FAIL, UNVERIFIABLE or INFO
    detail: str  # one plain English sentence (front ends translate by ``check``/``result``)
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check, "result": self.result, "detail": self.detail}
        if self.data:
            out["data"] = self.data
        return out


@dataclass
class Item:
    """One media file of the bundle."""

    name: str
    sha256: str
    size: int
    role: str = "media"  # "media", or "copy" for a copy whose original someone else holds
    checks: list[Check] = field(default_factory=list)
    claims: dict[str, Any] = field(default_factory=dict)  # what the phone said
    claims_signed: bool = False
    c2pa: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "sha256": self.sha256,
            "size": self.size,
            "role": self.role,
            "checks": [c.to_json() for c in self.checks],
            "claims": self.claims,
            "claims_signed": self.claims_signed,
        }
        if self.c2pa is not None:
            out["c2pa"] = self.c2pa
        return out


@dataclass
class Report:
    kind: str  # "proofmode", "proofmode-legacy", "save", "tella", "c2pa", "media"
    bundle_name: str
    bundle_kind: str  # "zip", "folder", "file"
    bundle_sha256: str
    bundle_size: int
    verified_at: str
    verifier: dict[str, str]
    trust_list_sha256: str
    members: list[dict[str, Any]] = field(default_factory=list)  # every file: name, sha256, size
    items: list[Item] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # bundle-wide
    key: dict[str, Any] | None = None

    def all_checks(self) -> list[Check]:
        return [*self.checks, *(c for item in self.items for c in item.checks)]

    @property
    def verdict(self) -> str:
        results = {c.result for c in self.all_checks()}
        if FAIL in results:
            return FAILED
        if UNVERIFIABLE in results or PASS not in results:
            return UNVERIFIABLE
        return VERIFIED

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def reasons(self) -> list[str]:
        """The sentences that decided the verdict (failures, else what stayed undecided)."""
        checks = self.all_checks()
        wanted = FAIL if any(c.result == FAIL for c in checks) else UNVERIFIABLE
        return [c.detail for c in checks if c.result == wanted]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "verdict": self.verdict,
            "reasons": self.reasons(),
            "kind": self.kind,
            "bundle": {
                "name": self.bundle_name,
                "kind": self.bundle_kind,
                "sha256": self.bundle_sha256,
                "size": self.bundle_size,
            },
            "verified_at": self.verified_at,
            "verifier": self.verifier,
            "trust_list_sha256": self.trust_list_sha256,
            "key": self.key,
            "checks": [c.to_json() for c in self.checks],
            "items": [item.to_json() for item in self.items],
            "members": self.members,
        }

    def to_bytes(self) -> bytes:
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, indent=1)
        return (text + "\n").encode()


MAX_REPORT_BYTES = 4 << 20


def read_report(data: bytes) -> dict[str, Any]:
    """A stored report, checked for its format marker (for re-reading and packages)."""
    from app.errors import FormatError

    if len(data) > MAX_REPORT_BYTES:
        raise FormatError("The phone verification report is too large.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FormatError("The phone verification report is not JSON.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError("Not a phone verification report.")
    if document.get("version") != VERSION:
        raise FormatError("A phone verification report of a version this program does not read.")
    return document


def summary_lines(document: dict[str, Any]) -> list[str]:
    """Plain lines for a terminal: the verdict, the reasons, each item and check."""
    lines = [
        f"Verdict: {document['verdict']} ({document['kind']}, {document['bundle']['kind']} "
        f"{document['bundle']['name']}, SHA-256 {document['bundle']['sha256']})"
    ]
    lines += [f"  reason: {reason}" for reason in document.get("reasons", [])]
    key = document.get("key")
    if key:
        name = f" pinned as {key['pinned_name']!r}" if key.get("pinned_name") else " (not pinned)"
        lines.append(f"Key: {key['fingerprint']} {', '.join(key.get('user_ids', []))}{name}")
    for check in document.get("checks", []):
        lines.append(f"  [{check['result']}] {check['detail']}")
    for item in document.get("items", []):
        lines.append(f"Item {item['name']} ({item['size']} bytes, SHA-256 {item['sha256']})")
        lines += [f"  [{c['result']}] {c['detail']}" for c in item.get("checks", [])]
    tools = ", ".join(f"{k} {v}" for k, v in sorted(document["verifier"].items()))
    lines.append(
        f"Checked {document['verified_at']} by {tools}; "
        f"trust list SHA-256 {document['trust_list_sha256']}"
    )
    return lines
