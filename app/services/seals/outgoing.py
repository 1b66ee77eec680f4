"""The link to 发文: picking an outgoing document fills 文件名称 and 文号 of a 用印登记."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.models.base import Base
from app.services.errors import ValidationError
from app.services.seals.dto import UseForm

TABLE = "outgoing_docs"
# Column names of the 发文 table (branch filing): 标题 and 发文字号.
TITLE_COLUMNS = ("title",)
NUMBER_COLUMNS = ("doc_number", "number", "doc_no")


@dataclass(frozen=True)
class OutgoingChoice:
    id: int
    title: str
    doc_number: str


def _table() -> Table | None:
    return Base.metadata.tables.get(TABLE)


def _column(table: Table, names: tuple[str, ...]) -> Any:
    return next((table.c[n] for n in names if n in table.c), None)


def available() -> bool:
    return _table() is not None


def _select(table: Table) -> Any:
    title, number = _column(table, TITLE_COLUMNS), _column(table, NUMBER_COLUMNS)
    return select(table.c.id, title, number)


def find(session: Session, /, text: str = "", limit: int = 50) -> list[OutgoingChoice]:
    """Recent 发文 whose 标题 or 文号 contains text, newest first, for the picker."""
    table = _table()
    if table is None:
        return []
    title, number = _column(table, TITLE_COLUMNS), _column(table, NUMBER_COLUMNS)
    stmt = _select(table).order_by(table.c.id.desc()).limit(limit)
    if text.strip():
        stmt = stmt.where(title.contains(text.strip()) | number.contains(text.strip()))
    return [OutgoingChoice(i, t or "", n or "") for i, t, n in session.execute(stmt)]


def fill(session: Session, form: UseForm) -> UseForm:
    """The form with 文件名称 and 文号 taken from its 发文, when one is picked."""
    if form.outgoing_id is None:
        return form
    table = _table()
    if table is None:
        raise ValidationError("发文登记尚未启用，无法关联发文", "outgoing_id")
    row = session.execute(_select(table).where(table.c.id == form.outgoing_id)).first()
    if row is None:
        raise ValidationError("找不到所选的发文", "outgoing_id")
    return replace(form, doc_title=row[1] or "", doc_number=row[2] or "")
