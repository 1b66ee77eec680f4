"""Read a written PDF back as text with poppler's pdftotext (skipped where it is missing)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def pdf_text(path: Path, *options: str) -> str:
    """The text of every page, pages split by form feeds."""
    done = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True)
    return done.stdout.decode("utf-8")


_WORD = re.compile(r'<word [^>]*yMax="([\d.]+)">([^<]*)</word>')


def page_feet(path: Path, height: float) -> list[str]:
    """Per page, the text reaching lower than `height` points from the top edge."""
    done = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True)
    pages = done.stdout.decode("utf-8").split("</page>")[:-1]
    return ["".join(word for y, word in _WORD.findall(page) if float(y) > height) for page in pages]
