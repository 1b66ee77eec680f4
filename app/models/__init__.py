"""SQLAlchemy models, one module per area; importing this registers every table."""

from app.models import attachments, audit, calendar, settings, users, visits  # noqa: F401
from app.models.base import Base

__all__ = ["Base"]
