"""The 保管期限表: editable rules (文种, direction, keywords → Y/D30/D10/不归档); first match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models.archives import RetentionRule
from app.services import audit, counters, settings
from app.services.archives import scheme
from app.services.archives.codes import PERIODS, SKIP
from app.services.context import Perm, require
from app.services.errors import ValidationError

OWN = "本级发文"
UPPER = "上级来文"
PEER = "平级来文"
LOWER = "下级来文"
DIRECTIONS = (OWN, UPPER, PEER, LOWER)
SEEDED = "archives.seeded"  # the defaults were put in once; an emptied table stays empty
UPPER_WORDS = "archives.upper_words"  # 来文机关 words that mark a higher level
LOWER_WORDS = "archives.lower_words"
settings.LABELS.update({UPPER_WORDS: "上级机关用字", LOWER_WORDS: "下级机关用字"})
DEFAULT_UPPER = ["中共中央", "国务院", "省", "市", "县", "区委", "区人民政府", "旗"]
# Not a bare 村: 县农业农村局 is a county office. A name ending in 村 (某某村) is a village.
DEFAULT_LOWER = ["村民委员会", "村委会", "村党支部", "村党总支", "居民委员会", "居委会", "社区"]

# A township default drawn from 国家档案局令第8号 (机关文件材料归档范围和文书档案保管期限规定).
# (name, direction, 文种, keywords, period)
DEFAULTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("本级 决定、请示、报告、纪要等主要业务文件", OWN,
     "决议、决定、命令、请示、报告、纪要、批复、规划", "", "Y"),
    ("本级 年度计划、总结、实施方案", OWN, "", "计划、总结、工作要点、实施方案、规划", "Y"),
    ("本级 一般性通知、通报、函等", OWN, "", "", "D30"),
    ("上级 对本机关的批复", UPPER, "批复", "", "Y"),
    ("上级 事务性会议、活动通知（不归档）", UPPER, "通知、函", "召开、参加、报名、报送名单", SKIP),
    ("上级 需贯彻执行的来文", UPPER, "", "贯彻、执行、落实、实施、部署、开展", "D30"),
    ("上级 供参阅的来文", UPPER, "", "", "D10"),
    ("下级 请示、报告", LOWER, "请示、报告", "", "D30"),
    ("下级 一般来文", LOWER, "", "", "D10"),
    ("平级 来文", PEER, "", "", "D10"),
    ("其他文件", "", "", "", "D10"),
)  # fmt: skip


@dataclass(frozen=True)
class RuleRow:
    id: int
    position: int
    name: str
    direction: str
    doc_types: str
    keywords: str
    period: str
    org_code: str
    active: bool


@dataclass(frozen=True)
class Facts:
    """What a rule looks at in one 收文 or 发文."""

    direction: str
    doc_type: str
    title: str
    dept: str = ""  # 主办/拟稿部门, to suggest the 机构


@dataclass(frozen=True)
class Suggestion:
    period: str  # Y / D30 / D10 / 不归档
    org_code: str
    rule: str  # the name of the rule that matched ("" when none)


@cache  # a year's 5,000 documents ask the same few rules
@cache  # a year asks the same dozen rules' words 5,000 times
@lru_cache(maxsize=1024)  # asked per rule per document: 5,000 documents a year
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[、,，;；\s]+", text or "") if w)


def _row(r: RetentionRule) -> RuleRow:
    return RuleRow(r.id, r.position, r.name, r.direction, r.doc_types, r.keywords, r.period,
                   r.org_code, r.active)  # fmt: skip


def ensure_defaults(session: Session) -> None:
    """Seed the default table and 机构 codes once; after that they are the office's own.

    Two PCs' first imports at once would both seed (a unique-key refusal): the second waits
    for the seeding lock and then finds it done."""
    if settings.get(session, SEEDED, False):
        return
    counters.hold(session, "*期限表", counters.ALL_TIME)
    if settings.get(session, SEEDED, False):
        return
    if not session.scalar(select(RetentionRule.id).limit(1)):
        for position, (name, direction, types, words, period) in enumerate(DEFAULTS, 1):
            session.add(RetentionRule(position=position, name=name, direction=direction,
                                      doc_types=types, keywords=words, period=period))  # fmt: skip
    scheme.ensure_defaults(session)
    settings.put(session, SEEDED, True, check=False)
    session.flush()


def table(session: Session) -> list[RuleRow]:
    ensure_defaults(session)
    stmt = select(RetentionRule).order_by(RetentionRule.position, RetentionRule.id)
    return [_row(r) for r in session.scalars(stmt)]


def _check(row: RuleRow) -> None:
    if not row.name.strip():
        raise ValidationError(f"第{row.position}条规则没有名称。", "name")
    if row.period not in (*PERIODS, SKIP):
        raise ValidationError(f"规则“{row.name}”的结果应为 Y、D30、D10 或 不归档。", "period")
    if row.direction and row.direction not in DIRECTIONS:
        raise ValidationError(f"规则“{row.name}”的来文方向应为 {'、'.join(DIRECTIONS)}。",
                              "direction")  # fmt: skip


def save_table(session: Session, /, rows: list[RuleRow]) -> int:
    """Replace the whole table (the settings tab edits it as one list); rows in order."""
    require(session, Perm.MANAGE_SETTINGS)
    ensure_defaults(session)
    codes = scheme.load(session).org_codes
    for row in rows:
        _check(row)
        if row.org_code and row.org_code not in codes:
            raise ValidationError(f"规则“{row.name}”的机构代码 {row.org_code} 未登记。", "org")
    session.execute(delete(RetentionRule))
    for position, r in enumerate(rows, 1):
        session.add(
            RetentionRule(
                position=position,
                name=r.name.strip(),
                direction=r.direction,
                doc_types=r.doc_types.strip(),
                keywords=r.keywords.strip(),
                period=r.period,
                org_code=r.org_code,
                active=r.active,
            )
        )
    audit.record(session, "修改", "保管期限表", "", summary=f"保管期限表 {len(rows)} 条")
    return len(rows)


def matches(rule: RuleRow, facts: Facts) -> bool:
    if not rule.active or (rule.direction and rule.direction != facts.direction):
        return False
    types = _words(rule.doc_types)
    if types and facts.doc_type not in types:
        return False
    words = _words(rule.keywords)
    return not words or any(w in facts.title for w in words)


def suggest(
    rules: list[RuleRow], facts: Facts, orgs: dict[str, str], default_org: str
) -> Suggestion:
    """The first rule that matches; the 机构 from the rule, else the department, else default."""
    for rule in rules:
        if matches(rule, facts):
            return Suggestion(rule.period, rule.org_code or _org(facts, orgs, default_org),
                              rule.name)  # fmt: skip
    return Suggestion("D10", _org(facts, orgs, default_org), "")


def _org(facts: Facts, orgs: dict[str, str], default_org: str) -> str:
    """orgs: name -> code; a 主办 department named like a 机构 files there."""
    if not default_org:
        return ""  # the scheme has no 机构 level
    for name, code in orgs.items():
        if facts.dept and (facts.dept in name or name in facts.dept):
            return code
    return default_org


def sender_direction(session: Session, sender: str) -> str:
    """上级/下级/平级来文 from the 来文机关's name, by the configured words."""
    lower = settings.get(session, LOWER_WORDS, DEFAULT_LOWER) or []
    upper = settings.get(session, UPPER_WORDS, DEFAULT_UPPER) or []
    return direction_of(sender, upper, lower)


def direction_of(sender: str, upper: list[str], lower: list[str]) -> str:
    # a 村 name is checked first: "某某县某某镇某某村委会" is a village, not the county
    if any(w in sender for w in lower) or sender.endswith("村"):
        return LOWER
    return UPPER if any(w in sender for w in upper) else PEER
