"""Small shared pieces of every form: the inline error line, a roomy form, a form dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout


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


def form_dialog(dialog: QDialog, form: QFormLayout) -> QLabel:
    """Lay out a small form dialog (form, error line, 保存/取消); returns the error line."""
    error = error_label()
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.button(ok).setText("保存")
    buttons.button(cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(420)
    return error
