"""A tiny import/export kind for the transfer and CLI tests: rows become settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.dates import parse_date
from app.models.settings import Setting
from app.reports import Column, ReportTable
from app.services import settings
from app.services.errors import ImportRejected, RowError
from app.services.registry import ExportKind, ExportQuery, ImportKind

PREFIX = "test.incoming."


def load(session: Session, rows: list[dict[str, Any]]) -> int:
    errors = []
    for row in rows:
        if not row["来文机关"]:
            errors.append(RowError(row["_row"], "来文机关", "不能为空"))
        if parse_date(row["收文日期"]) is None:
            errors.append(RowError(row["_row"], "收文日期", f"无法识别的日期：{row['收文日期']}"))
    if errors:
        raise ImportRejected(errors)
    for row in rows:
        day = parse_date(row["收文日期"])
        assert day is not None
        value = {"来文机关": row["来文机关"], "收文日期": day.isoformat()}
        settings.put(session, f"{PREFIX}{row['标题']}", value, check=False)
    return len(rows)


def stored(session: Session) -> dict[str, Any]:
    found = session.scalars(select(Setting).where(Setting.key.startswith(PREFIX)))
    return {row.key.removeprefix(PREFIX): settings.get(session, row.key) for row in found}


def build(session: Session, query: ExportQuery) -> ReportTable:
    rows = [
        [title, value["来文机关"], date.fromisoformat(value["收文日期"])]
        for title, value in sorted(stored(session).items())
    ]
    columns = [Column("标题", 30), Column("来文机关", 16), Column("收文日期", 12)]
    return ReportTable("收文登记簿", columns, rows, unit="某某镇人民政府")


IMPORT = ImportKind(
    name="incoming",
    title="收文",
    columns={"标题": ("标题", "文件标题"), "来文机关": ("来文机关", "来文单位"),
             "收文日期": ("收文日期",)},
    required=("标题", "来文机关"),
    load=load,
)  # fmt: skip
EXPORT = ExportKind(name="incoming", title="收文", build=build)


def sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["某某镇收文登记表"])
    book.active.merge_cells("A1:C1")
    book.active.append(["文件标题", "来文单位", "收文日期"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
