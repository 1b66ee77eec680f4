"""The navigation pages in order; a module's page replaces its placeholder when it lands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from app.services.context import Actor


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[Actor], QWidget] | None  # None: the module has not landed yet


def placeholder(title: str) -> QWidget:
    label = QLabel(f"“{title}”模块尚未上线。\n\n本页将在该模块完成后提供登记、查询与导出。")
    label.setObjectName("placeholder")
    label.setWordWrap(True)
    return label


def _visits(actor: Actor) -> QWidget:
    from app.ui.visits.page import VisitsPage

    return VisitsPage(actor)


PAGES: list[PageSpec] = [
    PageSpec("home", "首页", None),
    PageSpec("incoming", "收文", None),
    PageSpec("outgoing", "发文", None),
    PageSpec("tasks", "督办", None),
    PageSpec("duty", "值班", None),
    PageSpec("seals", "用印", None),
    PageSpec("archives", "档案", None),
    PageSpec("visits", "来访", lambda actor: _visits(actor)),
    PageSpec("reports", "报表", None),
    PageSpec("settings", "设置", None),
]
