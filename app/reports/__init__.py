"""Writers and readers of spreadsheets and PDFs; they take DTOs, never sessions."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from app.reports.table import Column, ReportTable

SUFFIXES = (".xlsx", ".pdf")


def report_format(path: Path | str) -> str:
    """ ".xlsx" or ".pdf" from the file name; ValueError (Chinese message) for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        shown = suffix or Path(path).name
        raise ValueError(f"不支持导出为“{shown}”格式：请使用 .xlsx 或 .pdf 文件名")
    return suffix


def write_report(tables: ReportTable | Sequence[ReportTable], path: Path | str) -> int:
    """Write xlsx or pdf by the file's suffix; return the number of body rows written.

    The file is written beside the target and moved into place only when complete, so a
    failed or cancelled export (a row generator may raise to cancel) never leaves half a
    file and never spoils an earlier good one.
    """
    target = Path(path)
    suffix = report_format(target)
    partial = target.with_name(f"~{target.stem}.part{suffix}")
    try:
        if suffix == ".xlsx":
            from app.reports.xlsx import write_xlsx

            count = write_xlsx(tables, partial)
        else:
            from app.reports.pdf import write_pdf

            count = write_pdf(tables, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


__all__ = ["SUFFIXES", "Column", "ReportTable", "report_format", "write_report"]
