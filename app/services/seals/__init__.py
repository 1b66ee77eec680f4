"""用印: seals registry, the hash-chained 用印登记簿, seal loans; register() plugs it in."""

from app.services import registry


def register() -> None:
    """Plug 用印 into the house: 待办, import/export kinds, demo and the chain check."""
    # imported here: a window that needs one 用印 service does not load exports and demo
    from app.services.seals import chain, loans

    registry.register_todo("用印", loans.todo)
    registry.register_later(_exchange_and_demo)
    registry.register_check("用印台账链", chain.check)


def _exchange_and_demo() -> None:
    from app.services.seals import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("用印", demo.fill)
