"""0014: the 历史补录 mark of a 用印 entry moves from its 备注 into a field, and back; the
hash chain holds either way, since the chain hashes the 备注 as marked. On SQLite, and on the
server with --engine=postgresql."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app import cli
from app.config import DataDir
from app.db import open_database, unit_of_work
from app.db.engine import engine_for
from app.db.session import dispose
from app.services.hashchain import GENESIS, canonical, link
from app.services.seals import chain, ledger
from app.services.seals.dto import HISTORICAL_MARK, UseFilter
from tests.migrations.helpers import migrate
from tests.services.imports.sheets import write_sheet

# The columns 0003-0012 hashed, 备注 as stored: what a database before 0014 verifies.
OLD_SELECT = f"SELECT prev_hash, hash, {', '.join(chain.HASHED)} FROM seal_uses ORDER BY seq"


def _import_old_ledger(data_dir: DataDir, tmp_path: Path) -> None:
    seals = write_sheet(tmp_path / "印章.xlsx", ["印章名称", "类别", "审批人"],
                        [["某某镇人民政府", "政府章", "张明"]])  # fmt: skip
    header = ["日期", "印章名称", "事由", "份数", "审批人", "备注"]
    uses = write_sheet(tmp_path / "用印.xlsx", header,
                       [["2019-04-02", "某某镇人民政府", "证明", 1, "张明", "原簿第3页"],
                        ["2019-04-03", "某某镇人民政府", "证明", 2, "张明", ""]])  # fmt: skip
    people = write_sheet(tmp_path / "人员.xlsx", ["姓名", "职务"], [["张明", "镇长"]])
    url = ["--database-url", data_dir.database_url] if data_dir.database_url else []
    for kind, path in (("staff", people), ("seals", seals), ("seal-uses", uses)):
        assert cli.main(["--data-dir", str(data_dir.root), *url, "import", kind, str(path)]) == 0


def _sql(data_dir: DataDir, sql: str) -> list[tuple]:
    """One statement on the database as it stands, without starting the program (which
    would migrate it back to head)."""
    engine = engine_for(data_dir)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _old_chain_holds(data_dir: DataDir) -> bool:
    prev = GENESIS
    for prev_hash, stored, *values in _sql(data_dir, OLD_SELECT):
        if prev_hash != prev or link(prev, canonical(values)) != stored:
            return False
        prev = stored
    return True


def test_the_mark_is_a_field_and_the_chain_holds_both_ways(
    data_dir: DataDir, tmp_path: Path
) -> None:
    _import_old_ledger(data_dir, tmp_path)
    with unit_of_work() as session:
        uses = ledger.list_uses(session, UseFilter())
        assert chain.verify_chain(session).ok
    assert [(u.historical, u.note) for u in uses] == [(True, "原簿第3页"), (True, "")]
    assert uses[0].marked_note == HISTORICAL_MARK + "原簿第3页"
    dispose()
    migrate(data_dir, "downgrade", "0012_archives")
    notes = [n for (n,) in _sql(data_dir, "SELECT note FROM seal_uses ORDER BY seq")]
    assert notes == [HISTORICAL_MARK + "原簿第3页", HISTORICAL_MARK]
    assert _old_chain_holds(data_dir)
    migrate(data_dir, "upgrade", "head")
    open_database(data_dir)
    with unit_of_work() as session:
        again = ledger.list_uses(session, UseFilter())
        assert chain.verify_chain(session).ok
    assert [(u.historical, u.note) for u in again] == [(True, "原簿第3页"), (True, "")]


def test_flipping_the_field_breaks_the_chain(data_dir: DataDir, tmp_path: Path) -> None:
    _import_old_ledger(data_dir, tmp_path)
    dispose()
    _sql(data_dir, "UPDATE seal_uses SET historical = (1 = 0) WHERE seq = 1")
    open_database(data_dir)
    with unit_of_work() as session:
        status = chain.verify_chain(session)
    assert not status.ok and status.bad_seq == 1
