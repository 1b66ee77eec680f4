"""Small shared pieces of the settings-style forms: the inline error line, a roomy form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel

if TYPE_CHECKING:  # the login window imports this module before the kit is needed
    from app.ui.kit import FormDialog


def error_label() -> QLabel:
    """Where a form shows the service's refusal, in red, next to what the clerk typed."""
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    return label


def form_layout(form: QFormLayout | None = None) -> QFormLayout:
    """A roomy form: labels right-aligned, fields growing; styles ``form`` when given."""
    form = form if form is not None else QFormLayout()
    form.setVerticalSpacing(12)
    form.setHorizontalSpacing(16)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def roomy(dialog: FormDialog) -> None:
    """The settings pages' roomier look on a kit form dialog (their forms look the same)."""
    form_layout(dialog.form_layout)
    layout = dialog.layout()
    if layout is not None:
        layout.setContentsMargins(24, 20, 24, 20)
    dialog.setMinimumWidth(420)
