"""Faces blurred in a working copy of a photo, in a child process with bounds.

The detector is OpenCV's Haar cascades (``haarcascade_frontalface_default.xml`` and
``haarcascade_profileface.xml``, Intel License Agreement, shipped inside the
``opencv-python-headless`` 4.x wheel; OpenCV itself is Apache-2.0). It runs offline
from those files and is an optional extra: ``pip install "evidence-vault[faces]"``.
Without it, :func:`available` is false and a copy with faces blurred is refused with
that instruction; everything else works as before (the frozen bundle ships without it).

A photo comes from anywhere, so decoding, detecting and blurring run in a short-lived
child (``python -m app.core.faces``) under the same memory limit as the metadata reader
and a deadline. The parent sends the decrypted original over a pipe (never a file) and
gets back the re-encoded image: JPEG at quality 95, PNG lossless, WebP at quality 95,
with no metadata at all (the encoder writes none). Each face's box, enlarged so the
hair line, ears and chin are inside it, is pixelated to a few cells and then blurred:
what was there cannot be recovered from the copy. Detection misses faces (small, turned
away, covered); the documenter is told to look at the copy before it goes anywhere.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app.core.limited_child import limited_child
from app.core.metadata import CHILD_MEMORY_LIMIT  # the same bound as the metadata reader
from app.errors import EvidenceVaultError

FACE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
INPUT_LIMIT = 64 * 1024 * 1024  # an original photo larger than this is refused
OUTPUT_LIMIT = 256 * 1024 * 1024
PIXEL_LIMIT = 40_000_000  # decoded pixels (OpenCV refuses larger images before allocating)
# Three searches (upright and tilted both ways) of a 12 MP photo take about 13 s on a busy
# 2-core machine; a slower laptop gets room, and a stuck child still ends.
FACE_TIMEOUT = 90.0
DETECT_SIDE = 1600  # detection runs on the photo scaled to at most this long side
ENLARGE = 0.25  # each side of a detected box grows by this share of its size
CELLS = 6  # a face's box is pixelated to about this many cells across
CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")
# The cascades find upright faces only; a head tilted by 15 degrees is missed. The photo
# is also searched turned both ways: on the labelled photos under the conditions of
# tests/core/face_variants.py, recall rose from 25 to 32 of 33 faces, for 9 small
# needless patches in 29 photos (a missed face endangers someone, a patch does not).
TILTS = (0.0, -15.0, 15.0)
INSTALL_HINT = (
    "Blurring faces needs the optional face detector: install it with "
    "'pip install \"evidence-vault[faces]\"' (OpenCV, run offline). No copy was made."
)
_ENCODE = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


class FaceBlurError(EvidenceVaultError):
    """No copy with blurred faces was made (the reason says why)."""


@dataclass(frozen=True)
class Blurred:
    data: bytes  # the re-encoded image, no metadata
    faces: int
    regions: list[list[int]]  # [x, y, width, height] of each blurred area, in the copy
    detector: str  # name and version, as recorded
    original_sha256: str


def available() -> bool:
    """Whether the optional detector is installed (without importing it)."""
    try:
        return importlib.util.find_spec("cv2") is not None
    except (ImportError, ValueError):
        return False


def blur_faces(
    source: Any, size: int, media_type: str, *, timeout: float = FACE_TIMEOUT
) -> Blurred:
    """The photo in ``source`` (a binary reader of ``size`` bytes) with its faces blurred.

    Raises FaceBlurError: the detector is not installed, the type is not a photo it can
    re-encode, the photo is too large, or the child failed or ran out of time.
    """
    if media_type not in FACE_TYPES:
        raise FaceBlurError(
            "Faces can be blurred in JPEG, PNG and WebP photos only (not in video or "
            f"{media_type} files); no copy was made.",
            code="copy.faces_unsupported_type",
            params={"type": media_type},
        )
    if not available():
        raise FaceBlurError(INSTALL_HINT, code="copy.faces_unavailable")
    if size > INPUT_LIMIT:
        raise FaceBlurError(
            f"The photo is larger than {INPUT_LIMIT // (1024 * 1024)} MB; faces were not "
            "blurred and no copy was made.",
            code="copy.faces_too_large",
        )
    digest = hashlib.sha256()
    parts = []
    remaining = size
    while remaining > 0:
        chunk = source.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        digest.update(chunk)
        parts.append(chunk)
        remaining -= len(chunk)
    answer, data = _run_child(media_type, b"".join(parts), timeout)
    if "error" in answer:
        raise FaceBlurError(
            f"Faces could not be blurred: {str(answer['error'])[:200]}. No copy was made.",
            code="copy.faces_failed",
        )
    regions = [[int(v) for v in box] for box in answer.get("regions", [])]
    detector = str(answer.get("detector", ""))
    return Blurred(data, len(regions), regions, detector, digest.hexdigest())


def _run_child(media_type: str, image: bytes, timeout: float) -> tuple[dict[str, Any], bytes]:
    """Send the photo to the child, get its answer and the copy; killed at the deadline.

    Protocol: the parent writes a 1-byte length and the media type, an 8-byte length and
    the photo, and closes the pipe; the child answers ``A``, a 4-byte length and a JSON
    object, then an 8-byte length and the re-encoded image.
    """
    answer: dict[str, Any] | None = None
    data = b""
    try:
        with limited_child(__name__, timeout) as child:
            try:
                kind = media_type.encode("ascii")
                child.stdin.write(
                    struct.pack(">B", len(kind)) + kind + struct.pack(">Q", len(image))
                )
                child.stdin.write(image)
                child.stdin.close()
                if _read_exactly(child.stdout, 1) == b"A":
                    (length,) = struct.unpack(">I", _read_exactly(child.stdout, 4))
                    raw = _read_exactly(child.stdout, min(length, 1 << 20))
                    parsed = json.loads(raw.decode("utf-8"))
                    if isinstance(parsed, dict):
                        (size,) = struct.unpack(">Q", _read_exactly(child.stdout, 8))
                        if size > OUTPUT_LIMIT:
                            raise ValueError("copy too large")
                        data = _read_exactly(child.stdout, size)
                        answer = parsed
            except (OSError, EOFError, struct.error, ValueError):
                pass  # the child died or was killed; decided below
    except OSError as error:
        return {"error": f"the face detector could not start ({error.strerror})"}, b""
    if child.late.is_set():
        return {"error": f"the face detector gave up after {timeout:g} s"}, b""
    if answer is None:
        return {"error": "the face detector stopped before it finished"}, b""
    if "error" not in answer and not data:
        return {"error": "the face detector returned no image"}, b""
    return answer, data


def _read_exactly(stream: IO[bytes], length: int) -> bytes:
    data = bytearray()
    while len(data) < length:
        chunk = stream.read(length - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


# -- the child ----------------------------------------------------------------------------


def _overlap(a: list[int], b: list[int]) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(min(a[2] * a[3], b[2] * b[3]) or 1)


def detect(cv2: Any, image: Any) -> list[list[int]]:
    """Face boxes [x, y, width, height] in an OpenCV image (frontal, and profiles facing
    either way), in the image's own pixels. Runs inside the child."""
    gray = image
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        gray = cv2.cvtColor(image, code)
    if gray.dtype != "uint8":
        gray = cv2.convertScaleAbs(gray, alpha=255.0 / 65535.0)
    height, width = gray.shape[:2]
    scale = min(1.0, DETECT_SIDE / float(max(height, width)))
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    found: list[list[int]] = []
    for angle in TILTS:
        view, back = _tilted(cv2, gray, angle)
        for box in _cascade_boxes(cv2, view):
            found.append(back(box))
    merged: list[list[int]] = []
    for box in sorted(found, key=lambda b: -b[2] * b[3]):
        if all(_overlap(box, kept) < 0.5 for kept in merged):
            merged.append(box)
    return [[round(v / scale) for v in box] for box in merged]


