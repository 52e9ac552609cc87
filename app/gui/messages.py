"""Typed errors from core turned into short translated sentences for dialogs and banners.

A dialog never shows a traceback or an unexpected error's message: those may carry
testimony text or paths. Expected errors get a sentence chosen by their class; a refusal
(consent, a record that can no longer change) adds core's reason after it, since the
reason differs within the class (withdrawn, not agreed to sharing; sealed, recording
still open). Sync
errors get their own sentences (:func:`sync_failure_text`): what the user can do
differs for each (wait, use the proxy, stop because someone may be in the middle, ask
for a new profile). GUI thread only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app import errors
from app.gui.vault_worker import JobFailure
from app.sanitize import for_display
from app.sync import errors as sync_errors

# Core's reasons by stable code (app/errors.py, app/core/records.py PROBLEMS): the one
# table where the window turns them into its language. A refusal says why and what to do
# next; a broken record rule is shown under its field, so it does not name the field.
# tests/gui/test_window_language.py checks every code core can raise is here. Rules only
# a hand-written JSON file can break (the window always sends the right shape) share one
# sentence.
_NOT_READABLE = cast(str, QT_TRANSLATE_NOOP("messages", "Not in the form this program reads."))
# QT_TRANSLATE_NOOP is typed as returning object; it returns its text unchanged.
CORE_TEXTS: dict[str, str] = cast(dict[str, str], {
    "consent.not_recorded": QT_TRANSLATE_NOOP(
        "messages",
        "Consent is not recorded: fill in when and how it was given, then seal.",
    ),
    "consent.no_interview": QT_TRANSLATE_NOOP(
        "messages",
        "The person did not consent to the interview, so it cannot be sealed. If they did, "
        "tick “To be interviewed” under Informed consent.",
    ),
    "consent.withdrawn": QT_TRANSLATE_NOOP(
        "messages", "Consent was withdrawn, so this testimony cannot be sealed."
    ),
    "consent.withdrawn_no_export": QT_TRANSLATE_NOOP(
        "messages",
        "Consent was withdrawn: this testimony may not be exported or synced. Only the "
        "notice of the withdrawal can still be sent.",
    ),
    "consent.no_platform_sharing": QT_TRANSLATE_NOOP(
        "messages",
        "The person did not consent to sharing with the platform. If they have agreed "
        "since, record it in a correction of the testimony and seal that.",
    ),
    "consent.no_onward_sharing": QT_TRANSLATE_NOOP(
        "messages",
        "The person did not consent to sharing beyond the platform, so the package cannot "
        "be encrypted to coordinators or other keys. Untick the coordinators and remove "
        "the other recipients to export for the platform only.",
    ),
    "consent.withdrawn_after_sealing": QT_TRANSLATE_NOOP(
        "messages",
        "Consent was withdrawn after this package was sealed, so it may no longer be sent. "
        "Send the notice of the withdrawal instead.",
    ),
    "consent.no_audio": QT_TRANSLATE_NOOP(
        "messages",
        "The person interviewed has not agreed to audio recording. Record their consent "
        "under Informed consent first.",
    ),
    "export.no_recipient": QT_TRANSLATE_NOOP(
        "messages",
        "No one to encrypt the package to: set the platform's key in Settings, or add a "
        "coordinator or another recipient.",
    ),
    "export.no_other_recipient": QT_TRANSLATE_NOOP(
        "messages", "A package without the platform needs at least one other recipient."
    ),
    "export.not_sealed": QT_TRANSLATE_NOOP(
        "messages", "This version is a draft: seal it before exporting it."
    ),
    "export.no_working_copy": QT_TRANSLATE_NOOP(
        "messages",
        "No working copy yet of {names}: make one (Make a working copy…) or send the originals.",
    ),
    "export.copy_without_event": QT_TRANSLATE_NOOP(
        "messages", "A working copy has no custody event. Run the integrity check."
    ),
    "copy.nothing_to_remove": QT_TRANSLATE_NOOP(
        "messages", "Choose what to remove: the location, the camera, or both."
    ),
    "copy.of_a_copy": QT_TRANSLATE_NOOP(
        "messages", "This file is itself a working copy; make the copy from its original."
    ),
    "copy.not_sealed": QT_TRANSLATE_NOOP(
        "messages", "Working copies are made of sealed evidence: seal the testimony first."
    ),
    "copy.unsupported_type": QT_TRANSLATE_NOOP(
        "messages",
        "Working copies of {type} files are not possible: their metadata cannot be removed "
        "without re-encoding, so nothing was made.",
    ),
    "copy.original_damaged": QT_TRANSLATE_NOOP(
        "messages",
        "The original no longer matches the checksum recorded when it was added; no copy "
        "was made. Run the integrity check.",
    ),
    "copy.cannot_remove": QT_TRANSLATE_NOOP(
        "messages",
        "This file's metadata cannot be removed without re-encoding it (its structure is "
        "damaged or unusual), so no copy was made.",
    ),
    "copy.location_remains": QT_TRANSLATE_NOOP(
        "messages",
        "The copy still carried a location, or one could not be ruled out, so it was "
        "refused and nothing was kept.",
    ),
    "copy.camera_remains": QT_TRANSLATE_NOOP(
        "messages", "The copy still named the camera, so it was refused and nothing was kept."
    ),
    "copy.faces_unsupported_type": QT_TRANSLATE_NOOP(
        "messages",
        "Faces can be blurred in JPEG, PNG and WebP photos only, not in video or other "
        "files; no copy was made.",
    ),
    "copy.faces_unavailable": QT_TRANSLATE_NOOP(
        "messages",
        "Blurring faces needs the optional face detector, which is not installed here; "
        "no copy was made. Make the copy without blurring, or ask for the detector to "
        "be installed.",
    ),
    "copy.faces_too_large": QT_TRANSLATE_NOOP(
        "messages", "The photo is too large to blur faces in; no copy was made."
    ),
    "copy.faces_failed": QT_TRANSLATE_NOOP(
        "messages",
        "Faces could not be blurred in this photo (it may be damaged); no copy was made.",
    ),
    # A file a FAT32 drive cannot hold (app/platform/private.py check_fits).
    "storage.too_large_for_drive": QT_TRANSLATE_NOOP(
        "messages",
        "This drive is formatted FAT32, which cannot hold a file over 4 GiB, and this one "
        "would be larger; nothing was written. Use a drive formatted exFAT or NTFS, or "
        "export fewer or smaller files.",
    ),
    "seal.changed_meanwhile": QT_TRANSLATE_NOOP(
        "messages", "The testimony changed while it was being sealed. Seal it again."
    ),
    # A package's last sync failure, kept in the outbox by code (app/sync/errors.py).
    "sync.network_down": QT_TRANSLATE_NOOP(
        "messages",
        "The platform cannot be reached: the device seems to be offline, or names "
        "are blocked. Try again when connected, or through the proxy.",
    ),
    "sync.blocked": QT_TRANSLATE_NOOP(
        "messages",
        "The platform did not answer: it may be down, or the connection is blocked "
        "or too slow. Try again later or through the proxy.",
    ),
    "sync.proxy": QT_TRANSLATE_NOOP(
        "messages",
        "The proxy does not answer or cannot reach the platform. Check that the "
        "circumvention tool (for example Tor) is running and connected.",
    ),
    "sync.certificate": QT_TRANSLATE_NOOP(
        "messages",
        "The server's certificate is not from the platform named in the profile. "
        "Nothing was sent. Someone may be intercepting the connection, or the "
        "profile is outdated: check it with your coordinator.",
    ),
    "sync.token_refused": QT_TRANSLATE_NOOP(
        "messages",
        "The platform refused this device: its token is wrong or was revoked. Ask "
        "your coordinator for a new profile.",
    ),
    "sync.receipt": QT_TRANSLATE_NOOP(
        "messages",
        "The platform's receipt did not verify with the key in the profile, so the "
        "package is not marked delivered. The profile may be outdated: ask your "
        "coordinator.",
    ),
    "sync.refused": QT_TRANSLATE_NOOP(
        "messages",
        "The platform refused this package; sending it again as it is will not change "
        "that. Ask your coordinator why.",
    ),
    "sync.upload_gone": QT_TRANSLATE_NOOP(
        "messages", "The platform no longer holds the upload; it starts over at the next sync."
    ),
    "sync.receipt_pending": QT_TRANSLATE_NOOP(
        "messages",
        "The platform is still checking the package; the receipt will be fetched on the "
        "next sync.",
    ),
    "sync.profile": QT_TRANSLATE_NOOP(
        "messages",
        "The platform profile cannot be used: import the file your coordinator gave you "
        "again.",
    ),
    "sync.cancelled": QT_TRANSLATE_NOOP(
        "messages", "Cancelled; what the platform confirmed is kept."
    ),
    "sync.transient": QT_TRANSLATE_NOOP(
        "messages", "The connection failed; the package keeps its place for the next sync."
    ),
    "sync.failed": QT_TRANSLATE_NOOP("messages", "The sync failed; try again later."),
    "immutable.sealed": QT_TRANSLATE_NOOP(
        "messages", "This version is sealed. Start a correction to change it."
    ),
    "immutable.sealed_recording": QT_TRANSLATE_NOOP(
        "messages", "A sealed testimony cannot get a new recording. Start a correction first."
    ),
    "immutable.person_named": QT_TRANSLATE_NOOP(
        "messages", "A sealed testimony names this person; their details can no longer change."
    ),
    "immutable.recording_open": QT_TRANSLATE_NOOP(
        "messages", "A recording of this testimony is still open. Stop it, then delete."
    ),
    "immutable.withdrawal_recorded": QT_TRANSLATE_NOOP(
        "messages",
        "A consent withdrawal is recorded on this draft, so it stays as that record.",
    ),
    "record.required": QT_TRANSLATE_NOOP("messages", "Required."),
    "record.empty": QT_TRANSLATE_NOOP("messages", "Must not be empty."),
    "record.too_many_bytes": QT_TRANSLATE_NOOP(
        "messages", "Too long: at most {limit} bytes."
    ),
    "record.too_many_chars": QT_TRANSLATE_NOOP(
        "messages", "Too long: at most {limit} characters."
    ),
    "record.too_many_items": QT_TRANSLATE_NOOP("messages", "Too many: at most {limit}."),
    "record.nul": QT_TRANSLATE_NOOP("messages", "Contains a character that cannot be stored."),
    "record.not_unicode": QT_TRANSLATE_NOOP(
        "messages", "Contains a character that cannot be stored."
    ),
    "record.not_partial_date": QT_TRANSLATE_NOOP(
        "messages",
        "Write a date as year, year and month, or full date: 2024, 2024-03 or 2024-03-01.",
    ),
    "record.not_real_date": QT_TRANSLATE_NOOP(
        "messages", "This day does not exist in the calendar."
    ),
    "record.not_timestamp": QT_TRANSLATE_NOOP(
        "messages", "Write a date, or a date and time: 2024-03-01 or 2024-03-01T14:30:00Z."
    ),
    "record.invalid_timestamp": QT_TRANSLATE_NOOP(
        "messages", "This date or time does not exist: check the day, month and hour."
    ),
    "record.needs_date_from": QT_TRANSLATE_NOOP(
        "messages", "Fill in the first date too (the date “to” needs a date “from”)."
    ),
    "record.before_date_from": QT_TRANSLATE_NOOP(
        "messages", "This date is before the first date."
    ),
    "record.precision_too_fine": QT_TRANSLATE_NOOP(
        "messages", "The first date is less precise than its stated precision."
    ),
    "record.out_of_range": QT_TRANSLATE_NOOP(
        "messages", "Must be between -{limit} and {limit}."
    ),
    "record.coordinates_apart": QT_TRANSLATE_NOOP(
        "messages", "Latitude and longitude go together: fill in both or neither."
    ),
    "record.unknown_violation": QT_TRANSLATE_NOOP(
        "messages", "Not a violation type of this program's list."
    ),
    "record.violation_twice": QT_TRANSLATE_NOOP(
        "messages", "A violation type is chosen twice."
    ),
    "record.not_choice": QT_TRANSLATE_NOOP("messages", "Must be one of: {choices}."),
    "record.note_invalid": QT_TRANSLATE_NOOP(
        "messages",
        "Too long (at most 10,000 characters), or holds a character that cannot be stored.",
    ),
    "record.incident_id_twice": QT_TRANSLATE_NOOP(
        "messages", "Two incidents are the same incident."
    ),
    "record.person_one_of": QT_TRANSLATE_NOOP(
        "messages", "Name the person interviewed once."
    ),
    "record.file_too_large": QT_TRANSLATE_NOOP("messages", "The file is larger than {limit} MiB."),
    "record.text_encoding": QT_TRANSLATE_NOOP(
        "messages", "The file's text is not in UTF-8."
    ),
    "record.not_json": QT_TRANSLATE_NOOP(
        "messages", "The file is not valid JSON (line {line}, column {column})."
    ),
    "record.unsupported_version": QT_TRANSLATE_NOOP(
        "messages", "This was written by a newer version of the program; please update."
    ),
    **dict.fromkeys(
        (
            "record.not_object", "record.unknown_key", "record.not_string", "record.not_bool",
            "record.not_text_list", "record.not_number", "record.not_uuid", "record.not_list",
            "record.key_twice", "record.too_deep", "record.number_too_long",
            "record.wrong_format", "record.not_positive", "record.decoy_not_object",
            "record.decoy_not_list", "record.decoy_person_inline",
        ),
        _NOT_READABLE,
    ),
})  # fmt: skip


# Custody event names as the window shows them (core stores and signs the name itself).
CUSTODY_ACTION_TEXTS: dict[str, str] = cast(dict[str, str], {
    "creation": QT_TRANSLATE_NOOP("messages", "Created"),
    "change": QT_TRANSLATE_NOOP("messages", "Changed"),
    "sealed": QT_TRANSLATE_NOOP("messages", "Sealed"),
    "correction_started": QT_TRANSLATE_NOOP("messages", "Correction started"),
    "corrected": QT_TRANSLATE_NOOP("messages", "Corrected by a new version"),
    "consent_withdrawn": QT_TRANSLATE_NOOP("messages", "Consent withdrawn"),
    "draft_deleted": QT_TRANSLATE_NOOP("messages", "Draft deleted"),
    "attachment_imported": QT_TRANSLATE_NOOP("messages", "Attachment added"),
    "attachment_removed": QT_TRANSLATE_NOOP("messages", "Attachment removed"),
    "working_copy_made": QT_TRANSLATE_NOOP("messages", "Working copy made"),
    "exported": QT_TRANSLATE_NOOP("messages", "Exported"),
    "synced": QT_TRANSLATE_NOOP("messages", "Sent to the platform"),
    "receipt_verified": QT_TRANSLATE_NOOP("messages", "Platform receipt verified"),
    "timestamped": QT_TRANSLATE_NOOP("messages", "Timestamped"),
    "local_copy_deleted": QT_TRANSLATE_NOOP("messages", "Local copy deleted"),
    "package_imported": QT_TRANSLATE_NOOP("messages", "Package imported"),
    "package_verified": QT_TRANSLATE_NOOP("messages", "Package verified"),
    "phone_imported": QT_TRANSLATE_NOOP("messages", "Imported from a phone"),
    "phone_key_seen": QT_TRANSLATE_NOOP("messages", "Phone key seen"),
    "phone_key_named": QT_TRANSLATE_NOOP("messages", "Phone key named"),
    "phone_key_changed": QT_TRANSLATE_NOOP("messages", "Phone key changed"),
    "phone_key_forgotten": QT_TRANSLATE_NOOP("messages", "Phone key forgotten"),
    "phone_trust_changed": QT_TRANSLATE_NOOP("messages", "Phone key trust changed"),
    "profile_replaced": QT_TRANSLATE_NOOP("messages", "Platform profile replaced"),
    "key_changed": QT_TRANSLATE_NOOP("messages", "Passphrase or recovery key changed"),
    "rekeyed": QT_TRANSLATE_NOOP("messages", "All keys changed"),
    "recovery_shares_created": QT_TRANSLATE_NOOP("messages", "Recovery shares made"),
    "rollback_accepted": QT_TRANSLATE_NOOP("messages", "Older database accepted"),
    "duress_set": QT_TRANSLATE_NOOP("messages", "Duress passphrase set"),
    "duress_removed": QT_TRANSLATE_NOOP("messages", "Duress passphrase removed"),
})
# How consent was given (app/core/records.py CONSENT_METHODS), as the window names it.
CONSENT_METHOD_TEXTS: dict[str, str] = cast(dict[str, str], {
    "oral": QT_TRANSLATE_NOOP("messages", "oral"),
    "written": QT_TRANSLATE_NOOP("messages", "written"),
    "recorded": QT_TRANSLATE_NOOP("messages", "recorded"),
})


# The actor custody events name when no one else was given (core.custody.DEFAULT_ACTOR).
ACTOR_TEXTS: dict[str, str] = cast(dict[str, str], {
    "documenter": QT_TRANSLATE_NOOP("messages", "documenter"),
})


def actor_text(actor: str) -> str:
    """Who a custody event names, as the window says it (a name given as written)."""
    text = ACTOR_TEXTS.get(actor)
    return for_display(actor, limit=120) if text is None else QCoreApplication.translate(
        "messages", text
    )


def custody_action_text(action: str) -> str:
    """A custody event's name in the interface language (an unknown one as stored)."""
    text = CUSTODY_ACTION_TEXTS.get(action)
    if text is None:
        return for_display(action, limit=60)
    return QCoreApplication.translate("messages", text)


