"""Reading one transcribed 用印登记簿 row: cells to a UseForm, every bad cell as a RowError."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from app import clock
from app.common.dates import parse_date
from app.reports.cells import parse_count
from app.services.errors import RowError, ValidationError
from app.services.seals.dto import UseForm
from app.services.seals.ledger import parse_number

FIELD_LABELS = {
    "seal_id": "印章", "used_at": "日期时间", "unit": "用印单位", "applicant": "申请人",
    "purpose": "事由", "doc_title": "文件名称", "doc_number": "文号", "copies": "份数",
    "approver": "审批人", "approved_at": "审批时间", "attested": "文件完整", "number": "用印编号",
}  # fmt: skip
_TIME = re.compile(r"^(.*?)[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})秒?)?分?$")
YES = {"是", "有", "y", "yes", "√", "✓", "1", "true", "留存", "已确认", "完整"}
NO = {"否", "无", "n", "no", "×", "0", "false", ""}


def split_names(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；/\s]+", str(value or "")) if p.strip()]


def parse_datetime(value: Any) -> datetime | None:
    """A local date and time from a cell: a datetime, a date (midnight), or text."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    if isinstance(value, date):
        return datetime.combine(value, time()).astimezone()
    text = str(value or "").strip()
    clock = time()
    match = _TIME.match(text)
    if match:
        try:
            clock = time(int(match[2]), int(match[3]), int(match[4] or 0))
        except ValueError:
            return None
        text = match[1]
    day = parse_date(text if match else value)
    return None if day is None else datetime.combine(day, clock).astimezone()


def parse_flag(value: Any) -> bool | None:
    text = str(value if value is not None else "").strip().lower()
    if isinstance(value, bool):
        return value
    return True if text in YES else (False if text in NO else None)


class RowReader:
    """Turns one sheet row into a UseForm, noting each bad cell instead of stopping."""

    def __init__(self, row: dict[str, Any], seals: dict[str, int]) -> None:
        self.row, self.seals, self.errors = row, seals, list[RowError]()

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row["_row"], column, reason))

    def text(self, key: str) -> str:
        value = self.row.get(key)
        return "" if value is None else str(value).strip()

    def moment(self, key: str) -> datetime | None:
        value = parse_datetime(self.row.get(key))
        if value is None:
            self.error(key, f"无法识别的日期时间：{self.text(key) or '（空）'}")
        return value

    def copies(self) -> int:
        number = parse_count(self.row.get("份数") or "", 9999)
        if number is None:
            typed = self.text("份数")
            self.error("份数", f"应为 1 至 9999 的整数，不能是“{typed}”" if typed else "不能为空")
            return 0
        return number

    def flag(self, key: str, default: bool) -> bool:
        if not self.text(key):
            return default
        value = parse_flag(self.row.get(key))
        if value is None:
            self.error(key, f"应填“是”或“否”：{self.text(key)}")
        return bool(value)

    def seal_id(self) -> int:
        name = self.text("印章")
        if name not in self.seals:
            self.error("印章", f"印章登记中没有「{name or '（空）'}」，请先导入或登记印章")
        return self.seals.get(name, 0)

    def number(self, used_at: datetime | None) -> str:
        given = self.text("用印编号")
        if not given or used_at is None:
            return ""
        try:
            return parse_number(given, used_at.astimezone().year)[2]
        except ValidationError as exc:
            self.error("用印编号", exc.message)
            return ""

    def historical(self) -> bool:
        """A row from an old paper register: no 文件完整, 审批时间 or 文件名称 written."""
        return not all(self.text(key) for key in ("文件完整", "审批时间", "文件名称"))

    def use_form(self) -> UseForm | None:
        historical = self.historical()
        used_at = self.moment("日期时间")
        approved_at = self.moment("审批时间") if self.text("审批时间") else None
        form = UseForm(
            seal_id=self.seal_id(), used_at=used_at or clock.now(),
            unit=self.text("用印单位"), applicant=self.text("申请人"), purpose=self.text("事由"),
            doc_title=self.text("文件名称"), doc_number=self.text("文号"), copies=self.copies(),
            approver=self.text("审批人"), approver_title=self.text("审批人职务"),
            approved_at=approved_at, attested=self.flag("文件完整", False),
            supervisor=self.text("监印人"), copy_kept=self.flag("留存复印件", False),
            note=self.text("备注"), number=self.number(used_at), historical=historical,
        )  # fmt: skip
        return None if self.errors else form
