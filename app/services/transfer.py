"""Import a sheet into a register, or export a register, through the module registry."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.reports import report_format, write_report
from app.reports.reader import ReaderError, read_table
from app.services import registry
from app.services.errors import DomainError
from app.services.registry import ExportQuery


class UnreadableFile(DomainError):
    """The file is not a table we can read (not Excel/CSV, no header row, empty, locked)."""


class DryRun(Exception):
    """Raised after a dry-run import loaded every row, so the unit of work rolls back."""

    def __init__(self, count: int) -> None:
        super().__init__(f"试导入 {count} 行")
        self.count = count


def import_file(session: Session, /, kind: str, path: Path, *, dry_run: bool = False) -> int:
    """Read `path` and load its rows as `kind`; all rows or none (ImportRejected)."""
    importer = registry.IMPORTS.get(kind)
    if importer is None:
        raise DomainError(f"导入类型 {kind} 尚未提供")
    try:
        rows = read_table(Path(path), importer.columns, importer.required)
    except ReaderError as exc:
        raise UnreadableFile(exc.message) from exc
    if not rows:
        raise UnreadableFile(f"文件 {Path(path).name} 的表头下没有数据行，未导入任何数据")
    count = importer.load(session, rows)
    if dry_run:
        raise DryRun(count)
    return count


def export_file(session: Session, /, kind: str, path: Path, query: ExportQuery) -> int:
    """Write `kind` for `query` to `path` (.xlsx or .pdf); return the rows written."""
    exporter = registry.EXPORTS.get(kind)
    if exporter is None:
        raise DomainError(f"导出类型 {kind} 尚未提供")
    if exporter.write is not None:
        return exporter.write(session, query, Path(path))
    try:
        report_format(path)  # before the query runs: a wrong name fails fast
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    return write_report(exporter.build(session, query), path)
