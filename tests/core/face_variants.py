"""The labelled face photos under the conditions documenters' photos come in.

Three labelled faces (tests/fixtures/faces) are few. Each photo is also taken through
what happens to real photos: smaller (a face across a room), mirrored, turned, in poor
light, noisy, recompressed by a messenger; and the three faces are put together on one
larger canvas (a group). The labels follow every geometric change, so recall can be
measured per condition. This is a robustness measure over three people, not a
measure over a population: the figures say which conditions the detector misses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
LABELS: dict[str, list[list[int]]] = json.loads((FIXTURES / "labels.json").read_text())["photos"]
MATCH_IOU = 0.3  # a detected box this close to a label counts as finding the face


@dataclass(frozen=True)
class Variant:
    condition: str
    source: str
    image: Any  # an OpenCV BGR image
    faces: list[list[int]]  # [x, y, width, height] in the variant's pixels


def iou(a: list[int], b: list[int]) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / float(a[2] * a[3] + b[2] * b[3] - inter)


def _load(cv2: Any, name: str) -> Any:
    image = cv2.imread(str(FIXTURES / name), cv2.IMREAD_COLOR)
    if image is None:
        raise FileNotFoundError(name)
    return image


def _scaled(cv2: Any, image: Any, boxes: list[list[int]], factor: float) -> tuple[Any, list]:
    height, width = image.shape[:2]
    size = (round(width * factor), round(height * factor))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return small, [[round(v * factor) for v in box] for box in boxes]


def _turned(cv2: Any, numpy: Any, image: Any, boxes: list[list[int]], degrees: float) -> tuple:
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    turned = cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_REFLECT)
    moved = []
    for x, y, w, h in boxes:
        corners = numpy.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]])
        points = corners @ matrix.T
        x0, y0 = points.min(axis=0)
        x1, y1 = points.max(axis=0)
        # The axis-aligned box around the turned face, shrunk back to the face's own
        # size so a detector's upright box can still meet it.
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        moved.append([round(cx - w / 2), round(cy - h / 2), w, h])
    return turned, moved


def variants(cv2: Any, numpy: Any) -> Iterator[Variant]:
    """Every condition for every labelled photo, then one group canvas per scale."""
    rng = numpy.random.default_rng(1)
    for name, boxes in LABELS.items():
        image = _load(cv2, name)
        yield Variant("as shipped", name, image, boxes)
        for factor in (0.5, 0.33):
            small, moved = _scaled(cv2, image, boxes, factor)
            yield Variant(f"scaled to {factor:g}", name, small, moved)
        width = image.shape[1]
        mirrored = [[width - x - w, y, w, h] for x, y, w, h in boxes]
        yield Variant("mirrored", name, cv2.flip(image, 1), mirrored)
        for degrees in (-15.0, 15.0):
            turned, moved = _turned(cv2, numpy, image, boxes, degrees)
            yield Variant(f"turned {degrees:+g} degrees", name, turned, moved)
        dark = cv2.convertScaleAbs(image, alpha=0.35, beta=0)
        yield Variant("dark (35 % light)", name, dark, boxes)
        noise = rng.normal(0, 20, image.shape)
        noisy = numpy.clip(image.astype("float32") + noise, 0, 255).astype("uint8")
        yield Variant("sensor noise", name, noisy, boxes)
        _ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 25])
        yield Variant("recompressed (JPEG 25)", name, cv2.imdecode(encoded, cv2.IMREAD_COLOR),
                      boxes)  # fmt: skip
    for factor in (0.6, 0.3):
        yield _group(cv2, numpy, factor)


def _group(cv2: Any, numpy: Any, factor: float) -> Variant:
    """The three photos side by side on a grey canvas, each scaled by ``factor``."""
    pieces = []
    for name, boxes in LABELS.items():
        pieces.append(_scaled(cv2, _load(cv2, name), boxes, factor))
    height = max(piece.shape[0] for piece, _ in pieces) + 40
    width = sum(piece.shape[1] for piece, _ in pieces) + 40 * (len(pieces) + 1)
    canvas = numpy.full((height, width, 3), 128, dtype="uint8")
    faces: list[list[int]] = []
    left = 40
    for piece, boxes in pieces:
        canvas[20 : 20 + piece.shape[0], left : left + piece.shape[1]] = piece
        faces.extend([[x + left, y + 20, w, h] for x, y, w, h in boxes])
        left += piece.shape[1] + 40
    return Variant(f"group of three at {factor:g}", "all", canvas, faces)


def found(detected: list[list[int]], faces: list[list[int]]) -> int:
    """How many labelled faces a detected box meets."""
    return sum(any(iou(face, box) >= MATCH_IOU for box in detected) for face in faces)
