"""python -m app: the window (first-run wizard or login, then the main window)."""

from __future__ import annotations

import sys


def main() -> int:
    from app.ui.app import run

    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
