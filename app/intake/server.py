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
   one at a time (``serial_uploads.py``).

The app runs on uvicorn's event loop; completion work goes to ``CompletionService``'s
thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import email.utils
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from tuspyserver import create_tus_router

from app.intake.config import IntakeLayout, IntakeSettings
from app.intake.devices import DeviceEntry, known_token_hashes, token_matches
from app.intake.serial_uploads import OneChangeAtATime
from app.intake.upload_store import ConsistentFileStorage, reconcile_upload
from app.intake.verification import (
    SHA256_HEX,
    UPLOAD_ID,
    CompletionService,
    is_finished,
    read_sidecar,
    read_upload_info,
    receipt_path,
    rejection_path,
    upload_ids,
)

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
MAX_PATCH_BODY = 8 * 1024 * 1024  # the wire contract's chunk cap; bodies sit in memory
MAX_METADATA_VALUE = 255
MAX_RECEIPT_FILE = 64 * 1024
EXPIRY_SWEEP_SECONDS = 3600.0


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


def _refuse(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail, headers={"Tus-Resumable": TUS_VERSION})


def make_request_guard(layout: IntakeLayout, tokens: DeviceTokens) -> Any:
    """The dependency every tus and receipt request passes before anything else runs."""

    async def guard(request: Request) -> None:
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
            if not 0 <= length <= MAX_PATCH_BODY:
                raise _refuse(413, f"A PATCH body is at most {MAX_PATCH_BODY} bytes.")
            # A body longer than what is left would be buffered, then refused part-way;
            # refuse it before it is read (tuspyserver's own check stays as a backstop).
            upload_id = str(request.path_params.get("uuid", ""))
            info = read_upload_info(layout, upload_id) if UPLOAD_ID.fullmatch(upload_id) else None
            if info is not None and length > info.size - info.offset:
                raise _refuse(400, "The body is longer than what is left of the upload.")
        elif request.method == "POST":
            if has_transfer_encoding or raw_length not in (None, "0"):
                raise _refuse(400, "Creation with upload is not supported: send data by PATCH.")
            if "upload-concat" in request.headers:
                raise _refuse(400, "Concatenation is not supported.")
            if "upload-defer-length" in request.headers:
                raise _refuse(400, "Upload-Length is required at creation.")

    return guard


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


def sweep_expired(layout: IntakeLayout, now: datetime.datetime | None = None) -> list[str]:
    """Remove uploads past their expiry, except complete ones still awaiting their check.

    ``expires`` is 7 days (``days_to_keep``) after the upload's last PATCH.
    """
    moment = now or datetime.datetime.now(datetime.UTC)
    removed: list[str] = []
    for upload_id in upload_ids(layout):
        sidecar = read_sidecar(layout, upload_id)
        if sidecar is None or not _expired(sidecar, moment):
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
                    removed = await asyncio.to_thread(sweep_expired, layout)
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
    guard = Depends(make_request_guard(layout, DeviceTokens(layout)))
    app.include_router(_options_router(settings), dependencies=[guard])
    app.include_router(_receipt_router(layout, completion), dependencies=[guard])
    app.include_router(tus_router, dependencies=[guard])
    return app
