"""设置: one tab list, each tab shown only to the roles that may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.context import Actor, Perm


@dataclass(frozen=True)
class TabSpec:
    title: str
    factory: Callable[[Actor], QWidget]
    perm: Perm | None = None  # None: every role sees it (editing may still be refused)


def _org(actor: Actor) -> QWidget:
    from app.ui.settings.org_tab import OrgTab

    return OrgTab(actor)


def _users(actor: Actor) -> QWidget:
    from app.ui.settings.users_tab import UsersTab

    return UsersTab(actor)


def _audit(actor: Actor) -> QWidget:
    from app.ui.settings.audit_tab import AuditTab

    return AuditTab(actor)


def _imports(actor: Actor) -> QWidget:
    from app.ui.settings.imports_tab import ImportsTab

    return ImportsTab(actor)


def _calendar(actor: Actor) -> QWidget:
    from app.ui.settings.calendar_tab import HolidayCalendarTab

    return HolidayCalendarTab(actor)


def _archives(actor: Actor) -> QWidget:
    from app.ui.archives.settings_tab import ArchiveSettingsTab

    return ArchiveSettingsTab(actor)


def _meetings(actor: Actor) -> QWidget:
    from app.ui.meetings.settings_tab import MeetingSettingsTab

    return MeetingSettingsTab(actor)


def _backup(actor: Actor) -> QWidget:
    from app.ui.backup.panel import BackupPanel

    return BackupPanel(actor)


def _server(actor: Actor) -> QWidget:
    from app.ui.settings.server_tab import ServerTab

    return ServerTab(actor)


# Restoring needs Perm.RESTORE as well; the panel and the service check that themselves.
TABS: list[TabSpec] = [
    TabSpec("单位信息", _org),
    TabSpec("用户管理", _users, Perm.MANAGE_USERS),
    TabSpec("审计日志", _audit, Perm.VIEW_AUDIT),
    TabSpec("导入记录", _imports, Perm.EDIT_REGISTERS),
    TabSpec("节假日", _calendar),
    TabSpec("档案", _archives, Perm.MANAGE_SETTINGS),
    TabSpec("办会", _meetings),
    TabSpec("备份与恢复", _backup, Perm.MANAGE_SETTINGS),
    TabSpec("数据位置", _server),  # this PC's own choice: every user makes it for themselves
]


class SettingsPage(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        title = QLabel("设置")
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.tab_titles: list[str] = []
        for spec in TABS:
            if spec.perm is None or actor.can(spec.perm):
                self.tabs.addTab(spec.factory(actor), spec.title)
                self.tab_titles.append(spec.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def open_tab(self, title: str) -> QWidget:
        index = self.tab_titles.index(title)
        self.tabs.setCurrentIndex(index)
        tab = self.tabs.widget(index)
        assert tab is not None  # the index came from the tabs' own titles
        return tab
