"""Reads one application's accessible tree through AT-SPI, as a screen reader does, and
writes it as JSON. Run by the system Python, which has Debian's python3-pyatspi
(pyatspi is not on PyPI); it imports nothing else of the project.

    /usr/bin/python3 tests/gui/atspi_reader.py PID OUT_JSON

Each node: role, name, description, and whether it is showing on the screen.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    import pyatspi  # type: ignore[import-not-found]  # Debian's python3-pyatspi, no stubs

    pid, out = int(sys.argv[1]), sys.argv[2]
    nodes: list[dict[str, object]] = []

    def walk(node: object, depth: int) -> None:
        states = node.getState()  # type: ignore[attr-defined]
        nodes.append({
            "role": node.getRoleName(),  # type: ignore[attr-defined]
            "name": node.name,  # type: ignore[attr-defined]
            "description": node.description,  # type: ignore[attr-defined]
            "showing": bool(states.contains(pyatspi.STATE_SHOWING)),
        })  # fmt: skip
        if depth > 80:
            return
        for index in range(node.childCount):  # type: ignore[attr-defined]
            child = node.getChildAtIndex(index)  # type: ignore[attr-defined]
            if child is not None:
                walk(child, depth + 1)

    # The application registers with the registry shortly after it starts; wait for it.
    deadline = time.monotonic() + 20
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        apps = [a for a in desktop if a is not None and a.get_process_id() == pid]
        if apps or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for app in apps:
        walk(app, 0)
    with open(out, "w", encoding="utf-8") as sink:
        json.dump({"found": bool(apps), "nodes": nodes}, sink)


if __name__ == "__main__":
    main()