def consent_method_text(value: str) -> str:
    """A stored consent method as the window shows it: a known one in its language."""
    text = CONSENT_METHOD_TEXTS.get(value)
    return value if text is None else QCoreApplication.translate("messages", text)


def consent_method_value(text: str) -> str:
    """What to store for a method typed or shown in the window: a known one's value when
    the text names it (in the interface language or as stored), else the text as typed."""
    wanted = text.strip().casefold()
    for value, label in CONSENT_METHOD_TEXTS.items():
        if wanted in (value, QCoreApplication.translate("messages", label).casefold()):
            return value
    return text.strip()


def coded_text(code: str, params: Mapping[str, str | int] | None = None) -> str:
    """Core's reason ``code`` in the interface language; "" when the window does not know
    the code. Values missing from ``params`` leave their placeholder empty."""
    template = CORE_TEXTS.get(code)
    if template is None:
        return ""
    values: defaultdict[str, str] = defaultdict(str)
    for key, value in (params or {}).items():
        values[key] = for_display(str(value), limit=200)
    return QCoreApplication.translate("messages", template).format_map(values)


def core_text(failure: JobFailure) -> str:
    """Core's reason for ``failure`` in the interface language; "" when it has no code
    the window knows."""
    return coded_text(failure.code, failure.params) if failure.expected else ""


