"""来访/信访: the reception register with the statutory clocks of the 《信访工作条例》."""

from app.services.registry import register_check, register_demo, register_todo
from app.services.visits import checks, demo, transfer
from app.services.visits.queries import todo_items

register_todo("来访", todo_items)
register_demo("来访", demo.fill)
register_check("来访登记簿", checks.check)
transfer.register()
