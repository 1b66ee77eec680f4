"""测试连接: can this PC open the office server's database, and is it this program's?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.db.engine import make_server_engine
from app.db.errors import why_not
from app.db.migrate import NEWER, known_revisions

PROBE_TIMEOUT_S = 5  # a wrong address answers nothing: the clerk should not wait a minute
# A table every released schema has: with it, an unknown revision is a newer program's.
OURS = "filing_counters"


@dataclass(frozen=True)
class Probe:
    """The answer of 测试连接: ok, and what to tell the clerk (why not, when not)."""

    ok: bool
    message: str
    empty: bool = False  # a new database: the first-run wizard sets the unit up in it


def probe(url: str, timeout_s: int = PROBE_TIMEOUT_S) -> Probe:
    """Connect once and look at what the database holds; nothing is written."""
    try:
        engine = make_server_engine(url, connect_timeout_s=timeout_s)
    except ValueError as exc:  # not a PostgreSQL URL
        return Probe(False, str(exc))
    try:
        with engine.connect() as conn:
            return _look(conn)
    except DBAPIError as exc:
        return Probe(False, why_not(str(exc.orig), url, timeout_s))
    finally:
        engine.dispose()


def _look(conn: Connection) -> Probe:
    def regclass(name: str) -> object:
        return conn.exec_driver_sql(f"SELECT to_regclass('{name}')").scalar()

    if regclass("alembic_version") is None:
        tables = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).scalar()
        if tables:
            return Probe(False, NOT_OURS)
        return Probe(True, "连接成功。这是一个空数据库：下一步将在其中建立本单位的台账。", True)
    at = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if regclass(OURS) is None:
        return Probe(False, NOT_OURS)
    if at is not None and at not in known_revisions():
        return Probe(False, "连接成功，但" + NEWER.format(at=at))
    return Probe(True, "连接成功。服务器上已有党政办台账的数据。")


NOT_OURS = "连接成功，但这个数据库不是党政办台账的数据库（里面已有别的表）。请检查数据库名。"
