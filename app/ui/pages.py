"""The navigation pages in order; a module's page replaces its placeholder when it lands."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.context import Actor
from app.services.modules import load_all

PageFactory = Callable[[Actor], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: PageFactory | None  # None: the module has not landed yet


def placeholder(title: str) -> QWidget:
    label = QLabel(f"“{title}”模块尚未上线。\n\n本页将在该模块完成后提供登记、查询与导出。")
    label.setObjectName("placeholder")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def lazy(module: str, class_name: str, *, areas: bool = True) -> PageFactory:
    """A factory that imports its page only when the main window builds it (fast start).

    areas: the page needs every area's services registered (all but 首页, which the window
    shows before they load: its 待办 read loads them off the GUI thread).
    """

    def build(actor: Actor) -> QWidget:
        if areas:
            load_all()
        page_class = getattr(importlib.import_module(module), class_name)
        page: QWidget = page_class(actor)
        return page

    return build


PAGES: list[PageSpec] = [
    PageSpec("home", "首页", lazy("app.ui.home.page", "HomePage", areas=False)),
    PageSpec("incoming", "收文", lazy("app.ui.filing.incoming_page", "IncomingPage")),
    PageSpec("outgoing", "发文", lazy("app.ui.filing.outgoing_page", "OutgoingPage")),
    PageSpec("tasks", "督办", lazy("app.ui.filing.tasks_page", "TasksPage")),
    PageSpec("search", "公文检索", lazy("app.ui.filing.search_page", "SearchPage")),
    PageSpec("meetings", "办会", lazy("app.ui.meetings.page", "MeetingsPage")),
    PageSpec("duty", "值班", lazy("app.ui.duty.page", "DutyPage")),
    PageSpec("seals", "用印", lazy("app.ui.seals.page", "SealsPage")),
    PageSpec("archives", "档案", lazy("app.ui.archives.page", "ArchivesPage")),
    PageSpec("visits", "来访", lazy("app.ui.visits.page", "VisitsPage")),
    PageSpec("reports", "报表", lazy("app.ui.reports_page", "ReportsPage")),
    PageSpec("settings", "设置", lazy("app.ui.settings.page", "SettingsPage")),
]
