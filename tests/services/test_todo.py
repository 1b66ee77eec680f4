"""首页's 待办 list: providers gathered, sorted by severity then due date, failures shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

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


def test_today_first_then_week_then_one_overdue_line_per_module(uow, providers):
    registry.register_todo("收文", lambda s, d: [item("收文", "提示", 9), item("收文", "临期", 3),
                                                 item("收文", "逾期", -300)])  # fmt: skip
    registry.register_todo(
        "督办", lambda s, d: [item("督办", "逾期", -1), item("督办", "逾期", -5)]
    )
    registry.register_todo("值班", lambda s, d: [item("值班", "今日", 0)])
    with uow() as session:
        items = todo.collect(session, TODAY)
    assert [i.title for i in items] == [
        "值班今日0", "收文临期3",
        f"收文 逾期 1 件，最早 {TODAY - timedelta(300)}",
        f"督办 逾期 2 件，最早 {TODAY - timedelta(5)}",
        "收文提示9",
    ]  # fmt: skip
    assert items[3].hidden == 2 and items[3].filter == "逾期"


def test_clocks_that_run_today_come_first_by_the_hour(uow, providers):
    at = lambda h, m=0: datetime(2026, 3, 10, h, m).astimezone()  # noqa: E731
    registry.register_todo("收文", lambda s, d: [item("收文", "逾期", -200)] * 150)
    registry.register_todo("值班", lambda s, d: [
        TodoItem("值班", "今晚值班", due=TODAY, days_left=0, severity="今日"),
        TodoItem("值班", "突发事件未电话报告", severity="逾期", due_at=at(9, 40)),
    ])  # fmt: skip
    registry.register_todo("用印", lambda s, d: [
        TodoItem("用印", "印章外借未还", severity="逾期", due_at=at(8)),
        TodoItem("用印", "下周才还", severity="提示", due_at=at(8) + timedelta(days=9)),
    ])  # fmt: skip
    registry.register_todo("来访", lambda s, d: [item("来访", "临期", 1), item("来访", "临期", 2)])
    with uow() as session:
        found = todo.board(session, TODAY)
    titles = [i.title for i in found.lines]
    assert titles[:4] == ["印章外借未还", "突发事件未电话报告", "今晚值班", "来访临期1"]
    assert titles[4:] == ["来访临期2", f"收文 逾期 150 件，最早 {TODAY - timedelta(200)}",
                          "下周才还"]  # fmt: skip
    assert found.counts["收文"] == {"逾期": 150, "今日": 0, "临期": 0}
    assert found.counts["用印"]["逾期"] == 1 and found.counts["来访"]["临期"] == 2
    assert found.pages["收文"] == "incoming"


def test_provider_gets_today(uow, providers):
    seen = []
    registry.register_todo("来访", lambda s, d: seen.append(d) or [])
    with uow() as session:
        assert todo.collect(session, TODAY) == []
    assert seen == [TODAY]


@pytest.mark.logs_expected  # the test provokes it and checks what is told
def test_failing_provider_is_one_line_not_a_crash(uow, providers):
    def broken(session, today):
        raise RuntimeError("boom")

    registry.register_todo("用印", broken)
    registry.register_todo("收文", lambda s, d: [item("收文", "逾期", -2)])
    with uow() as session:
        items = todo.collect(session, TODAY)
    # A failure stands first: 首页 must not look calm while a module cannot be read.
    assert [i.title for i in items] == [
        "待办读取失败：用印",
        f"收文 逾期 1 件，最早 {TODAY - timedelta(2)}",
    ]
    assert items[0].module == "用印"
