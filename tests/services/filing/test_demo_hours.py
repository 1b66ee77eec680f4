"""Issue 15: the demo's 收文 are received and handled in office hours, not at 01:36."""

from __future__ import annotations

import random

from app.services import audit, office_hours
from app.services.filing import demo


def test_every_demo_incoming_step_falls_in_office_hours(uow):
    with uow() as s:
        demo.fill_filing(s, 400, random.Random(1))
    with uow() as s:
        steps = audit.query(s, audit.AuditFilter(entity="收文"))
    assert len(steps) > 400  # the newest 200 have their 办理经过
    late = [(f"{t.at.astimezone():%m-%d %H:%M}", t.action) for t in steps
            if not office_hours.is_open(t.at)]  # fmt: skip
    assert late == []
