"""Import a sheet into a register, or export a register, through the module registry."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.reports import report_format, write_report
from app.reports.reader import Grid, MissingColumns, ReaderError, load_grids, rows_of
from app.services import batches, lengths, registry, settings
from app.services.errors import DomainError, ImportRejected, RowError
from app.services.registry import ExportQuery


class UnreadableFile(DomainError):
    """The file is not a table we can read (not Excel/CSV, no header row, empty, locked)."""


class DryRun(Exception):
    """Raised after a dry-run import loaded every row, so the unit of work rolls back."""

    def __init__(self, count: int) -> None:
        super().__init__(f"试导入 {count} 行")
        self.count = count


class ColumnsMissing(UnreadableFile):
    """Required columns not found: the sheet's headers and the words each field accepts."""

    def __init__(self, exc: MissingColumns) -> None:
        super().__init__(exc.message)
        self.found, self.missing = exc.found, exc.missing


def read_grids(path: Path) -> list[Grid]:
    """The file's sheets, read once; a file that is no table is UnreadableFile."""
    try:
        return load_grids(Path(path))
    except ReaderError as exc:
        raise UnreadableFile(exc.message) from exc


def import_file(
    session: Session,
    /,
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    grids: list[Grid] | None = None,
) -> int:
    """Read `path` (or its grids, read already) and load its rows as `kind`, all or none
    (ImportRejected); recorded as an import batch. mapping: field -> the sheet's header,
    chosen by the clerk, remembered for sheets with the same header row."""
    importer = registry.IMPORTS.get(kind)
    if importer is None:
        raise DomainError(f"导入类型 {kind} 尚未提供")
    path = Path(path)
    grids = read_grids(path) if grids is None else grids
    rows = _rows(session, importer, path.name, grids, mapping)
    if not rows:
        raise UnreadableFile(f"文件 {path.name} 的表头下没有数据行，未导入任何数据")
    before = batches.top_id(session, kind)
    try:
        count = importer.load(session, rows)
        session.flush()  # a dry run too: an over-long cell is found now, as a bad row
    except lengths.TooLong as exc:
        raise _cell_too_long(rows, exc) from exc
    if dry_run:
        raise DryRun(count)
    batches.record(session, kind, path, count, before)
    return count


def _cell_too_long(rows: list[dict], exc: lengths.TooLong) -> DomainError:
    """The sheet's row and column of the over-long value, as a bad cell of the import."""
    for row in rows:
        for header, value in row.items():
            if header != "_row" and value is not None and str(value).strip() == exc.value:
                reason = f"太长（最多 {exc.limit} 个字，现有 {len(exc.value)} 个字）"
                return ImportRejected([RowError(row["_row"], header, reason)])
    return exc


def _rows(
    session: Session,
    importer: registry.ImportKind,
    name: str,
    grids: list[Grid],
    mapping: dict[str, str] | None,
) -> list[dict]:
    columns, required = importer.columns, importer.required
    try:
        rows = rows_of(grids, name, columns, required, mapping)
    except MissingColumns as exc:
        saved = settings.get(session, mapping_key(importer.name, exc.found))
        if mapping or not saved:
            raise ColumnsMissing(exc) from exc
        try:
            return rows_of(grids, name, columns, required, saved)
        except MissingColumns as again:
            raise ColumnsMissing(again) from again
    if mapping:
        found = header_row(grids, columns, required)
        settings.put(session, mapping_key(importer.name, found), mapping, check=False)
    return rows


def header_row(grids: list[Grid], columns: Any, required: Any) -> list[str]:
    """The header texts of the sheet as read without the mapping (what the memory is keyed by)."""
    try:
        rows_of(grids, "", columns, required)
    except MissingColumns as exc:
        return exc.found
    return []


def mapping_key(kind: str, found: list[str]) -> str:
    """The setting under which a confirmed mapping is kept: per kind and header row."""
    digest = hashlib.sha256("\x1f".join(found).encode()).hexdigest()[:16]
    return f"import.mapping.{kind}.{digest}"


def saved_mapping(session: Session, /, kind: str, found: list[str]) -> dict[str, str] | None:
    value = settings.get(session, mapping_key(kind, found))
    return dict(value) if isinstance(value, dict) else None


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
