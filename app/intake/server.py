"""The intake web application: tuspyserver's tus router, guarded, plus the receipt route.

tuspyserver implements tus 1.0 (core, creation, termination). It was tried as a new user
would and has sharp edges, each closed here (and each has a regression test in
``tests/intake/test_tus_findings.py``):

1. its ``auth=`` hook runs after the PATCH body is already stored: the device-token check
   is instead a dependency of the whole router, which FastAPI runs before any of the
   route's own dependencies, so a refused request stores nothing;
2. its default storage writes before it records the offset and a killed server leaves
   stray bytes: ``ConsistentFileStorage`` (``upload_store.py``) is used instead;
3. ``max_size`` is only enforced while bytes stream in: the declared ``Upload-Length`` is
   checked at creation;
4. a PATCH without ``Content-Length`` is refused only after its body was written, an
   upload completed inside the creating POST skips ``on_upload_complete``, and its
   expiry clean-up is broken: PATCH must carry a bounded ``Content-Length``, POST must
   carry no body (no creation-with-upload, concatenation or deferred length), and
   expired uploads are removed here (with an expiry that slides with each PATCH);
5. its PATCH route writes the upload's sidecar again after releasing its lock, so an
   abandoned PATCH could put back an older offset: each upload's changing requests run
   one at a time (``serial_uploads.py``);
6. its PATCH route reads and stores the body before it checks ``Tus-Resumable`` and
   ``Content-Type`` (a refused PATCH still moved the offset), and its routes take any
   string as an upload id (``DELETE /files/<id>.info`` deleted a sidecar): the guard
   checks every header a route relies on, and accepts only this server's own ids;
7. any enrolled device could act on any upload: the creating device is recorded in the
   upload's metadata and every other device gets 404.

What a client may do before its request headers are complete (a deadline, a size limit)
is bounded per connection in ``connections.py``; requests in flight are limited here, and
only authenticated ones count (``RequestSlots``).

A PATCH body is at most ``max_patch_body`` bytes (64 MiB unless set), announced on OPTIONS
as ``Max-Patch-Body`` so that clients size their requests to it; a longer one is refused
before a byte of it is read. Bodies go to disk as they arrive (``upload_store.py``), so
what a request holds in memory does not grow with its body.

The app runs on uvicorn's event loop; completion work goes to ``CompletionService``'s
thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime
import email.utils
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from tuspyserver import create_tus_router

from app.intake.config import DEFAULT_DAYS_TO_KEEP, IntakeLayout, IntakeSettings
from app.intake.devices import DeviceEntry, known_token_hashes, token_matches
from app.intake.serial_uploads import OneChangeAtATime
from app.intake.upload_store import OWNER_KEY, ConsistentFileStorage, reconcile_upload
from app.intake.verification import (
    SHA256_HEX,
    UPLOAD_ID,
    CompletionService,
    is_finished,
    owner_of,
    read_sidecar,
    read_upload_info,
    receipt_path,
    receipt_token_path,
    rejection_path,
    upload_ids,
)

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
# The response header (OPTIONS, and a 413 to a PATCH) naming the largest PATCH body taken.
PATCH_LIMIT_HEADER = "Max-Patch-Body"
MAX_METADATA_VALUE = 255
MAX_RECEIPT_FILE = 64 * 1024
EXPIRY_SWEEP_SECONDS = 3600.0
# Authenticated requests in flight; a PATCH holds at most about 1 MiB of its body in memory.
MAX_ACTIVE_REQUESTS = 64
# Data without a sidecar this old is a remnant (creation writes both within moments).
ORPHAN_GRACE = datetime.timedelta(hours=1)
PATCH_CONTENT_TYPE = "application/offset+octet-stream"
TUS_METHODS = frozenset({"HEAD", "PATCH", "POST", "DELETE"})

# The device the current request authenticated as; read by the creation hook.
_current_device: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "intake_device", default=None
)


class DeviceTokens:
    """Token hashes from ``devices.json``, re-read when the file changes (``device add``)."""

    def __init__(self, layout: IntakeLayout) -> None:
        self._layout = layout
        self._stamp: tuple[int, int] | None = None
        self._known: dict[str, DeviceEntry] = {}

    def device_for(self, untrusted_token: str) -> DeviceEntry | None:
        try:
            stat = self._layout.devices_file.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        if stamp != self._stamp:
            self._known = known_token_hashes(self._layout) if stamp else {}
            self._stamp = stamp
        return token_matches(self._known, untrusted_token)


class RequestSlots:
    """A count of authenticated requests in flight, refused beyond ``capacity``."""

    def __init__(self, capacity: int = MAX_ACTIVE_REQUESTS) -> None:
        self._capacity = capacity
        self._active = 0

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        if self._active >= self._capacity:
            raise HTTPException(
                status_code=503,
                detail="The server is busy; try again shortly.",
                headers={"Retry-After": "2", "Tus-Resumable": TUS_VERSION},
            )
        self._active += 1
        try:
            yield
        finally:
            self._active -= 1


def _refuse(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail, headers={"Tus-Resumable": TUS_VERSION})


def _no_such_upload() -> HTTPException:
    return _refuse(404, "No such upload.")


def make_request_guard(
    layout: IntakeLayout, tokens: DeviceTokens, slots: RequestSlots, max_patch_body: int
) -> Any:
    """The dependency every tus and receipt request passes before anything else runs."""

    async def guard(request: Request) -> AsyncIterator[None]:
        _check_request(request, layout, tokens, max_patch_body)
        with slots.slot():
            yield

    return guard


def _check_request(
    request: Request, layout: IntakeLayout, tokens: DeviceTokens, max_patch_body: int
) -> None:
    """Everything a request must satisfy before any route dependency reads or stores."""
    header = request.headers.get("authorization", "")
    scheme, _, untrusted_token = header.partition(" ")
    device = None
    if scheme.lower() == "bearer" and untrusted_token.strip():
        device = tokens.device_for(untrusted_token.strip())
    if device is None:
        raise HTTPException(
            status_code=401,
            detail="A valid device token is required.",
            headers={"WWW-Authenticate": "Bearer", "Tus-Resumable": TUS_VERSION},
        )
    if device.revoked:
        raise _refuse(403, "This device was revoked by the platform.")
    _current_device.set(device.name)
    # Only this server's own ids, and only the device that created the upload: any
    # other device learns nothing, not even that the id exists.
    params = request.path_params
    if "uuid" in params or "upload_id" in params:
        upload_id = str(params.get("uuid", params.get("upload_id", "")))
        if not UPLOAD_ID.fullmatch(upload_id) or owner_of(layout, upload_id) != device.name:
            raise _no_such_upload()
    if request.method in TUS_METHODS and request.headers.get("tus-resumable") != TUS_VERSION:
        raise HTTPException(
            status_code=412,
            detail=f"Tus-Resumable {TUS_VERSION} is required.",
            headers={"Tus-Version": TUS_VERSION, "Tus-Resumable": TUS_VERSION},
        )
    # tuspyserver re-routes on this header; the checks below must see the real method.
    if "x-http-method-override" in request.headers:
        raise _refuse(400, "X-HTTP-Method-Override is not supported.")
    has_transfer_encoding = "transfer-encoding" in request.headers
    raw_length = request.headers.get("content-length")
    if request.method == "PATCH":
        if has_transfer_encoding or raw_length is None:
            raise _refuse(411, "A PATCH must carry a Content-Length.")
        try:
            length = int(raw_length)
        except ValueError:
            raise _refuse(400, "Content-Length is not a number.") from None
        if not 0 <= length <= max_patch_body:
            raise HTTPException(
                status_code=413,
                detail=f"A PATCH body is at most {max_patch_body} bytes.",
                headers={"Tus-Resumable": TUS_VERSION, PATCH_LIMIT_HEADER: str(max_patch_body)},
            )
        if request.headers.get("content-type") != PATCH_CONTENT_TYPE:
            raise _refuse(415, f"A PATCH body must be {PATCH_CONTENT_TYPE}.")
        raw_offset = request.headers.get("upload-offset", "")
        if not raw_offset.isdigit() or not raw_offset.isascii():
            raise _refuse(400, "Upload-Offset must be a number of bytes.")
        # A body longer than what is left would be buffered, then refused part-way;
        # refuse it before it is read (tuspyserver's own check stays as a backstop).
        info = read_upload_info(layout, str(request.path_params.get("uuid", "")))
        if info is not None and int(raw_offset) != info.offset:
            raise _refuse(409, "Upload-Offset differs from the upload's offset.")
        if info is not None and length > info.size - info.offset:
            raise _refuse(400, "The body is longer than what is left of the upload.")
    elif request.method == "POST":
        if has_transfer_encoding or raw_length not in (None, "0"):
            raise _refuse(400, "Creation with upload is not supported: send data by PATCH.")
        if "upload-concat" in request.headers:
            raise _refuse(400, "Concatenation is not supported.")
        if "upload-defer-length" in request.headers:
            raise _refuse(400, "Upload-Length is required at creation.")


def make_pre_create_hook(settings: IntakeSettings) -> Any:
    def pre_create(metadata: dict[str, str], upload_info: dict[str, Any]) -> None:
        size = upload_info.get("size")
        if not isinstance(size, int) or size <= 0:
            raise _refuse(400, "Upload-Length must be a positive number of bytes.")
        if size > settings.max_upload_size:
            raise _refuse(413, f"A package is at most {settings.max_upload_size} bytes.")
        for key in ("filename", "filetype"):
            value = metadata.get(key)
            if not isinstance(value, str) or not 0 < len(value) <= MAX_METADATA_VALUE:
                raise _refuse(422, f"Upload-Metadata needs a {key}.")
        if not SHA256_HEX.fullmatch(str(metadata.get("sha256", ""))):
            raise _refuse(422, "Upload-Metadata needs the package's sha256 (64 hex digits).")
        # The storage records the creating device under this key; a client may not.
        if OWNER_KEY in metadata:
            raise _refuse(422, f"Upload-Metadata may not name a {OWNER_KEY}.")
        if _current_device.get() is None:  # the guard sets it; without it, no owner
            raise _refuse(401, "A valid device token is required.")

    return pre_create


def _expired(sidecar: dict[str, Any], now: datetime.datetime) -> bool:
    expires = sidecar.get("expires")
    if not isinstance(expires, str):
        return False
    try:
        moment = email.utils.parsedate_to_datetime(expires)
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment < now


def _older_than(path: Path, moment: datetime.datetime) -> bool:
    try:
        return path.stat().st_mtime < moment.timestamp()
    except FileNotFoundError:
        return False


def sweep_expired(
    layout: IntakeLayout,
    now: datetime.datetime | None = None,
    keep_for: datetime.timedelta = datetime.timedelta(days=DEFAULT_DAYS_TO_KEEP),
) -> list[str]:
    """Remove uploads past their expiry, except complete ones still awaiting their check.

    ``expires`` is ``keep_for`` (``days_to_keep``) after the upload's last PATCH. Data
    without a sidecar (left by a crash, or by a sidecar deleted behind the server's back)
    goes after ``ORPHAN_GRACE``, and refused packages in ``rejected/`` after ``keep_for``.
    """
    moment = now or datetime.datetime.now(datetime.UTC)
    removed: list[str] = []
    for upload_id in upload_ids(layout):
        sidecar = read_sidecar(layout, upload_id)
        if sidecar is None:
            data = layout.uploads_dir / upload_id
            orphaned = not data.with_name(f"{upload_id}.info").exists()
            if not orphaned or not _older_than(data, moment - ORPHAN_GRACE):
                continue
        elif not _expired(sidecar, moment):
            continue
        info = read_upload_info(layout, upload_id)
        if info is not None and info.complete and not is_finished(layout, upload_id):
            continue  # its completion will run; the client is waiting for a receipt
        for path in (
            layout.uploads_dir / upload_id,
            layout.uploads_dir / f"{upload_id}.info",
            layout.uploads_dir / ".locks" / f"{upload_id}.lock",  # tuspyserver's lock file
        ):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(upload_id)
    removed.extend(_sweep_rejected(layout, moment - keep_for))
    return removed


def _sweep_rejected(layout: IntakeLayout, before: datetime.datetime) -> list[str]:
    """Refused packages and their reasons, kept ``days_to_keep`` like unfinished uploads."""
    try:
        names = [path.name for path in layout.rejected_dir.iterdir()]
    except FileNotFoundError:
        return []
    removed: list[str] = []
    for upload_id in sorted({name.split(".", 1)[0] for name in names}):
        if not UPLOAD_ID.fullmatch(upload_id):
            continue
        reason = rejection_path(layout, upload_id)
        package = layout.rejected_dir / f"{upload_id}.evp"
        # Aged by the reason's time, or by the package's when the reason is missing.
        if not _older_than(reason if reason.exists() else package, before):
            continue
        # The package first: a reason without its package still answers 422.
        for path in (package, reason):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(upload_id)
    return removed


def recover(layout: IntakeLayout, completion: CompletionService) -> None:
    """At start-up: repair uploads a killed server left, and finish completed ones."""
    for upload_id in upload_ids(layout):
        if is_finished(layout, upload_id):
            continue
        reconcile_upload(layout.uploads_dir, upload_id)
        info = read_upload_info(layout, upload_id)
        if info is not None and info.complete:
            completion.submit(upload_id)


def _read_rejection(layout: IntakeLayout, upload_id: str) -> str | None:
    """The reason an upload was refused, or None when it was not."""
    try:
        with rejection_path(layout, upload_id).open("rb") as handle:
            document = json.loads(handle.read(MAX_RECEIPT_FILE).decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return "the package was rejected"
    reason = document.get("reason") if isinstance(document, dict) else None
    return str(reason) if reason else "the package was rejected"


def _receipt_router(layout: IntakeLayout, completion: CompletionService) -> APIRouter:
    router = APIRouter()

    @router.get("/files/{upload_id}/receipt")
    async def receipt(upload_id: str) -> Response:
        if not UPLOAD_ID.fullmatch(upload_id):
            return JSONResponse({"error": "no such upload"}, status_code=404)
        try:
            with receipt_path(layout, upload_id).open("rb") as handle:
                body = handle.read(MAX_RECEIPT_FILE)
            return Response(body, media_type="application/json")
        except FileNotFoundError:
            pass
        rejection = _read_rejection(layout, upload_id)
        if rejection is not None:
            return JSONResponse({"error": rejection}, status_code=422)
        info = read_upload_info(layout, upload_id)
        if info is None:
            return JSONResponse({"error": "no such upload"}, status_code=404)
        if not info.complete:
            return JSONResponse(
                {"error": "the upload is not complete", "offset": info.offset}, status_code=409
            )
        completion.submit(upload_id)  # no-op when queued; recovers a lost completion
        return JSONResponse({"status": "verifying"}, status_code=202, headers={"Retry-After": "1"})

    # The authority's token over the receipt file, beside the receipt rather than in it:
    # clients that know exactly the receipt's fields never see it.
    @router.get("/files/{upload_id}/receipt/timestamp")
    async def receipt_timestamp(upload_id: str) -> Response:
        if not UPLOAD_ID.fullmatch(upload_id) or not receipt_path(layout, upload_id).exists():
            return JSONResponse({"error": "no receipt for this upload"}, status_code=404)
        try:
            with receipt_token_path(layout, upload_id).open("rb") as handle:
                token = handle.read(MAX_RECEIPT_FILE)
            return Response(token, media_type="application/timestamp-reply")
        except FileNotFoundError:
            pass
        if completion.stamper is None:
            return JSONResponse(
                {"error": "this platform does not stamp receipts"}, status_code=404
            )
        # The authority failed when the receipt was made: ask it again now.
        completion.submit_stamp(upload_id)
        return JSONResponse({"status": "stamping"}, status_code=202, headers={"Retry-After": "5"})

    return router


def _options_router(settings: IntakeSettings) -> APIRouter:
    router = APIRouter()

    # Registered ahead of tuspyserver's own OPTIONS so clients see only what this server
    # allows (its default advertises creation-with-upload, concatenation, deferral).
    @router.options("/files/")
    @router.options("/files")
    async def options() -> Response:
        return Response(
            status_code=204,
            headers={
                "Tus-Resumable": TUS_VERSION,
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": "creation,termination",
                "Tus-Max-Size": str(settings.max_upload_size),
                PATCH_LIMIT_HEADER: str(settings.max_patch_body),
            },
        )

    return router


def create_app(
    layout: IntakeLayout, settings: IntakeSettings, completion: CompletionService
) -> FastAPI:
    """The ASGI app; ``completion`` is started and shut down by the caller."""
    storage = ConsistentFileStorage(
        layout.uploads_dir,
        lambda uid: is_finished(layout, uid),
        keep_for=datetime.timedelta(days=settings.days_to_keep),
        requesting_device=_current_device.get,
    )

    # Synchronous on purpose: it only queues work for the completion thread.
    def on_upload_complete(location: str, metadata: dict[str, str]) -> None:
        upload_id = Path(location).name
        if UPLOAD_ID.fullmatch(upload_id):
            completion.submit(upload_id)

    tus_router = create_tus_router(
        prefix="files",
        files_dir=str(layout.uploads_dir),
        max_size=settings.max_upload_size,
        days_to_keep=settings.days_to_keep,
        on_upload_complete=on_upload_complete,
        pre_create_hook=make_pre_create_hook(settings),
        storage=storage,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(recover, layout, completion)

        async def sweep_forever() -> None:
            while True:
                try:
                    removed = await asyncio.to_thread(
                        sweep_expired, layout, None, datetime.timedelta(days=settings.days_to_keep)
                    )
                    if removed:
                        log.info("removed %d expired uploads", len(removed))
                except OSError as error:
                    # A full or read-only disk must not end the sweeping for good.
                    log.error("expiry sweep failed: %s", error.strerror)
                await asyncio.sleep(EXPIRY_SWEEP_SECONDS)

        sweeper = asyncio.create_task(sweep_forever())
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            # Let a package being checked finish, so its receipt is written now.
            await asyncio.to_thread(completion.shutdown)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(OneChangeAtATime, prefix="/files/")
    guard = Depends(
        make_request_guard(layout, DeviceTokens(layout), RequestSlots(), settings.max_patch_body)
    )
    app.include_router(_options_router(settings), dependencies=[guard])
    app.include_router(_receipt_router(layout, completion), dependencies=[guard])
    app.include_router(tus_router, dependencies=[guard])
    return app
