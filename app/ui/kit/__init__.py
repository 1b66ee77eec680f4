"""The shared UI kit: paged lists, date fields, search, filters, forms, export.

A register page puts a FilterBar over a ListView of a PagedTableModel (see
app/ui/filing/list_page.py); each module's docstring shows its use. Reading and saving go
through app.ui.ops (in the background with ops.in_background).
"""

from app.ui.kit.completer import LearnedCompleter, attach_completer
from app.ui.kit.date_edit import DateEdit, DateTimeEdit
from app.ui.kit.empty_hint import empty_hint
from app.ui.kit.export_action import ExportAction
from app.ui.kit.filter_bar import FilterBar
from app.ui.kit.forms import (
    Field,
    FormDialog,
    FormHelper,
    ok_cancel,
    save_keys,
    save_label,
    shortcut,
)
from app.ui.kit.list_page import PagedListPage
from app.ui.kit.paged_model import (
    CENTER,
    DUE_SOON,
    LEFT,
    OVERDUE,
    RIGHT,
    Col,
    PagedSource,
    PagedTableModel,
    ServiceSource,
    Sort,
    tuples,
)
from app.ui.kit.search_box import SearchBox
from app.ui.kit.table_view import ListView
from app.ui.kit.unsaved import Unsaved

__all__ = [
    "CENTER",
    "DUE_SOON",
    "LEFT",
    "OVERDUE",
    "RIGHT",
    "Col",
    "DateEdit",
    "DateTimeEdit",
    "ExportAction",
    "Field",
    "FilterBar",
    "FormDialog",
    "FormHelper",
    "LearnedCompleter",
    "ListView",
    "PagedListPage",
    "PagedSource",
    "PagedTableModel",
    "SearchBox",
    "ServiceSource",
    "Sort",
    "Unsaved",
    "attach_completer",
    "empty_hint",
    "ok_cancel",
    "save_keys",
    "save_label",
    "shortcut",
    "tuples",
]
