"""Full-text (FTS5) tables are made by raw SQL in their revision: keep them out of compare."""

from __future__ import annotations

from sqlalchemy import Integer, TextualSelect, column, text


def is_fulltext_table(name: str | None) -> bool:
    """`x_fts` virtual tables and their shadow tables (`x_fts_data`, `x_fts_idx` …)."""
    return bool(name) and (str(name).endswith("_fts") or "_fts_" in str(name))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic include_name hook: compare every table but the full-text ones."""
    return not (type_ == "table" and is_fulltext_table(name))


def phrase_query(words: list[str]) -> str:
    """`"w1" AND "w2"`: each word a quoted phrase, so punctuation in a 文号 matches literally."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def match_ids(fts_table: str, words: list[str]) -> TextualSelect:
    """`SELECT rowid FROM x_fts WHERE x_fts MATCH …` for words of 3+ characters (trigram).

    Each word is a quoted phrase, so punctuation in a 文号 is matched literally.
    """
    if fts_table not in FULLTEXT_TABLES:
        raise ValueError(fts_table)
    sql = text(f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :q")
    sql = sql.bindparams(q=phrase_query(words))
    return sql.columns(column("rowid", Integer))


FULLTEXT_TABLES = frozenset({"incoming_fts", "outgoing_fts", "tasks_fts", "archive_fts"})
MIN_MATCH = 3  # trigram: shorter words match nothing, so they go to LIKE
