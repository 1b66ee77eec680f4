"""用印: seals registry, the hash-chained 用印登记簿, seal loans; registers its hooks."""

from app.services import registry
from app.services.seals import chain, demo, exchange, loans

registry.register_check("用印台账链", chain.check)
registry.register_todo("用印", loans.todo)
registry.register_demo("用印", demo.fill)
exchange.register()
