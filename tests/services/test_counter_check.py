"""`check` names a counter that is behind its register (a hand edit, a bad restore): the next
number it gave would be one already used. On SQLite and on the server."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from app import cli
from app.models.filing import FilingCounter
from app.services.filing import incoming, numbering
from app.services.visits import cases
from tests.services.visits.helpers import walk_in


def _hand_edit(uow, series: str, year: int, last: int) -> None:
    with uow() as s:
        row = (FilingCounter.series == series) & (FilingCounter.year == year)
        s.execute(update(FilingCounter).where(row).values(last=last))


def _check(data_dir, capsys) -> tuple[int, str]:
    url = ["--database-url", data_dir.database_url] if data_dir.database_url else []
    code = cli.main(["--data-dir", str(data_dir.root), *url, "check"])
    return code, capsys.readouterr().out


def test_a_visit_counter_behind_its_highest_number_is_named_by_check(data_dir, uow, capsys):
    with uow() as s:
        for day in (2, 3, 4):
            cases.register_case(s, walk_in(date(2026, 3, day)))
    assert _check(data_dir, capsys)[0] == 0
    _hand_edit(uow, numbering.VISIT_SERIES, 2026, 1)
    code, out = _check(data_dir, capsys)
    assert code == 1
    assert "来访登记簿：2026年的编号计数器为1，但已用到3号，再登记会重号。" in out


def test_an_incoming_counter_behind_its_highest_number_is_named_by_check(data_dir, uow, capsys):
    with uow() as s:
        for title in ("关于春耕的通知", "关于防汛的通知"):
            incoming.receive(s, incoming.ReceiveForm("县政府办公室", title))
    _hand_edit(uow, numbering.INCOMING_SERIES, 2026, 0)
    code, out = _check(data_dir, capsys)
    assert code == 1
    assert "收文登记簿：2026年的编号计数器为0，但已用到2号，再登记会重号。" in out
