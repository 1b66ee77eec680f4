"""The PySide6 window: the only package that imports Qt."""

from app.ui.qtfix import protect_none

protect_none()  # before any Qt model runs: see app/ui/qtfix.py
