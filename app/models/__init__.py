"""SQLAlchemy models, one module per area; importing this registers every table."""

from app.models import (  # noqa: F401
    archives,
    attachments,
    audit,
    calendar,
    duty,
    filing,
    imports,
    meetings,
    returns,
    seals,
    settings,
    users,
    visits,
)
from app.models.base import Base

__all__ = ["Base"]
