"""Forms for the visits tests: one walk-in villager, valid ID numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from app.services.visits import cases


def id_number(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


ID_A = id_number("32010219650304123")
ID_B = id_number("32010219700101456")


def person(name: str = "王建国", ident: str = ID_A, phone: str = "13812345678",
           rep: bool = False) -> cases.PersonForm:  # fmt: skip
    return cases.PersonForm(name, "男", ident, "某某镇东湖村3组12号", phone, rep)


def walk_in(day: date = date(2026, 3, 2), **changes: object) -> cases.CaseForm:
    base: dict[str, object] = dict(
        received_at=datetime.combine(day, time(9, 30)).astimezone(UTC), form="走访",
        category="申诉求决类", persons=[person()], issue="宅基地边界纠纷", village="东湖村",
        demand="请求丈量确权", receiver="李文书", receiving_leader="张镇长",
        recusal_confirmed=True,
    )  # fmt: skip
    base.update(changes)
    return cases.CaseForm(**base)  # type: ignore[arg-type]
