"""Full-text (FTS5) tables are made by raw SQL in their revision: keep them out of compare."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Integer, TextualSelect, bindparam, column, text
from sqlalchemy.orm import Session

from app.db.bigrams import REGISTERS as BIGRAMS
from app.db.bigrams import SQL_FUNCTION
from app.db.dialect import PG_VECTOR


def is_fulltext_table(name: str | None) -> bool:
    """`x_fts` virtual tables and their shadow tables (`x_fts_data`, `x_fts_idx` …)."""
    return bool(name) and (str(name).endswith("_fts") or "_fts_" in str(name))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """alembic include_name hook: compare every table but the full-text ones, and every index
    but PostgreSQL's bigram expression indexes (app/db/dialect.py)."""
    if type_ == "index" and str(name).endswith("_bigrams"):
        return False
    if type_ == "column" and name == PG_VECTOR:  # PostgreSQL's stored bigram vector (0026)
        return False
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
    # unique: two lookups in one statement (a long and a short word) keep their own texts
    sql = sql.bindparams(bindparam("q", phrase_query(words), unique=True))
    return sql.columns(column("rowid", Integer))


def match_clause(key: Any, fts_table: str, words: list[str]) -> ColumnElement[bool]:
    """`key` among match_ids' rows; on PostgreSQL the bigram GIN index answers the same words
    (app/db/dialect.py)."""
    from app.db.dialect import IndexMatch

    if fts_table not in FULLTEXT_TABLES:
        raise ValueError(fts_table)
    return IndexMatch(key, fts_table, phrase_query(words), words)


FULLTEXT_TABLES = frozenset({"incoming_fts", "outgoing_fts", "tasks_fts", "archive_fts"})
MIN_MATCH = 3  # trigram: shorter words match nothing, so they go to LIKE


# Tables whose insert trigger can be paused for a bulk insert: fts -> (table, columns).
PAUSABLE = {"archive_fts": ("archive_items", ("title", "doc_no", "author", "archive_code"))}
# A bigram index whose insert trigger waits on the same pause (0016): fts -> its bigram one.
PAUSED_WITH = {"archive_fts": "archive_bi_fts"}


@contextmanager
def bulk_indexed(session: Session, fts_table: str) -> Iterator[None]:
    """Insert many rows with the per-row index trigger paused, then index them in one
    INSERT … SELECT (FTS5 writes one segment instead of one per row: ~10× faster).

    Only rows inserted inside the block are indexed here; updates and deletes inside it
    still go through their triggers. Runs in the caller's transaction.
    """
    from app.db.dialect import is_postgres

    table, columns = PAUSABLE[fts_table]
    if is_postgres(session):  # a GIN expression index: nothing to pause or fill afterwards
        yield
        return
    cols = ", ".join(columns)
    last = session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    session.execute(text(f"INSERT INTO {fts_table}_pause VALUES (1)"))
    try:
        yield
    finally:
        session.execute(text(f"DELETE FROM {fts_table}_pause"))
    session.execute(text(f"INSERT INTO {fts_table}(rowid, {cols}) SELECT id, {cols}"
                         f" FROM {table} WHERE id > :last"), {"last": last})  # fmt: skip
    if (bigram := PAUSED_WITH.get(fts_table)) is not None:
        words = ", ".join(BIGRAMS[bigram].columns)
        session.execute(text(f"INSERT INTO {bigram}(rowid, body) SELECT id,"
                             f" {SQL_FUNCTION}({words}) FROM {table} WHERE id > :last"),
                        {"last": last})  # fmt: skip
