"""Benchmark: a whole-year roster for 60 people (target < 1 s) against naive round-robin.

Run: python -m bench.duty   (prints figures; not part of the test run)
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.session import dispose
from app.services import calendar as cal
from app.services import users
from app.services.duty import planner, roster
from app.services.duty.config import rules
from app.services.duty.staff import DutyPersonForm, add_absence, add_person
from app.services.modules import load_all

YEAR, LEADERS, STAFF = 2026, 10, 50


def _setup(folder: Path) -> None:
    load_all()
    open_database(DataDir(folder).ensure())
    with unit_of_work() as s:
        users.first_run_setup(s, users.SetupForm(
            org_name="某某镇人民政府", fonds_code="Z109", issuer_codes=["镇政"],
            admin_username="admin", admin_display_name="管理员", admin_password="bench-pass-1",
        ))  # fmt: skip
        cal.seed_year(s, YEAR)
        for n in range(LEADERS + STAFF):
            pid = add_person(s, DutyPersonForm(f"人员{n}", "", "", f"1390000{n:04d}", n < LEADERS))
            if n % 7 == 0:
                start = date(YEAR, 1 + n % 12, 3)
                add_absence(s, pid, "休假", start, start + timedelta(days=6))


def _round_robin(slots: list[planner.DaySlot], people: list[planner.Person]) -> list[tuple]:
    """The baseline: rotate through leaders and staff in order, no rules, no weights."""
    leaders = [p.id for p in people if p.can_lead]
    staff = [p.id for p in people if not p.can_lead]
    si = 0
    out = []
    for li, slot in enumerate(slots):
        chosen = [staff[(si + k) % len(staff)] for k in range(slot.staff)]
        si += slot.staff
        out.append((slot.day, leaders[li % len(leaders)], chosen))
    return out


def _broken(days: list[tuple], away: dict[int, list[tuple[date, date]]]) -> int:
    """Rule breaks in a roster: someone on two days running, or on duty while away."""
    broken = 0
    for (_d0, l0, s0), (day, lead, staff) in pairwise(days):
        ids = {lead, *staff}
        broken += len(ids & {l0, *s0})
        broken += sum(1 for p in ids for a, b in away.get(p, []) if a <= day <= b)
    return broken


def _timed(label: str, fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = min(_once(fn) for _ in range(repeat))
    print(f"{label:<46} {best * 1000:8.1f} ms", flush=True)
    return best


def _once(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
        with unit_of_work() as s:
            slots, _names = roster._slots(s, start, end)
            pool = [planner.Person(p.id, p.name, p.can_lead) for p in roster.people(s)]
            away = roster.unavailable_days(s, start, end)
            weights = {k: r.weight for k, r in rules(s).items()}
        print(f"{len(slots)} 天，{LEADERS} 名带班领导 + {STAFF} 名值班人员", flush=True)
        base = _timed("基线：简单轮换（不查规则、不计权重）", lambda: _round_robin(slots, pool))
        plan = _timed(
            "排班算法（规则 + 权重 + 均衡）",
            lambda: planner.plan(slots, pool, away, planner.History()),
        )

        def full() -> None:
            with unit_of_work() as s:
                roster.generate(s, start, end)

        whole = _timed("全年生成并保存（含读库、写库、统计）", full)
        _out, loads = planner.plan(slots, pool, away, planner.History())
        staff_pts = [loads[p.id].points for p in pool if not p.can_lead]
        print(f"值班人员加权工作量 最少 {min(staff_pts)} 最多 {max(staff_pts)}（权重 {weights}）")
        naive = _round_robin(slots, pool)
        ours = [(a.day, a.leader, a.staff) for a in _out]
        naive_bad, ours_bad = _broken(naive, away), _broken(ours, away)
        print(f"违反规则（连值/不在岗仍排）：基线 {naive_bad} 处，算法 {ours_bad} 处")
        kind_weight = {s.day: s.weight for s in slots}
        naive_pts: dict[int, int] = {}
        for day, _lead, staff in naive:
            for pid in staff:
                naive_pts[pid] = naive_pts.get(pid, 0) + kind_weight[day]
        low, high = min(naive_pts.values()), max(naive_pts.values())
        print(f"基线的值班人员加权工作量 最少 {low} 最多 {high}")
        verdict = "达标" if whole < 1 else "未达标"
        print(f"算法 / 基线 = {plan / base:.0f} 倍；全年生成并保存 {verdict}（目标 < 1 s）")
        dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
