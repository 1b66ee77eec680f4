"""档案 (文书档案, DA/T 22-2015): 件 and 档号, 年度归档, 装盒, 借阅, 鉴定/销毁/移交, statistics."""

from app.services import registry


def register() -> None:
    """Plug 档案 into the house: import/export kinds, demo and the 目录 check."""
    # imported here: the 收文/发文 归档 step needs only archives.items
    from app.services.archives import checks, outputs

    outputs.register()  # 目录/归档章/盒脊/备考表/清册/年报, 借阅 in and out, overdue 借阅 on 首页
    registry.register_later(_exchange_and_demo)
    registry.register_check("档案目录", checks.check)


def _exchange_and_demo() -> None:
    from app.services.archives import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("档案", demo.fill)
