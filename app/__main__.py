"""Entry point: ``evidence-vault`` or ``python -m app``.

With a command it runs the CLI; with none it opens the desktop window. The GUI is
imported only on that path so the CLI never loads Qt.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Files we create are ours alone; set before anything can create one.
    os.umask(0o077)
    if args:
        from app.cli import run

        return run(args)
    from app.gui import launch

    return launch()


if __name__ == "__main__":
    sys.exit(main())
