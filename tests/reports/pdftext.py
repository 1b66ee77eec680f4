"""Read a written PDF back as text with poppler's pdftotext (skipped where it is missing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def pdf_text(path: Path, *options: str) -> str:
    """The text of every page, pages split by form feeds."""
    done = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True)
    return done.stdout.decode("utf-8")
