"""The report kit's modules use each other through public names only."""

from __future__ import annotations

import ast
from pathlib import Path

import app.reports

REPORTS = Path(app.reports.__file__).parent


def test_no_report_module_imports_another_ones_private_helpers():
    """Issue 15: returns.py imported _blank_rows, _is_merged, _put and _write_rows from
    template.py; what two modules share is a public name of the one that owns it."""
    found = []
    for path in sorted(REPORTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app."):
                found += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []
