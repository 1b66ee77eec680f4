"""move-to-server: a single PC's demo data and attachments into an empty server database,
checked on both sides, then this PC switched; refused (both sides as they were) otherwise."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import cli
from app.config import LOCAL_SETTINGS, DataDir, resolve_data_dir
from app.db.engine import make_engine, make_server_engine
from app.db.session import dispose, unit_of_work
from app.models.filing import FilingCounter
from app.services import attachments, move
from app.services.context import CLI
from app.services.filing import numbering
from app.services.session import open_database
from tests.conftest import ADMIN_PASSWORD

PDF = b"%PDF-1.7\n%\xe4\xb8\xad\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = count(1)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A single PC's folder with `demo --size 200` and one attached scan, made once."""
    root = tmp_path_factory.mktemp("pc")
    password = root / "pw"
    password.write_text(ADMIN_PASSWORD, encoding="utf-8")
    folder = root / "data"
    assert cli.main(["--data-dir", str(folder), "init", "--org", "某某镇人民政府",
                     "--fonds", "Z109", "--admin-password-file", str(password)]) == 0  # fmt: skip
    assert cli.main(["--data-dir", str(folder), "demo", "--size", "200"]) == 0
    open_database(DataDir(folder))
    with unit_of_work(CLI) as s:
        incoming_id = s.execute(text("SELECT min(id) FROM incoming_docs")).scalar_one()
        scan = root / "来文扫描.pdf"
        scan.write_bytes(PDF)
        attachments.attach(s, "收文", incoming_id, scan)
    dispose()
    return folder


@pytest.fixture
def pc(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo PC's folder for one test."""
    import shutil

    monkeypatch.delenv("DZB_DATABASE_URL", raising=False)
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    return folder


@pytest.fixture
def empty_url(pg_cluster) -> str:
    name = f"dzb_move{next(_serial)}"
    pg_cluster.admin(f"CREATE DATABASE {name}")
    return pg_cluster.url(name)


def _counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in move.tables()}


def _local_counts(folder: Path) -> dict[str, int]:
    engine = make_engine(DataDir(folder).database)
    try:
        with engine.connect() as conn:
            return _counts(conn)
    finally:
        engine.dispose()


def _server_tables(url: str) -> list[str]:
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )).scalars())  # fmt: skip
    finally:
        engine.dispose()


def test_demo_data_moves_whole_and_the_pc_then_works_on_the_server(pc, empty_url, capsys):
    before = _local_counts(pc)
    assert cli.main(["--data-dir", str(pc), "move-to-server", empty_url]) == 0
    assert "已迁移到服务器" in capsys.readouterr().out
    saved = resolve_data_dir(pc).database_url  # the next start opens the server
    assert saved is not None and make_url(saved) == make_url(empty_url)
    assert _local_counts(pc) == before  # the local file is left as it was
    engine = make_server_engine(empty_url)
    try:
        with engine.connect() as conn:
            after = _counts(conn)
    finally:
        engine.dispose()
    assert after["incoming_docs"] > 0 and after["seal_uses"] > 0
    assert after == {**before, "blobs": 1, "audit_entries": before["audit_entries"] + 1}
    _planner_knows_the_copy(empty_url)
    assert cli.main(["--data-dir", str(pc), "check"]) == 0  # chains and the blob, on the server
    assert "检查完毕：未发现问题" in capsys.readouterr().out
    _new_rows_continue(pc)


def _planner_knows_the_copy(url: str) -> None:
    """The copied tables are vacuumed and analysed by the move itself: until autovacuum came
    the first searches on the new server were planned without statistics."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            done = conn.execute(text(
                "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL"
                " AND last_analyze IS NOT NULL"
            )).scalars().all()  # fmt: skip
    finally:
        engine.dispose()
    assert {"incoming_docs", "seal_uses", "audit_entries"} <= set(done), done


def _new_rows_continue(pc: Path) -> None:
    """Counters go on from the copied rows; every id sequence is past its largest id."""
    open_database(resolve_data_dir(pc))
    try:
        with unit_of_work(CLI) as s:
            counters = [(c.series, c.year, c.last) for c in s.scalars(select(FilingCounter))]
            assert counters
            for series, year, last in counters:
                assert numbering.allocate(s, series, year) == last + 1
            _every_sequence_past_its_max(s)
        with unit_of_work(CLI) as s:
            scan = pc.parent / "另一份.pdf"
            scan.write_bytes(PDF + b"2")
            owner = s.execute(text("SELECT min(owner_id) FROM attachments")).scalar_one()
            added = attachments.attach(s, "收文", owner, scan)
            assert attachments.open_copy(s, added.id).read_bytes() == PDF + b"2"
    finally:
        dispose()


def _every_sequence_past_its_max(s: Session) -> None:
    for table in move.tables():
        pk = next(iter(table.primary_key.columns))
        seq = s.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                        {"t": table.name, "c": pk.name}).scalar()  # fmt: skip
        if seq is None:
            continue
        top = s.execute(text(f"SELECT max({pk.name}) FROM {table.name}")).scalar() or 0
        assert s.execute(text(f"SELECT nextval('{seq}')")).scalar() > top, table.name


def test_a_target_that_is_not_empty_is_refused_and_left_alone(pc, empty_url, pg_cluster,
                                                             capsys):  # fmt: skip
    engine = make_server_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE 别人的表 (i int)"))
    finally:
        engine.dispose()
    assert cli.main(["--data-dir", str(pc), "move-to-server", empty_url]) == 2
    assert "不是空的" in capsys.readouterr().err
    assert _server_tables(empty_url) == ["别人的表"]
    assert not (pc / LOCAL_SETTINGS).exists()
    assert resolve_data_dir(pc).database_url is None


def test_a_row_lost_on_the_way_refuses_and_leaves_both_sides_as_they_were(
    pc, empty_url, capsys, monkeypatch
):
    before = _local_counts(pc)
    copy_table = move.copy_table

    def lose_one(src, dst, table):  # a fault on the way: the last 用印 entry never arrives
        copied = copy_table(src, dst, table)
        if table.name == "seal_uses":
            dst.execute(text("DELETE FROM seal_uses WHERE id = (SELECT max(id) FROM seal_uses)"))
        return copied

    monkeypatch.setattr(move, "copy_table", lose_one)
    assert cli.main(["--data-dir", str(pc), "move-to-server", empty_url]) == 2
    said = capsys.readouterr().err
    assert "未迁移" in said and "seal_uses" in said and "用印登记簿的链与本机不一致" in said
    assert _server_tables(empty_url) == []  # migrated for the copy, emptied again
    assert _local_counts(pc) == before
    assert resolve_data_dir(pc).database_url is None
