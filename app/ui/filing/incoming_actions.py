"""The dialogs behind each legal move on a 收文 (the page offers only the legal ones)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from app import clock
from app.services.errors import ValidationError
from app.services.filing import handling, incoming, queries, tasks
from app.ui.kit import Field

Work = Callable[[dict[str, Any]], Callable[[Any], Any]]


def _today() -> date:
    return clock.today()


def _split(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.replace(",", "、").replace("，", "、").split("、") if t.strip())


def _reply(doc_id: int, number: str) -> Callable[[Any], Any]:
    def work(session: Any) -> None:
        if not number.strip():
            raise ValidationError("请填写复文的发文字号。", field="number")
        out_id = queries.outgoing_id_by_number(session, number)
        if out_id is None:
            raise ValidationError(f"找不到发文字号为“{number}”的发文。", field="number")
        handling.link_reply(session, doc_id, out_id)

    return work


def _close(doc_id: int, outcome: str) -> Work:
    return lambda v: lambda s: handling.close_circulation(s, doc_id, outcome, note=v["note"])


def _task(doc_id: int, v: dict[str, Any]) -> Callable[[Any], Any]:
    def work(session: Any) -> None:
        if v["deadline"] is None:
            raise ValidationError("请填写督办时限。", field="deadline")
        tasks.task_from_instruction(
            session, doc_id, v["deadline"], v["dept"], v["person"], v.get("assigned_on")
        )

    return work


def _assign(v: dict[str, Any]) -> incoming.AssignForm:
    return incoming.AssignForm(
        lead_dept=v.get("lead_dept", ""), co_depts=_split(v.get("co_depts", "")),
        handler=v.get("handler", ""), deadline=v.get("deadline"), pusher=v.get("pusher", ""),
        proposal=v.get("proposal", ""),
    )  # fmt: skip


def action_spec(action: str, doc_id: int) -> tuple[list[Field], Work]:
    """The fields a move asks for and the unit of work it runs with the answers."""
    specs: dict[str, tuple[list[Field], Work]] = {
        "登记": ([], lambda v: lambda s: incoming.register(s, doc_id)),
        "初审通过": ([Field("conclusion", "初审结论", default="符合要求")],
                     lambda v: lambda s: incoming.review(s, doc_id, v["conclusion"])),
        "退回": ([Field("reason", "退回理由", required=True)],
                 lambda v: lambda s: incoming.return_doc(s, doc_id, v["reason"])),
        "阅知": ([Field("proposal", "传阅范围"), Field("deadline", "办理时限", "date"),
                  Field("pusher", "催办人")],
                 lambda v: lambda s: incoming.mark_read_only(s, doc_id, _assign(v))),
        "拟办": ([Field("proposal", "拟办意见", "long", required=True)],
                 lambda v: lambda s: incoming.propose(s, doc_id, v["proposal"])),
        "批示": ([Field("instruction", "领导批示", "long", required=True),
                  Field("instructed_by", "批示领导", required=True)],
                 lambda v: lambda s: incoming.instruct(
                     s, doc_id, v["instruction"], v["instructed_by"])),
        "分办": ([Field("lead_dept", "主办部门", required=True),
                  Field("co_depts", "协办部门（用、分隔）"),
                  Field("handler", "承办人"), Field("deadline", "办理时限", "date"),
                  Field("pusher", "催办人")],
                 lambda v: lambda s: incoming.assign(s, doc_id, _assign(v))),
        "传阅": ([Field("holder", "传阅给", required=True), Field("note", "备注")],
                 lambda v: lambda s: handling.circulate(s, doc_id, v["holder"], note=v["note"])),
        "传阅归还": ([Field("note", "备注")],
                     _close(doc_id, "归还")),
        "收回": ([Field("note", "收回说明")],
                 _close(doc_id, "收回")),
        "取消传阅": ([Field("note", "取消原因")],
                     _close(doc_id, "取消")),
        "催办": ([Field("on", "催办日期", "date", default=_today()),
                  Field("means", "催办方式", "choice", handling.REMINDER_MEANS),
                  Field("result", "催办结果"), Field("pusher", "催办人")],
                 lambda v: lambda s: handling.remind(
                     s, doc_id, v["on"] or clock.today(), v["means"], v["result"], v["pusher"])),
        "复文": ([Field("number", "复文的发文字号", required=True)],
                 lambda v: _reply(doc_id, v["number"])),
        "办结": ([Field("result", "办理结果/答复", "long", required=True),
                  Field("done_on", "办结日期", "date", default=_today(), required=True)],
                 lambda v: lambda s: handling.finish(
                     s, doc_id, v["result"], v["done_on"] or _today())),
        "立督办": ([Field("deadline", "督办时限", "date", required=True),
                    Field("dept", "责任单位（默认主办部门）"), Field("person", "责任人"),
                    Field("assigned_on", "交办日期（补录时填批示日期）", "date",
                          default=_today())],
                   lambda v: _task(doc_id, v)),
    }  # fmt: skip
    return specs[action]
