"""档案 (文书档案, DA/T 22-2015): 件 and 档号, 年度归档, 装盒, 借阅, 鉴定/销毁/移交, statistics."""

from __future__ import annotations


def register() -> None:
    """Register the area's 待办, demo, checks and import/export kinds (filled in as they land)."""


register()
