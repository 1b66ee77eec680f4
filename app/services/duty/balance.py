"""After the greedy fill, even out the weighted load by moving or trading single shifts.

Greedy filling can box someone in (a weekend between two holidays may find only busy
people free). This pass moves a shift from the most to the least loaded person, or trades
a heavy shift for a light one, whenever every duty rule still holds and the load spread
shrinks; holiday counts never get less even. Deterministic: fixed orders throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.services.duty.config import HOLIDAY

ONE_DAY = timedelta(days=1)


@dataclass
class RosterBoard:
    """Who stands which day in one role group, plus what the rules need to check moves."""

    kinds: dict[date, str]
    weights: dict[date, int]
    on_day: dict[date, set[int]]  # everybody on duty that day (both roles, edges included)
    blocked: dict[int, set[date]]
    points: dict[int, int]
    holidays: dict[int, int]  # this year's holiday duties, carried ones included
    duties: dict[int, list[date]] = field(default_factory=dict)

    def free(self, pid: int, day: date) -> bool:
        near = self.on_day.get(day - ONE_DAY, set()) | self.on_day.get(day + ONE_DAY, set())
        return (
            pid not in near and pid not in self.on_day[day] and day not in self.blocked.get(pid, ())
        )

    def shift(self, day: date, old: int, new: int) -> None:
        self.on_day[day].discard(old)
        self.on_day[day].add(new)
        self.duties[old].remove(day)
        self.duties[new].append(day)
        w, hol = self.weights[day], int(self.kinds[day] == HOLIDAY)
        self.points[old] -= w
        self.points[new] += w
        self.holidays[old] -= hol
        self.holidays[new] += hol


def even_out(
    board: RosterBoard, group: list[int], target: int, limit: int = 5000
) -> list[tuple[date, int, int]]:
    """Improve until the spread is within target (or nothing helps); returns moves made."""
    moves: list[Step] = []
    for _ in range(limit):
        ranked = sorted(group, key=lambda p: (board.points[p], p))
        if not ranked or board.points[ranked[-1]] - board.points[ranked[0]] <= target:
            break
        step = _improve(board, ranked)
        if not step:
            break
        moves.extend(step)
    return moves


def _improve(board: RosterBoard, ranked: list[int]) -> list[Step]:
    for hi in reversed(ranked):
        for lo in ranked:
            if board.points[hi] - board.points[lo] < 2:
                break
            step = _move(board, hi, lo) or _trade(board, hi, lo) or _rotate(board, hi, lo, ranked)
            if step:
                return step
    return []


Step = tuple[date, int, int]  # (day, from, to)


def _try(board: RosterBoard, steps: list[Step]) -> list[Step]:
    """Apply steps if every rule still holds and the load evens out; else leave all as was."""
    people = {p for _d, a, b in steps for p in (a, b)}
    if any(board.kinds[d] == HOLIDAY for d, _a, _b in steps) and not _holiday_fair(board, steps):
        return []
    before = sum(board.points[p] ** 2 for p in people)
    for day, old, new in steps:
        board.shift(day, old, new)
    legal = all(_legal(board, new, day) for day, _old, new in steps)
    if legal and sum(board.points[p] ** 2 for p in people) < before:
        return steps
    for day, old, new in reversed(steps):
        board.shift(day, new, old)
    return []


def _holiday_fair(board: RosterBoard, steps: list[Step]) -> bool:
    after = dict(board.holidays)
    for day, old, new in steps:
        if board.kinds[day] == HOLIDAY:
            after[old] -= 1
            after[new] += 1
    spread = max(board.holidays.values()) - min(board.holidays.values())
    return max(after.values()) - min(after.values()) <= max(spread, 1)


def _move(board: RosterBoard, hi: int, lo: int) -> list[Step]:
    for day in sorted(board.duties[hi]):
        if lo not in board.on_day[day] and (step := _try(board, [(day, hi, lo)])):
            return step
    return []


def _trade(board: RosterBoard, hi: int, lo: int) -> list[Step]:
    for d1 in sorted(board.duties[hi]):
        for d2 in sorted(board.duties[lo]):
            if board.weights[d1] <= board.weights[d2] or lo in board.on_day[d1]:
                continue
            if hi not in board.on_day[d2] and (step := _try(board, [(d1, hi, lo), (d2, lo, hi)])):
                return step
    return []


def _rotate(board: RosterBoard, hi: int, lo: int, ranked: list[int]) -> list[Step]:
    """hi gives a day to lo, lo gives one of its days to a third person."""
    for d1 in sorted(board.duties[hi]):
        if lo in board.on_day[d1]:
            continue
        for d2 in sorted(board.duties[lo]):
            for mid in ranked:
                if mid in (hi, lo) or mid in board.on_day[d2]:
                    continue
                if step := _try(board, [(d1, hi, lo), (d2, lo, mid)]):
                    return step
    return []


def _legal(board: RosterBoard, pid: int, day: date) -> bool:
    near = board.on_day.get(day - ONE_DAY, set()) | board.on_day.get(day + ONE_DAY, set())
    return pid not in near and day not in board.blocked.get(pid, ())
