"""档案 (文书档案, DA/T 22-2015): 件 and 档号, 年度归档, 装盒, 借阅, 鉴定/销毁/移交, statistics."""

from __future__ import annotations

_registered = False


def register() -> None:
    """Plug the area's import kinds, demo and checks into the registry (once)."""
    global _registered
    if _registered:
        return
    _registered = True
    # Imported here: the filing registers import archives.items, and this must not loop back.
    from app.services.archives import checks, demo, transfer
    from app.services.registry import register_check, register_demo

    transfer.register()
    register_demo("档案", demo.fill)
    register_check("档案目录", checks.check)


register()
