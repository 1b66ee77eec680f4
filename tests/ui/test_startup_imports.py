"""Start-up stays light: the login path imports no spreadsheet, PDF or migration machinery."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("openpyxl", "reportlab", "alembic")

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
