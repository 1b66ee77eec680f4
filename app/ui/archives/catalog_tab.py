"""目录: every 件 in 档号 order, one search box and filters; 调整件号 and 撤出 before 装盒."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from app import clock
from app.common.dates import format_date8
from app.services.archives import items, queries, scheme
from app.services.archives.codes import PERIOD_NAMES, PERIODS
from app.services.archives.items import ENTITY
from app.services.archives.queries import CatalogFilter
from app.services.context import Actor
from app.services.registry import ExportQuery
from app.services.transfer import import_file
from app.ui import ops
from app.ui.archives.common import REGISTERS, Prints, conflict_aware
from app.ui.archives.files_dialog import ItemFilesDialog
from app.ui.archives.item_dialog import ItemDialog
from app.ui.kit import Col, Field, FormDialog, PagedListPage, ServiceSource

PRINTS = [("归档文件目录（PDF）…", "archive-catalog"), ("归档章标签（PDF）…", "archive-labels"),
          ("归档章首页套印（PDF）…", "archive-first-pages")]  # fmt: skip
COLUMNS = [
    ("档号", "archive_code"), ("文号", "doc_no"), ("责任者", "author"), ("题名", "title"),
    ("日期", "doc_date"), ("密级", "secrecy"), ("页数", "pages"), ("盒号", "box_no"),
    ("状态", "status"), ("备注", "note"),
]  # fmt: skip
SORTS = ["archive_code", None, None, None, "doc_date", None, None, None, None, None]
SECRECY = [("全部", ""), ("无密级", queries.NO_SECRECY), ("秘密", "秘密"), ("机密", "机密"),
           ("绝密", "绝密")]  # fmt: skip


def _rows(session: Any, flt: CatalogFilter, **kw: Any) -> list[tuple[Any, ...]]:
    return [(r.id, r.archive_code, r.doc_no, r.author, r.title, format_date8(r.doc_date),
             r.secrecy, r.pages or "", r.box_no or "", "借出" if r.out else r.status, r.note,
             r.item_no, r.version) for r in queries.list_items(session, flt, **kw)]  # fmt: skip


def _filter(values: dict[str, Any]) -> CatalogFilter:
    return CatalogFilter(text=values.get("text") or "", year=values.get("year"),
                         period=values.get("period") or "", org_code=values.get("org") or "",
                         secrecy=values.get("secrecy") or "",
                         out_only=bool(values.get("out")))  # fmt: skip


class CatalogTab(PagedListPage):
    unit = "件"
    empty_text = (
        "还没有归档文件：在“年度归档”页把办结的收文、发文归档，"
        "或点“导入目录”（Ctrl+I）导入原有的归档文件目录。"
    )

    def __init__(self, actor: Actor) -> None:
        found = ops.query(None, actor, lambda s: (queries.years(s), scheme.orgs(s)))
        years, orgs = found if found is not None else ([], ())
        # the newest 年度 first: 100,000 件 of ten years help nobody at once
        newest = CatalogFilter(year=years[0] if years else None)
        source = ServiceSource([Col(h) for h, _ in COLUMNS], _rows, queries.count_items,
                               newest, actor, sort_keys=SORTS)  # fmt: skip
        super().__init__("archive-catalog", source, make_filter=_filter)
        self.actor = actor
        self.dialog: FormDialog | None = None
        self.files_dialog: ItemFilesDialog | None = None
        # the model already reads the newest year: setting the filters up is not a change
        self.filters.blockSignals(True)
        self.filters.add_search("text", "搜索题名、文号、责任者、档号（Ctrl+F）")
        self.filters.add_year("year", "年度", years, newest.year)
        self.filters.add_combo(
            "period", "保管期限", [("全部", ""), *[(PERIOD_NAMES[p], p) for p in PERIODS]]
        )
        self.filters.add_combo("org", "机构", [("全部", ""), *[(o.name, o.code) for o in orgs]])
        self.filters.add_combo("secrecy", "密级", SECRECY)
        self.filters.add_check("out", "只看借出")
        self.filters.blockSignals(False)
        self.add_button("修改…", self.edit_item, "Ctrl+Return")
        self.add_button("电子文件…", self.files, "Ctrl+Shift+A")
        self.add_button("调整件号", self.move_item, "Ctrl+M")
        self.add_button("撤出归档", self.remove_item, "Ctrl+D")
        self.add_button("导入目录", self.import_sheet, "Ctrl+I")
        self.prints = Prints(self, actor, PRINTS, self.print_query)
        self.buttons.insertWidget(self.buttons.count(), self.prints.button)
        # Enter or double-click opens the 件 with what may still be corrected (one signal:
        # listening to doubleClicked as well would open the form twice)
        self.view.opened.connect(lambda _id: self.edit_item())
        self.view.set_context_menu(self._row_menu)
        ops.watch(self, REGISTERS, self.reload)

    def print_query(self) -> ExportQuery:
        """The year and 保管期限 the filters show (the 目录 prints one year)."""
        values = self.filters.values()
        year = values.get("year") or (clock.today().year - 1)
        period = values.get("period") or ""
        return ExportQuery(year=year, options={"period": period} if period else {})

    def _row_menu(self, menu: Any, ids: list[Any]) -> None:
        """A row's menu: the same steps as the buttons above the list."""
        if len(ids) == 1:
            menu.addAction("修改（回车）", self.edit_item)
            menu.addAction("电子文件…", self.files)
            menu.addSeparator()
            menu.addAction("调整件号", self.move_item)
            menu.addAction("撤出归档", self.remove_item)

    def edit_item(self) -> ItemDialog | None:
        row = self.current()
        if row is None:
            return None
        self.dialog = ItemDialog(self, self.actor, row[0])
        self.dialog.accepted.connect(lambda: self.reload(select=row[0]))
        self.dialog.open()
        return self.dialog

    def files(self) -> ItemFilesDialog | None:
        row = self.current()
        if row is None:
            return None
        self.files_dialog = ItemFilesDialog(self, self.actor, ENTITY, row[0],
                                              f"{row[1]} {row[4]}")  # fmt: skip
        self.files_dialog.open()
        return self.files_dialog

    def current(self) -> tuple[Any, ...] | None:
        index = self.view.currentIndex()
        return self.model.row_values(index.row()) if index.isValid() else None

    def move_item(self) -> FormDialog | None:
        row = self.current()
        if row is None:
            return None
        fields = [Field("no", f"新件号（现为 {row[-2]:04d}）", default=str(row[-2]), required=True)]
        return self._form(
            f"调整件号：{row[1]}",
            fields,
            lambda v: lambda s: items.move(s, row[0], _int(v["no"]), row[-1]),
            row[0],
        )

    def remove_item(self) -> FormDialog | None:
        row = self.current()
        if row is None:
            return None
        fields = [Field("reason", "撤出原因（如 误归档）", required=True)]
        return self._form(
            f"撤出归档：{row[1]}",
            fields,
            lambda v: lambda s: items.remove(s, row[0], v["reason"], row[-1]),
            None,
        )

    def _form(self, title: str, fields: list[Field], work: Any, keep: Any) -> FormDialog:
        def save(values: dict[str, Any]) -> None:
            ops.perform(self.actor, work(values), touches=REGISTERS)
            self.reload(select=keep)

        self.dialog = conflict_aware(FormDialog(self, title, fields, save), self._again)
        self.dialog.open()
        return self.dialog

    def _again(self) -> None:
        """重新载入 after a stale step: the list as it is now (the 件号 may have moved)."""
        if self.dialog is not None:
            self.dialog.reject()
        self.reload()

    def import_sheet(self, path: str | None = None) -> None:
        chosen = (
            path
            or QFileDialog.getOpenFileName(
                self, "导入归档文件目录", "", "表格 (*.xlsx *.xls *.csv *.ods)"
            )[0]
        )
        if chosen:
            ops.in_background(self, self.actor, "正在导入归档文件目录…",
                              lambda s, _t: import_file(s, "archive-items", Path(chosen)),
                              on_done=lambda n: self.count_label.setText(f"已导入 {n} 件"),
                              touches=REGISTERS)  # fmt: skip


def _int(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0
