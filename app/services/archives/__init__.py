"""档案 (文书档案, DA/T 22-2015): 件 and 档号, 年度归档, 装盒, 借阅, 鉴定/销毁/移交, statistics."""

from app.services import registry


def register() -> None:
    """Plug 档案 into the house: import/export kinds, demo and the 目录 check."""
    # imported here: the 收文/发文 归档 step needs only archives.items
    from app.services import attachments, settings
    from app.services.archives import checks, items, outputs, scheme
    from app.services.context import Perm

    # a 件's electronic files (SHA-256, format, size); never on a 件 with a 密级
    attachments.register_owner(items.ENTITY, items.secrecy_of, perm=Perm.EDIT_ARCHIVES)
    if scheme.guard_fonds not in settings.FONDS_GUARDS:
        settings.FONDS_GUARDS.append(scheme.guard_fonds)

    outputs.register()  # 目录/归档章/盒脊/备考表/清册/年报, 借阅 in and out, overdue 借阅 on 首页
    registry.register_later(_exchange_and_demo)
    registry.register_check("档案目录", checks.check)


def _exchange_and_demo() -> None:
    from app.services.archives import demo, exchange

    registry.register_kinds(exchange.IMPORTS, exchange.EXPORTS)
    registry.register_demo("档案", demo.fill)
