"""Full-text (FTS5) tables are made by raw SQL in their revision: keep them out of compare."""

from __future__ import annotations

from sqlalchemy import Integer, TableClause, TextClause, TextualSelect, column, table, text


def is_fulltext_table(name: str | None) -> bool:
    """`x_fts` virtual tables and their shadow tables (`x_fts_data`, `x_fts_idx` …)."""
    return bool(name) and (str(name).endswith("_fts") or "_fts_" in str(name))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic include_name hook: compare every table but the full-text ones."""
    return not (type_ == "table" and is_fulltext_table(name))


def match_ids(fts_table: str, words: list[str]) -> TextualSelect:
    """`SELECT rowid FROM x_fts WHERE x_fts MATCH …` for words of 3+ characters (trigram).

    Each word is a quoted phrase, so punctuation in a 文号 is matched literally.
    """
    if fts_table not in FULLTEXT_TABLES:
        raise ValueError(fts_table)
    query = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    sql = text(f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH :q").bindparams(q=query)
    return sql.columns(column("rowid", Integer))


FULLTEXT_TABLES = frozenset({"incoming_fts", "outgoing_fts", "tasks_fts"})
MIN_MATCH = 3  # trigram: shorter words match nothing, so they go to LIKE


def fts_table(name: str) -> TableClause:
    """The FTS5 table as a selectable with its rowid, to join on and to order by."""
    if name not in FULLTEXT_TABLES:
        raise ValueError(name)
    return table(name, column("rowid", Integer))


def match(fts: TableClause, words: list[str]) -> TextClause:
    """`x_fts MATCH '"w1" AND "w2"'`: FTS5 reads its index newest rowid first with LIMIT."""
    query = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    return text(f"{fts.name} MATCH :fts_q").bindparams(fts_q=query)
