"""One shape for changing a stored record: check the step, snapshot, change, audit before and after.

Every area's state change runs the same steps (require, load, check the step, set, audit);
the area keeps only its rules: which step is legal now and where it leads (a ``Rule``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.services import audit

Summary = str | Callable[[dict[str, Any]], str]  # text, or made from the before-snapshot
# An area's rule for one step on one record now: the state it leads to (None: the step keeps
# the state, e.g. 催办); raises a ValidationError naming why when the step is not legal now.
Rule = Callable[[], str | None]


def step(record: Any, rule: Rule | None = None, field: str = "state") -> dict[str, Any]:
    """The check step every state change shares: ask the area's rule, snapshot, set the state.

    Returns the before-snapshot for ``record_change``; a refused step changes nothing.
    """
    after = None if rule is None else rule()
    before = audit.snapshot(record)
    if after is not None:
        setattr(record, field, after)
    return before


@contextmanager
def changed(
    session: Session,
    action: str,
    entity: str,
    record: Any,
    summary: Summary = "",
    rule: Rule | None = None,
    field: str = "state",
) -> Iterator[dict[str, Any]]:
    """Check the step, then audit what the block changes on ``record`` (yields the before)::

        loan = session.get(SealLoan, loan_id)      # require and load first
        with records.changed(session, "修改", "印章外借", loan, summary, rule=lambda: _out(loan)):
            loan.returned_at, loan.received_by = when, received_by.strip()

    A rule the block breaks raises before anything is audited; the unit of work rolls back.
    """
    before = step(record, rule, field)
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