def _tilted(cv2: Any, gray: Any, angle: float) -> tuple[Any, Callable[[list[int]], list[int]]]:
    """The image turned by ``angle`` degrees, and how to bring a box found in it back:
    its centre turned back, its size kept (a tilted face's box is about as large)."""
    if not angle:
        return gray, lambda box: box
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    view = cv2.warpAffine(gray, matrix, (width, height), borderMode=cv2.BORDER_REFLECT)
    inverse = cv2.invertAffineTransform(matrix)

    def back(box: list[int]) -> list[int]:
        x, y, w, h = box
        cx = inverse[0][0] * (x + w / 2) + inverse[0][1] * (y + h / 2) + inverse[0][2]
        cy = inverse[1][0] * (x + w / 2) + inverse[1][1] * (y + h / 2) + inverse[1][2]
        return [round(cx - w / 2), round(cy - h / 2), w, h]

    return view, back


def _cascade_boxes(cv2: Any, view: Any) -> Iterator[list[int]]:
    """Boxes of both cascades in one view (profiles looked for facing either way)."""
    for name in CASCADES:
        cascade = cv2.CascadeClassifier(str(Path(cv2.data.haarcascades) / name))
        if cascade.empty():
            raise RuntimeError(f"the detector model {name} is missing")
        flips = (False, True) if "profile" in name else (False,)
        for flip in flips:
            seen = cv2.flip(view, 1) if flip else view
            boxes = cascade.detectMultiScale(
                seen, scaleFactor=1.1, minNeighbors=5, minSize=(20, 20)
            )
            for x, y, w, h in boxes:
                x = seen.shape[1] - x - w if flip else x
                yield [int(x), int(y), int(w), int(h)]


