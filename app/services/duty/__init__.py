"""值班: staff, fair holiday-aware rosters, swaps, duty logs and the county returns."""

from app.services import calendar, registry


def register() -> None:
    """Plug 值班 into the house: 待办, import/export kinds and demo."""
    # imported here: a window that needs one 值班 service does not load exports and demo
    from app.services.duty import todo

    registry.register_todo("日历", calendar.todo_items)  # the calendar first: 值班 follows holidays
    registry.register_todo("值班", todo.todos)
    registry.register_later(_exchange_and_demo)


def _exchange_and_demo() -> None:
    from app.services.duty import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("值班", demo.demo)
