"""首页's 待办 list: providers gathered, sorted by severity then due date, failures shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.services import registry, todo
from app.services.registry import TodoItem

TODAY = date(2026, 3, 10)


@pytest.fixture
def providers() -> Iterator[list]:
    saved = list(registry.TODOS)
    registry.TODOS.clear()
    yield registry.TODOS
    registry.TODOS[:] = saved


def item(module: str, severity: str, days: int) -> TodoItem:
    return TodoItem(module, f"{module}{severity}{days}", due=TODAY + timedelta(days),
                    days_left=days, severity=severity, page="incoming")  # fmt: skip


def test_sorted_by_severity_then_due(uow, providers):
    registry.register_todo("收文", lambda s, d: [item("收文", "提示", 9), item("收文", "临期", 3)])
    registry.register_todo(
        "督办", lambda s, d: [item("督办", "逾期", -1), item("督办", "逾期", -5)]
    )
    registry.register_todo("值班", lambda s, d: [item("值班", "今日", 0)])
    with uow() as session:
        items = todo.collect(session, TODAY)
    assert [(i.severity, i.days_left) for i in items] == [
        ("逾期", -5), ("逾期", -1), ("今日", 0), ("临期", 3), ("提示", 9),
    ]  # fmt: skip


def test_provider_gets_today(uow, providers):
    seen = []
    registry.register_todo("来访", lambda s, d: seen.append(d) or [])
    with uow() as session:
        assert todo.collect(session, TODAY) == []
    assert seen == [TODAY]


def test_failing_provider_is_one_line_not_a_crash(uow, providers):
    def broken(session, today):
        raise RuntimeError("boom")

    registry.register_todo("用印", broken)
    registry.register_todo("收文", lambda s, d: [item("收文", "逾期", -2)])
    with uow() as session:
        items = todo.collect(session, TODAY)
    assert [i.title for i in items] == ["收文逾期-2", "待办读取失败：用印"]
    assert items[1].module == "用印"
