"""C2PA content credentials, read with the official SDK (``c2pa-python``) offline.

Remote manifests, OCSP and every network host are turned off; a file whose manifest lives
elsewhere is reported "remote, not fetched". The trust anchors come from the caller (the
vault's list, starting from the official C2PA trust list); the result depends on them and
on the date, so the report records the SDK version and the list's SHA-256.

The active manifest and each ingredient are reported apart: state, failure codes, signer,
claim generator and signing time. Trusted -> pass; valid but signed outside the trust
list -> unverifiable; invalid -> fail.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import IO, Any

from app.phone.report import FAIL, INFO, PASS, UNVERIFIABLE, Check

# The media types the SDK reads, by file extension.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".avif": "image/avif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".gif": "image/gif",
    ".dng": "image/x-adobe-dng",
    ".svg": "image/svg+xml",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".avi": "video/msvideo",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".pdf": "application/pdf",
}


# Failure codes that say "not on the trust list", not "changed".
TRUST_CODES = frozenset({"signingCredential.untrusted"})


def media_type(name: str) -> str | None:
    return MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())


def sdk_versions() -> dict[str, str]:
    try:
        from importlib.metadata import version

        import c2pa

        return {"c2pa-rs": c2pa.sdk_version(), "c2pa-python": version("c2pa-python")}
    except Exception:  # the SDK missing or broken: C2PA is then reported unverifiable
        return {}


def offline_settings(trust_anchors: str, trust_config: str | None = None) -> dict[str, Any]:
    trust: dict[str, Any] = {"trust_anchors": trust_anchors} if trust_anchors else {}
    if trust_config:
        trust["trust_config"] = trust_config
    return {
        "verify": {
            "remote_manifest_fetch": False,
            "ocsp_fetch": False,
            "verify_trust": True,
            "verify_after_reading": True,
        },
        "core": {"allowed_network_hosts": []},
        "trust": trust,
    }


def _failures(section: dict[str, Any] | None) -> list[str]:
    return sorted({entry.get("code", "") for entry in (section or {}).get("failure", [])})


def _signer(manifest: dict[str, Any]) -> dict[str, Any]:
    info = manifest.get("signature_info") or {}
    return {
        "issuer": info.get("issuer"),
        "common_name": info.get("common_name"),
        "algorithm": info.get("alg"),
        "time": info.get("time"),
    }


def _generator(manifest: dict[str, Any]) -> str | None:
    generator = manifest.get("claim_generator")
    if generator:
        return str(generator)
    infos = manifest.get("claim_generator_info") or []
    return " ".join(f"{i.get('name', '')}/{i.get('version', '')}" for i in infos) or None


def summarise(store: dict[str, Any]) -> dict[str, Any]:
    """The parts of the SDK's report a person and a re-verifier need."""
    manifests = store.get("manifests") or {}
    label = store.get("active_manifest")
    active = manifests.get(label) or {}
    results = store.get("validation_results") or {}
    deltas = results.get("ingredientDeltas") or []
    ingredients = []
    for ingredient in active.get("ingredients") or []:
        own = ingredient.get("active_manifest")
        failures: set[str] = set()
        for delta in deltas:
            for entry in (delta.get("validationDeltas") or {}).get("failure", []):
                if own and own in str(entry.get("url", "")):
                    failures.add(str(entry.get("code")))
        status = sorted({str(s.get("code")) for s in ingredient.get("validation_status") or []})
        ingredient_manifest = manifests.get(own) or {}
        ingredients.append(
            {
                "title": ingredient.get("title"),
                "format": ingredient.get("format"),
                "relationship": ingredient.get("relationship"),
                "has_manifest": bool(own),
                "state": "invalid" if failures else ("valid" if own else "no manifest"),
                "failure_codes": sorted(failures),
                "status_codes": status,
                "signer": _signer(ingredient_manifest) if own else None,
                "claim_generator": _generator(ingredient_manifest) if own else None,
            }
        )
    return {
        "present": True,
        "remote": False,
        "state": store.get("validation_state"),
        "active_manifest": {
            "label": label,
            "failure_codes": _failures(results.get("activeManifest")),
            "signer": _signer(active),
            "claim_generator": _generator(active),
            "title": active.get("title"),
        },
        "ingredients": ingredients,
    }


