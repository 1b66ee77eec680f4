"""Full-text (FTS5) tables are made by raw SQL in their revision: keep them out of compare."""

from __future__ import annotations


def is_fulltext_table(name: str | None) -> bool:
    """`x_fts` virtual tables and their shadow tables (`x_fts_data`, `x_fts_idx` …)."""
    return bool(name) and (str(name).endswith("_fts") or "_fts_" in str(name))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic include_name hook: compare every table but the full-text ones."""
    return not (type_ == "table" and is_fulltext_table(name))
