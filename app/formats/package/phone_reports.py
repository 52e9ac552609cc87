"""Phone verification reports carried in a package, read back for ``verify``.

A documenter who imported phone evidence (ProofMode, C2PA, Tella, Save) keeps the
verification report as an attachment of media type ``REPORT_MEDIA_TYPE``, named
``data/attachments/<NNN>-phone-report-<16 hex>.json`` (format
``evidence-vault-phone-report`` version 1, docs/package-format.md). The reader keeps such
files in memory (each at most ``MAX_REPORT_BYTES``); this module summarises them for a
person and says whether the media each report names are in this package. What the
phone proofs said is shown, never judged here: it does not change the package's
verdict, and the platform may re-verify the original bundle, which the package carries.
Pure, any thread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

REPORT_MEDIA_TYPE = "application/vnd.evidence-vault.phone-report+json"
REPORT_FORMAT = "evidence-vault-phone-report"
REPORT_NAME = re.compile(r"data/attachments/[0-9]{3,}-phone-report-[0-9a-f]{16}\.json")
MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_REPORTS_BYTES = 16 * 1024 * 1024
_MAX_ITEMS = 200


def is_report_path(path: str, size: int) -> bool:
    """A payload file the reader keeps in memory for this module."""
    return size <= MAX_REPORT_BYTES and bool(REPORT_NAME.fullmatch(path))


def _text(value: Any, limit: int = 300) -> str | None:
    return None if value is None else str(value)[:limit]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def summarise(
    raw_reports: Mapping[str, bytes],
    attachments: list[dict[str, Any]],
    digests: Mapping[str, tuple[str, int]],
) -> list[dict[str, Any]]:
    """One summary per report the package's attachments.json declares as a phone report."""
    declared = {
        entry.get("path"): entry
        for entry in attachments
        if entry.get("media_type") == REPORT_MEDIA_TYPE
    }
    in_package = {sha for sha, _ in digests.values()}
    summaries = []
    for path in sorted(raw_reports):
        if path not in declared:
            continue
        summary: dict[str, Any] = {"path": path, "sha256": digests[path][0]}
        try:
            document = json.loads(raw_reports[path].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            document = None
        if (
            not isinstance(document, dict)
            or document.get("format") != REPORT_FORMAT
            or document.get("version") != 1
        ):
            summary["readable"] = False
            summaries.append(summary)
            continue
        bundle = _dict(document.get("bundle"))
        key = _dict(document.get("key"))
        raw_items = _list(document.get("items"))
        items = []
        for item in raw_items[:_MAX_ITEMS]:
            if not isinstance(item, dict):
                continue
            checks = _list(item.get("checks"))
            items.append(
                {
                    "name": _text(item.get("name")),
                    "sha256": _text(item.get("sha256"), 64),
                    "in_package": item.get("sha256") in in_package,
                    "checks": [
                        [_text(c.get("check"), 80), _text(c.get("result"), 20)]
                        for c in checks[:50]
                        if isinstance(c, dict)
                    ],
                }
            )
        reasons = _list(document.get("reasons"))
        verifier = _dict(document.get("verifier"))
        summary.update(
            {
                "readable": True,
                "verdict": _text(document.get("verdict"), 20),
                "kind": _text(document.get("kind"), 40),
                "bundle_name": _text(bundle.get("name")),
                "bundle_sha256": _text(bundle.get("sha256"), 64),
                "bundle_in_package": bundle.get("sha256") in in_package,
                "reasons": [_text(r) for r in reasons[:10]],
                "verified_at": _text(document.get("verified_at"), 40),
                "verifier": {str(k)[:40]: _text(v, 80) for k, v in list(verifier.items())[:10]},
                "trust_list_sha256": _text(document.get("trust_list_sha256"), 64),
                "key_fingerprint": _text(key.get("fingerprint"), 64),
                "items": items,
            }
        )
        summaries.append(summary)
    return summaries


def describe_lines(summaries: list[dict[str, Any]]) -> list[str]:
    """Lines for ``verify``'s text output (untrusted values: the caller escapes them)."""
    lines = []
    for summary in summaries:
        if not summary.get("readable"):
            lines.append(f"Phone:      {summary['path']}: not a readable phone report")
            continue
        where = "in this package" if summary["bundle_in_package"] else "NOT in this package"
        lines.append(
            f"Phone:      {summary['kind']} bundle {summary['bundle_name']} "
            f"({where}): {summary['verdict'].upper() if summary['verdict'] else '?'}, "
            f"checked {summary['verified_at']}"
        )
        lines += [f"            reason: {reason}" for reason in summary["reasons"]]
        for item in summary["items"]:
            results = ", ".join(f"{check} {result}" for check, result in item["checks"])
            present = "" if item["in_package"] else " [media NOT in this package]"
            lines.append(f"            {item['name']}{present}: {results}")
    return lines
