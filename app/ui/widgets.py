"""Small shared pieces of every form: the inline error line and a roomy form layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel


def error_label() -> QLabel:
    """Where a form shows the service's refusal, in red, next to what the clerk typed."""
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    return label


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setVerticalSpacing(12)
    form.setHorizontalSpacing(16)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form
