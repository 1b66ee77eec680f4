"""The house rule of time: only app/clock.py reads the machine's clock, in app and in tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WALL_CLOCK = re.compile(r"\b(date\.today|datetime\.(now|utcnow|today)|QDate\.currentDate|"
                        r"QDateTime\.currentDateTime)\(")  # fmt: skip
ALLOWED = {ROOT / "app" / "clock.py"}


def _offenders() -> list[str]:
    found = []
    for folder in ("app", "tests", "migrations"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in ALLOWED or path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    assert _offenders() == []


def test_the_guard_sees_a_wall_clock_call() -> None:
    assert WALL_CLOCK.search("day = date.today()")
    assert WALL_CLOCK.search("at = datetime.now(UTC)")
    assert not WALL_CLOCK.search("day = clock.today()")
