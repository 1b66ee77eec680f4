"""Start-up stays light: the login path imports no spreadsheet, PDF or migration machinery."""

from __future__ import annotations

import subprocess
import sys

AREAS = ("filing", "seals", "duty", "visits", "archives")
# import/export and demo code registers on first use (registry.register_later), not at start
DEFERRED = tuple(f"app.services.{a}.{part}" for a in AREAS for part in ("exchange", "demo"))
HEAVY = ("openpyxl", "reportlab", "alembic", "python_calamine", *DEFERRED)

PROBE = """
import sys
import app.ui.app, app.ui.login, app.ui.wizard, app.ui.main_window
from app.services.modules import load_all
load_all()
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_login_path_imports_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == ""


def test_the_deferred_kinds_and_demos_are_there_when_asked_for():
    from app.services import registry
    from app.services.modules import load_all

    load_all()
    assert {"incoming", "seal-uses", "staff", "visits"} <= set(registry.IMPORTS)
    assert registry.EXPORTS["seal-uses"].title == "用印登记簿"
    assert [name for name, _ in registry.DEMOS][:2] == ["公文", "用印"]
