"""A working copy of a PDF without its document metadata, made in a child process.

A PDF names its author, the program and often the device (scanner, phone) in the
document information dictionary and in XMP metadata streams, of the whole document and
of single pages. The copy is the same document with those removed: pypdf (pure Python)
rewrites the file, copying every content stream as it is (nothing is re-rendered or
re-compressed), which also drops the older revisions an incremental save leaves behind.
Photos placed in the PDF keep their own EXIF, so each JPEG image stream is scrubbed with
the same in-place rules as a JPEG file (``app.core.strip``): its pixels untouched.

PDFs are hostile and their parsers large, so the parsing runs in a short-lived child
(``python -m app.core.pdf_strip``) with a memory limit and a deadline, as the metadata
reader does: the parent streams the original to it over a pipe and receives the copy
over another; no file is written. Any failure is a refusal, never a partial copy.
"""

from __future__ import annotations

import contextlib
import io
import json
import struct
import sys
import threading
from typing import IO, Any

from app.core.limited_child import limited_child
from app.core.strip import StripError, StripOptions

PDF_LIMIT = 256 * 1024 * 1024  # a bigger PDF is refused, not read into memory
CHILD_MEMORY_LIMIT = 2 * 1024 * 1024 * 1024
TIMEOUT = 120.0
_READ = 1024 * 1024


def strip_pdf(
    reader: Any, size: int, options: StripOptions, *, timeout: float = TIMEOUT
) -> tuple[bytes, list[str], str]:
    """(the copy's bytes, what was removed, the original's SHA-256 as streamed)."""
    import hashlib

    if size > PDF_LIMIT:
        raise StripError("The PDF is larger than this program makes working copies of (256 MiB).")
    digest = hashlib.sha256()
    answer: tuple[dict[str, Any], bytes] | None = None
    try:
        with limited_child(__name__, timeout) as child:

            def feed() -> None:
                with contextlib.suppress(OSError):
                    wanted = (options.strip_location, options.strip_device)
                    child.stdin.write(struct.pack(">QBB", size, *wanted))
                    reader.seek(0)
                    while chunk := reader.read(_READ):
                        digest.update(chunk)
                        child.stdin.write(chunk)
                with contextlib.suppress(OSError):
                    child.stdin.close()

            feeder = threading.Thread(target=feed, name="pdf-strip-feed", daemon=True)
            feeder.start()
            try:
                answer = _read_answer(child.stdout)
            finally:
                feeder.join()  # the deadline still holds: a late child is killed
    except OSError as error:
        raise StripError(f"The PDF reader could not start ({error.strerror}).") from None
    if child.late.is_set():
        raise StripError(f"The PDF reader gave up after {timeout:g} s (a crafted file?).")
    if answer is None:
        raise StripError("The PDF reader stopped before it finished (a damaged or crafted file?).")
    report, data = answer
    if "error" in report:
        raise StripError(str(report["error"])[:300])
    removed = [str(name)[:80] for name in report.get("removed", [])][:200]
    return data, removed, digest.hexdigest()


def _read_answer(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    try:
        head = _exactly(stream, 12)
        report_length, data_length = struct.unpack(">IQ", head)
        if report_length > 1 << 20 or data_length > 2 * PDF_LIMIT:
            return None
        report = json.loads(_exactly(stream, report_length).decode("utf-8"))
        data = _exactly(stream, data_length)
    except (EOFError, OSError, ValueError, UnicodeDecodeError):
        return None
    return (report, data) if isinstance(report, dict) else None


def _exactly(stream: IO[bytes], length: int) -> bytes:
    parts, left = [], length
    while left:
        chunk = stream.read(min(left, _READ))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


# -- the child ------------------------------------------------------------------------------


def scrub_document(data: bytes, options: StripOptions) -> tuple[bytes, list[str]]:
    """The PDF rewritten without document metadata (runs in the child)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    from app.core.strip import plan_strip

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise StripError("The PDF is encrypted; its metadata cannot be removed.")
    writer = PdfWriter(clone_from=reader)
    removed: list[str] = []
    info = reader.trailer.get("/Info")
    if info is not None:
        removed += [f"Info {key[1:]}" for key in sorted(info.get_object().keys())]
    writer._info = None  # no document information dictionary in the copy
    root = writer._root_object
    for key in ("/Metadata", "/PieceInfo"):
        if key in root:
            del root[NameObject(key)]
            removed.append("document XMP" if key == "/Metadata" else "document PieceInfo")
    for number, page in enumerate(writer.pages, start=1):
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[NameObject(key)]
                removed.append(f"page {number} {key[1:]}")
    seen: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources is not None else None
        if objects is None:
            continue
        for name, ref in objects.get_object().items():
            image = ref.get_object()
            if id(image) in seen or image.get("/Subtype") != "/Image":
                continue
            seen.add(id(image))
            if "/Metadata" in image:
                del image[NameObject("/Metadata")]
                removed.append(f"image {name[1:]} XMP")
            filters = image.get("/Filter")
            if filters != "/DCTDecode" and filters != ["/DCTDecode"]:
                continue
            raw = image._data  # the JPEG bytes as stored: scrubbed without decoding
            plan = plan_strip("image/jpeg", io.BytesIO(raw), len(raw), options)
            if plan.removed:
                image._data = b"".join(
                    p if isinstance(p, bytes) else raw[p[0] : p[1]] for p in plan.pieces
                )
                removed += [f"image {name[1:]} {what}" for what in plan.removed]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), list(dict.fromkeys(removed))


def _child_main() -> int:
    from app.platform.children import limit_own_memory

    limit_own_memory(CHILD_MEMORY_LIMIT)
    import logging

    logging.disable(logging.CRITICAL)  # pypdf logs file contents; nobody reads them here
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        size, location, device = struct.unpack(">QBB", _exactly(stdin, 10))
        data = _exactly(stdin, size)
    except EOFError:
        return 1
    copy = b""
    try:
        copy, removed = scrub_document(data, StripOptions(bool(location), bool(device)))
        report: dict[str, Any] = {"removed": removed}
    except StripError as error:
        report = {"error": str(error)}
    except MemoryError:
        report = {"error": "The PDF is too large to rewrite within this program's limits."}
    except Exception:  # any parser failure is a refusal, not a crash
        report = {"error": "The PDF's structure could not be followed; no copy was made."}
    raw = json.dumps(report, ensure_ascii=True).encode("ascii")
    stdout.write(struct.pack(">IQ", len(raw), len(copy)) + raw + copy)
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