def _with_reason(lead: str, failure: JobFailure) -> str:
    """A refusal: the translated lead, then core's reason in the interface language
    (which rule refused and what to do next, never a record's content). A reason without
    a code the window knows is left out rather than shown in English."""
    reason = core_text(failure)
    return f"{lead} {reason}" if reason else lead


def recovery_key_typo_text(groups: tuple[int, ...]) -> str:
    """The groups of a mistyped recovery key to check again, in the interface language;
    empty when there is none to name."""
    if len(groups) == 1:
        return QCoreApplication.translate(
            "messages", "Group {group} of the recovery key has a typing mistake: check it."
        ).format(group=groups[0])
    if len(groups) == 2:
        return QCoreApplication.translate(
            "messages",
            "Groups {first} and {second} of the recovery key have a typing mistake: check them.",
        ).format(first=groups[0], second=groups[1])
    return ""


def failure_text(failure: JobFailure) -> str:
    """One sentence saying what went wrong, in the interface language."""
    kind = failure.kind
    if issubclass(kind, errors.RecoveryKeyTypoError):
        typo = recovery_key_typo_text(errors.RecoveryKeyTypoError.groups_in(failure.message))
        if typo:
            return typo
    if issubclass(kind, errors.WrongPassphraseError):
        return QCoreApplication.translate("messages", "This passphrase does not open the vault.")
    if issubclass(kind, errors.PassphraseRejectedError):
        return QCoreApplication.translate(
            "messages", "This passphrase cannot be used; choose another."
        )
    if issubclass(kind, errors.VaultInUseError):
        return QCoreApplication.translate(
            "messages", "Another window of the program already has this vault open."
        )
    if issubclass(kind, errors.VaultLockedError):
        return QCoreApplication.translate("messages", "The vault is locked.")
    if issubclass(kind, errors.ReadOnlyVaultError):
        return QCoreApplication.translate(
            "messages",
            "The vault is open read-only because its database is older than its keys: "
            "nothing can be changed until you accept this state.",
        )
    if issubclass(kind, errors.ConsentError):
        return _with_reason(
            QCoreApplication.translate("messages", "The recorded consent does not allow this."),
            failure,
        )
    if issubclass(kind, errors.ImmutableRecordError):
        return _with_reason(
            QCoreApplication.translate("messages", "This cannot be changed any more."), failure
        )
    if issubclass(kind, errors.CancelledError):
        return QCoreApplication.translate("messages", "Cancelled. Nothing of it was recorded.")
    if issubclass(kind, errors.UnsupportedVersionError):
        return QCoreApplication.translate(
            "messages", "This was written by a newer version of the program; please update."
        )
    if issubclass(kind, errors.AuthenticationError):
        return QCoreApplication.translate(
            "messages", "A check failed: the data is damaged or was altered."
        )
    if issubclass(kind, errors.FormatError):
        reason = core_text(failure) if failure.code.startswith("record.") else ""
        if reason:
            return QCoreApplication.translate("messages", "Not saved: {reason}").format(
                reason=reason
            )
        return QCoreApplication.translate("messages", "The data is not in the expected format.")
    if issubclass(kind, errors.NotFoundError):
        return QCoreApplication.translate("messages", "What was asked for does not exist.")
    if issubclass(kind, errors.StorageError):
        # A refusal with its own reason (a file too large for the drive) says it.
        return core_text(failure) or QCoreApplication.translate(
            "messages", "The disk refused the write (full, removed or read-only). Nothing was lost."
        )
    if issubclass(kind, errors.EvidenceVaultError):
        return core_text(failure) or QCoreApplication.translate(
            "messages", "The action could not be completed."
        )
    return QCoreApplication.translate(
        "messages", "An unexpected error occurred. Nothing was changed."
    )


