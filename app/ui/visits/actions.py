"""The steps after 登记 as small forms: each has its fields and the service call it makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app import clock
from app.services.errors import ValidationError
from app.services.visits import cases, rules
from app.ui.kit import Field

Run = Callable[[Any, int, dict[str, Any]], Any]  # a str back is a warning to show


@dataclass(frozen=True)
class Action:
    button: str
    title: str
    fields: Callable[[], list[Field]]  # a function: the dates default to the day it opens
    run: Run


def _need(value: date | None, label: str, field: str) -> date:
    if value is None:
        raise ValidationError(f"请填写{label}", field)
    return value


def _accept(s: Any, case_id: int, v: dict[str, Any]) -> None:
    on = _need(v["on"], "受理日期", "on")
    cases.accept(s, case_id, on, v["handling"], v["unit"], v["person"])


def _notify(s: Any, case_id: int, v: dict[str, Any]) -> None:
    cases.notify(s, case_id, _need(v["on"], "告知日期", "on"))


def _extend(s: Any, case_id: int, v: dict[str, Any]) -> None:
    approved = _need(v["approved_on"], "批准日期", "approved_on")
    told = _need(v["told_on"], "告知信访人的日期", "told_on")
    cases.extend(s, case_id, cases.ExtensionForm(v["leader"], approved, told))


def _conclude(s: Any, case_id: int, v: dict[str, Any]) -> None:
    v = {**v, "concluded_on": _need(v["concluded_on"], "办结日期", "concluded_on")}
    cases.conclude(s, case_id, cases.ConcludeForm(**v))


def _review(s: Any, case_id: int, v: dict[str, Any]) -> str:
    recheck = v["kind"] == "复核"
    return cases.record_review(s, case_id, v["requested_on"], v["answered_on"], recheck=recheck)


def _routing(s: Any, case_id: int, v: dict[str, Any]) -> None:
    received = _need(v["received_on"], "收到转送/交办的日期", "received_on")
    cases.record_routing(s, case_id, received, v["objection_on"])


def _today() -> date:
    return clock.today()


ACTIONS: dict[str, Action] = {
    "accept": Action("受理", "受理", lambda: [
        Field("on", "受理日期", "date", default=_today(), required=True),
        Field("handling", "处理方式", "choice", rules.HANDLINGS[1:], "受理"),
        Field("unit", "承办单位"), Field("person", "承办人"),
    ], _accept),
    "notify": Action("告知", "书面告知", lambda: [
        Field("on", "告知日期", "date", default=_today(), required=True)], _notify),
    "extend": Action("延期", "延期（只能一次，不超过30日）", lambda: [
        Field("leader", "批准领导", required=True),
        Field("approved_on", "批准日期", "date", default=_today(), required=True),
        Field("told_on", "告知信访人日期", "date", default=_today(), required=True),
    ], _extend),
    "conclude": Action("办结", "办结", lambda: [
        Field("outcome", "处理意见", "choice", rules.OUTCOMES),
        Field("concluded_on", "办结日期", "date", default=_today(), required=True),
        Field("facts", "事实认定"), Field("opinion", "处理意见（正文）"),
        Field("delivery_means", "送达方式", "choice", rules.DELIVERY),
        Field("delivered_on", "送达日期", "date", default=_today()),
        Field("satisfaction", "满意度", "choice", rules.SATISFACTION),
        Field("in_national_system", "已录入国家信访信息系统", "check"),
        Field("national_no", "系统编号"),
    ], _conclude),
    "review": Action("复查/复核", "复查/复核", lambda: [
        Field("kind", "类型", "choice", ("复查", "复核")),
        Field("requested_on", "申请日期", "date"), Field("answered_on", "答复日期", "date"),
    ], _review),
    "routing": Action("转交办异议", "转送/交办来件（5个工作日内可提出异议）", lambda: [
        Field("received_on", "收到日期", "date", default=_today(), required=True),
        Field("objection_on", "提出异议日期", "date"),
    ], _routing),
}  # fmt: skip
