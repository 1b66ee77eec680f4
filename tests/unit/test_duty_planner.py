"""Properties of the roster planner over many random staff sets (hypothesis)."""

from __future__ import annotations

import itertools
import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.duty.planner import DaySlot, History, Person, plan
from app.services.errors import ValidationError

FAIR_EXAMPLES = int(os.environ.get("DUTY_FAIR_EXAMPLES", "300"))
WEIGHTS = {"工作日": 1, "周末": 2, "节假日": 3}


@st.composite
def cases(draw: st.DrawFn, roomy: bool) -> tuple[list[DaySlot], list[Person], dict, int]:
    need = {k: draw(st.integers(1, 3 if k == "节假日" else 2)) for k in WEIGHTS}
    leaders = draw(st.integers(4, 8) if roomy else st.integers(1, 6))
    low = 3 * max(need.values()) + 1 if roomy else 1
    staff = draw(st.integers(low, low + 30))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 330)))
    kind = st.sampled_from(["工作日", "工作日", "周末", "节假日"])
    kinds = draw(st.lists(kind, min_size=1, max_size=90))
    slots = [DaySlot(start + timedelta(n), k, need[k], WEIGHTS[k]) for n, k in enumerate(kinds)]
    people = [Person(n, f"p{n}", n < leaders) for n in range(leaders + staff)]
    away: dict[int, list[tuple[date, date]]] = {}
    if not roomy:
        for pid in draw(st.lists(st.integers(0, leaders + staff - 1), max_size=6)):
            first = start + timedelta(days=draw(st.integers(0, 60)))
            last = first + timedelta(days=draw(st.integers(0, 9)))
            away.setdefault(pid, []).append((first, last))
    return slots, people, away, leaders


def _ids(a) -> set[int]:
    return {a.leader, *a.staff}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(roomy=False))
def test_constraints_always_hold_or_the_day_is_named(case) -> None:
    slots, people, away, leaders = case
    try:
        out, _loads = plan(slots, people, away, History())
    except ValidationError as refused:
        assert "排不出" in refused.message
        return
    assert [a.day for a in out] == [s.day for s in slots]
    for slot, a in zip(slots, out, strict=True):
        assert a.leader < leaders  # one 带班领导, drawn from the leaders
        assert len(a.staff) == slot.staff == len(set(a.staff))
        assert all(pid >= leaders for pid in a.staff)  # leaders never as plain 值班人员
        for pid in _ids(a):
            assert not any(s <= a.day <= e for s, e in away.get(pid, []))
    for prev, nxt in itertools.pairwise(out):
        assert not _ids(prev) & _ids(nxt)  # nobody on two days running


@settings(max_examples=FAIR_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(roomy=True))
def test_load_is_fair_when_the_pool_allows(case) -> None:
    slots, people, away, leaders = case
    _out, loads = plan(slots, people, away, History())
    for group in (range(leaders), range(leaders, len(people))):
        points = [loads[p].points for p in group]
        holidays = [loads[p].holiday for p in group]
        assert max(points) - min(points) <= max(WEIGHTS.values())  # within one shift's weight
        assert max(holidays) - min(holidays) <= 1


@settings(max_examples=50, deadline=None)
@given(cases(roomy=False))
def test_same_input_same_output(case) -> None:
    slots, people, away, _leaders = case
    try:
        first = plan(slots, people, away, History())[0]
    except ValidationError:
        return
    assert plan(list(slots), list(reversed(people)), dict(away), History())[0] == first


def test_carried_holidays_steer_the_next_holiday() -> None:
    people = [Person(0, "领导甲", True), Person(1, "领导乙", True), Person(2, "领导丙", True)]
    people += [Person(n, f"干部{n}", False) for n in range(3, 9)]
    slot = [DaySlot(date(2026, 10, 1), "节假日", 2, 3)]
    carried = {(pid, 2026): 1 for pid in (0, 1, 3, 4, 5, 6)}
    out, _ = plan(slot, people, {}, History(holidays=carried))
    assert out[0].leader == 2 and set(out[0].staff) == {7, 8}
    last_year = {7: date(2025, 10, 1), 8: date(2025, 10, 2)}
    out, _ = plan(slot, people, {}, History(last_holiday=last_year))
    assert set(out[0].staff) == {3, 4}  # last year's holiday people are spared this time
