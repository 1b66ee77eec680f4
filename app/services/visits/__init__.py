"""来访/信访: the reception register with the statutory clocks of the 《信访工作条例》."""

from app.services import registry


def register() -> None:
    """Plug 来访 into the house: 待办, import/export kinds, demo and the register check."""
    # imported here: a window that needs one 来访 service does not load exports and demo
    from app.services.visits import checks, queries

    registry.register_todo("来访", queries.todo_items)
    registry.register_later(_exchange_and_demo)
    registry.register_check("来访登记簿", checks.check)


def _exchange_and_demo() -> None:
    from app.services.visits import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("来访", demo.fill)
