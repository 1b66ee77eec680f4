"""首页 待办 from 公文: 收文 and 督办 due this week, one folded line of the overdue, papers out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.filing import Circulation, IncomingDoc, SupervisionTask
from app.services.filing import flow
from app.services.registry import TODO_LIMIT, TodoItem, more_line, overdue_line

SOON_DAYS = 7  # 首页 shows what falls due this week
PAPER_OUT_DAYS = 3  # a 传阅 copy not back after this many days is chased
_OPEN_STATES = flow.OPEN_STATES


def _severity(days_left: int) -> str:
    if days_left < 0:
        return "逾期"
    return "今日" if days_left == 0 else "临期"


def _when(days_left: int) -> str:
    if days_left < 0:
        return f"已逾期{-days_left}天"
    return "今天到期" if days_left == 0 else f"{days_left}天后到期"


def incoming_todos(session: Session, today: date) -> list[TodoItem]:
    horizon = today + timedelta(days=SOON_DAYS)
    open_docs = (IncomingDoc.state.in_(_OPEN_STATES), IncomingDoc.deadline.is_not(None),
                 IncomingDoc.historical.is_(False))  # 历史补录 is a record, not a task  # fmt: skip
    late = select(func.count(), func.min(IncomingDoc.deadline)).where(
        *open_docs, IncomingDoc.deadline < today
    )
    count, earliest = session.execute(late).one()
    stmt = select(IncomingDoc).where(*open_docs, IncomingDoc.deadline.between(today, horizon))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = []
    for doc in session.scalars(stmt.order_by(IncomingDoc.deadline).limit(TODO_LIMIT)):
        left = (doc.deadline - today).days  # type: ignore[operator]
        who = doc.lead_dept or doc.handler
        detail = f"{who or '未分办'}，{_when(left)}"
        items.append(TodoItem("收文", f"{doc.receipt_no} {doc.title}", detail,
                              doc.deadline, left, _severity(left), "incoming", doc.id,
                              action=f"催办{who}" if who else "分办"))  # fmt: skip
    hidden = more_line("收文", total - len(items), "收文本周到期", "incoming")
    folded = overdue_line("收文", count, earliest, today, "incoming", "逐件催办，办结后登记")
    return items + hidden + folded + _papers_out(session, today)


def _papers_out(session: Session, today: date) -> list[TodoItem]:
    cutoff = datetime.combine(today - timedelta(days=PAPER_OUT_DAYS), time()).astimezone()
    stmt = (
        select(Circulation, IncomingDoc)
        .join(IncomingDoc, IncomingDoc.id == Circulation.incoming_id)
        .where(Circulation.outcome.is_(None), Circulation.sent_at < cutoff)
    )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = []
    for item, doc in session.execute(stmt.order_by(Circulation.sent_at).limit(TODO_LIMIT)):
        days = (today - item.sent_at.astimezone().date()).days
        items.append(TodoItem("收文", f"{doc.receipt_no} {doc.title}",
                              f"纸质件现在{item.holder}处，已{days}天未归还", None, None,
                              "提示", "incoming", doc.id,
                              action=f"向{item.holder}收回纸质件"))  # fmt: skip
    return items + more_line("收文", total - len(items), "纸质件传阅未归还", "incoming")


def task_todos(session: Session, today: date) -> list[TodoItem]:
    horizon = today + timedelta(days=SOON_DAYS)
    undone = SupervisionTask.done_on.is_(None)
    late = select(func.count(), func.min(SupervisionTask.deadline)).where(
        undone, SupervisionTask.deadline < today
    )
    count, earliest = session.execute(late).one()
    stmt = select(SupervisionTask).where(undone, SupervisionTask.deadline.between(today, horizon))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = []
    for task in session.scalars(stmt.order_by(SupervisionTask.deadline).limit(TODO_LIMIT)):
        left = (task.deadline - today).days
        # a meeting's 议定事项 says which meeting, so the clerk can chase it with the 纪要 in hand
        where = f"（{task.source_text}）" if task.source_kind == "会议" and task.source_text else ""
        detail = f"{task.dept}，{_when(left)}{where}"
        items.append(TodoItem("督办", task.matter, detail, task.deadline,
                              left, _severity(left), "tasks", task.id,
                              action=f"催办{task.dept}，记进展"))  # fmt: skip
    hidden = more_line("督办", total - len(items), "督办事项本周到期", "tasks")
    folded = overdue_line("督办", count, earliest, today, "tasks", "逐件催办责任单位")
    return items + hidden + folded
