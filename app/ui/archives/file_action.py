"""The 归档 move on the 收文/发文 registers: 保管期限 and 机构 as suggested; the archive numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.services.archives import filing, scheme
from app.services.archives.codes import PERIOD_NAMES, PERIODS, SKIP
from app.services.context import Actor
from app.ui import ops
from app.ui.kit import Field

PERIOD_CHOICES = tuple(f"{p} {PERIOD_NAMES[p]}" for p in PERIODS)
Work = Callable[[dict[str, Any]], Callable[[Any], Any]]


def period_choice(period: str) -> str:
    return next((c for c in PERIOD_CHOICES if c.split()[0] == period), "")


def org_choices(orgs: Any) -> tuple[str, ...]:
    return tuple(f"{o.code} {o.name}" for o in orgs)


def code_of(choice: str) -> str:
    """The code at the head of a "D30 定期30年" or "BGS 党政办公室" choice."""
    return (choice or "").split(" ")[0]


def _facts(session: Any, kind: str, doc_id: int) -> tuple[Any, tuple[str, ...], bool]:
    found = filing.suggestion(session, kind, doc_id)
    return found, org_choices(scheme.orgs(session, active_only=True)), scheme.load(session).has_org


def archive_spec(actor: Actor, kind: str, doc_id: int) -> tuple[list[Field], Work]:
    """The form: the suggestion preselected and named (which 保管期限表 rule matched)."""
    facts = ops.query(None, actor, lambda s: _facts(s, kind, doc_id))
    suggested, orgs, has_org = facts if facts is not None else (None, (), True)
    label = "保管期限"
    if suggested is not None:
        shown = "不归档" if suggested.period == SKIP else PERIOD_NAMES[suggested.period]
        label = f"保管期限（建议{shown}：{suggested.rule or '无匹配规则'}）"
    fields = [Field("period", label, "choice", PERIOD_CHOICES,
                    period_choice(suggested.period) if suggested else "")]  # fmt: skip
    if has_org:
        default = next((c for c in orgs if suggested and code_of(c) == suggested.org_code), "")
        fields.append(Field("org", "机构（问题）", "choice", orgs, default))

    def work(v: dict[str, Any]) -> Callable[[Any], Any]:
        period, org = code_of(v["period"]), code_of(v.get("org", ""))
        return lambda s: filing.file_one(s, kind, doc_id, period, org)

    return fields, work
