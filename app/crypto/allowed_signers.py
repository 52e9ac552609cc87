"""Reading ``allowed_signers`` lines, the trust list format of ``ssh-keygen -Y verify``.

A line is ``principals [options] keytype base64 [comment]`` (or a bare public key line).
Only the ``namespaces="..."`` option is understood; any other option (a certificate
authority, a validity window) is refused rather than silently ignored, since ignoring it
would trust more than the file says. Pure functions; any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import FormatError
from app.sanitize import for_display


def _is_key_type(token: str) -> bool:
    return (
        token in ("ssh-ed25519", "ssh-rsa", "ssh-dss")
        or token.startswith(("ecdsa-sha2-", "sk-"))
        or token.endswith("-cert-v01@openssh.com")
    )


def _take_field(text: str) -> tuple[str, str]:
    """The first whitespace-separated field (double quotes keep spaces inside) and the rest."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in " \t" and not quoted:
            return text[:index], text[index:].lstrip(" \t")
    if quoted:
        raise FormatError("A quoted value is not closed.")
    return text, ""


def _parse_options(token: str) -> tuple[str, ...]:
    """The namespaces an allowed_signers options field allows; other options are refused
    (a certificate authority or a validity window would be silently ignored otherwise)."""
    options: list[str] = []
    current, quoted = "", False
    for char in token:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            options.append(current)
            current = ""
        else:
            current += char
    options.append(current)
    match = re.fullmatch(r'namespaces="([^"]*)"', options[0], flags=re.IGNORECASE)
    if len(options) != 1 or match is None:
        raise FormatError(
            f"The options {for_display(token, limit=60)} are not supported; "
            'only one namespaces="..." is.'
        )
    namespaces = tuple(match.group(1).split(","))
    if not all(namespaces):
        raise FormatError('An empty namespace in namespaces="...".')
    return namespaces


@dataclass(frozen=True)
class SignerLine:
    principal: str | None
    namespaces: tuple[str, ...] | None
    key_type: str
    key_base64: str


def parse_signer_line(line: str) -> SignerLine:
    """``type base64 [comment]`` or ``principals [options] type base64 [comment]``."""
    first, rest = _take_field(line.strip())
    principal: str | None = None
    namespaces: tuple[str, ...] | None = None
    key_type = first
    if not _is_key_type(first):
        principal = first.strip('"')
        key_type, rest = _take_field(rest)
        if not key_type:
            raise FormatError("No public key found on the line.")
        if not _is_key_type(key_type):
            namespaces = _parse_options(key_type)
            key_type, rest = _take_field(rest)
            if not _is_key_type(key_type):
                raise FormatError("No public key found on the line.")
    words = rest.split(maxsplit=1)
    if not words:
        raise FormatError("The public key is missing after its type.")
    return SignerLine(principal, namespaces, key_type, words[0])


def namespace_allowed(namespace: str, patterns: tuple[str, ...]) -> bool:
    """OpenSSH pattern-list matching: ``*`` and ``?`` wildcards, ``!`` negates and wins."""
    allowed = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        expression = "".join(
            ".*" if char == "*" else "." if char == "?" else re.escape(char)
            for char in pattern.removeprefix("!")
        )
        if re.fullmatch(expression, namespace, flags=re.DOTALL):
            if negated:
                return False
            allowed = True
    return allowed
