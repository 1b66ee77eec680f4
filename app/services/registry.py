"""The small interface every module plugs into: 待办, import/export kinds, demo, check."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.reports.table import ReportTable


@dataclass(frozen=True)
class TodoItem:
    """One line of 首页's 待办 list."""

    module: str  # 收文, 发文, 督办, 值班, 用印, 档案, 来访
    title: str
    detail: str = ""
    due: date | None = None
    days_left: int | None = None  # negative: days late
    severity: str = "提示"  # 逾期 | 临期 | 今日 | 提示
    page: str = ""  # the navigation page that shows it
    ref_id: int | None = None
    hidden: int = 0  # a closing “另有 N 件” line or a folded 逾期 line: how many it stands for
    action: str = ""  # what the clerk does about it (催办, 收回印章, 回复信访人…): 首页's 说明
    due_at: datetime | None = None  # a clock that runs by the hour (report timers, seal loans)
    filter: str = ""  # the filter its page opens with ("逾期": only the overdue records)


@dataclass(frozen=True)
class ExportQuery:
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    options: dict[str, Any] | None = None


def file_stem(title: str, query: ExportQuery) -> str:
    """What an export is called, in Chinese, by what it holds: 收文登记簿-2026,
    审计日志-20261201至20261204, 值班日志-20261130; the title alone for everything."""
    if query.year:
        return f"{title}-{query.year}"
    first, last = query.date_from, query.date_to
    if first is not None and first == last:
        return f"{title}-{first:%Y%m%d}"
    if first or last:
        span = (f"{day:%Y%m%d}" if day else "" for day in (first, last))
        return f"{title}-{'至'.join(span)}"
    return title


@dataclass(frozen=True)
class UndoSketch:
    """What undoing an import would do: the records named (the first few), how many, and
    what refers to them since (non-empty: the undo is refused)."""

    records: list[str]
    count: int
    blockers: list[str]


@dataclass(frozen=True)
class Restorer:
    """Undo for an import that updates records (值班人员, 排班): from the state its load kept
    with batches.remember, sketch the undo, or put back what the import replaced."""

    sketch: Callable[[Session, dict[str, Any]], UndoSketch]
    restore: Callable[[Session, dict[str, Any]], str]  # returns the note: what was done


@dataclass(frozen=True)
class ImportKind:
    """columns: canonical name -> header words seen in real sheets (the first is canonical)."""

    name: str
    title: str
    columns: dict[str, Sequence[str]]
    required: Sequence[str]
    load: Callable[[Session, list[dict[str, Any]]], int]  # rows carry "_row" (sheet row no.)
    undo: Restorer | None = None  # None: undone by removing the records it added (UNDO)


@dataclass(frozen=True)
class ExportKind:
    """build returns the table(s) to write; write (optional) writes a layout of its own."""

    name: str
    title: str
    build: Callable[[Session, ExportQuery], ReportTable | list[ReportTable]]
    write: Callable[[Session, ExportQuery, Path], int] | None = None


TodoProvider = Callable[[Session, date], list[TodoItem]]
# A provider lists at most this many items and then one line saying how many more:
# 首页 must open fast on 200,000 records and a list of thousands helps nobody.
TODO_LIMIT = 100


MORE = "另有"  # severity of a more-line: sorts after every real item


def more_line(module: str, hidden: int, what: str, page: str) -> list[TodoItem]:
    """The closing line of a capped provider ("另有 N 件…"), or nothing when none is hidden."""
    if hidden <= 0:
        return []
    return [TodoItem(module, f"另有 {hidden} 件{what}", "请到本模块列表中按期限查看",
                     severity=MORE, page=page, hidden=hidden)]  # fmt: skip


def overdue_line(module: str, count: int, earliest: date | None, today: date, page: str,
                 action: str) -> list[TodoItem]:  # fmt: skip
    """One line for all of a module's day-level overdue items; it opens the register filtered."""
    if count <= 0 or earliest is None:
        return []
    title = f"{module} 逾期 {count} 件，最早 {earliest.isoformat()}"
    return [TodoItem(module, title, "", earliest, (earliest - today).days, "逾期", page,
                     hidden=count, action=action, filter="逾期")]  # fmt: skip


DemoFill = Callable[[Session, int, random.Random], int]
Check = Callable[[Session], list[str]]  # findings; empty when clean

_LATER: list[Callable[[], None]] = []


def register_later(load: Callable[[], None]) -> None:
    """Registrations whose modules are heavy (import/export code, demo): made when IMPORTS,
    EXPORTS or DEMOS is first read, so starting the window does not import them."""
    _LATER.append(load)


def _load_later() -> None:
    while _LATER:
        _LATER.pop(0)()


_K = TypeVar("_K")
_V = TypeVar("_V")


class _OnUse(dict[_K, _V]):
    """A dict that runs the deferred registrations before it is read."""

    def __getitem__(self, key: _K) -> _V:
        _load_later()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        _load_later()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[_K]:
        _load_later()
        return super().__iter__()

    def __len__(self) -> int:
        _load_later()
        return super().__len__()

    def get(self, key: _K, default: Any = None) -> Any:
        _load_later()
        return super().get(key, default)

    def values(self) -> Any:
        _load_later()
        return super().values()

    def items(self) -> Any:
        _load_later()
        return super().items()


class _ListOnUse(list[_V]):
    """A list that runs the deferred registrations before it is read."""

    def __iter__(self) -> Iterator[_V]:
        _load_later()
        return super().__iter__()

    def __len__(self) -> int:
        _load_later()
        return super().__len__()


IMPORTS: dict[str, ImportKind] = _OnUse()
EXPORTS: dict[str, ExportKind] = _OnUse()
TODOS: list[tuple[str, TodoProvider]] = []
DEMOS: list[tuple[str, DemoFill]] = _ListOnUse()
CHECKS: list[tuple[str, Check]] = []
FILE_CHECKS: set[str] = set()  # checks of files beside the database, not of the database

KIND_NAMES = (
    "incoming",
    "outgoing",
    "tasks",
    "seal-uses",
    "seals",
    "staff",
    "roster",
    "duty-log",
    "visits",
    "archive-items",
    "archive-catalog",
    "archive-labels",
    "archive-first-pages",
    "archive-spines",
    "archive-faces",
    "archive-notes",
    "archive-loans",
    "archive-destroyed",
    "archive-transferred",
    "archive-stats",
    "meetings",
    "decisions",
)


def register_import(kind: ImportKind) -> None:
    assert kind.name in KIND_NAMES, kind.name
    IMPORTS[kind.name] = kind


def register_export(kind: ExportKind) -> None:
    EXPORTS[kind.name] = kind


def register_todo(module: str, provider: TodoProvider) -> None:
    TODOS.append((module, provider))


def register_demo(module: str, fill: DemoFill) -> None:
    DEMOS.append((module, fill))


def register_check(name: str, check: Check, *, of_files: bool = False) -> None:
    """of_files: the check looks at the data folder's files (a restore candidate skips it)."""
    CHECKS.append((name, check))
    if of_files:
        FILE_CHECKS.add(name)


def register_kinds(imports: Iterable[ImportKind], exports: Iterable[ExportKind]) -> None:
    """An area's exchange.IMPORTS and exchange.EXPORTS, as its register() hands them over."""
    for kind in imports:
        register_import(kind)
    for export in exports:
        register_export(export)