def read(
    name: str,
    *,
    path: str | None,
    stream: IO[bytes] | None,
    trust_anchors: str,
    trust_config: str | None = None,
) -> dict[str, Any]:
    """The C2PA summary of one media file; ``{"present": False}`` when it carries none."""
    kind = media_type(name)
    if kind is None:
        return {"present": False, "supported": False}
    try:
        import c2pa
    except Exception as error:  # pragma: no cover - the SDK is a dependency
        return {"present": None, "error": f"The C2PA SDK cannot be loaded: {error}"}
    context = c2pa.Context(c2pa.Settings.from_dict(offline_settings(trust_anchors, trust_config)))
    try:
        if stream is not None:
            reader = c2pa.Reader(kind, stream, context=context)
        else:
            reader = c2pa.Reader(path, context=context)
        with reader:
            store = json.loads(reader.json())
    except c2pa.C2paError as error:
        text = str(error)
        names = type(error).__name__ + text
        if "ManifestNotFound" in names or "JUMBF" in text:
            return {"present": False, "supported": True}
        if text.startswith("Remote") or "remote manifest" in text.lower():
            url = text.split("from url", 1)[-1].strip() if "from url" in text else None
            return {"present": True, "remote": True, "url": url, "state": None}
        if "could not be parsed" in text or text.startswith("NotSupported"):
            # not a file of the type its name says: it carries no credentials to check
            return {"present": False, "supported": True, "unparsed": text[:300]}
        return {"present": True, "remote": False, "state": "Unreadable", "error": text[:300]}
    return summarise(store)


def checks_for(summary: dict[str, Any]) -> list[Check]:
    """The report's checks for one file's C2PA summary (none when it carries no manifest)."""
    if summary.get("present") is None:
        return [Check("c2pa.manifest", UNVERIFIABLE, str(summary.get("error")))]
    if summary.get("unparsed"):
        detail = "The C2PA reader could not parse this file; no content credentials were read."
        return [Check("c2pa.manifest", INFO, detail, {"error": summary["unparsed"]})]
    if not summary.get("present"):
        return []
    if summary.get("remote"):
        return [
            Check(
                "c2pa.remote",
                UNVERIFIABLE,
                "The content credentials are kept at a remote address; they were not fetched "
                "(this program never goes online).",
                {"url": summary.get("url")},
            )
        ]
    state = summary.get("state")
    active = summary.get("active_manifest") or {}
    signer = (active.get("signer") or {}).get("common_name") or "an unnamed signer"
    codes = set(active.get("failure_codes") or [])
    broken = sorted(codes - TRUST_CODES)
    data = {"failure_codes": sorted(codes), "state": state}
    checks: list[Check] = []
    if state not in ("Trusted", "Valid", "Invalid"):
        detail = f"The content credentials cannot be read ({summary.get('error') or state})."
        checks.append(Check("c2pa.active_manifest", FAIL, detail, data))
    elif broken:
        detail = f"The content credentials do not verify ({', '.join(broken)})."
        checks.append(Check("c2pa.active_manifest", FAIL, detail, data))
    elif codes:
        detail = (
            f"The content credentials are intact but their signer ({signer}) is not on the "
            "trust list."
        )
        checks.append(Check("c2pa.active_manifest", UNVERIFIABLE, detail, data))
    else:
        detail = (
            f"The content credentials verify and their signer ({signer}) is on the trust list."
        )
        checks.append(Check("c2pa.active_manifest", PASS, detail, data))
    for ingredient in summary.get("ingredients") or []:
        title = ingredient.get("title") or "an ingredient"
        failures = set(ingredient["failure_codes"])
        if failures - TRUST_CODES:
            listed = ", ".join(sorted(failures - TRUST_CODES))
            detail = f"Ingredient {title} does not verify ({listed})."
            checks.append(Check("c2pa.ingredient", FAIL, detail))
        elif failures:
            detail = f"Ingredient {title} is signed by a certificate not on the trust list."
            checks.append(Check("c2pa.ingredient", UNVERIFIABLE, detail))
        else:
            detail = f"Ingredient {title}: {ingredient['state']}."
            checks.append(Check("c2pa.ingredient", INFO, detail))
    return checks
