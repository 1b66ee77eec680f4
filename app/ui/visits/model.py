"""The case list on the kit's paged model: one tuple per case, late rows painted red."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from app.services.context import Actor
from app.services.visits.queries import CaseFilter, CaseRow, count_cases, list_cases
from app.ui.kit import DUE_SOON, OVERDUE, Col, PagedTableModel, ServiceSource
from app.ui.kit.table_view import FIT_ROWS


def clock_text(r: CaseRow) -> str:
    if r.days_left is None:
        return ""
    if r.days_left < 0:
        return f"{r.next_clock}逾期{-r.days_left}天"
    return f"{r.next_clock}剩{r.days_left}天"


# the clock columns come early: they are what the clerk scans the list for
COLUMNS: tuple[tuple[str, Any, str | None], ...] = (
    ("登记编号", lambda r: r.reg_no, "reg_no"),
    ("登记日期", lambda r: r.received_on, "received_on"),
    ("信访人", lambda r: r.names, None),
    ("村/社区", lambda r: r.village, "village"),
    ("反映问题", lambda r: r.issue, None),
    ("状态", lambda r: r.state + ("（历史补录）" if r.historical else ""), None),
    ("期限", clock_text, None),
    ("类别", lambda r: r.category, "category"),
    ("受理日期", lambda r: r.accepted_on, "accepted_on"),
    ("告知期限", lambda r: r.notify_due, None),
    ("办结期限", lambda r: r.conclude_due, None),
    ("形式", lambda r: r.form, None),
    ("初/重", lambda r: "重复访" if r.is_repeat else "初访", None),
    ("处理方式", lambda r: r.handling, None),
    ("证件号", lambda r: r.id_number, None),
    ("电话", lambda r: r.phone, None),
)
CLOCK_COLUMN = 6
PAGE = FIT_ROWS
_DAYS_LEFT = len(COLUMNS) + 1  # hidden, after the visible values
_VERSION = _DAYS_LEFT + 1  # hidden: what a step on the case sends back (versions.Seen)


def _rows(session: Any, flt: CaseFilter, **kw: Any) -> list[tuple[Any, ...]]:
    return [
        (r.id, *(column[1](r) for column in COLUMNS), r.days_left, r.version)
        for r in list_cases(session, flt, **kw)
    ]


def _background(row: tuple[Any, ...]) -> QColor | None:
    left = row[_DAYS_LEFT]
    if left is None:
        return None
    return OVERDUE if left < 0 else DUE_SOON if left <= 7 else None


def case_model(actor: Actor, flt: CaseFilter) -> PagedTableModel:
    source = ServiceSource(
        columns=[Col(c[0]) for c in COLUMNS], list_fn=_rows, count_fn=count_cases, flt=flt,
        actor=actor, sort_keys=[c[2] for c in COLUMNS],
    )  # fmt: skip
    # A page holds the rows the columns are fitted from (FIT_ROWS): a row runs the case's
    # clocks (~0.1 ms each), and 200 per search or first paint was ~20 ms of Python for
    # the ~20 rows a screen shows.
    return PagedTableModel(source, page_size=PAGE, background=_background)


def days_left_of(row: tuple[Any, ...] | None) -> int | None:
    return None if row is None else row[_DAYS_LEFT]


def version_of(row: tuple[Any, ...] | None) -> int | None:
    """The case's version as the list shows it (None: no row, nothing to check)."""
    return None if row is None else row[_VERSION]
