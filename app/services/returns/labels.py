"""What a cross table's row or column label stands for: a value of a field, a month, 合计."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.reports.header import key
from app.services.returns.sources import DONE, LATE, MONTH, OPEN, QUARTER, STATUS, Records

TOTAL, ALL, IGNORE = "合计", "全部", "（不填）"
_TOTAL_WORDS = {"合计", "总计", "小计", "共计", "合计数", "总数合计"}
_ALL_WORDS = {"件数", "数量", "次数", "件次", "总数", "总件数", "人次", "批次", "登记件数"}
_CN_NUMBERS = {w: i for i, w in enumerate("一二三四五六七八九十", start=1)} | {
    "十一": 11,
    "十二": 12,
}
_MONTH = re.compile(r"^(?:\d{4}年)?(\d{1,2}|[一二三四五六七八九十]|十[一二])月份?$")
_QUARTER = re.compile(r"^第?([1-4一二三四])季度?$|^Q([1-4])$", re.IGNORECASE)

# The fields a cross table's labels may name, per register, in the order tried.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "incoming": ("来文机关", "文种", "紧急程度", STATUS, MONTH, QUARTER),
    "outgoing": ("文种", "状态", "签发人", MONTH, QUARTER),
    "tasks": (STATUS, "责任单位", "来源", MONTH, QUARTER),
    "seal-uses": ("印章", "用印单位/科室", MONTH, QUARTER),
    "visits": ("类别", "形式", "村/社区", STATUS, "处理方式", "初/重", MONTH, QUARTER),
    "roster": ("带班领导姓名", "值班人员姓名", MONTH, QUARTER),
    "duty-log": ("类型", "是否办结", MONTH, QUARTER),
    "archive-items": ("保管期限", "年度", "机构", "密级", MONTH, QUARTER),
}


@cache
def _vocab() -> dict[str, tuple[str, ...]]:
    from app.services.archives.codes import PERIOD_NAMES
    from app.services.visits.rules import CATEGORIES, FORMS

    return {"类别": CATEGORIES, "形式": FORMS, STATUS: (DONE, OPEN, LATE),
            "保管期限": tuple(PERIOD_NAMES.values()),
            "类型": ("来电", "来文", "来访", "突发事件", "领导交办")}  # fmt: skip


@cache
def _synonyms() -> dict[str, dict[str, str]]:
    """The county's words for the register's values (来信 is the 条例's 书信 …)."""
    from app.services.archives.codes import PERIOD_NAMES
    from app.services.visits.rules import CATEGORY_ALIASES, FORM_ALIASES

    periods = {code: name for code, name in PERIOD_NAMES.items()}
    periods |= {"30年": "定期30年", "10年": "定期10年", "长期": "定期30年", "短期": "定期10年"}
    status = {"办理中": OPEN, "正在办理": OPEN, "未办结": OPEN, "在办件": OPEN,
              "办结": DONE, "已完成": DONE, "完成": DONE,
              "超期": LATE, "逾期未办结": LATE, "超期未办结": LATE}  # fmt: skip
    forms = {**FORM_ALIASES, "网上信访": "信息网络", "网上来信": "信息网络", "来电": "电话"}
    return {"形式": forms, "类别": dict(CATEGORY_ALIASES), STATUS: status, "保管期限": periods}


@dataclass(frozen=True)
class Target:
    """What a label stands for: field=value, 合计 (a sum of the others) or 全部 (no filter)."""

    field: str
    value: str

    @property
    def text(self) -> str:
        return self.field if self.field in (TOTAL, ALL) else f"{self.field}={self.value}"

    def matches(self, row: Mapping[str, Any]) -> bool:
        return self.field in (TOTAL, ALL) or norm(row.get(self.field)) == self.value


def parse_target(text: str) -> Target | None:
    """The inverse of Target.text; None for 不填 or an empty choice."""
    if text in (TOTAL, ALL):
        return Target(text, "")
    field, _, value = text.partition("=")
    return Target(field, value) if field and value else None


def norm(value: Any) -> str:
    return "" if value is None else key(value)


@dataclass(frozen=True)
class Vocabulary:
    """Each dimension's values: the register's words and every value its records hold."""

    kind: str
    values: dict[str, tuple[str, ...]]
    sets: dict[str, frozenset[str]] = field(default_factory=dict)  # the same, to look up

    def __post_init__(self) -> None:
        self.sets.update({name: frozenset(vs) for name, vs in self.values.items()})

    def choices(self) -> list[str]:
        """Every target a label can be given by hand, for the window's drop-down."""
        found = [Target(name, value).text for name, vs in self.values.items() for value in vs]
        return [TOTAL, ALL, *found]


def vocabulary(records: Records) -> Vocabulary:
    vocab = _vocab()
    values: dict[str, tuple[str, ...]] = {}
    for name in DIMENSIONS.get(records.kind, ()):
        if name in (MONTH, QUARTER):
            values[name] = tuple(str(n) for n in range(1, 13 if name == MONTH else 5))
            continue
        known = [norm(v) for v in vocab.get(name, ())]
        seen = {norm(row.get(name)) for row in records.rows}
        values[name] = tuple(dict.fromkeys(v for v in (*known, *sorted(seen)) if v))
    return Vocabulary(records.kind, values)


def resolve(text: Any, vocab: Vocabulary) -> Target | list[Target] | None:
    """The label's target; a list when it fits more than one field; None when nothing."""
    label = norm(text)
    if not label or not isinstance(text, str):
        return None
    if label in _TOTAL_WORDS:
        return Target(TOTAL, "")
    if label in _ALL_WORDS:
        return Target(ALL, "")
    if (month := _month(label)) is not None and MONTH in vocab.values:
        return Target(MONTH, str(month))
    if (quarter := _quarter(label)) is not None and QUARTER in vocab.values:
        return Target(QUARTER, str(quarter))
    found = list(dict.fromkeys(_matches(label, vocab)))
    if not found:
        return _counted(label, vocab)
    return found[0] if len(found) == 1 else found


def _counted(label: str, vocab: Vocabulary) -> Target | list[Target] | None:
    """来信件数 is 来信 counted; 用印次数, 收文件数 count everything."""
    suffix = next((w for w in _ALL_WORDS if label.endswith(w) and label != w), None)
    if suffix is None:
        return None
    return resolve(label.removesuffix(suffix), vocab) or Target(ALL, "")


def _matches(label: str, vocab: Vocabulary) -> Iterable[Target]:
    synonyms = _synonyms()
    for name, values in vocab.sets.items():
        if name in (MONTH, QUARTER):
            continue
        word = synonyms.get(name, {}).get(label)
        if label in values:
            yield Target(name, label)
        elif word is not None:
            yield Target(name, word)
        elif f"{label}类" in values:  # 检举控告 for 检举控告类
            yield Target(name, f"{label}类")


def _month(label: str) -> int | None:
    match = _MONTH.match(label)
    if match is None:
        return None
    word = match[1]
    number = int(word) if word.isdigit() else _CN_NUMBERS[word]
    return number if 1 <= number <= 12 else None


def _quarter(label: str) -> int | None:
    match = _QUARTER.match(label)
    if match is None:
        return None
    word = match[1] or match[2]
    return int(word) if word.isdigit() else _CN_NUMBERS[word]
