"""Where SQLite and PostgreSQL differ: the one place in the program that knows both.

Everything else speaks SQLAlchemy (the same statements on both) or asks here:
- search: the same bigram text (app/db/bigrams.py) indexed by FTS5 on SQLite and by a GIN
  index on `to_tsvector('simple', dzb_bigrams(…))` on PostgreSQL (pg_trgm drops CJK in a
  C-locale database, so it is not used);
- locks: a write unit is BEGIN IMMEDIATE on SQLite (one writer at a time); on PostgreSQL
  counters, 办会届次, the audit chain and the 用印 chain head take their row (UPDATE …
  RETURNING or SELECT … FOR UPDATE, held until commit: app/services/counters.py), and 档号/
  盒号 take a transaction advisory lock per category (lock_chain);
- hand-written SQL: `?` placeholders on SQLite's driver, `%s` on psycopg's.
"""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import BindParameter, Boolean, ColumnElement, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.util import find_tables
from sqlalchemy.sql.visitors import InternalTraversal

from app.db import bigrams

URL_ENV = "DZB_DATABASE_URL"
POSTGRES = "postgresql"

# The trigger tokeniser of SQLite's bigram index, as an IMMUTABLE SQL function: the stored
# search vectors call it. [[:alnum:]] in a C.UTF-8 database is Python's [^\W_] (CJK,
# full-width digits and Latin letters are letters; the underscore is not). Built as one string
# from the text split at its separators (0029): appending each pair to an array, over runs
# found by a regexp_matches query, cost twice as long (1.3 s per 10,000 收文 on import).
PG_BIGRAMS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {bigrams.SQL_FUNCTION}(VARIADIC texts text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  v text; r text; i int; n int; found text := '';
BEGIN
  FOREACH v IN ARRAY texts LOOP
    CONTINUE WHEN v IS NULL;
    FOREACH r IN ARRAY regexp_split_to_array(lower(v), '[^[:alnum:]]+') LOOP
      n := length(r);
      CONTINUE WHEN n = 0;
      FOR i IN 1 .. n - 1 LOOP
        found := found || substr(r, i, 2) || ' ';
      END LOOP;
      found := found || '{bigrams.BREAK} ';
    END LOOP;
  END LOOP;
  RETURN rtrim(found, ' ');
END $$"""


def pg_columns(table: str) -> tuple[str, ...]:
    """The columns a table's GIN index covers: its bigram register's, and for 档案 also the
    档号 (SQLite's trigram index has it; on PostgreSQL one index answers every word)."""
    (reg,) = (r for r in bigrams.REGISTERS.values() if r.table == table)
    return (*reg.columns, "archive_code") if table == "archive_items" else reg.columns


def pg_vector(prefix: str, table: str) -> str:
    cols = ", ".join(f"{prefix}{c}" for c in pg_columns(table))
    return f"to_tsvector('simple', {bigrams.SQL_FUNCTION}({cols}))"


def pg_index_sql() -> list[str]:
    """The function and one GIN expression index per register (0023_server)."""
    return [PG_BIGRAMS_FUNCTION] + [_expression_index_sql(t) for t in pg_tables()]


def _expression_index_sql(table: str) -> str:
    return f"CREATE INDEX ix_{table}_bigrams ON {table} USING gin ({pg_vector('', table)})"


# 0026: each register's bigram tsvector stored in a generated column, the GIN index on it. A
# phrase (防汛抗旱: '防汛' <-> '汛抗' <-> '抗旱') needs every row the index finds rechecked, and
# recomputing the PL/pgSQL function row by row took 1.5 s over 200,000 收文; a read does not.
PG_VECTOR = "search_vec"


def pg_tables() -> list[str]:
    return sorted({r.table for r in bigrams.REGISTERS.values()})


def pg_vector_column_sql() -> list[str]:
    """The stored vector column and its GIN index, in place of 0023's expression index."""
    found = []
    for t in pg_tables():
        found += [f"DROP INDEX IF EXISTS ix_{t}_bigrams",
                  f"ALTER TABLE {t} ADD COLUMN {PG_VECTOR} tsvector "
                  f"GENERATED ALWAYS AS ({pg_vector('', t)}) STORED",
                  *pg_vector_index_sql(t)]  # fmt: skip
    return found


def pg_vector_index_sql(table: str) -> list[str]:
    return [f"CREATE INDEX ix_{table}_bigrams ON {table} USING gin ({PG_VECTOR})"]


def pg_vector_column_drop_sql() -> list[str]:
    """Back to 0023: the expression indexes."""
    found = []
    for t in pg_tables():
        found += [f"DROP INDEX IF EXISTS ix_{t}_bigrams",
                  f"ALTER TABLE {t} DROP COLUMN IF EXISTS {PG_VECTOR}",
                  _expression_index_sql(t)]  # fmt: skip
    return found


def pg_drop_sql() -> list[str]:
    drops = [f"DROP INDEX IF EXISTS ix_{t}_bigrams" for t in pg_tables()]
    return [*drops, f"DROP FUNCTION IF EXISTS {bigrams.SQL_FUNCTION}(VARIADIC text[])"]


def tsquery(words: list[str]) -> str | None:
    """`'防汛' <-> '汛值' & '值班'`: each run of each word a phrase of its bigrams."""
    phrases = [" <-> ".join(f"'{t}'" for t in run) for w in words for run in bigrams.word_tokens(w)]
    return " & ".join(f"({p})" for p in phrases) if phrases else None


def is_postgres(session: Session) -> bool:
    return bool(session.get_bind().dialect.name == POSTGRES)


class IndexMatch(ColumnElement[bool]):
    """`key IN (SELECT rowid FROM fts WHERE fts MATCH …)` on SQLite; on PostgreSQL the row's
    own tsvector against the bigram tsquery, and words with punctuation (〔2026〕) also
    tested as substrings (a trigram phrase matches them literally on SQLite)."""

    inherit_cache = True
    _is_implicitly_boolean = True  # on SQLite, no "= 1" after it: that hid the IN from the planner
    type = Boolean()
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("fts", InternalTraversal.dp_string),
        ("fts_query", InternalTraversal.dp_clauseelement),
        ("pg_query", InternalTraversal.dp_clauseelement),
        ("literal", InternalTraversal.dp_clauseelement_tuple),
        ("indexed", InternalTraversal.dp_boolean),
    ]

    def __init__(self, key: Any, fts: str, fts_query: str, words: list[str]) -> None:
        self.column: Any = coercions.expect(roles.ExpressionElementRole, key)
        self.fts = fts
        self.fts_query: BindParameter[str] = bindparam("fts_q", fts_query, unique=True)
        query = tsquery(words)
        self.indexed = query is not None  # 〔1〕: no pair of letters, the substring test alone
        self.pg_query: BindParameter[str] = bindparam("pg_q", query or "", unique=True)
        odd = [w for w in words if not bigrams.is_exact(w)]
        self.literal: tuple[BindParameter[str], ...] = tuple(
            bindparam("pg_w", w.lower(), unique=True) for w in odd
        )


@compiles(IndexMatch)
def _match_sqlite(element: IndexMatch, compiler: Any, **kw: Any) -> str:
    key = compiler.process(element.column, **kw)
    query = compiler.process(element.fts_query, **kw)
    return f"{key} IN (SELECT rowid FROM {element.fts} WHERE {element.fts} MATCH {query})"


@compiles(IndexMatch, POSTGRES)
def _match_postgres(element: IndexMatch, compiler: Any, **kw: Any) -> str:
    # the key may be an expression (id + 0 steers SQLite's planner): its table is the one
    (table,) = set(find_tables(element.column, check_columns=True))
    names = pg_columns(table.name)
    cols = ", ".join(compiler.process(table.c[name], **kw) for name in names)
    found = "TRUE"
    if element.indexed:
        first = compiler.process(table.c[names[0]], **kw)  # the table's name or alias, dotted
        vector = first[: len(first) - len(names[0])] + PG_VECTOR
        found = f"{vector} @@ to_tsquery('simple', {compiler.process(element.pg_query, **kw)})"
    for word in element.literal:
        found += (
            f" AND strpos(lower(concat_ws(chr(1), {cols})), {compiler.process(word, **kw)}) > 0"
        )
    return found


# instr(haystack, needle) on SQLite is strpos(haystack, needle) on PostgreSQL; SQLite's LIKE
# ignores ASCII case, PostgreSQL's does not: ILIKE there (a search word typed in either case).
RAW_INSTR = {"sqlite": "instr", POSTGRES: "strpos"}
RAW_LIKE = {"sqlite": "LIKE", POSTGRES: "ILIKE"}


def engine_name(session: Session) -> str:
    """sqlite or postgresql: the key of RAW_INSTR and RAW_LIKE."""
    return str(session.get_bind().dialect.name)


class Like(ColumnElement[bool]):
    """`column LIKE pattern ESCAPE '\\'` blind to case on both engines: SQLite's LIKE is
    (for ASCII), PostgreSQL's ILIKE is. The pattern's own % _ \\ are escaped by the caller."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, pattern: str) -> None:
        self.column: Any = coercions.expect(roles.ExpressionElementRole, column)
        self.pattern: BindParameter[str] = bindparam("like", pattern, unique=True)


def _like(element: Like, compiler: Any, word: str, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} {word} {compiler.process(element.pattern, **kw)} ESCAPE '\\'"


@compiles(Like)
def _like_sqlite(element: Like, compiler: Any, **kw: Any) -> str:
    return _like(element, compiler, RAW_LIKE["sqlite"], **kw)


@compiles(Like, POSTGRES)
def _like_postgres(element: Like, compiler: Any, **kw: Any) -> str:
    return _like(element, compiler, RAW_LIKE[POSTGRES], **kw)


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's own wildcards escaped by backslash (Like's ESCAPE)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, text: str) -> Like:
    """The column holds text, in any case, its % and _ taken literally."""
    return Like(column, like_pattern(text))


def raw_match(prefix: str, table: str, words: list[str]) -> tuple[str, list[str]]:
    """IndexMatch's PostgreSQL test as hand-written SQL with `?` (app/db/raw.py): the row's
    bigram tsvector against the words, and words with punctuation as substrings too."""
    query = tsquery(words)
    sql = f"{prefix}{PG_VECTOR} @@ to_tsquery('simple', ?)" if query else "TRUE"
    args = [query] if query else []
    cols = ", ".join(prefix + c for c in pg_columns(table))
    for word in (w for w in words if not bigrams.is_exact(w)):
        sql += f" AND strpos(lower(concat_ws(chr(1), {cols})), ?) > 0"
        args.append(word.lower())
    return sql, args


def raw_indexed(session: Session, fts: str, key: str, prefix: str,
                words: list[str]) -> tuple[str, list[Any]]:  # fmt: skip
    """Hand-written SQL for `key`'s row holding the words' bigrams: the FTS5 bigram table on
    SQLite, the row's own tsvector on PostgreSQL (raw_match). words must have a pair."""
    if is_postgres(session):
        return raw_match(prefix, bigrams.REGISTERS[fts].table, words)
    return f"{key} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)", [
        bigrams.match_expression(words)
    ]


def has_fts(session: Session) -> bool:
    """SQLite's FTS5 tables exist (count a word's hits in them, steer the planner by them);
    the server has its GIN indexes instead."""
    return not is_postgres(session)


# A common word's hits lie all over the server's table: GIN finds every one, and the page
# then reads and sorts them all (33,237 hits of 关于做好: ~100 ms). The newest rows already
# hold a page of them: walking the primary key back over the newest SEARCH_WINDOW rows and
# testing each row's stored vector stops at a page (1-3 ms). A rarer word is looked up by GIN
# after that walk (~6 ms lost). SQLite's FTS5 reads its own index newest rowid first.
SEARCH_WINDOW = 10_000


def newest_rows(session: Session, table: str) -> str | None:
    """FROM for a search's first try on this engine: the table's newest SEARCH_WINDOW rows
    on the server (a page found there is the page), None on SQLite (search the index)."""
    if not is_postgres(session):
        return None
    return f"(SELECT * FROM {table} ORDER BY id DESC LIMIT {SEARCH_WINDOW})"


def count_limit(session: Session, at_most: int | None) -> int | None:
    """How far a count may read before it stops, when the caller can show "more than
    at_most" and count in full later: at_most + 1 rows on the server (GIN finds a word's
    rows, but counting them reads each one: ~100 ms for 33,237), None (count them all) on
    SQLite, whose FTS5 counts its own hits in ~1 ms."""
    return None if at_most is None or not is_postgres(session) else at_most + 1


def capped(found: int, limit: int | None) -> int | None:
    """A count read to count_limit's limit: None when it reached it (more than at_most)."""
    return None if limit is not None and found >= limit else found


def no_limit(session: Session) -> int | None:
    """LIMIT's value for every row: -1 on SQLite, NULL on PostgreSQL (which refuses -1)."""
    return None if is_postgres(session) else -1


def lock_chain(session: Session, name: str) -> None:
    """Hold the named chain (or max()+1 series) until commit: PostgreSQL's transaction
    advisory lock (a chain's tail is the newest row, so there is no row to lock before it
    exists). On SQLite the write unit's BEGIN IMMEDIATE already holds every writer off."""
    if is_postgres(session):
        key = zlib.crc32(name.encode()) & 0x7FFFFFFF
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")


def placeholders(session: Session, sql: str) -> str:
    """Hand-written SQL is written with `?`; psycopg wants `%s` (and a literal % doubled)."""
    if not is_postgres(session):
        return sql
    return sql.replace("%", "%%").replace("?", "%s")
