"""Domain errors with messages a clerk understands, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.db.errors import StorageError


class DomainError(Exception):
    """Base of every error the window shows as a message instead of a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input breaks a rule; field names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConflictError(DomainError):
    """Somebody else saved this record first (stale version); who and when, when known."""

    def __init__(self, message: str, who: str = "", at: datetime | None = None) -> None:
        super().__init__(message)
        self.who, self.at = who, at


class LoginError(DomainError):
    pass


@dataclass(frozen=True)
class RowError:
    """One bad cell of an import: 第N行 列名: 原因 (N is the sheet's own row number)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.column}: {self.reason}"


class ImportRejected(DomainError):
    """Some rows are bad: nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"有 {len(errors)} 处错误，未导入任何数据。")
        self.errors = errors


__all__ = [
    "ConflictError",
    "DomainError",
    "ImportRejected",
    "LoginError",
    "NotFoundError",
    "PermissionDenied",
    "RowError",
    "StorageError",
    "ValidationError",
]