# Sync failures said by their code alone; the others keep core's detail (which profile
# field, which status the platform answered).
_SYNC_SAID_BY_CODE = frozenset({
    "sync.certificate", "sync.proxy", "sync.network_down", "sync.blocked",
    "sync.token_refused", "sync.receipt",
})


def sync_failure_text(failure: JobFailure) -> str:
    """What to tell the user about a failed sync or profile import, in their language.

    Each kind of sync failure has its own translated sentence; a profile that cannot be
    used keeps core's explanation (which field, or why the file could not be read) after
    the translated lead. Any other sync error shows core's sentence, written to be shown
    and sanitised here; core never puts the token in it. Everything else goes through
    :func:`failure_text`.
    """
    kind = failure.kind
    if not failure.expected or not issubclass(kind, sync_errors.SyncError):
        return failure_text(failure)
    # The sentence of the failure's code, from the one table; a failure made without one
    # takes its class's code.
    code = failure.code or str(getattr(kind, "default_code", ""))
    if code in _SYNC_SAID_BY_CODE:
        return coded_text(code)
    detail = for_display(failure.message, limit=300)
    if issubclass(kind, sync_errors.ProfileError):
        return QCoreApplication.translate(
            "messages", "The platform profile cannot be used. {reason}"
        ).format(reason=detail)
    return detail or failure_text(failure)
