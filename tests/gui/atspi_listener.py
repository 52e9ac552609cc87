"""Listens on AT-SPI for what one application announces, as a screen reader does, and
writes it as JSON. Run by the system Python, which has Debian's python3-pyatspi.

    /usr/bin/python3 tests/gui/atspi_listener.py PID READY_FILE OUT_JSON SECONDS

An announcement (``object:announcement``) is what a screen reader speaks at once,
wherever the focus is. READY_FILE appears once the listener is registered, so the
application acts only when someone is listening; the listener stops SECONDS later, or
one second after the first announcement from PID.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    import pyatspi  # type: ignore[import-not-found]  # Debian's python3-pyatspi, no stubs
    from gi.repository import GLib  # type: ignore[import-not-found]  # with pyatspi

    pid, ready, out, seconds = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    heard: list[dict[str, object]] = []

    def on_event(event: object) -> None:
        source = event.source  # type: ignore[attr-defined]
        try:
            owner = source.get_application().get_process_id()
        except Exception:  # an object gone before it was asked: not ours to judge
            return
        if owner != pid:
            return
        heard.append({
            "text": str(event.any_data),  # type: ignore[attr-defined]
            "politeness": int(event.detail1),  # type: ignore[attr-defined]  # 1 polite, 2 assertive
            "source": str(source.name),
            "description": str(source.description),
        })  # fmt: skip
        if len(heard) == 1:
            GLib.timeout_add(1000, pyatspi.Registry.stop)

    pyatspi.Registry.registerEventListener(on_event, "object:announcement")
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    ready.write_text("listening", encoding="utf-8")
    pyatspi.Registry.start()
    with open(out, "w", encoding="utf-8") as sink:
        json.dump(heard, sink)


if __name__ == "__main__":
    main()
