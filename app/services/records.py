"""One shape for changing a stored record: snapshot, change, flush, audit before and after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.services import audit

Summary = str | Callable[[dict[str, Any]], str]  # text, or made from the before-snapshot


@contextmanager
def changed(
    session: Session, action: str, entity: str, record: Any, summary: Summary = ""
) -> Iterator[dict[str, Any]]:
    """Audit what the block changes on ``record`` (yields the before-snapshot)::

        seal = get_seal(session, seal_id)          # load, require and check first
        with records.changed(session, "修改", "印章", seal):
            seal.approvers_json = json.dumps(cleaned, ensure_ascii=False)

    A rule the block breaks raises before anything is audited; the unit of work rolls back.
    """
    before = audit.snapshot(record)
    yield before
    text = summary(before) if callable(summary) else summary
    record_change(session, action, entity, record, before, text)


def record_change(
    session: Session, action: str, entity: str, record: Any, before: dict[str, Any], summary: str
) -> None:
    """The second half of ``changed`` for a change made in steps (公文's moves: the step is
    checked and the state set in one function, the move's own fields in another)."""
    session.flush()  # the after-snapshot shows the new version and generated values
    audit.record(session, action, entity, record.id, before=before,
                 after=audit.snapshot(record), summary=summary)  # fmt: skip
