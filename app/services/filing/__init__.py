"""公文 (filing): 收文, 发文, 督办, search, import/export; register() plugs it into the house."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.filing import IncomingDoc, OutgoingDoc, SupervisionTask
from app.services import attachments, registry
from app.services.errors import NotFoundError


def register() -> None:
    """Plug 公文 into the house: attachments, 待办, import/export kinds, demo and checks."""
    # imported here: a window that needs one 公文 service does not load exports and demo
    from app.services.filing import handling, numbering, todo

    attachments.register_owner("收文", _secrecy_of(IncomingDoc, "收文"))
    attachments.register_owner("发文", _secrecy_of(OutgoingDoc, "发文"))
    attachments.register_owner("督办", _task_secrecy)
    registry.register_todo("收文", todo.incoming_todos)
    registry.register_todo("督办", todo.task_todos)
    registry.register_later(_exchange_and_demo)
    registry.register_check("收文发文编号计数", numbering.check_numbers)
    registry.register_check("重复编号", numbering.check_duplicates)
    registry.register_check("收文传阅持有人", handling.holder_mismatches)


def _exchange_and_demo() -> None:
    from app.services.filing import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("公文", demo.fill_filing)


def _secrecy_of(model: type, label: str) -> attachments.SecrecyOf:
    def secrecy_of(session: Session, record_id: int) -> str | None:
        record = session.get(model, record_id)
        if record is None:
            raise NotFoundError(f"找不到编号为 {record_id} 的{label}。")
        return getattr(record, "secrecy", None)

    return secrecy_of


def _task_secrecy(session: Session, task_id: int) -> str | None:
    """A 督办 task from a secret 收文 is as secret as its source."""
    task = session.get(SupervisionTask, task_id)
    if task is None:
        raise NotFoundError(f"找不到编号为 {task_id} 的督办事项。")
    source = session.get(IncomingDoc, task.incoming_id) if task.incoming_id else None
    return None if source is None else source.secrecy
