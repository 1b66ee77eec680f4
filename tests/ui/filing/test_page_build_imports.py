"""Building a 公文 page loads no export or demo code: it only needs the export's title."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.config import DataDir
from app.db import open_database
from app.services.context import CLI
from app.services.modules import load_all

qt = QApplication([])
load_all()
open_database(DataDir(Path(sys.argv[1])))
from app.ui.filing.incoming_page import IncomingPage
page = IncomingPage(CLI)
print("name:", page.export_action.default_name)
print("loaded:", ",".join(m for m in ("app.services.filing.exchange", "app.services.filing.demo")
                          if m in sys.modules))
"""


def test_building_the_incoming_page_loads_no_export_code(data_dir):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir.root)],
        capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert lines["name"] == "收文登记簿"
    assert lines["loaded"] == ""
