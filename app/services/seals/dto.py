"""Forms and rows of the 用印 module: what the window and the CLI hand in and get back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SEAL_KINDS = ("党委章", "政府章", "党政办章", "专用章", "钢印", "个人名章")
SEAL_STATUSES = ("在用", "停用", "封存", "遗失", "销毁")
USE, VOID = "用印", "作废"
# Marks a 历史补录 entry (a field of its own) where its 备注 is shown and in the hash.
HISTORICAL_MARK = "【历史补录】"


@dataclass(frozen=True)
class SealForm:
    name: str
    kind: str
    keeper: str = ""
    approvers: list[str] = field(default_factory=list)  # names or 职务; empty: kind default
    note: str = ""


@dataclass(frozen=True)
class SealRow:
    id: int
    name: str
    kind: str
    keeper: str
    approvers: tuple[str, ...]
    status: str
    status_since: date | None
    note: str
    out_on_loan: bool = False
    version: int = 0


@dataclass(frozen=True)
class StatusForm:
    seal_id: int
    status: str
    effective_on: date
    reason: str = ""
    void_declared_on: date | None = None  # 遗失: 声明作废日期
    witnesses: list[str] = field(default_factory=list)  # 销毁: 见证人
    version: int | None = None  # the seal's version as the clerk loaded it (None: no check)


@dataclass(frozen=True)
class StatusRecordRow:
    id: int
    seal_id: int
    status: str
    effective_on: date
    reason: str
    void_declared_on: date | None
    witnesses: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class UseForm:
    """One 用印登记. outgoing_id fills 文件名称 and 文号 from the 发文 when given."""

    seal_id: int
    used_at: datetime
    unit: str
    applicant: str
    purpose: str
    doc_title: str
    copies: int
    approver: str
    approved_at: datetime | None
    attested: bool
    approver_title: str = ""
    doc_number: str = ""
    supervisor: str = ""
    copy_kept: bool = False
    note: str = ""
    outgoing_id: int | None = None
    number: str = ""  # only imports carry the paper register's own number
    # 历史补录: typed from an old paper register that lacks 文件完整/审批时间/文件名称;
    # it records what happened, so only the rules the sheet can still show are checked.
    historical: bool = False


@dataclass(frozen=True)
class UseRow:
    id: int
    seq: int
    kind: str
    number: str
    used_at: datetime
    seal_id: int
    seal_name: str
    unit: str
    applicant: str
    purpose: str
    doc_title: str
    doc_number: str
    copies: int
    approver: str
    approver_title: str
    approved_at: datetime | None
    supervisor: str
    copy_kept: bool
    note: str
    attested: bool
    outgoing_id: int | None
    voids_id: int | None
    void_reason: str
    voided_by_id: int | None  # set on an entry that a later 作废 entry voids
    recorded_by: str
    hash: str
    voids_number: str = ""  # a 作废 entry: the 用印编号 it voids
    voids_used_at: datetime | None = None  # a 作废 entry: when the entry it voids was used
    historical: bool = False  # 历史补录

    @property
    def marked_note(self) -> str:
        """The 备注 as the register prints it: 【历史补录】 in front of a 历史补录 entry's."""
        return HISTORICAL_MARK + self.note if self.historical else self.note

    @property
    def register_year(self) -> int:
        """The year whose 用印登记簿 the entry belongs to: a 作废 goes with the entry it voids."""
        return (self.voids_used_at or self.used_at).astimezone().year

    @property
    def void_mark(self) -> str:
        """A 作废 recorded in a later year than the entry it voids says so, in both registers."""
        recorded = self.used_at.astimezone().year
        if self.kind != VOID or self.register_year == recorded:
            return ""
        return f"（属{self.register_year}年度登记簿，{recorded}年补记作废）"


@dataclass(frozen=True)
class UseFilter:
    date_from: date | None = None
    date_to: date | None = None
    seal_id: int | None = None
    text: str = ""
    outgoing_id: int | None = None  # a 发文's 用印记录


@dataclass(frozen=True)
class Approval:
    name: str
    title: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class SealLoanForm:
    seal_id: int
    borrower: str
    purpose: str
    approvals: list[Approval]
    lent_at: datetime
    due_at: datetime | None = None  # None: the same day, end of day
    note: str = ""


@dataclass(frozen=True)
class SealLoanRow:
    id: int
    seal_id: int
    seal_name: str
    borrower: str
    purpose: str
    approvals: tuple[Approval, ...]
    lent_at: datetime
    due_at: datetime
    returned_at: datetime | None
    received_by: str
    overdue: bool
    version: int = 0  # what 归还 sends back (versions.Seen), so a stale one is refused


@dataclass(frozen=True)
class ChainStatus:
    """ok, how many entries were checked, the last good one, and the first bad one."""

    ok: bool
    count: int
    last_seq: int | None = None
    last_at: datetime | None = None
    bad_seq: int | None = None
    bad_number: str = ""
    problem: str = ""
    last_hash: str = ""  # printed on paper exports: an anchor outside the database

    def message(self) -> str:
        if self.ok and not self.count:
            return "登记簿为空，无需校验"
        if self.ok:
            day = self.last_at.astimezone().date().isoformat() if self.last_at else ""
            return f"登记簿未被改动（校验至第 {self.count} 条，{day}）"
        return f"登记簿可能被改动：{self.problem}"
