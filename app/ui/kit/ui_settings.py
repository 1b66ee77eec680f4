"""Where the window keeps its view state: ui-settings.ini in the data folder, else per user."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app import APP_ID


def settings_in(folder: Path | None) -> QSettings:
    """The data folder's ui-settings.ini (each office PC keeps its own); the per-user Qt
    settings when no folder is known. The login reads it before the database opens."""
    if folder is None:
        return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_ID, "ui")
    return QSettings(str(folder / "ui-settings.ini"), QSettings.Format.IniFormat)
