"""Bigram full-text index: text as overlapping two-character tokens, for 2-character words.

The trigram index cannot find a two-character word (值班, 张伟, 信访): it has no trigram. So
each register's texts are also indexed as bigrams. `bigram_text` turns text into space-separated
tokens ("防汛值班" -> "防汛 汛值 值班"); an FTS5 table with the plain unicode61 tokenizer indexes
that text, so a two-character word is one token lookup. The tokens are the same words for
PostgreSQL: `to_tsvector('simple', bigram_text(...))` indexes them the same way later, and
only the SQL below (SQLite's FTS5 and the trigger function) is SQLite's own.

A register gets its index from a migration: `index_sql(register)` gives the statements (table,
triggers that keep it in step, first fill). A search asks `bigram_ids(register, words)` for the
ids whose texts contain every word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, TextualSelect, and_, bindparam, column, text

SQL_FUNCTION = "dzb_bigrams"  # registered on every connection (app/db/engine.py)

# unicode61 splits on everything but letters, digits and private-use characters; so do we,
# so a token we write is a token FTS5 reads (an underscore is a separator to both).
_RUN = re.compile(r"[^\W_]+")
BREAK = "0"  # ends each run of pairs (bigram_text); the server's function writes it too


def bigram_text(*texts: str | None) -> str:
    """Every text's letter/digit runs as overlapping pairs, lower-cased, space-separated."""
    tokens: list[str] = []
    for value in texts:
        for run in _RUN.findall(value.lower()) if value else ():
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            # A one-character token never comes from a pair and is never asked for: it keeps
            # a phrase of pairs inside one run (防汛，汛值 is not 防汛值), so phrases are exact.
            tokens.append(BREAK)
    return " ".join(tokens)


def word_tokens(word: str) -> list[list[str]]:
    """The word's runs of two or more characters, each as its list of bigrams."""
    return [
        [run[i : i + 2] for i in range(len(run) - 1)]
        for run in _RUN.findall(word.lower())
        if len(run) > 1
    ]


def is_exact(word: str) -> bool:
    """A word of two or more letters or digits only: its phrase of pairs finds it exactly.

    Other words (县政办发〔2026〕1) are looked up by their runs; the row's own text decides.
    """
    return len(word) > 1 and _RUN.fullmatch(word) is not None


def match_expression(words: list[str]) -> str | None:
    """FTS5 MATCH text: each run of each word a phrase of its bigrams, all of them required.

    None when no word has a run of two characters (nothing to look up: scan instead).
    """
    phrases = [" ".join(run) for word in words for run in word_tokens(word)]
    if not phrases:
        return None
    return " AND ".join('"' + p.replace('"', '""') + '"' for p in phrases)


@dataclass(frozen=True)
class Register:
    """A register's bigram index: its table, key column and the text columns it covers."""

    fts: str  # ends in _fts, so migration compare leaves it alone (app/db/fulltext.py)
    table: str
    key: str
    columns: tuple[str, ...]


REGISTERS: dict[str, Register] = {
    r.fts: r
    for r in (
        Register("incoming_bi_fts", "incoming_docs", "id",
                 ("title", "sender_doc_number", "sender", "lead_dept", "handler", "receipt_no")),
        Register("outgoing_bi_fts", "outgoing_docs", "id",
                 ("title", "doc_number", "main_to", "draft_dept", "drafter", "signer")),
        Register("tasks_bi_fts", "supervision_tasks", "id",
                 ("matter", "source_text", "dept", "person")),
        Register("seal_uses_bi_fts", "seal_uses", "id",
                 ("doc_title", "doc_number", "applicant", "number", "purpose", "unit")),
        Register("visit_cases_bi_fts", "visit_cases", "id", ("reg_no", "issue", "village")),
        Register("visit_people_bi_fts", "visit_petitioners", "id", ("name",)),
        # 档号 stays in the trigram index only: numbering rewrites it, and a 档号 is searched
        # by its longer parts (Z109, 2025-Y); its insert trigger pauses for a bulk insert
        # (0016_archive_search, app/db/fulltext.py)
        Register("archive_bi_fts", "archive_items", "id", ("title", "doc_no", "author")),
    )
}  # fmt: skip


def index_sql(reg: Register) -> list[str]:
    """The statements that make a register's bigram index, keep it in step, and fill it.

    Contentless FTS5 (the bigram text is not stored twice); a delete hands FTS5 the same
    tokens again, which the deterministic function recomputes from the old row.
    """
    fts, table = reg.fts, reg.table
    new = f"{SQL_FUNCTION}({', '.join('new.' + c for c in reg.columns)})"
    old = f"{SQL_FUNCTION}({', '.join('old.' + c for c in reg.columns)})"
    delete = f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.{reg.key}, {old});"
    insert = f"INSERT INTO {fts}(rowid, body) VALUES (new.{reg.key}, {new});"
    cols = ", ".join(reg.columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', "
        "tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}(rowid, body) SELECT {reg.key}, {SQL_FUNCTION}({cols}) FROM {table}",
    ]


def drop_sql(reg: Register) -> list[str]:
    triggers = [f"DROP TRIGGER IF EXISTS {reg.fts}_{s}" for s in ("ai", "ad", "au")]
    return [*triggers, f"DROP TABLE IF EXISTS {reg.fts}"]


def bigram_ids(fts: str, words: list[str]) -> TextualSelect | None:
    """`SELECT rowid FROM x_bi_fts WHERE … MATCH …`: ids whose texts hold every word's bigrams.

    None when the words have nothing to look up (one character, punctuation only).
    """
    query = match_expression(words)
    if fts not in REGISTERS:
        raise ValueError(fts)
    if query is None:
        return None
    # unique: a search of a long and a short word holds this beside match_ids' own :q
    sql = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q").bindparams(
        bindparam("q", query, unique=True)
    )
    return sql.columns(column("rowid", Integer))


def register_function(dbapi_connection: Any) -> None:
    """The trigger's tokeniser on a new SQLite connection (deterministic, so indexable)."""
    dbapi_connection.create_function(SQL_FUNCTION, -1, bigram_text, deterministic=True)


def narrowed(fts: str, key: Any, word: str, scan: ColumnElement[bool]) -> ColumnElement[bool]:
    """The row test `scan` (LIKE, instr) for one word, answered by the index where it can be.

    A word of letters and digits only is the index's alone; one with punctuation is looked
    up by its runs and `scan` decides among those; one with no pair of characters scans.
    """
    from app.db.dialect import IndexMatch  # it builds on this module

    query = match_expression([word])
    if fts not in REGISTERS:
        raise ValueError(fts)
    if query is None:
        return scan
    found: ColumnElement[bool] = IndexMatch(key, fts, query, [word])
    return found if is_exact(word) else and_(found, scan)