def blur_regions(cv2: Any, image: Any, boxes: list[list[int]]) -> list[list[int]]:
    """Pixelate and blur each box, enlarged; returns the areas changed. Inside the child."""
    height, width = image.shape[:2]
    changed = []
    for x, y, w, h in boxes:
        dx, dy = round(w * ENLARGE), round(h * ENLARGE)
        x0, y0 = max(0, x - dx), max(0, y - dy)
        x1, y1 = min(width, x + w + dx), min(height, y + h + dy)
        if x1 <= x0 or y1 <= y0:
            continue
        area = image[y0:y1, x0:x1]
        cell = max(1, max(x1 - x0, y1 - y0) // CELLS)
        small = cv2.resize(
            area,
            (max(1, (x1 - x0) // cell), max(1, (y1 - y0) // cell)),
            interpolation=cv2.INTER_AREA,
        )
        blocks = cv2.resize(small, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
        kernel = cell | 1
        image[y0:y1, x0:x1] = cv2.GaussianBlur(blocks, (kernel, kernel), 0)
        changed.append([x0, y0, x1 - x0, y1 - y0])
    return changed


def process(media_type: str, data: bytes) -> tuple[dict[str, Any], bytes]:
    """Decode, detect, blur and re-encode without metadata. Inside the child."""
    import cv2
    import numpy

    cv2.setNumThreads(1)
    # JPEG and WebP: decoded upright (EXIF orientation applied), since the copy carries
    # no orientation tag. PNG: as stored (alpha, 16 bits and grey kept).
    flags = cv2.IMREAD_UNCHANGED if media_type == "image/png" else cv2.IMREAD_COLOR
    image = cv2.imdecode(numpy.frombuffer(data, dtype=numpy.uint8), flags)
    if image is None:
        return {"error": "the photo could not be decoded"}, b""
    regions = blur_regions(cv2, image, detect(cv2, image))
    params = {
        "image/jpeg": [cv2.IMWRITE_JPEG_QUALITY, 95],
        "image/png": [cv2.IMWRITE_PNG_COMPRESSION, 6],
        "image/webp": [cv2.IMWRITE_WEBP_QUALITY, 95],
    }[media_type]
    ok, encoded = cv2.imencode(_ENCODE[media_type], image, params)
    if not ok:
        return {"error": "the copy could not be encoded"}, b""
    detector = f"OpenCV {cv2.__version__} Haar cascades: " + ", ".join(CASCADES)
    return {"regions": regions, "detector": detector}, encoded.tobytes()


def _child_main() -> int:
    from app.platform.children import limit_own_memory

    limit_own_memory(CHILD_MEMORY_LIMIT)
    os.environ["OPENCV_IO_MAX_IMAGE_PIXELS"] = str(PIXEL_LIMIT)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        (kind_length,) = struct.unpack(">B", _read_exactly(stdin, 1))
        media_type = _read_exactly(stdin, kind_length).decode("ascii")
        (size,) = struct.unpack(">Q", _read_exactly(stdin, 8))
        if size > INPUT_LIMIT or media_type not in FACE_TYPES:
            return 1
        data = _read_exactly(stdin, size)
    except (EOFError, struct.error, UnicodeDecodeError):
        return 1
    try:
        answer, encoded = process(media_type, data)
    except ImportError:
        answer, encoded = {"error": "the face detector (OpenCV) is not installed"}, b""
    except MemoryError:
        answer, encoded = {"error": "the photo is too large to process"}, b""
    except Exception as error:  # any decoder failure is a refusal, not a crash
        reason = f"the photo could not be processed ({type(error).__name__})"
        answer, encoded = {"error": reason}, b""
    raw = json.dumps(answer, ensure_ascii=True).encode("ascii")
    stdout.write(b"A" + struct.pack(">I", len(raw)) + raw + struct.pack(">Q", len(encoded)))
    stdout.write(encoded)
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
