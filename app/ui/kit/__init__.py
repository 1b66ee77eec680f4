"""The shared UI kit: paged lists, date fields, search, filters, forms, export.

A register page puts a FilterBar over a ListView of a PagedTableModel (see
app/ui/filing/list_page.py); each module's docstring shows its use. Reading and saving go
through app.ui.ops (in the background with ops.in_background).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Loaded at once: the function has its module's name, which a later import of the module
# would otherwise put in its place on this package.
from app.ui.kit.empty_hint import empty_hint

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads when first asked for
    from app.ui.kit.completer import LearnedCompleter, attach_completer
    from app.ui.kit.date_edit import DateEdit, DateTimeEdit
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

# Where each name lives: importing app.ui.kit.table_view (the login, the main window) loads
# that module alone, not the forms, lists and export code every register page needs.
_HOME = {
    "LearnedCompleter": "app.ui.kit.completer",
    "attach_completer": "app.ui.kit.completer",
    "DateEdit": "app.ui.kit.date_edit",
    "DateTimeEdit": "app.ui.kit.date_edit",
    "ExportAction": "app.ui.kit.export_action",
    "FilterBar": "app.ui.kit.filter_bar",
    "Field": "app.ui.kit.forms",
    "FormDialog": "app.ui.kit.forms",
    "FormHelper": "app.ui.kit.forms",
    "ok_cancel": "app.ui.kit.forms",
    "save_keys": "app.ui.kit.forms",
    "save_label": "app.ui.kit.forms",
    "shortcut": "app.ui.kit.forms",
    "PagedListPage": "app.ui.kit.list_page",
    "CENTER": "app.ui.kit.paged_model",
    "DUE_SOON": "app.ui.kit.paged_model",
    "LEFT": "app.ui.kit.paged_model",
    "OVERDUE": "app.ui.kit.paged_model",
    "RIGHT": "app.ui.kit.paged_model",
    "Col": "app.ui.kit.paged_model",
    "PagedSource": "app.ui.kit.paged_model",
    "PagedTableModel": "app.ui.kit.paged_model",
    "ServiceSource": "app.ui.kit.paged_model",
    "Sort": "app.ui.kit.paged_model",
    "tuples": "app.ui.kit.paged_model",
    "SearchBox": "app.ui.kit.search_box",
    "ListView": "app.ui.kit.table_view",
    "Unsaved": "app.ui.kit.unsaved",
}


def __getattr__(name: str) -> Any:
    """Load the kit module that holds `name` the first time someone asks for it."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


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
