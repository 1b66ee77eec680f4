"""Import batches: each imported sheet, so that it can be listed and undone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class ImportBatch(Base):
    """One import: which file (name and SHA-256), how many rows, by whom and when; the
    records it added are the ids first_id..last_id of table_name (one transaction)."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # incoming, seal-uses … (the CLI KIND)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int]
    table_name: Mapped[str] = mapped_column(String(40), default="")
    first_id: Mapped[int | None]
    last_id: Mapped[int | None]
    imported_by: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str] = mapped_column(String(40), default="")
    undo_note: Mapped[str] = mapped_column(String(200), default="")
    # What an import that updates records replaced (值班人员, 排班), as JSON, to put it back
    undo_state: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (Index("ix_import_batches_kind_sha", "kind", "sha256"),)
